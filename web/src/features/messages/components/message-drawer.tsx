import { Alert, Drawer, Group, Loader, Stack, Text, Timeline } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../../shared/error-text.js';
import { useMessage } from '../hooks/use-messages.js';
import { StatusBadge } from './status-badge.js';

const time = (iso: string | null | undefined) => (iso ? new Date(iso).toLocaleString() : '—');

/** Side drawer with one message's body, failure and status history. */
export function MessageDrawer({ id, onClose }: { id: string | null; onClose: () => void }) {
  const { t } = useTranslation();
  const message = useMessage(id);
  const m = message.data;
  return (
    <Drawer opened={id !== null} onClose={onClose} position="right" size="md" title={t('messages.detail')}>
      {message.isPending && id && <Loader />}
      {message.error && <Alert color="red">{errorText(t, message.error)}</Alert>}
      {m && (
        <Stack data-testid="message-detail">
          <Group>
            <StatusBadge status={m.status} />
            <Text size="sm">{m.contactName ?? '—'}</Text>
            <Text size="sm" c="dimmed">
              {m.recipient}
            </Text>
          </Group>
          <Text size="sm" style={{ whiteSpace: 'pre-wrap' }} p="sm" bg="gray.0">
            {m.body}
          </Text>
          {m.failureReason && (
            <Alert color="red" title={m.failureReason}>
              {m.failureDetail}
            </Alert>
          )}
          <Text size="sm">
            {t('messages.attempts')}: {m.attempts}
          </Text>
          <Text fw={600}>{t('messages.history')}</Text>
          <Timeline active={(m.history?.length ?? 1) - 1} bulletSize={14} lineWidth={2}>
            {(m.history ?? []).map((h, i) => (
              <Timeline.Item key={i} title={t(`messages.statuses.${h.status}`)}>
                <Text size="xs" c="dimmed">
                  {time(h.at)}
                </Text>
                {h.reason && <Text size="xs">{h.reason}</Text>}
              </Timeline.Item>
            ))}
          </Timeline>
        </Stack>
      )}
    </Drawer>
  );
}
