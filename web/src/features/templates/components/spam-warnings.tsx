import { Alert, List, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { TemplateSpamWarning } from '../../../../../src/domain/template-lint.js';

/** Spam lint findings with their reason, beside the fields; a warning, never in the way of saving. */
export function SpamWarnings({ warnings }: { warnings: readonly TemplateSpamWarning[] }) {
  const { t } = useTranslation();
  if (warnings.length === 0) return null;
  return (
    <Alert color="yellow" title={t('templates.spamTitle')} data-testid="spam-warnings" aria-live="polite">
      <List size="sm" spacing={2}>
        {warnings.map((w, i) => (
          <List.Item key={i} data-testid="spam-warning">
            {t(`templates.spamFields.${w.field}`)}: “{w.excerpt}” — {t(`templates.spamReasons.${w.code.replace(/^spam\./, '')}`)}
          </List.Item>
        ))}
      </List>
      <Text size="xs" mt={4}>{t('templates.spamHint')}</Text>
    </Alert>
  );
}
