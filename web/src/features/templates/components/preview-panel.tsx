import { Loader, Paper, Text, Group } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { PreviewResult } from '../../../../../src/contracts/index.js';

/** WhatsApp-like bubble with the message rendered on sample data. */
export function PreviewPanel({ result, pending, empty }: { result: PreviewResult | undefined; pending: boolean; empty: boolean }) {
  const { t } = useTranslation();
  return (
    <Paper withBorder p="md" radius="md" bg="#e5ddd5" aria-label={t('templates.preview')} data-testid="template-preview">
      <Group justify="space-between" mb="xs">
        <Text fw={600}>{t('templates.preview')}</Text>
        <Group gap={6}>
          {pending && <Loader size="xs" />}
          <Text size="xs" c="dimmed">
            {t('templates.previewHint')}
          </Text>
        </Group>
      </Group>
      <Paper p="sm" radius="md" bg="#dcf8c6" shadow="xs" maw={420}>
        <Text size="sm" style={{ whiteSpace: 'pre-wrap' }} data-testid="template-preview-text" c={result?.text ? undefined : 'dimmed'}>
          {empty ? t('templates.previewEmpty') : (result?.text ?? t('templates.previewBlocked'))}
        </Text>
      </Paper>
    </Paper>
  );
}
