import { Alert, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { explainFailure } from '../../../../../src/domain/failure-reasons.js';
import { MESSAGE_STATUSES } from '../../../../../src/domain/vocabulary.js';
import { errorText } from '../../../shared/error-text.js';
import { MessageDrawer } from '../../messages/components/message-drawer.js';
import { StatusBadge } from '../../messages/components/status-badge.js';
import { FormattedText } from '../../templates/components/formatted-text.js';
import type { TestResult } from '../api.js';
import { useSendTest } from '../hooks/use-broadcasts.js';
import { ContactPicker, type PickedContact } from './contact-picker.js';

/** The playbook's "make sure it works first": one real message to a chosen contact, and what came of it. */
export function TestSendPanel({ broadcastId }: { broadcastId: string }) {
  const { t } = useTranslation();
  const [contact, setContact] = useState<PickedContact | null>(null);
  const [sentTo, setSentTo] = useState<string>('');
  const [detail, setDetail] = useState<string | null>(null);
  const test = useSendTest(broadcastId);
  const send = () => {
    if (!contact) return;
    setSentTo(contact.label);
    test.mutate(contact.value);
  };
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby="test-title" data-testid="test-send">
      <Stack gap="sm">
        <Title order={3} size="h4" id="test-title">
          {t('broadcasts.testTitle')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('broadcasts.testHint')}
        </Text>
        <Group align="flex-end" gap="sm">
          <div style={{ flex: '1 1 260px', minWidth: 0 }}>
            <ContactPicker label={t('broadcasts.testContact')} value={contact} onChange={setContact} />
          </div>
          <Button variant="light" onClick={send} disabled={!contact} loading={test.isPending}>
            {t('broadcasts.testSend')}
          </Button>
        </Group>
        {test.error && (
          <Alert color="red" role="alert">
            {errorText(t, test.error)}
          </Alert>
        )}
        {test.data && <TestOutcome result={test.data} to={sentTo} onOpen={() => setDetail(test.data.messageId)} />}
      </Stack>
      <MessageDrawer id={detail} onClose={() => setDetail(null)} />
    </Paper>
  );
}

function TestOutcome({ result, to, onOpen }: { result: TestResult; to: string; onOpen: () => void }) {
  const { t } = useTranslation();
  const status = MESSAGE_STATUSES.find((s) => s === result.status);
  const open = (
    <Button size="compact-sm" variant="subtle" onClick={onOpen}>
      {t('messages.detail')}
    </Button>
  );
  if (result.failureReason) {
    const words = explainFailure(result.failureReason);
    const lang = t('app.lang') === 'en' ? 'en' : 'id';
    return (
      <Alert color="red" title={t('broadcasts.testFailed')} data-testid="test-result" data-outcome="failed">
        <Stack gap={4} align="flex-start">
          <Text size="sm" fw={600}>{words.text[lang]}</Text>
          <Text size="sm">
            <Text span fw={600}>{t('messageTools.whatNext')}: </Text>
            {words.hint[lang]}
          </Text>
          {open}
        </Stack>
      </Alert>
    );
  }
  return (
    <Stack gap={6} data-testid="test-result" data-outcome="sent">
      <Group gap="xs">
        <Text size="sm">{t('broadcasts.testSentTo', { name: to })}</Text>
        {status && <StatusBadge status={status} />}
        {open}
      </Group>
      <Paper p="sm" radius="md" bg="#dcf8c6" shadow="xs" maw={420}>
        <Text size="sm" c="dark.9" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }} data-testid="test-result-body">
          <FormattedText text={result.body} />
        </Text>
      </Paper>
    </Stack>
  );
}
