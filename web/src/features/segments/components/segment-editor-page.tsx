import { Anchor, Badge, Button, Center, Grid, Group, Loader, Stack, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { SEGMENT_STAGES } from '../../../../../src/domain/segment-fields.js';
import type { Segment } from '../../../../../src/contracts/index.js';
import { ApiError } from '../../../shared/api-client.js';
import { LoadError } from '../../../shared/components/data-list.js';
import { errorText, fieldErrorText } from '../../../shared/error-text.js';
import { useUnsavedGuard } from '../../../shared/hooks/use-unsaved-guard.js';
import { toastDone } from '../../../shared/toast.js';
import { useCan } from '../../auth/hooks/use-can.js';
import { fromDefinition, newCondition, toDefinition, type DraftGroup } from '../draft.js';
import { useSaveSegment, useSegment, useSegmentPreview } from '../hooks/use-segments.js';
import { RuleGroup } from './rule-group.js';
import { SegmentPreview } from './segment-preview.js';

/** "Segmen baru" / "Ubah segmen" (routes /segments/new, /segments/:id). */
export function SegmentEditorPage() {
  const { id } = useParams();
  const existing = useSegment(id);
  const { t } = useTranslation();
  if (id && !existing.data) {
    return existing.error ? <LoadError error={existing.error} onRetry={existing.refetch} /> : <Center py="xl"><Loader aria-label={t('app.loading')} /></Center>;
  }
  return <SegmentEditor key={id ?? 'new'} initial={existing.data} />;
}

/** Time to wait after the last edit before asking the server for the count. */
const PREVIEW_DEBOUNCE_MS = 400;

function SegmentEditor({ initial }: { initial: Segment | undefined }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const canWrite = useCan('segments:write');
  const save = useSaveSegment(initial?.id);
  const [name, setName] = useState(initial?.name ?? '');
  // `?stage=at_risk` (from the lifecycle page): a new segment starts as that stage's contacts.
  const [search] = useSearchParams();
  const stage = search.get('stage');
  const [group, setGroup] = useState<DraftGroup>(() => {
    if (initial) return fromDefinition(initial);
    if (stage && (SEGMENT_STAGES as readonly string[]).includes(stage)) return fromDefinition({ match: 'all', rules: [{ field: 'lifecycle.stage', op: 'eq', value: stage }] });
    return { ...fromDefinition({ match: 'all', rules: [] }), rules: [newCondition()] };
  });
  const [dirty, setDirty] = useState(false);
  const definition = useMemo(() => JSON.stringify(toDefinition(group)), [group]);
  const [debounced] = useDebouncedValue(definition, PREVIEW_DEBOUNCE_MS);
  const preview = useSegmentPreview(debounced);
  const guard = useUnsavedGuard(dirty && canWrite && !save.isSuccess);

  // The rules' problems come from the live preview (the server's own check), by path.
  const previewError = preview.error instanceof ApiError && preview.error.status === 422 ? preview.error : null;
  // A list value's items (`rules[0].value[2]`) show on the value's input.
  const ruleErrors = (path: string) => (previewError?.errors ?? []).filter((e) => e.field === path || (path.endsWith('.value') && e.field.startsWith(`${path}[`))).map((e) => fieldErrorText(t, e));
  const saveError = save.error instanceof ApiError ? save.error : null;
  const nameErrors = (saveError?.errors ?? []).filter((e) => e.field === 'name').map((e) => fieldErrorText(t, e));

  const change = (next: DraftGroup) => {
    setGroup(next);
    setDirty(true);
  };
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate({ name, ...toDefinition(group) }, {
      onSuccess: () => {
        toastDone(t('common.saved'));
        guard.release();
        navigate('/segments');
      },
    });
  };
  const stale = definition !== debounced || preview.isFetching;
  const count = previewError ? null : preview.data?.count;

  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack>
        <Anchor component={Link} to="/segments" size="sm">
          {t('segments.back')}
        </Anchor>
        <Group justify="space-between" wrap="wrap" gap="xs">
          <Title order={2}>{initial ? t('segments.editTitle') : t('segments.newTitle')}</Title>
          {/* The count stays in sight on a phone, where the preview panel sits below the rules. */}
          <Badge size="lg" variant="light" color={previewError ? 'orange' : 'teal'} tt="none" data-testid="segment-count-badge">
            {count === undefined ? '…' : count === null ? t('segments.fixRulesShort') : t('segments.matching', { count, formatted: count.toLocaleString('id-ID') })}
          </Badge>
        </Group>
        <TextInput
          label={t('segments.name')}
          required
          value={name}
          onChange={(e) => {
            setName(e.currentTarget.value);
            setDirty(true);
          }}
          error={nameErrors.length > 0 ? nameErrors.join(' ') : undefined}
          maw={480}
        />
        <Grid>
          <Grid.Col span={{ base: 12, md: 8 }}>
            <RuleGroup group={group} path="" depth={1} errors={ruleErrors} onChange={change} />
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 4 }}>
            <SegmentPreview data={preview.data} fetching={stale} invalid={previewError !== null} />
          </Grid.Col>
        </Grid>
        {saveError && nameErrors.length === 0 && saveError.status !== 422 && (
          <Badge color="red" variant="light" tt="none" size="lg" style={{ whiteSpace: 'normal', height: 'auto' }}>
            {errorText(t, saveError)}
          </Badge>
        )}
        {canWrite && (
          <Group>
            <Button type="submit" loading={save.isPending}>
              {t('common.save')}
            </Button>
            <Button variant="default" component={Link} to="/segments">
              {t('common.cancel')}
            </Button>
          </Group>
        )}
      </Stack>
      {guard.dialog}
    </form>
  );
}
