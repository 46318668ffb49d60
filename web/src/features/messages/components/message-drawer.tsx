import { Alert, Anchor, Badge, Drawer, Group, Loader, Stack, Text, Timeline } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatPhoneNational } from '../../../../../src/domain/phone-display.js';
import { smsSegments } from '../../../../../src/domain/sms-segments.js';
import { errorText } from '../../../shared/error-text.js';
import { useMessage } from '../hooks/use-messages.js';
import { FailureExplanation } from './failure-explanation.js';
import { MessageLinks } from './message-links.js';
import { ResendButton } from './resend-button.js';
import { StatusBadge } from './status-badge.js';
import { useFormatTime } from '../../../shared/hooks/use-format-time.js';

/** Side drawer with one message's body, failure and status history. */
export function MessageDrawer({ id, onClose }: { id: string | null; onClose: () => void }) {
  const { t } = useTranslation();
  const time = useFormatTime().dateTime;
  // A resend opens its new message here; a different row opened by the page starts over.
  const [opened, setOpened] = useState<{ from: string | null; id: string } | null>(null);
  const message = useMessage(opened && opened.from === id ? opened.id : id);
  const m = message.data;
  return (
    <Drawer opened={id !== null} onClose={onClose} position="right" size="md" title={t('messages.detail')} closeButtonProps={{ 'aria-label': t('common.close') }}>
      {message.isPending && id && <Loader />}
      {message.error && <Alert color="red">{errorText(t, message.error)}</Alert>}
      {m && (
        <Stack data-testid="message-detail">
          <Group>
            <StatusBadge status={m.status} />
            <Text size="sm">{m.contactName ?? '—'}</Text>
            <Badge variant="light" color="gray" data-testid="message-channel">{t(`channelChoice.names.${m.channel}`)}</Badge>
            <Text size="sm" c="dimmed">
              {m.recipient ? formatPhoneNational(m.recipient) : null}
            </Text>
          </Group>
          <MessageLinks message={m} />
          {m.fallbackOf && (
            <Text size="sm" c="dimmed" data-testid="fallback-of">
              {t('channelChoice.fallbackOf')}{' '}
              <Anchor component="button" type="button" size="sm" onClick={() => setOpened({ from: id, id: m.fallbackOf! })}>
                {t('channelChoice.openOriginal')}
              </Anchor>
            </Text>
          )}
          {m.resendOf && (
            <Text size="sm" c="dimmed" data-testid="resend-of">
              {t('messageTools.resendOf')}
            </Text>
          )}
          <Text size="sm" style={{ whiteSpace: 'pre-wrap' }} p="sm" bg="gray.0">
            {m.body}
          </Text>
          {m.channel === 'sms' && (
            // What the text costs, by the same count the editor and the provider use (3GPP 23.038/23.040).
            <Text size="xs" c="dimmed" data-testid="sms-segments">
              {t('messages.smsSegments', { count: smsSegments(m.body).segments, encoding: smsSegments(m.body).encoding === 'gsm7' ? 'GSM-7' : 'Unicode' })}
            </Text>
          )}
          {m.failure ? (
            <FailureExplanation message={m} />
          ) : m.failureReason && (
            <Alert color="red" title={m.failureReason}>
              {m.failureDetail}
            </Alert>
          )}
          <ResendButton message={m} onOpen={(next) => setOpened({ from: id, id: next })} />
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
