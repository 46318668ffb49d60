import { Alert, Box, Group, Paper, Stack, Tabs, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { renderChannelContent } from '../../../../../src/domain/channel-content.js';
import { sampleValues } from '../../../../../src/domain/event-variables.js';
import { smsSegments } from '../../../../../src/domain/sms-segments.js';
import type { TriggerKey } from '../../../../../src/domain/triggers.js';
import type { PreviewResult } from '../../../../../src/contracts/index.js';

export const PREVIEW_CHANNELS = ['whatsapp', 'email', 'sms', 'push'] as const;
type PreviewChannel = (typeof PREVIEW_CHANNELS)[number];

export interface ChannelFields { subject: string; html: string; title: string; link: string }

/**
 * The template as each channel shows it, on sample data, rendered by the server's own domain code
 * (renderChannelContent): the WhatsApp bubble (given), an email with its subject and HTML (in a
 * sandboxed frame: no scripts, no same-origin access), an SMS with its segment count, a push notification.
 */
export function ChannelPreviews({ whatsapp, message, trigger, result, fields }: {
  whatsapp: ReactNode; message: string; trigger: TriggerKey | null; result: PreviewResult | undefined; fields: ChannelFields;
}) {
  const { t } = useTranslation();
  const text = result?.text ?? message;
  return (
    <Tabs defaultValue="whatsapp" keepMounted={false} aria-label={t('templates.previewChannel')}>
      <Tabs.List grow>
        {PREVIEW_CHANNELS.map((c) => <Tabs.Tab key={c} value={c} data-testid={`preview-tab-${c}`}>{t(`templates.previewTabs.${c}`)}</Tabs.Tab>)}
      </Tabs.List>
      <Box pt="sm">
        <Tabs.Panel value="whatsapp">{whatsapp}</Tabs.Panel>
        <Tabs.Panel value="email"><EmailPreview text={text} trigger={trigger} fields={fields} /></Tabs.Panel>
        <Tabs.Panel value="sms"><SmsPreview text={text} /></Tabs.Panel>
        <Tabs.Panel value="push"><PushPreview text={text} trigger={trigger} fields={fields} /></Tabs.Panel>
      </Box>
    </Tabs>
  );
}

function contentFor(channel: PreviewChannel, trigger: TriggerKey | null, fields: ChannelFields) {
  return renderChannelContent(channel, { code: '', whatsappName: null, whatsappLanguage: 'id', subject: fields.subject || null, html: fields.html || null, title: fields.title || null, link: fields.link || null },
    sampleValues(trigger ?? undefined), []);
}

function Missing({ missing }: { missing: readonly string[] }) {
  const { t } = useTranslation();
  return <Alert color="yellow" p="xs">{t('templates.previewMissing', { variables: missing.map((v) => `{${v}}`).join(', ') })}</Alert>;
}

function EmailPreview({ text, trigger, fields }: { text: string; trigger: TriggerKey | null; fields: ChannelFields }) {
  const { t } = useTranslation();
  const made = contentFor('email', trigger, fields);
  const email = made.ok && made.content.channel === 'email' ? made.content : null;
  return (
    <Paper withBorder radius="md" p="sm" data-testid="email-preview" component="section" aria-label={t('templates.previewTabs.email')}>
      <Stack gap={6}>
        <Text size="xs" c="dimmed">{t('templates.emailFrom')}</Text>
        {!made.ok && made.reason === 'email_subject_missing'
          ? <Text size="sm" c="red.9" data-testid="email-preview-no-subject">{t('templates.emailNoSubject')}</Text>
          : (
            <Group gap={6} wrap="nowrap" align="baseline">
              <Text size="xs" c="dimmed">{t('templates.emailSubject')}:</Text>
              <Text fw={700} size="sm" style={{ overflowWrap: 'anywhere' }} data-testid="email-preview-subject">{email?.subject ?? ''}</Text>
            </Group>
          )}
        {!made.ok && made.missing.length > 0 && <Missing missing={made.missing} />}
        {email?.html
          // No scripts, forms or same-origin: the shop's HTML cannot touch Sapa's page.
          ? <iframe title={t('templates.emailHtmlFrame')} sandbox="" srcDoc={email.html} style={{ width: '100%', minHeight: 220, border: '1px solid var(--mantine-color-gray-3)', borderRadius: 4, background: 'white' }} data-testid="email-preview-html" />
          : <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }} data-testid="email-preview-text">{text}</Text>}
      </Stack>
    </Paper>
  );
}

function SmsPreview({ text }: { text: string }) {
  const { t, i18n } = useTranslation();
  const s = smsSegments(text);
  const n = (x: number) => x.toLocaleString(i18n.language === 'en' ? 'en-GB' : 'id-ID');
  return (
    <Stack gap={6} data-testid="sms-preview">
      <Paper radius="lg" p="sm" bg="gray.1" maw={360}>
        <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>{text}</Text>
      </Paper>
      <Text size="sm" fw={600} data-testid="sms-segments" aria-live="polite">{t('templates.smsSegments', { count: s.segments, remaining: n(s.remaining) })}</Text>
      <Text size="xs" c="dimmed" data-testid="sms-encoding">{t(`templates.smsEncoding.${s.encoding}`)}</Text>
    </Stack>
  );
}

function PushPreview({ text, trigger, fields }: { text: string; trigger: TriggerKey | null; fields: ChannelFields }) {
  const { t } = useTranslation();
  const made = contentFor('push', trigger, fields);
  const title = made.ok && made.content.channel === 'push' && made.content.title ? made.content.title : t('templates.pushShop');
  const url = made.ok && made.content.channel === 'push' ? made.content.url : null;
  return (
    <Stack gap={6}>
      <Paper withBorder shadow="sm" radius="lg" p="sm" maw={380} data-testid="push-preview">
        <Group justify="space-between" gap="xs" wrap="nowrap">
          <Text size="xs" c="dimmed">{t('templates.pushShop')}</Text>
          <Text size="xs" c="dimmed">{t('templates.pushNow')}</Text>
        </Group>
        <Text fw={700} size="sm" lineClamp={1} data-testid="push-preview-title">{title}</Text>
        <Text size="sm" lineClamp={3} style={{ overflowWrap: 'anywhere' }}>{text}</Text>
      </Paper>
      {url && <Text size="xs" c="dimmed" style={{ overflowWrap: 'anywhere' }} data-testid="push-preview-link">{t('templates.pushOpens', { url })}</Text>}
      {!made.ok && <Missing missing={made.missing} />}
    </Stack>
  );
}
