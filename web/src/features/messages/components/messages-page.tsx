import { Alert, Badge, Code, Group, Select, Stack, Table, Tabs, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { ListTable } from '../../../shared/components/list-table.js';
import { errorText } from '../../../shared/error-text.js';
import { MESSAGE_STATUSES } from '../../../../../src/domain/vocabulary.js';
import type { MessageStatus } from '../api.js';
import { useMessages, useSandboxOutbox } from '../hooks/use-messages.js';
import { MessageDrawer } from './message-drawer.js';
import { StatusBadge } from './status-badge.js';

const STATUSES: readonly MessageStatus[] = MESSAGE_STATUSES;
const time = (iso: string) => new Date(iso).toLocaleString();
const excerpt = (s: string) => (s.length > 90 ? `${s.slice(0, 90)}…` : s);

/** "Pesan": the message log (auto-refreshing) and the sandbox outbox. */
export function MessagesPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') === 'outbox' ? 'outbox' : 'log';
  return (
    <Stack>
      <Title order={2}>{t('messages.title')}</Title>
      <Tabs value={tab} onChange={(v) => setParams(v === 'outbox' ? { tab: 'outbox' } : {}, { replace: true })} keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="log">{t('messages.log')}</Tabs.Tab>
          <Tabs.Tab value="outbox">{t('messages.outbox')}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="log" pt="md">
          <MessageLog />
        </Tabs.Panel>
        <Tabs.Panel value="outbox" pt="md">
          <SandboxOutbox />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}

function MessageLog() {
  const { t } = useTranslation();
  const [status, setStatus] = useState<MessageStatus | null>(null);
  const [openId, setOpenId] = useState<string | null>(null);
  const messages = useMessages(status);
  return (
    <Stack>
      <Select
        label={t('messages.filterStatus')}
        clearable
        placeholder={t('common.all')}
        maw={240}
        data={STATUSES.map((s) => ({ value: s, label: t(`messages.statuses.${s}`) }))}
        value={status}
        onChange={(v) => setStatus(STATUSES.find((s) => s === v) ?? null)}
      />
      {messages.error && <Alert color="red">{errorText(t, messages.error)}</Alert>}
      <ListTable
        testId="message-table"
        highlightOnHover
        columns={[t('messages.time'), t('messages.contact'), t('messages.channel'), t('messages.status'), t('messages.failure'), t('messages.body')]}
        empty={messages.data?.items.length === 0}
      >
        {messages.data?.items.map((m) => (
          <Table.Tr key={m.id} onClick={() => setOpenId(m.id)} style={{ cursor: 'pointer' }} data-testid="message-row">
            <Table.Td>
              <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
                {time(m.createdAt)}
              </Text>
            </Table.Td>
            <Table.Td>
              <Text size="sm">{m.contactName ?? '—'}</Text>
              <Text size="xs" c="dimmed">
                {m.recipient}
              </Text>
            </Table.Td>
            <Table.Td>{m.channel}</Table.Td>
            <Table.Td>
              <StatusBadge status={m.status} />
            </Table.Td>
            <Table.Td>
              {m.failureReason && (
                <>
                  <Text size="sm" c="red">
                    {m.failureReason}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {m.failureDetail}
                  </Text>
                </>
              )}
            </Table.Td>
            <Table.Td maw={380}>
              <Text size="sm">{excerpt(m.body)}</Text>
            </Table.Td>
          </Table.Tr>
        ))}
      </ListTable>
      <MessageDrawer id={openId} onClose={() => setOpenId(null)} />
    </Stack>
  );
}

function SandboxOutbox() {
  const { t } = useTranslation();
  const outbox = useSandboxOutbox(true);
  return (
    <Stack>
      <Alert color="orange" title={t('messages.outboxNote')} data-testid="sandbox-note">
        {t('app.sandboxHint')}
      </Alert>
      {outbox.error && <Alert color="red">{errorText(t, outbox.error)}</Alert>}
      <ListTable testId="outbox-table" columns={[t('messages.time'), t('messages.recipient'), t('messages.channel'), t('messages.body'), t('messages.wireRequest')]} empty={outbox.data?.length === 0}>
        {outbox.data?.map((e) => (
          <Table.Tr key={e.id} data-testid="outbox-row">
            <Table.Td>
              <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
                {time(e.createdAt)}
              </Text>
            </Table.Td>
            <Table.Td>{e.recipient ?? '—'}</Table.Td>
            <Table.Td>
              <Group gap={4}>
                {e.channel}
                <Badge size="xs" color="orange">
                  {t('app.sandbox')}
                </Badge>
              </Group>
            </Table.Td>
            <Table.Td>
              <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                {e.body}
              </Text>
            </Table.Td>
            <Table.Td>
              {/* The exact body the WhatsApp Cloud API would have received. */}
              <details data-testid="outbox-payload">
                <summary>
                  <Text span size="sm">{wireSummary(e.payload)}</Text>
                </summary>
                <Code block>{JSON.stringify(e.payload, null, 2)}</Code>
              </details>
            </Table.Td>
          </Table.Tr>
        ))}
      </ListTable>
    </Stack>
  );
}

/** One line on what the sandbox would have sent: `template terima_kasih (id) · 3 parameters` or `text`. */
function wireSummary(payload: Record<string, unknown>): string {
  const template = payload.template as { name?: string; language?: { code?: string }; components?: { parameters?: unknown[] }[] } | undefined;
  if (payload.type === 'template' && template?.name) {
    const params = template.components?.reduce((n, c) => n + (c.parameters?.length ?? 0), 0) ?? 0;
    return `template ${template.name} (${template.language?.code ?? '?'}) · ${params} param`;
  }
  return typeof payload.type === 'string' ? payload.type : 'payload';
}
