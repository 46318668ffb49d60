import { Alert, Anchor, Badge, Button, Group, Menu, Paper, SegmentedControl, Select, Stack, Switch, TagsInput, Text, TextInput, Title } from '@mantine/core';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import type { JourneyDefinition, JourneyStep } from '../../../../../src/domain/journeys/definition.js';
import { JOURNEY_STEP_KINDS } from '../../../../../src/domain/journeys/definition.js';
import { validateJourney, type JourneyError } from '../../../../../src/domain/journeys/validate.js';
import { journeyVariables } from '../../../../../src/domain/journeys/variables.js';
import { TRIGGER_KEYS_IN_LIFECYCLE_ORDER } from '../../../../../src/domain/triggers.js';
import { LoadError } from '../../../shared/components/data-list.js';
import { errorText } from '../../../shared/error-text.js';
import { toastDone } from '../../../shared/toast.js';
import { ApiError } from '../../../shared/api-client.js';
import { useCan } from '../../auth/hooks/use-can.js';
import { JourneyAbResultsCards } from '../../ab-tests/ab-results-card.js';
import { CampaignReportCard } from '../../reports/campaign-report-card.js';
import { useSegments } from '../../segments/hooks/use-segments.js';
import { useTemplates } from '../../templates/hooks/use-templates.js';
import { useJourney, useJourneyStatus, useSaveJourney } from '../api.js';
import { addStep, EMPTY_JOURNEY, moveStep, removeStep, replaceStep, type Draft } from './draft.js';
import { STATUS_COLOR } from './journey-list-page.js';
import { StepCard } from './step-card.js';
import '../words.js';

const EVENT_SUGGESTIONS = [...TRIGGER_KEYS_IN_LIFECYCLE_ORDER, 'cart.abandoned', 'cart.recovered', 'lifecycle.dormant', 'lifecycle.at_risk', 'lifecycle.lost', 'lifecycle.won_back'];

/** The journey editor: trigger, exit rules, a vertical flow of steps with contacts at each, live validation, activate/pause, results. */
export function JourneyPage() {
  const { id } = useParams();
  const { t } = useTranslation();
  const navigate = useNavigate();
  const journey = useJourney(id);
  const templates = useTemplates();
  const segments = useSegments();
  const save = useSaveJourney(id);
  const status = useJourneyStatus(id ?? '');
  const canWrite = useCan('automations:write');
  // Null until the first edit: until then the page shows the server's copy (or an empty journey).
  const [edited, setDraft] = useState<Draft | null>(null);
  const loaded = journey.data;
  const draft: Draft | null = useMemo(() => edited ?? (loaded ? { name: loaded.name, definition: loaded.definition as JourneyDefinition } : id ? null : { name: '', definition: EMPTY_JOURNEY }), [edited, loaded, id]);

  const templateItems = useMemo(() => (templates.data ?? []).map((x) => ({ value: x.id, label: x.code, message: x.message, subject: x.subject ?? null })), [templates.data]);
  const segmentItems = useMemo(() => (segments.data ?? []).map((x) => ({ value: x.id, label: x.name })), [segments.data]);
  const problems: JourneyError[] = useMemo(() => {
    if (!draft || !templates.data || !segments.data) return [];
    return validateJourney(draft.definition, {
      templates: new Map(templates.data.map((x) => [x.id, { code: x.code, variables: x.variables, category: x.category }])),
      segmentIds: new Set(segments.data.map((x) => x.id)),
    });
  }, [draft, templates.data, segments.data]);

  if (journey.error) return <LoadError error={journey.error} onRetry={journey.refetch} />;
  if (!draft) return null;
  const def = draft.definition;
  const setDef = (d: JourneyDefinition) => setDraft({ ...draft, definition: d });
  const words = (e: JourneyError) => t(`errors.journey.${e.code.replace(/^journey\./, '')}`, { defaultValue: e.message });
  const stepErrors = (stepId: string) => problems.filter((e) => e.stepId === stepId).map(words);
  // The server's refusals too (e.g. a template deleted meanwhile), by step.
  const serverErrors = save.error instanceof ApiError ? save.error.errors.map((e) => `${e.field}: ${e.message ?? e.reason}`) : [];
  const counts = new Map((loaded?.counts.steps ?? []).map((c) => [c.stepId, c]));
  const readOnly = !canWrite;
  const nameError = draft.name.trim() === '' ? t('errors.required') : null;

  const onSave = () => save.mutate({ name: draft.name, definition: def as never }, {
    onSuccess: (j) => {
      toastDone(t('journeys.saved'));
      setDraft(null);
      if (!id) navigate(`/journeys/${j.id}`, { replace: true });
    },
  });

  return (
    <Stack maw={820}>
      <Group justify="space-between" wrap="wrap">
        <Group gap="xs">
          <Anchor component={Link} to="/journeys" size="sm">← {t('journeys.title')}</Anchor>
        </Group>
        {loaded && <Badge color={STATUS_COLOR[loaded.status]} variant="light" data-testid="journey-status">{t(`journeys.statuses.${loaded.status}`)}</Badge>}
      </Group>
      <Title order={2}>{draft.name || t('journeys.title')}</Title>
      {loaded && (
        <Group gap="lg" data-testid="journey-totals">
          <Text size="sm"><b>{loaded.counts.active}</b> {t('journeys.inJourney')}</Text>
          <Text size="sm"><b>{loaded.counts.finished}</b> {t('journeys.finished')}</Text>
          <Text size="sm"><b>{loaded.counts.exited}</b> {t('journeys.exited')}</Text>
        </Group>
      )}
      <TextInput label={t('journeys.name')} value={draft.name} error={nameError} disabled={readOnly} onChange={(e) => setDraft({ ...draft, name: e.currentTarget.value })} data-testid="journey-name" />

      <Paper withBorder p="sm" radius="md">
        <Stack gap="xs">
          <Text fw={600}>{t('journeys.trigger')}</Text>
          <SegmentedControl size="xs" disabled={readOnly} value={def.trigger.kind}
            data={[{ value: 'event', label: t('journeys.triggerKinds.event') }, { value: 'segment', label: t('journeys.triggerKinds.segment') }]}
            onChange={(v) => setDef({ ...def, trigger: v === 'event' ? { kind: 'event', eventType: 'cart.abandoned' } : { kind: 'segment', segmentId: segmentItems[0]?.value ?? '' } })} />
          {def.trigger.kind === 'event'
            ? <Select label={t('journeys.eventType')} description={t('journeys.eventTypeHelp')} searchable data={[...new Set([...EVENT_SUGGESTIONS, def.trigger.eventType])]} value={def.trigger.eventType} disabled={readOnly}
              onChange={(v) => v && setDef({ ...def, trigger: { kind: 'event', eventType: v } })} data-testid="journey-trigger" />
            : <Select label={t('journeys.segment')} data={segmentItems} value={def.trigger.segmentId || null} disabled={readOnly} onChange={(v) => v && setDef({ ...def, trigger: { kind: 'segment', segmentId: v } })} />}
          <Text size="xs" c="dimmed" data-testid="journey-variables">{t('journeys.variables', { list: journeyVariables(def).map((v) => `{${v}}`).join(', ') })}</Text>
          <Text fw={600} mt="xs">{t('journeys.exitRules')}</Text>
          <TagsInput label={t('journeys.exitEvents')} value={[...def.exit.eventTypes]} data={EVENT_SUGGESTIONS} disabled={readOnly} onChange={(v) => setDef({ ...def, exit: { ...def.exit, eventTypes: v } })} />
          <Switch label={t('journeys.exitOnOptOut')} checked={def.exit.onOptOut} disabled={readOnly} onChange={(e) => setDef({ ...def, exit: { ...def.exit, onOptOut: e.currentTarget.checked } })} />
          <Switch label={t('journeys.allowReentry')} checked={def.allowReentry} disabled={readOnly} onChange={(e) => setDef({ ...def, allowReentry: e.currentTarget.checked })} />
          {problems.filter((e) => e.stepId === null).map((e) => <Text key={e.field + e.code} size="sm" c="red.8" role="alert">{words(e)}</Text>)}
        </Stack>
      </Paper>

      <Title order={3}>{t('journeys.steps')}</Title>
      <Stack gap={6} data-testid="journey-steps">
        {def.steps.map((s: JourneyStep, i) => (
          <div key={s.id}>
            {i > 0 && <Text ta="center" c="dimmed" aria-hidden>↓</Text>}
            <StepCard step={s} index={i} count={def.steps.length} allIds={def.steps.map((x) => x.id)} sendIds={def.steps.filter((x) => x.kind === 'send').map((x) => x.id)} templates={templateItems} segments={segmentItems}
              errors={stepErrors(s.id)} activeHere={counts.get(s.id)?.active ?? 0} sentHere={counts.get(s.id)?.sent ?? 0} readOnly={readOnly}
              onChange={(step) => setDef(replaceStep(def, step))} onRemove={() => setDef(removeStep(def, s.id))} onMove={(by) => setDef(moveStep(def, s.id, by))} />
          </div>
        ))}
        {problems.some((e) => e.code === 'journey.no_steps') && <Text size="sm" c="red.8" role="alert">{t('errors.journey.no_steps')}</Text>}
      </Stack>
      {!readOnly && (
        <Menu position="bottom-start" withinPortal>
          <Menu.Target><Button variant="default" data-testid="add-step">{t('journeys.addStep')}</Button></Menu.Target>
          <Menu.Dropdown>
            {JOURNEY_STEP_KINDS.map((k) => <Menu.Item key={k} onClick={() => setDef(addStep(def, k, templateItems[0]?.value ?? ''))}>{t(`journeys.kinds.${k}`)}</Menu.Item>)}
          </Menu.Dropdown>
        </Menu>
      )}

      {save.error && (
        <Alert color="red" data-testid="journey-save-error">
          {errorText(t, save.error)}
          {serverErrors.map((e) => <Text key={e} size="sm">{e}</Text>)}
        </Alert>
      )}
      {status.error && <Alert color="red">{errorText(t, status.error)}</Alert>}
      {!readOnly && (
        <Group>
          <Button onClick={onSave} loading={save.isPending} disabled={problems.length > 0 || nameError !== null} data-testid="journey-save">{t('journeys.save')}</Button>
          {loaded && loaded.status !== 'active' && (
            <Button color="green" variant="light" loading={status.isPending} onClick={() => status.mutate('activate')} data-testid="journey-activate">{t('journeys.activate')}</Button>
          )}
          {loaded && loaded.status === 'active' && (
            <Button color="yellow" variant="light" loading={status.isPending} onClick={() => status.mutate('pause')} data-testid="journey-pause">{t('journeys.pause')}</Button>
          )}
        </Group>
      )}
      {problems.length > 0 && <Text size="sm" c="red.8">{t('journeys.problems')} {problems.length}</Text>}
      {id && <JourneyAbResultsCards journeyId={id} />}
      {id && <CampaignReportCard kind="journey" id={id} live />}
    </Stack>
  );
}
