import { Badge, Button, Group, SegmentedControl, Stack, Text, TextInput, UnstyledButton, VisuallyHidden } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { Conversation } from '../../../../../src/contracts/index.js';
import { formatPhoneNational } from '../../../../../src/domain/phone-display.js';
import { useFormatTime } from '../../../shared/hooks/use-format-time.js';
import type { InboxFilter } from '../api.js';
import { useConversations } from '../hooks/use-inbox.js';
import { left, useNow, windowLeftMs } from './window-countdown.js';

/**
 * A WhatsApp conversation's 24-hour window in a row: the time left while free text may go, or that
 * it is closed (only templates then). Other channels have no window.
 */
function WindowLeft({ c, now, active }: { c: Conversation; now: number; active: boolean }) {
  const { t, i18n } = useTranslation();
  if (c.channel !== 'whatsapp') return null;
  const remaining = windowLeftMs(c.windowClosesAt, now);
  // On the selected row's tinted background a light badge would fade into it.
  const variant = active ? 'white' : 'light';
  if (remaining <= 0) {
    return <Badge size="xs" variant={variant} color="gray" tt="none" data-testid="row-window" data-open="false">{t('inbox.rowWindowClosed')}</Badge>;
  }
  const time = left(remaining, i18n.language);
  return (
    <Badge size="xs" variant={variant} color={remaining < 3600_000 ? 'orange' : 'teal'} tt="none" data-testid="row-window" data-open="true" title={t('inbox.windowOpen', { time })}>
      <VisuallyHidden>{t('inbox.rowWindowLabel')} </VisuallyHidden>{t('inbox.rowWindowLeft', { time })}
    </Badge>
  );
}

function Row({ c, active, now }: { c: Conversation; active: boolean; now: number }) {
  const { t } = useTranslation();
  const time = useFormatTime();
  const name = c.contactName || (c.contactPhone ? formatPhoneNational(c.contactPhone) : '—');
  return (
    <UnstyledButton component={Link} to={`/inbox/${c.id}`} data-testid="conversation-row" aria-current={active ? 'page' : undefined}
      p="sm" style={{ borderRadius: 8, display: 'block', background: active ? 'var(--mantine-color-teal-light)' : undefined }}>
      <Group justify="space-between" wrap="nowrap" gap="xs">
        <Text fw={c.unreadCount > 0 ? 700 : 500} truncate="end" style={{ minWidth: 0 }}>{name}</Text>
        <Text size="xs" c="dimmed" style={{ flexShrink: 0 }}>{time.dateTime(c.lastMessageAt)}</Text>
      </Group>
      <Group justify="space-between" wrap="nowrap" gap="xs">
        <Text size="sm" c="dimmed" truncate="end" style={{ minWidth: 0 }}>
          {c.lastMessageDirection === 'out' ? `${t('inbox.you')}: ` : ''}{c.lastMessageText || '…'}
        </Text>
        {c.unreadCount > 0 && <Badge size="sm" color="teal" circle aria-label={t('inbox.unread', { count: c.unreadCount })}>{c.unreadCount}</Badge>}
      </Group>
      <Group gap={4} mt={2}>
        <WindowLeft c={c} now={now} active={active} />
        {c.assigneeName && <Badge size="xs" variant="outline" color="gray" tt="none">{c.assigneeName}</Badge>}
        {c.status === 'closed' && <Badge size="xs" variant="light" color="gray">{t('inbox.closed')}</Badge>}
      </Group>
    </UnstyledButton>
  );
}

/** The inbox's list: view (all, mine, unassigned), open/closed, search; newest activity first. */
export function ConversationList({ activeId }: { activeId: string | undefined }) {
  const { t } = useTranslation();
  const [view, setView] = useState<InboxFilter['view']>('all');
  const [status, setStatus] = useState<InboxFilter['status']>('open');
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search, 250);
  const list = useConversations({ view, status, q });
  const now = useNow();
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Stack gap="xs">
      <TextInput type="search" aria-label={t('inbox.search')} placeholder={t('inbox.search')} value={search} onChange={(e) => setSearch(e.currentTarget.value)} />
      <SegmentedControl size="xs" fullWidth aria-label={t('inbox.viewFilter')} value={view} onChange={(v) => setView(v as InboxFilter['view'])}
        data={[{ value: 'all', label: t('inbox.all') }, { value: 'mine', label: t('inbox.mine') }, { value: 'unassigned', label: t('inbox.unassigned') }]} />
      <SegmentedControl size="xs" fullWidth aria-label={t('inbox.statusFilter')} value={status} onChange={(v) => setStatus(v as InboxFilter['status'])}
        data={[{ value: 'open', label: t('inbox.open') }, { value: 'closed', label: t('inbox.closed') }]} />
      <Stack gap={2} component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }} aria-label={t('inbox.title')}>
        {items.map((c) => <li key={c.id}><Row c={c} active={c.id === activeId} now={now} /></li>)}
      </Stack>
      {list.hasNextPage && (
        <Button size="xs" variant="subtle" onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>{t('inbox.moreConversations')}</Button>
      )}
      {list.data && items.length === 0 && <Text c="dimmed" size="sm">{t('inbox.empty')}</Text>}
    </Stack>
  );
}
