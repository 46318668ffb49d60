import { Anchor, Paper, Stack, Text, Title } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import '../words.js';
import { useInboxStream } from '../hooks/use-inbox.js';
import { ConversationList } from './conversation-list.js';
import { ConversationView } from './conversation-view.js';

/**
 * Percakapan (Inbox): the list beside the open conversation on a wide screen; on a phone one or
 * the other (the conversation has a way back). Kept live by the inbox stream.
 */
export function InboxPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  useInboxStream();
  const phone = useMediaQuery('(max-width: 61.99em)') ?? false;
  const list = <ConversationList activeId={id} />;
  const view = id ? <ConversationView key={id} id={id} /> : <Text c="dimmed">{t('inbox.pick')}</Text>;
  return (
    <Stack gap="md">
      <Title order={1} size="h2">{t('inbox.title')}</Title>
      {phone ? (
        id ? (
          <Stack gap="xs">
            <Anchor component={Link} to="/inbox" size="sm">← {t('inbox.back')}</Anchor>
            {view}
          </Stack>
        ) : list
      ) : (
        <div style={{ display: 'grid', gridTemplateColumns: 'minmax(280px, 1fr) 2fr', gap: 'var(--mantine-spacing-md)', alignItems: 'start' }}>
          <Paper withBorder p="xs">{list}</Paper>
          <Paper withBorder p="md" style={{ minWidth: 0 }}>{view}</Paper>
        </div>
      )}
    </Stack>
  );
}
