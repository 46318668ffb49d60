import { Alert, Code, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Message } from '../../../../../src/contracts/index.js';
import { uiLanguage } from '../words.js';

/**
 * Why a message did not go, in the shop owner's words (server-side explainFailure), with what to do
 * next; the raw reason and the provider's detail stay behind "Detail teknis". Compact: one line each for lists.
 */
export function FailureExplanation({ message, compact = false }: { message: Pick<Message, 'failure' | 'failureReason' | 'failureDetail' | 'status'>; compact?: boolean }) {
  const { t } = useTranslation();
  const f = message.failure;
  if (!f) return null;
  const lang = uiLanguage();
  const problem = message.status === 'failed' || message.status === 'skipped';
  if (compact) {
    return (
      <div data-testid="failure-explanation">
        <Text size="sm" c={problem ? 'red.9' : 'dimmed'}>{f.text[lang]}</Text>
        <Text size="xs" c="dimmed">{f.hint[lang]}</Text>
      </div>
    );
  }
  return (
    <Alert color={problem ? 'red' : 'gray'} title={f.text[lang]} data-testid="failure-explanation">
      <Text size="sm">
        <Text span fw={600}>{t('messageTools.whatNext')}: </Text>
        {f.hint[lang]}
      </Text>
      <details>
        <summary>
          <Text span size="xs">{t('messageTools.technicalDetail')}</Text>
        </summary>
        <Code block style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
          {[message.failureReason, message.failureDetail].filter(Boolean).join('\n')}
        </Code>
      </details>
    </Alert>
  );
}
