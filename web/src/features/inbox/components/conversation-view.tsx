import { Anchor, Button, Divider, Group, Paper, ScrollArea, Select, Stack, Text, Textarea, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { formatPhoneNational } from '../../../../../src/domain/phone-display.js';
import { useFormatTime } from '../../../shared/hooks/use-format-time.js';
import {
  conversationKey, conversationsKey, useAddNote, useAssignees, useConversation, useConversationMessages, useMarkRead, useNotes, useUpdateConversation,
} from '../hooks/use-inbox.js';
import { Composer } from './composer.js';
import { MessageBubble } from './message-bubble.js';
import { WindowCountdown } from './window-countdown.js';

function Notes({ id }: { id: string }) {
  const { t } = useTranslation();
  const time = useFormatTime();
  const notes = useNotes(id);
  const add = useAddNote(id);
  const [text, setText] = useState('');
  return (
    <Stack gap={6}>
      <Text fw={600} size="sm">{t('inbox.notes')}</Text>
      <Text size="xs" c="dimmed">{t('inbox.notesHint')}</Text>
      {notes.data?.map((n) => (
        <Paper key={n.id} p="xs" bg="yellow.0" withBorder data-testid="note">
          <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>{n.text}</Text>
          <Text size="xs" c="dimmed">{n.authorName} · {time.dateTime(n.createdAt)}</Text>
        </Paper>
      ))}
      <Textarea aria-label={t('inbox.notes')} placeholder={t('inbox.notePlaceholder')} autosize minRows={1} value={text} maxLength={4000} onChange={(e) => setText(e.currentTarget.value)} />
      <Group justify="flex-end">
        <Button size="xs" variant="default" disabled={!text.trim()} loading={add.isPending} onClick={() => add.mutate(text.trim(), { onSuccess: () => setText('') })}>{t('inbox.addNote')}</Button>
      </Group>
    </Stack>
  );
}

/** One conversation: who, the window, assignment and open/closed, the messages oldest to newest, the composer, notes. */
export function ConversationView({ id }: { id: string }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const conversation = useConversation(id);
  const messages = useConversationMessages(id);
  const assignees = useAssignees();
  const update = useUpdateConversation(id);
  const read = useMarkRead();
  const bottom = useRef<HTMLDivElement>(null);
  const c = conversation.data;

  // Opening a conversation, or a new message arriving while it is open, reads it.
  const unread = c?.unreadCount ?? 0;
  useEffect(() => { if (unread > 0) read.mutate(id); }, [id, unread]); // eslint-disable-line react-hooks/exhaustive-deps
  const newest = messages.data?.pages[0]?.items[0]?.id;
  useEffect(() => { bottom.current?.scrollIntoView({ block: 'end' }); }, [newest]);

  if (!c) return null;
  const name = c.contactName || (c.contactPhone ? formatPhoneNational(c.contactPhone) : '—');
  const ordered = (messages.data?.pages ?? []).flatMap((p) => p.items).reverse();
  const refresh = () => {
    void qc.invalidateQueries({ queryKey: conversationKey(id) });
    void qc.invalidateQueries({ queryKey: conversationsKey() });
  };

  return (
    <Stack gap="sm" data-testid="conversation">
      <Group justify="space-between" wrap="wrap" gap="xs">
        <div style={{ minWidth: 0 }}>
          <Title order={3} size="h4" style={{ overflowWrap: 'anywhere' }}>
            <Anchor component={Link} to={`/contacts/${c.contactId}`} inherit>{name}</Anchor>
          </Title>
          {c.contactPhone && <Text size="sm" c="dimmed">{formatPhoneNational(c.contactPhone)}</Text>}
        </div>
        <WindowCountdown closesAt={c.windowClosesAt} />
      </Group>
      <Group gap="xs" align="flex-end" wrap="wrap">
        <Select label={t('inbox.assignee')} size="xs" w={200} data-testid="assignee" clearable placeholder={t('inbox.nobody')}
          data={(assignees.data ?? []).map((a) => ({ value: a.id, label: a.name }))} value={c.assigneeId}
          onChange={(v) => update.mutate({ assigneeId: v })} comboboxProps={{ withinPortal: true }} />
        {c.status === 'open'
          ? <Button size="xs" variant="default" onClick={() => update.mutate({ status: 'closed' })} loading={update.isPending}>{t('inbox.close')}</Button>
          : <Button size="xs" variant="default" onClick={() => update.mutate({ status: 'open' })} loading={update.isPending}>{t('inbox.reopen')}</Button>}
      </Group>
      {c.status === 'closed' && <Text size="sm" c="dimmed" data-testid="closed-note">{t('inbox.closedNote')}</Text>}
      <Divider />
      <ScrollArea.Autosize mah="50vh" type="auto" aria-label={t('inbox.messages')} tabIndex={0}>
        <Stack gap="xs" pr="xs">
          {messages.hasNextPage && (
            <Group justify="center">
              <Button size="xs" variant="subtle" onClick={() => void messages.fetchNextPage()} loading={messages.isFetchingNextPage}>{t('inbox.older')}</Button>
            </Group>
          )}
          {ordered.map((m) => <MessageBubble key={m.id} m={m} />)}
          {messages.data && ordered.length === 0 && <Text c="dimmed" size="sm">{t('inbox.noMessages')}</Text>}
          <div ref={bottom} />
        </Stack>
      </ScrollArea.Autosize>
      <Composer conversation={c} onSent={refresh} />
      <Divider />
      <Notes id={id} />
    </Stack>
  );
}
