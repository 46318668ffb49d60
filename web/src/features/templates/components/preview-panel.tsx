import { Anchor, Group, Image, Paper, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { PreviewResult, Template } from '../../../../../src/contracts/index.js';
import { sampleValues } from '../../../../../src/domain/event-variables.js';
import type { TriggerKey } from '../../../../../src/domain/triggers.js';
import { markedPreview } from '../format/marked-preview.js';
import { FormattedText } from './formatted-text.js';

/**
 * WhatsApp-like bubble with the message on sample data and WhatsApp's formatting. A message with
 * errors still shows: its good variables filled in, each bad one marked where it stands.
 */
export function PreviewPanel({ message, trigger, result, header = null, buttons = [] }: {
  message: string; trigger: TriggerKey | null; result: PreviewResult | undefined; header?: Template['header']; buttons?: string[];
}) {
  const { t } = useTranslation();
  const errors = result?.errors ?? [];
  const marked = errors.length > 0 ? markedPreview(message, errors.map((e) => ({ index: e.index ?? 0, length: e.length ?? 1 })), sampleValues(trigger ?? undefined)) : null;
  return (
    <Paper withBorder p="md" radius="md" bg="#e5ddd5" aria-label={t('templates.preview')} data-testid="template-preview" component="section">
      <Group justify="space-between" mb="xs" gap="xs">
        <Text fw={600}>{t('templates.preview')}</Text>
        <Text size="xs" c="gray.8">
          {t('templates.previewHint')}
        </Text>
      </Group>
      <Paper p="sm" radius="md" bg="#dcf8c6" shadow="xs" maw={420}>
        {header?.type === 'image' && <Image src={header.url} alt={t('templates.headerImageAlt', { name: header.filename })} radius="sm" mb="xs" mah={220} fit="contain" data-testid="preview-header-image" />}
        {header?.type === 'document' && <Anchor href={header.url} target="_blank" rel="noreferrer" size="sm" display="block" mb="xs">📄 {header.filename}</Anchor>}
        <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }} data-testid="template-preview-text" c={message ? 'dark.9' : 'gray.8'}>
          {!message ? t('templates.previewEmpty') : marked ? <FormattedText text={marked.text} marks={marked.marks} /> : <FormattedText text={result?.text ?? message} />}
        </Text>
      </Paper>
      {buttons.length > 0 && (
        <Stack gap={4} mt={4} maw={420} data-testid="preview-buttons">
          {buttons.map((label, i) => (
            <Paper key={i} p={6} radius="md" bg="white" shadow="xs">
              <Text size="sm" ta="center" c="blue.9">↩ {label}</Text>
            </Paper>
          ))}
        </Stack>
      )}
      {marked && (
        <Text size="xs" c="red.9" mt="xs" data-testid="preview-has-errors">
          {t('templates.previewBlocked')}
        </Text>
      )}
    </Paper>
  );
}
