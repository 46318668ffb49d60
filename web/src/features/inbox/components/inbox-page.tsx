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
  // One tree at every size (only what shows changes), so turning a phone or resizing a window keeps a half-written message and an open picker.
  return (
    <Stack gap="md">
      <Title order={2}>{t('inbox.title')}</Title>
      <div style={phone ? undefined : { display: 'grid', gridTemplateColumns: 'minmax(280px, 1fr) 2fr', gap: 'var(--mantine-spacing-md)', alignItems: 'start' }}>
        <Paper withBorder={!phone} p={phone ? 0 : 'xs'} style={{ display: phone && id ? 'none' : undefined }}>
          <ConversationList activeId={id} />
        </Paper>
        <Paper withBorder={!phone} p={phone ? 0 : 'md'} style={{ minWidth: 0, display: phone && !id ? 'none' : undefined }}>
          {phone && <Anchor component={Link} to="/inbox" size="sm" display="block" mb="xs">← {t('inbox.back')}</Anchor>}
          {id ? <ConversationView key={id} id={id} /> : <Text c="dimmed">{t('inbox.pick')}</Text>}
        </Paper>
      </div>
    </Stack>
  );
}
