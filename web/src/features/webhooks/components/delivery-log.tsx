import { Badge, Button, Code, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { DataList } from '../../../shared/components/data-list.js';
import { useFormatTime } from '../../../shared/hooks/use-format-time.js';
import { useDeliveries, useRedeliver } from '../hooks/use-webhooks.js';

const STATUS_COLOR = { pending: 'yellow', delivered: 'green', failed: 'red' } as const;

/** One subscription's delivery log (newest first) with Redeliver on each row. */
export function DeliveryLog({ webhookId }: { webhookId: string }) {
  const { t } = useTranslation();
  const time = useFormatTime().dateTime;
  const log = useDeliveries(webhookId);
  const again = useRedeliver();
  return (
    <DataList
      testId={`webhook-log-${webhookId}`}
      rows={log.data?.items}
      query={log}
      rowKey={(d) => d.id}
      rowTestId={(d) => `delivery-${d.status}`}
      columns={[
        { label: t('webhooks.event'), render: (d) => <Code>{d.eventType}</Code> },
        { label: t('webhooks.status'), render: (d) => <Badge color={STATUS_COLOR[d.status]} variant="light">{t(`webhooks.deliveryStatus.${d.status}`)}</Badge> },
        { label: t('webhooks.response'), render: (d) => (d.responseStatus !== null ? <Text size="sm">{d.responseStatus}</Text> : <Text size="sm" c="dimmed" title={d.error ?? ''}>{d.error ? t('webhooks.noAnswer') : '—'}</Text>) },
        { label: t('webhooks.answerTime'), render: (d) => (d.responseMs !== null ? `${d.responseMs} ms` : '—') },
        { label: t('webhooks.attempts'), render: (d) => String(d.attempts) },
        { label: t('webhooks.time'), render: (d) => time(d.lastAttemptAt ?? d.createdAt) },
      ]}
      actions={{
        label: t('common.actions'),
        w: 130,
        render: (d) => (
          <Button size="compact-sm" variant="light" loading={again.isPending && again.variables?.deliveryId === d.id}
            aria-label={`${t('webhooks.redeliver')} ${d.eventType}`} onClick={() => again.mutate({ id: webhookId, deliveryId: d.id })}>
            {t('webhooks.redeliver')}
          </Button>
        ),
      }}
    />
  );
}
