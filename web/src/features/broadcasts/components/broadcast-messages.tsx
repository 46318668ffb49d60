import { Button, Group, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatPhoneNational } from '../../../../../src/domain/phone-display.js';
import { DataList } from '../../../shared/components/data-list.js';
import { useFormatTime } from '../../../shared/hooks/use-format-time.js';
import { FailureExplanation } from '../../messages/components/failure-explanation.js';
import { MessageDrawer } from '../../messages/components/message-drawer.js';
import { StatusBadge } from '../../messages/components/status-badge.js';
import { useBroadcastMessages } from '../hooks/use-broadcasts.js';

const excerpt = (s: string) => (s.length > 90 ? `${s.slice(0, 90)}…` : s);

/** The broadcast's messages as the message log shows them (status, failure in words, the drawer on click). */
export function BroadcastMessages({ broadcastId, live }: { broadcastId: string; live: boolean }) {
  const { t } = useTranslation();
  const time = useFormatTime().dateTime;
  const messages = useBroadcastMessages(broadcastId, live);
  const [openId, setOpenId] = useState<string | null>(null);
  const rows = messages.data?.pages.flatMap((p) => p.items);
  return (
    <Stack component="section" aria-labelledby="broadcast-messages-title">
      <Title order={3} size="h4" id="broadcast-messages-title">
        {t('broadcasts.messages')}
      </Title>
      <DataList
        testId="broadcast-message-table"
        rows={rows}
        query={messages}
        rowKey={(m) => m.id}
        rowTestId={() => 'broadcast-message-row'}
        onRowClick={(m) => setOpenId(m.id)}
        rowLabel={(m) => `${t('messages.detail')}: ${m.contactName ?? m.recipient}, ${t(`messages.statuses.${m.status}`)}`}
        columns={[
          {
            label: t('messages.contact'),
            render: (m) => (
              <>
                <Text size="sm" fw={500}>
                  {m.contactName ?? '—'}
                </Text>
                <Text size="xs" c="dimmed">
                  {m.recipient ? formatPhoneNational(m.recipient) : null}
                </Text>
              </>
            ),
          },
          { label: t('messages.status'), w: 130, render: (m) => <StatusBadge status={m.status} /> },
          { label: t('messages.time'), render: (m) => <Text size="sm">{time(m.sentAt ?? m.createdAt)}</Text> },
          { label: t('messages.failure'), render: (m) => (m.failure ? <FailureExplanation message={m} compact /> : '—') },
          { label: t('messages.body'), render: (m) => <Text size="sm">{excerpt(m.body)}</Text> },
        ]}
      />
      {messages.hasNextPage && (
        <Group>
          <Button variant="default" onClick={() => void messages.fetchNextPage()} loading={messages.isFetchingNextPage}>
            {t('broadcasts.more')}
          </Button>
        </Group>
      )}
      <MessageDrawer id={openId} onClose={() => setOpenId(null)} />
    </Stack>
  );
}
