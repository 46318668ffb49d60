import { Alert, Anchor, Button, Center, Group, Loader, SegmentedControl, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { MAX_BROADCAST_CONTACT_IDS, type Broadcast, type BroadcastPatch } from '../../../../../src/contracts/index.js';
import { ApiError } from '../../../shared/api-client.js';
import { LoadError } from '../../../shared/components/data-list.js';
import { OPTION_CLASS, optionWithDescription } from '../../../shared/components/option-with-description.js';
import { errorText, fieldErrors } from '../../../shared/error-text.js';
import { useUnsavedGuard } from '../../../shared/hooks/use-unsaved-guard.js';
import { toastDone } from '../../../shared/toast.js';
import { PreviewPanel } from '../../templates/components/preview-panel.js';
import { useTemplates } from '../../templates/hooks/use-templates.js';
import { UnapprovedTemplateWarning } from '../../templates/components/whatsapp-status.js';
import { warnsMarketingOnWhatsApp } from '../broadcast-stats.js';
import { useBroadcast, useSaveBroadcast, useTemplateSample } from '../hooks/use-broadcasts.js';
import { ContactMultiPicker, type PickedContact } from './contact-picker.js';
import { MarketingWarning } from './marketing-warning.js';
import { SegmentPicker } from './segment-picker.js';

import type { ChannelKind } from '../../../../../src/domain/vocabulary.js';
import { ChannelChoiceField } from '../../../shared/components/channel-choice-field.js';
import { AbTestSection, abDraftOf, abInputOf, whatsappTextVariants } from '../../ab-tests/ab-test-section.js';
/** New or edited draft: name, template (with its preview), channel, audience (a segment or chosen contacts). */
export function BroadcastFormPage() {
  const { id } = useParams();
  const existing = useBroadcast(id);
  const { t } = useTranslation();
  if (id && !existing.data) {
    return existing.error ? <LoadError error={existing.error} onRetry={existing.refetch} /> : <Center py="xl"><Loader aria-label={t('app.loading')} /></Center>;
  }
  if (existing.data && existing.data.status !== 'draft') {
    return (
      <Alert color="yellow" title={existing.data.name}>
        <Stack gap="xs" align="flex-start">
          <Text size="sm">{t('broadcasts.notDraft', { status: t(`broadcasts.statuses.${existing.data.status}`).toLowerCase() })}</Text>
          <Anchor component={Link} to={`/broadcasts/${existing.data.id}`}>{t('broadcasts.open')}</Anchor>
        </Stack>
      </Alert>
    );
  }
  return <BroadcastForm key={id ?? 'new'} initial={existing.data} />;
}

type AudienceKind = 'segment' | 'contacts';

const lines = (xs: string[] | undefined) => (xs && xs.length > 0 ? <span data-testid="field-error">{xs.join(' ')}</span> : undefined);

function BroadcastForm({ initial }: { initial: Broadcast | undefined }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const templates = useTemplates();
  const save = useSaveBroadcast(initial?.id);
  const [name, setName] = useState(initial?.name ?? '');
  const [templateId, setTemplateId] = useState<string | null>(initial?.templateId ?? null);
  const [kind, setKind] = useState<AudienceKind>(initial && !initial.segmentId ? 'contacts' : 'segment');
  const [segmentId, setSegmentId] = useState<string | null>(initial?.segmentId ?? null);
  // An edited draft's contacts are known only by their number: picking any replaces the list.
  const [contacts, setContacts] = useState<PickedContact[]>([]);
  const [missing, setMissing] = useState(false);
  const [channels, setChannels] = useState<ChannelKind[]>(initial?.channels ?? ['whatsapp']);
  const [ab, setAb] = useState(() => abDraftOf(initial));
  const channel = channels[0]!;
  const template = templates.data?.find((x) => x.id === templateId);
  const sample = useTemplateSample(templateId);
  const keptContacts = initial && !initial.segmentId && contacts.length === 0 ? initial.contactCount ?? 0 : 0;

  const dirty = channels.join() !== (initial?.channels ?? ['whatsapp']).join() || name !== (initial?.name ?? '') || templateId !== (initial?.templateId ?? null) || segmentId !== (initial?.segmentId ?? null) || contacts.length > 0 || JSON.stringify(ab) !== JSON.stringify(abDraftOf(initial)) || kind !== (initial && !initial.segmentId ? 'contacts' : 'segment');
  const guard = useUnsavedGuard(dirty && !save.isSuccess);
  const errs = fieldErrors(t, save.error);
  // The server names a refused contact by its place in the list (contactIds[3]).
  const contactErrs = Object.entries(errs).filter(([field]) => field.startsWith('contactIds')).flatMap(([, texts]) => texts);
  const general = save.error && !(save.error instanceof ApiError && save.error.errors.length > 0) ? errorText(t, save.error) : null;
  const required = (v: unknown) => (missing && !v ? [t('errors.required')] : undefined);
  const hasAudience = kind === 'segment' ? !!segmentId : contacts.length > 0 || keptContacts > 0;

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (!name.trim() || !templateId || !hasAudience) {
      setMissing(true);
      return;
    }
    // A changed text on WhatsApp is shown as an error on its field; it is not sent (the server refuses it too).
    if (whatsappTextVariants(ab, templates.data ?? [], templateId, channels).length > 0) {
      (e.currentTarget as HTMLFormElement).querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
      return;
    }
    // Each audience clears the other, so a draft switched from contacts to a segment (or back) keeps just one.
    const audience: Pick<BroadcastPatch, 'segmentId' | 'contactIds'> =
      kind === 'segment' ? { segmentId, contactIds: null } : contacts.length > 0 ? { segmentId: null, contactIds: contacts.map((c) => c.value) } : {};
    save.mutate({ name, templateId, channel, channels, ...audience, ...abInputOf(ab) }, {
      onSuccess: (b) => {
        toastDone(t('broadcasts.draftSaved'));
        guard.release();
        navigate(`/broadcasts/${b.id}`);
      },
    });
  };

  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack maw={640}>
        <Anchor component={Link} to="/broadcasts" size="sm">{t('broadcasts.back')}</Anchor>
        <Title order={2}>{initial ? t('broadcasts.editTitle') : t('broadcasts.newTitle')}</Title>
        <TextInput label={t('broadcasts.name')} placeholder={t('broadcasts.namePlaceholder')} required value={name} onChange={(e) => setName(e.currentTarget.value)} error={lines(errs.name ?? required(name.trim()))} />
        <Select
          label={t('broadcasts.template')}
          placeholder={t('broadcasts.templatePlaceholder')}
          required
          searchable
          nothingFoundMessage={t('broadcasts.templateNone')}
          data={(templates.data ?? []).map((x) => ({ value: x.id, label: x.code, description: t(`broadcasts.categories.${x.category}`) }))}
          renderOption={optionWithDescription}
          classNames={{ option: OPTION_CLASS }}
          value={templateId}
          onChange={setTemplateId}
          error={lines(errs.templateId ?? required(templateId))}
          data-testid="broadcast-template"
        />
        {template && <PreviewPanel message={template.message} trigger={null} result={sample.data} />}
        <ChannelChoiceField value={channels} onChange={setChannels} error={lines(errs.channels ?? errs.channel)} />
        {warnsMarketingOnWhatsApp(template?.category, channel) && <MarketingWarning />}
        <UnapprovedTemplateWarning template={template} channels={channels} />
        <Stack gap={6}>
          <Text size="sm" fw={500} id="audience-label">
            {t('broadcasts.audience')}
          </Text>
          <SegmentedControl
            aria-labelledby="audience-label"
            data={[
              { value: 'segment', label: t('broadcasts.audienceKinds.segment') },
              { value: 'contacts', label: t('broadcasts.audienceKinds.contacts') },
            ]}
            value={kind}
            onChange={(v) => setKind(v === 'contacts' ? 'contacts' : 'segment')}
            maw={360}
          />
          {kind === 'segment' ? (
            <SegmentPicker value={segmentId} onChange={setSegmentId} error={lines(errs.segmentId ?? required(segmentId))} />
          ) : (
            <ContactMultiPicker
              label={t('broadcasts.contacts')}
              value={contacts}
              onChange={setContacts}
              max={MAX_BROADCAST_CONTACT_IDS}
              description={keptContacts > 0 ? t('broadcasts.contactsKept', { count: keptContacts }) : contacts.length > 0 ? t('broadcasts.contactsChosen', { count: contacts.length }) : undefined}
              error={lines(contactErrs.length > 0 ? contactErrs : (missing && !hasAudience ? [t('errors.required')] : undefined))}
            />
          )}
        </Stack>
        <AbTestSection value={ab} onChange={setAb} templates={templates.data ?? []} templateId={templateId} channels={channels} errors={errs} />
        {general && (
          <Alert color="red" role="alert">
            {general}
          </Alert>
        )}
        <Group>
          <Button type="submit" loading={save.isPending}>
            {t('broadcasts.saveDraft')}
          </Button>
          <Button variant="default" component={Link} to={initial ? `/broadcasts/${initial.id}` : '/broadcasts'}>
            {t('common.cancel')}
          </Button>
        </Group>
      </Stack>
      {guard.dialog}
    </form>
  );
}
