import { Alert, Badge, Code, Group, Select, Stack, Tabs, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { DataList } from '../../../shared/components/data-list.js';
import { MESSAGE_STATUSES } from '../../../../../src/domain/vocabulary.js';
import { formatPhoneNational } from '../../../../../src/domain/phone-display.js';
import type { MessageSearch, MessageStatus } from '../api.js';
import { useMessages, useSandboxOutbox } from '../hooks/use-messages.js';
import { FailureExplanation } from './failure-explanation.js';
import { MessageDrawer } from './message-drawer.js';
import { MessageSearchBar } from './message-search.js';
import { StatusBadge } from './status-badge.js';
import { TodayCounts } from './today-counts.js';
import { useFormatTime } from '../../../shared/hooks/use-format-time.js';

const STATUSES: readonly MessageStatus[] = MESSAGE_STATUSES;
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
          {/* Remounted when a link asks for another search (/messages?q=SO-1001). */}
          <MessageLog key={params.get('q') ?? ''} initialQ={params.get('q') ?? undefined} />
        </Tabs.Panel>
        <Tabs.Panel value="outbox" pt="md">
          <SandboxOutbox />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}

function MessageLog({ initialQ }: { initialQ?: string | undefined }) {
  const { t } = useTranslation();
  const time = useFormatTime().dateTime;
  const [status, setStatus] = useState<MessageStatus | null>(null);
  const [search, setSearch] = useState<MessageSearch>({ q: initialQ });
  const [openId, setOpenId] = useState<string | null>(null);
  const messages = useMessages(status, search);
  return (
    <Stack>
      <TodayCounts />
      <MessageSearchBar value={search} onChange={setSearch} />
      <Select
        label={t('messages.filterStatus')}
        clearable
        placeholder={t('common.all')}
        maw={240}
        data={STATUSES.map((s) => ({ value: s, label: t(`messages.statuses.${s}`) }))}
        value={status}
        onChange={(v) => setStatus(STATUSES.find((s) => s === v) ?? null)}
      />
      <DataList
        testId="message-table"
        rows={messages.data?.items}
        query={messages}
        filtered={status !== null || !!search.q?.trim() || !!search.from || !!search.to}
        rowKey={(m) => m.id}
        rowTestId={() => 'message-row'}
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
          {
            label: t('messages.time'),
            render: (m) => (
              <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
                {time(m.createdAt)}
              </Text>
            ),
          },
          { label: t('messages.channel'), render: (m) => m.channel },
          { label: t('messages.status'), render: (m) => <StatusBadge status={m.status} /> },
          {
            label: t('messages.failure'),
            render: (m) =>
              m.failure ? (
                <FailureExplanation message={m} compact />
              ) : m.failureReason ? (
                <>
                  <Text size="sm" c="red.9">
                    {m.failureReason}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {m.failureDetail}
                  </Text>
                </>
              ) : (
                '—'
              ),
          },
          { label: t('messages.body'), render: (m) => <Text size="sm">{excerpt(m.body)}</Text> },
        ]}
      />
      <MessageDrawer id={openId} onClose={() => setOpenId(null)} />
    </Stack>
  );
}

function SandboxOutbox() {
  const { t } = useTranslation();
  const time = useFormatTime().dateTime;
  const outbox = useSandboxOutbox(true);
  return (
    <Stack>
      <Alert color="orange" title={t('messages.outboxNote')} data-testid="sandbox-note">
        {t('app.sandboxHint')}
      </Alert>
      <DataList
        testId="outbox-table"
        rows={outbox.data}
        query={outbox}
        rowKey={(e) => e.id}
        rowTestId={() => 'outbox-row'}
        columns={[
          { label: t('messages.recipient'), render: (e) => <Text size="sm" fw={500}>{e.recipient ?? '—'}</Text> },
          {
            label: t('messages.time'),
            render: (e) => (
              <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
                {time(e.createdAt)}
              </Text>
            ),
          },
          {
            label: t('messages.channel'),
            render: (e) => (
              <Group gap={4}>
                {e.channel}
                <Badge size="xs" color="orange">
                  {t('app.sandbox')}
                </Badge>
              </Group>
            ),
          },
          {
            label: t('messages.body'),
            render: (e) => (
              <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                {e.body}
              </Text>
            ),
          },
          {
            label: t('messages.wireRequest'),
            render: (e) => (
              // The exact body the WhatsApp Cloud API would have received.
              <details data-testid="outbox-payload">
                <summary>
                  <Text span size="sm">
                    {wireSummary(e.payload)}
                  </Text>
                </summary>
                <Code block style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
                  {JSON.stringify(e.payload, null, 2)}
                </Code>
              </details>
            ),
          },
        ]}
      />
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
