import { Alert, Button, Center, Group, Loader, NumberInput, Select, Stack, Switch, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { CampaignReportCard } from '../../reports/campaign-report-card.js';
import type { Automation } from '../../../../../src/contracts/index.js';
import { isTriggerKey, type TriggerKey } from '../../../../../src/domain/triggers.js';
import { ApiError } from '../../../shared/api-client.js';
import { LoadError } from '../../../shared/components/data-list.js';
import { OPTION_CLASS, optionWithDescription } from '../../../shared/components/option-with-description.js';
import { errorText, fieldErrors, fieldErrorText } from '../../../shared/error-text.js';
import { useUnsavedGuard } from '../../../shared/hooks/use-unsaved-guard.js';
import { toastDone } from '../../../shared/toast.js';
import { triggerLabel, triggerOptions } from '../../../shared/trigger-labels.js';
import { useTemplates } from '../../templates/hooks/use-templates.js';
import { UnapprovedTemplateWarning } from '../../templates/components/whatsapp-status.js';
import { useAutomation, useSaveAutomation } from '../hooks/use-automations.js';
import { missingVariables } from '../template-fit.js';
import type { ChannelKind } from '../../../../../src/domain/vocabulary.js';
import { ChannelChoiceField } from '../../../shared/components/channel-choice-field.js';

/** Create/edit an automation: name, trigger → template → channel → delay, enabled. */
export function AutomationFormPage() {
  const { id } = useParams();
  const existing = useAutomation(id);
  const { t } = useTranslation();
  if (id && !existing.data) {
    return existing.error ? <LoadError error={existing.error} onRetry={existing.refetch} /> : <Center py="xl"><Loader aria-label={t('app.loading')} /></Center>;
  }
  return <AutomationForm key={id ?? 'new'} initial={existing.data} />;
}

const lines = (xs: string[] | undefined) =>
  xs && xs.length > 0 ? (
    <span data-testid="field-error">
      {xs.map((x, i) => (
        <span key={i} style={{ display: 'block' }}>
          {x}
        </span>
      ))}
    </span>
  ) : undefined;

function AutomationForm({ initial }: { initial: Automation | undefined }) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const templates = useTemplates();
  const save = useSaveAutomation(initial?.id);
  const [name, setName] = useState(initial?.name ?? '');
  const [trigger, setTrigger] = useState<TriggerKey | null>(initial?.trigger ?? null);
  const [templateId, setTemplateId] = useState<string | null>(initial?.templateId ?? null);
  const [channels, setChannels] = useState<ChannelKind[]>(initial?.channels ?? ['whatsapp']);
  const [delay, setDelay] = useState<number>(initial?.delayMinutes ?? 0);
  const [enabled, setEnabled] = useState(initial?.enabled ?? true);
  const [missing, setMissing] = useState(false);

  const dirty =
    name !== (initial?.name ?? '') ||
    trigger !== (initial?.trigger ?? null) ||
    templateId !== (initial?.templateId ?? null) ||
    delay !== (initial?.delayMinutes ?? 0) ||
    channels.join() !== (initial?.channels ?? ['whatsapp']).join() ||
    enabled !== (initial?.enabled ?? true);
  const guard = useUnsavedGuard(dirty && !save.isSuccess);
  const errs = fieldErrors(t, save.error);
  const general = save.error && !(save.error instanceof ApiError && save.error.errors.length > 0) ? errorText(t, save.error) : null;
  const required = (v: unknown) => (missing && !v ? [t('errors.required')] : undefined);
  const templateOptions = (templates.data ?? []).map((x) => {
    const lacking = missingVariables(x, trigger);
    const variables = lacking.map((v) => `{${v}}`).join(', ');
    return {
      value: x.id,
      label: x.code,
      disabled: lacking.length > 0 && x.id !== templateId,
      description: lacking.length > 0 ? t('automations.templateNotAllowed', { variables, trigger: triggerLabel(trigger, i18n.language) }) : null,
    };
  });
  // A template chosen before the trigger (or kept from before) that the trigger cannot fill: said at once, as the server would.
  const chosen = templates.data?.find((x) => x.id === templateId);
  const unfit = chosen && trigger
    ? missingVariables(chosen, trigger).map((variable) => fieldErrorText(t, { field: 'templateId', reason: 'automation.variable_not_allowed', variable, trigger }))
    : [];

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (!name.trim() || !trigger || !templateId) {
      setMissing(true);
      return;
    }
    save.mutate({ name, trigger, templateId, channel: channels[0]!, channels, delayMinutes: delay, enabled }, {
        onSuccess: () => {
          toastDone(t('common.saved'));
          guard.release();
          navigate('/automations');
        },
      });
  };

  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack maw={560}>
        <Title order={2}>{initial ? t('automations.editTitle') : t('automations.newTitle')}</Title>
        <TextInput label={t('automations.name')} required value={name} onChange={(e) => setName(e.currentTarget.value)} error={lines(errs.name ?? required(name.trim()))} />
        <Select
          label={t('automations.trigger')}
          required
          data={triggerOptions(i18n.language)}
          renderOption={optionWithDescription}
          classNames={{ option: OPTION_CLASS }}
          value={trigger}
          onChange={(v) => setTrigger(v && isTriggerKey(v) ? v : null)}
          error={lines(errs.trigger ?? required(trigger))}
        />
        <Select
          label={t('automations.template')}
          required
          searchable
          data={templateOptions}
          renderOption={optionWithDescription}
          classNames={{ option: OPTION_CLASS }}
          description={templateOptions.some((o) => o.disabled) ? t('automations.templatesNotAllowed') : undefined}
          value={templateId}
          onChange={setTemplateId}
          error={lines(errs.templateId ?? (unfit.length > 0 ? unfit : required(templateId)))}
        />
        <ChannelChoiceField value={channels} onChange={setChannels} error={lines(errs.channels ?? errs.channel)} />
        <UnapprovedTemplateWarning template={chosen} channels={channels} />
        <NumberInput label={t('automations.delay')} min={0} max={43200} value={delay} onChange={(v) => setDelay(typeof v === 'number' ? v : Number(v) || 0)} error={lines(errs.delayMinutes)} />
        <Switch label={t('automations.enabled')} checked={enabled} onChange={(e) => setEnabled(e.currentTarget.checked)} />
        {general && (
          <Alert color="red" role="alert">
            {general}
          </Alert>
        )}
        <Group>
          <Button type="submit" loading={save.isPending}>
            {t('common.save')}
          </Button>
          <Button variant="default" component={Link} to="/automations">
            {t('common.cancel')}
          </Button>
        </Group>
      </Stack>
      {initial && (
        <Stack maw={1040} mt="xl">
          <CampaignReportCard kind="automation" id={initial.id} />
        </Stack>
      )}
      {guard.dialog}
    </form>
  );
}
