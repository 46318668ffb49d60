import { Anchor, Badge, Box, Group, Image, Paper, Text, Tooltip } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useFormatTime } from '../../../shared/hooks/use-format-time.js';
import { uiLanguage } from '../../messages/words.js';
import type { ConversationMessageItem } from '../api.js';

/** WhatsApp-style ticks: one for sent, two for delivered, two blue for read; the word is always there for screen readers. */
function Ticks({ m }: { m: ConversationMessageItem }) {
  const { t } = useTranslation();
  if (!m.status) return null;
  const word = t(`inbox.ticks.${m.status}`);
  const mark = m.status === 'read' || m.status === 'delivered' ? '✓✓' : m.status === 'sent' ? '✓' : m.status === 'failed' || m.status === 'skipped' ? '!' : '…';
  // Dark shades: the outbound bubble is tinted (teal.0), where red.8 and blue.7 fall under 4.5:1.
  const color = m.status === 'read' ? 'blue.9' : m.status === 'failed' || m.status === 'skipped' ? 'red.9' : 'gray.7';
  return (
    <Text size="xs" c={color} data-testid="ticks" data-status={m.status} span>
      <span aria-hidden="true">{mark} </span>{word}
    </Text>
  );
}

/** One message: inbound on the left, outbound on the right with its ticks, and a failure in words. */
export function MessageBubble({ m }: { m: ConversationMessageItem }) {
  const { t } = useTranslation();
  const time = useFormatTime();
  const out = m.direction === 'out';
  const failure = m.failure ? `${m.failure.text[uiLanguage()]}. ${m.failure.hint[uiLanguage()]}.` : null;
  return (
    <Box data-testid="message" data-direction={m.direction} style={{ display: 'flex', justifyContent: out ? 'flex-end' : 'flex-start' }}>
      <Paper p="xs" radius="md" maw="85%" withBorder bg={out ? 'teal.0' : 'white'}>
        {m.media?.type === 'image' && <Image src={m.media.url} alt={m.media.filename} radius="sm" mb={4} mah={200} fit="contain" data-testid="message-image" />}
        {m.media?.type === 'document' && <Anchor href={m.media.url} target="_blank" rel="noreferrer" size="sm" display="block" mb={4} data-testid="message-document">📄 {m.media.filename}</Anchor>}
        {m.buttonPayload !== null && <Badge variant="light" color="blue" size="sm" mb={4} data-testid="button-reply" style={{ textTransform: 'none' }}>{t('inbox.buttonReply')}</Badge>}
        <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>{m.text || '…'}</Text>
        <Group gap="xs" justify="flex-end" mt={4} wrap="wrap">
          {out && m.origin && m.origin !== 'agent' && <Text size="xs" c="dimmed">{t(`inbox.origin.${m.origin}`)}{m.templateCode ? ` · ${m.templateCode}` : ''}</Text>}
          {out && m.origin === 'agent' && m.templateCode && <Text size="xs" c="dimmed">{m.templateCode}</Text>}
          <Text size="xs" c="dimmed">{time.dateTime(m.at)}</Text>
          {out && (failure ? <Tooltip label={m.failureReason} multiline maw={300}><span><Ticks m={m} /></span></Tooltip> : <Ticks m={m} />)}
        </Group>
        {failure && <Text size="xs" c="red.9" mt={4} data-testid="failure">{failure}</Text>}
      </Paper>
    </Box>
  );
}
