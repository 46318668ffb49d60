import { Alert, Badge, Button, Card, Checkbox, Code, Group, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { WEBHOOK_EVENT_TYPES, type WebhookEventType } from '../../../../../src/domain/webhooks/events.js';
import { ApiError } from '../../../shared/api-client.js';
import { ConfirmDelete } from '../../../shared/components/confirm-delete.js';
import { CopyValue } from '../../../shared/components/copy-value.js';
import { errorText, fieldErrors } from '../../../shared/error-text.js';
import { useConfirmDelete } from '../../../shared/hooks/use-confirm-delete.js';
import { useFormatTime } from '../../../shared/hooks/use-format-time.js';
import type { NewWebhook, WebhookRow } from '../api.js';
import { useCreateWebhook, useDeleteWebhook, useSetWebhookStatus, useWebhooks } from '../hooks/use-webhooks.js';
import { DeliveryLog } from './delivery-log.js';

/**
 * "Webhook": other systems subscribe to Sapa's events. List, create (event checkboxes; the signing
 * secret shown once), each subscription's delivery log with Redeliver, and a banner for a
 * subscription the worker paused after repeated failures, with Resume. Owners and admins only.
 */
export function WebhooksSection() {
  const { t } = useTranslation();
  const list = useWebhooks();
  const create = useCreateWebhook();
  const status = useSetWebhookStatus();
  const [url, setUrl] = useState('');
  const [description, setDescription] = useState('');
  const [events, setEvents] = useState<WebhookEventType[]>(['message.sent', 'message.delivered', 'message.failed']);
  const [created, setCreated] = useState<NewWebhook | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const remove = useConfirmDelete<WebhookRow>(useDeleteWebhook(), (w) => {
    if (created?.id === w.id) setCreated(null);
  }, t('webhooks.deleted'));

  const errors = fieldErrors(t, create.error);
  const general = create.error && !(create.error instanceof ApiError && create.error.errors.some((e) => e.field === 'url' || e.field === 'events')) ? errorText(t, create.error) : null;
  const paused = (list.data?.items ?? []).filter((w) => w.status === 'paused');

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate({ url: url.trim(), description: description.trim(), events }, {
      onSuccess: (w) => {
        setCreated(w);
        setUrl('');
        setDescription('');
      },
    });
  };

  return (
    <Card withBorder padding="lg" data-testid="webhooks-section">
      <Stack>
        <div>
          <Title order={3}>{t('webhooks.title')}</Title>
          <Text size="sm" c="dimmed">{t('webhooks.hint')}</Text>
        </div>
        {paused.map((w) => (
          <Alert key={w.id} color="red" title={t('webhooks.pausedTitle')} data-testid="webhook-paused-banner">
            <Stack gap="xs">
              <Text size="sm">{t(w.pauseReason === 'failing' ? 'webhooks.pausedFailing' : 'webhooks.pausedManual', { url: w.url, n: w.consecutiveFailures })}</Text>
              <Group>
                <Button size="xs" color="red" variant="light" loading={status.isPending} onClick={() => status.mutate({ id: w.id, action: 'resume' })}>
                  {t('webhooks.resume')}
                </Button>
              </Group>
            </Stack>
          </Alert>
        ))}
        <form onSubmit={onSubmit} noValidate>
          <Stack gap="sm">
            <TextInput label={t('webhooks.url')} placeholder="https://contoh.co.id/sapa-webhook" value={url} onChange={(e) => setUrl(e.currentTarget.value)}
              error={errors.url?.join(' ')} required />
            <TextInput label={t('webhooks.description')} value={description} onChange={(e) => setDescription(e.currentTarget.value)} error={errors.description?.join(' ')} />
            <Checkbox.Group label={t('webhooks.events')} value={events} onChange={(v) => setEvents(v as WebhookEventType[])} error={errors.events?.join(' ')}>
              <SimpleGrid cols={{ base: 1, sm: 2 }} spacing={6} mt={6}>
                {WEBHOOK_EVENT_TYPES.map((e) => <Checkbox key={e} value={e} label={t(`webhooks.event_${e.replace('.', '_')}`)} />)}
              </SimpleGrid>
            </Checkbox.Group>
            <Group>
              <Button type="submit" loading={create.isPending}>{t('webhooks.create')}</Button>
            </Group>
          </Stack>
        </form>
        {general && <Alert color="red" role="alert">{general}</Alert>}
        {created && (
          <Alert color="yellow" variant="light" title={t('webhooks.secretTitle')} data-testid="new-webhook-secret-box">
            <Stack gap="sm">
              <Text size="sm" fw={600} role="alert">⚠ {t('webhooks.secretWarning')}</Text>
              <CopyValue value={created.secret} testId="new-webhook-secret" />
              <Group justify="flex-end"><Button size="xs" variant="light" onClick={() => setCreated(null)}>{t('settings.done')}</Button></Group>
            </Stack>
          </Alert>
        )}
        {list.data && list.data.items.length === 0 && <Text c="dimmed" size="sm" data-testid="webhooks-empty">{t('webhooks.none')}</Text>}
        {list.error && !list.data && <Alert color="red">{errorText(t, list.error)}</Alert>}
        {(list.data?.items ?? []).map((w) => (
          <WebhookCard key={w.id} w={w} open={open === w.id} onToggle={() => setOpen(open === w.id ? null : w.id)}
            onPause={() => status.mutate({ id: w.id, action: 'pause' })} onDelete={() => remove.ask(w)} />
        ))}
      </Stack>
      <ConfirmDelete {...remove.dialogProps} title={t('webhooks.deleteTitle')} confirmLabel={t('common.delete')} text={t('webhooks.deleteConfirm', { url: remove.target?.url ?? '' })} />
    </Card>
  );
}

function WebhookCard({ w, open, onToggle, onPause, onDelete }: { w: WebhookRow; open: boolean; onToggle: () => void; onPause: () => void; onDelete: () => void }) {
  const { t } = useTranslation();
  const time = useFormatTime().dateTime;
  return (
    <Card withBorder padding="sm" data-testid="webhook-row">
      <Stack gap="xs">
        <Group justify="space-between" wrap="wrap" gap="xs">
          <div style={{ minWidth: 0, flex: '1 1 240px' }}>
            <Text fw={600} size="sm" style={{ overflowWrap: 'anywhere' }}>{w.url}</Text>
            {w.description && <Text size="xs" c="dimmed">{w.description}</Text>}
          </div>
          <Badge color={w.status === 'active' ? 'green' : 'red'} variant="light">{t(`webhooks.subStatus.${w.status}`)}</Badge>
        </Group>
        <Group gap={4}>{w.events.map((e) => <Code key={e}>{e}</Code>)}</Group>
        <Text size="xs" c="dimmed">{t('webhooks.createdAt', { time: time(w.createdAt) })}</Text>
        <Group gap="xs">
          <Button size="compact-sm" variant="light" onClick={onToggle} aria-expanded={open}>{open ? t('webhooks.hideLog') : t('webhooks.showLog')}</Button>
          {w.status === 'active' && <Button size="compact-sm" variant="default" onClick={onPause}>{t('webhooks.pause')}</Button>}
          <Button size="compact-sm" variant="light" color="red" aria-label={`${t('common.delete')} ${w.url}`} onClick={onDelete}>{t('common.delete')}</Button>
        </Group>
        {open && <DeliveryLog webhookId={w.id} />}
      </Stack>
    </Card>
  );
}
