import { Alert, Badge, Button, Group, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Template } from '../../../../../src/contracts/index.js';
import { errorText } from '../../../shared/error-text.js';
import { toastDone } from '../../../shared/toast.js';
import { useSession } from '../../auth/hooks/use-session.js';
import { useSubmitTemplate } from '../hooks/use-templates.js';

const COLOR: Record<NonNullable<Template['whatsappStatus']> | 'none', string> = {
  none: 'gray', pending: 'yellow', approved: 'teal', rejected: 'red', paused: 'orange', disabled: 'red',
};

/** Meta's review of a template in words (Belum diajukan / Ditinjau / Disetujui / Ditolak…), and "resubmit" when its text changed. */
export function WhatsAppStatusBadge({ template }: { template: Pick<Template, 'whatsappStatus' | 'whatsappNeedsResubmit'> }) {
  const { t } = useTranslation();
  const status = template.whatsappStatus ?? 'none';
  return (
    <Group gap={4} wrap="wrap" data-testid="whatsapp-status" data-status={status}>
      <Badge variant="light" tt="none" miw="fit-content" color={COLOR[status]}>{t(`templates.whatsappStatus.${status}`)}</Badge>
      {template.whatsappNeedsResubmit && <Badge variant="outline" tt="none" miw="fit-content" color="red.9">{t('templates.whatsappResubmitBadge')}</Badge>}
    </Group>
  );
}

/**
 * An automation's or broadcast's editor, before saving: the template chosen is not approved by Meta
 * and the workspace's number needs approval, so messages outside the 24-hour window would fail
 * (the same rule as the API's `whatsapp_template_not_approved` warning).
 */
export function UnapprovedTemplateWarning({ template, channels }: { template: Pick<Template, 'whatsappStatus'> | undefined; channels: readonly string[] }) {
  const { t } = useTranslation();
  const strict = useSession().data?.templatesNeedApproval === true;
  if (!strict || !template || template.whatsappStatus === 'approved' || !channels.includes('whatsapp')) return null;
  return (
    <Alert color="yellow" variant="light" data-testid="unapproved-warning">
      {t('templates.notApprovedWarning', { status: t(`templates.whatsappStatus.${template.whatsappStatus ?? 'none'}`) })}
    </Alert>
  );
}

/**
 * The editor's WhatsApp review box: status, Meta's reason, what an edit means, and the submit
 * button (owners and admins, a real number only: the sandbox needs no approval).
 */
export function WhatsAppReviewPanel({ template, canWrite, dirty }: { template: Template; canWrite: boolean; dirty: boolean }) {
  const { t } = useTranslation();
  const submit = useSubmitTemplate();
  const sandbox = useSession().data?.whatsappTransport !== 'whatsapp-cloud';
  const status = template.whatsappStatus;
  const label = status === null ? t('templates.whatsappSubmit') : t('templates.whatsappResubmit');
  const canSubmit = canWrite && !sandbox && (status === null || template.whatsappNeedsResubmit || status === 'rejected' || status === 'paused' || status === 'disabled');
  const warnings = submit.data?.warnings ?? [];
  return (
    <Stack gap="xs" data-testid="whatsapp-review">
      <Group gap="xs">
        <Text size="sm" fw={600}>{t('templates.whatsappReview')}</Text>
        <WhatsAppStatusBadge template={template} />
      </Group>
      {template.whatsappRejectionReason && (
        <Text size="sm" c="red.9" data-testid="whatsapp-reason">
          {t('templates.whatsappReason', { reason: t(`templates.whatsappReasons.${template.whatsappRejectionReason}`, { defaultValue: template.whatsappRejectionReason }) })}
        </Text>
      )}
      <Text size="xs" c="dimmed">
        {sandbox
          ? t('templates.whatsappSandboxHint')
          // Only an approved template keeps going out with Meta's (old) text; otherwise its status says what to do.
          : template.whatsappNeedsResubmit && status === 'approved' ? t('templates.whatsappResubmitHint') : t(`templates.whatsappHint.${status ?? 'none'}`)}
      </Text>
      {canSubmit && (
        <Group>
          <Button
            variant="light"
            size="sm"
            loading={submit.isPending}
            disabled={dirty}
            onClick={() => submit.mutate(template.id, { onSuccess: () => toastDone(t('templates.whatsappSubmitted')) })}
          >
            {label}
          </Button>
          {dirty && <Text size="xs" c="dimmed">{t('templates.whatsappSaveFirst')}</Text>}
        </Group>
      )}
      {warnings.map((w) => (
        <Alert key={w.code} color="yellow" p="xs">{t(`templates.whatsappWarnings.${w.code}`, { defaultValue: w.message })}</Alert>
      ))}
      {submit.error && <Alert color="red" role="alert" p="xs">{errorText(t, submit.error)}</Alert>}
    </Stack>
  );
}
