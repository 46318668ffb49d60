import { Alert, Badge, Button, Card, Group, Loader, PasswordInput, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { EmailAccount } from '../../../../../src/contracts/email-channel.js';
import { ApiError } from '../../../shared/api-client.js';
import { CopyValue } from '../../../shared/components/copy-value.js';
import { LoadError } from '../../../shared/components/data-list.js';
import { errorText, fieldErrorText } from '../../../shared/error-text.js';
import { useEmailAccount, useSaveEmailAccount, useSendTestEmail } from '../hooks/use-email-account.js';

/** Pengaturan → Email for owners: where email goes (SMTP account or sandbox), the form, a test send, the bounce webhook URL. */
export function EmailSection() {
  const { t } = useTranslation();
  const account = useEmailAccount();
  // Lives here: a save re-keys the form (its source or address changed), and the note must stay.
  const [saved, setSaved] = useState(false);
  return (
    <Card withBorder padding="lg" data-testid="email-section">
      <Stack>
        <Group gap="sm">
          <Title order={3}>{t('emailChannel.title')}</Title>
          {account.data && (
            <Badge color={account.data.source === 'sandbox' ? 'orange' : 'teal'} variant="filled" tt="none" data-testid="email-source">
              {t(`emailChannel.sources.${account.data.source}`)}
            </Badge>
          )}
        </Group>
        {account.error && <LoadError error={account.error} onRetry={account.refetch} />}
        {!account.data && !account.error && <Loader size="sm" aria-label={t('app.loading')} />}
        {account.data && <EmailForm key={`${account.data.source}:${account.data.fromAddress ?? ''}`} account={account.data} saved={saved} onSaved={setSaved} />}
      </Stack>
    </Card>
  );
}

function EmailForm({ account, saved, onSaved }: { account: EmailAccount; saved: boolean; onSaved: (saved: boolean) => void }) {
  const { t } = useTranslation();
  const save = useSaveEmailAccount();
  const test = useSendTestEmail();
  const stored = account.source === 'workspace';
  // The URL holds the password: write-only, the input starts empty and empty keeps what is stored.
  const [smtpUrl, setSmtpUrl] = useState('');
  const [fromName, setFromName] = useState(account.fromName ?? '');
  const [fromAddress, setFromAddress] = useState(account.fromAddress ?? '');
  const [testTo, setTestTo] = useState('');

  const errorOf = (field: string) => (save.error instanceof ApiError
    ? save.error.errors.filter((e) => e.field === field).map((e) => fieldErrorText(t, e)).join(' ') || undefined
    : undefined);
  const general = save.error && !(save.error instanceof ApiError && save.error.errors.length > 0) ? errorText(t, save.error) : null;

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    onSaved(false);
    save.mutate({ smtpUrl: smtpUrl.trim() || null, fromName: fromName.trim(), fromAddress: fromAddress.trim() }, {
      onSuccess: () => {
        setSmtpUrl('');
        onSaved(true);
      },
    });
  };

  return (
    <Stack gap="lg">
      {!account.unsubscribeReady && <Alert color="yellow" data-testid="email-unsubscribe-missing">{t('emailChannel.unsubscribeMissing')}</Alert>}
      <form onSubmit={onSubmit} noValidate aria-label={t('emailChannel.title')}>
        <Stack>
          {!stored && <Text size="sm">{t('emailChannel.hint')}</Text>}
          <PasswordInput
            label={t('emailChannel.smtpUrl')}
            description={stored && account.smtpUrl ? t('emailChannel.stored', { masked: account.smtpUrl }) : t('emailChannel.smtpUrlHelp')}
            placeholder={stored && account.smtpUrl ? account.smtpUrl : 'smtp://'}
            autoComplete="new-password"
            spellCheck={false}
            withAsterisk={!stored}
            value={smtpUrl}
            onChange={(e) => setSmtpUrl(e.currentTarget.value)}
            error={errorOf('smtpUrl')}
            data-testid="email-smtpUrl"
          />
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
            <TextInput label={t('emailChannel.fromName')} value={fromName} onChange={(e) => setFromName(e.currentTarget.value)} error={errorOf('fromName')} data-testid="email-fromName" />
            <TextInput label={t('emailChannel.fromAddress')} type="email" withAsterisk value={fromAddress} onChange={(e) => setFromAddress(e.currentTarget.value)} error={errorOf('fromAddress')} data-testid="email-fromAddress" />
          </SimpleGrid>
          {general && <Alert color="red" role="alert">{general}</Alert>}
          {saved && !save.error && <Alert color="teal" role="status" data-testid="email-saved">{t('emailChannel.saved')}</Alert>}
          <Group justify="flex-end">
            <Button type="submit" loading={save.isPending}>{t('emailChannel.save')}</Button>
          </Group>
        </Stack>
      </form>
      <Group align="flex-end">
        <TextInput label={t('emailChannel.testTo')} type="email" value={testTo} onChange={(e) => setTestTo(e.currentTarget.value)} data-testid="email-test-to" style={{ flex: 1 }} />
        <Button variant="default" loading={test.isPending} disabled={testTo.trim() === ''} onClick={() => test.mutate(testTo.trim())}>{t('emailChannel.test')}</Button>
      </Group>
      {test.data && (
        <Alert color={test.data.ok ? 'teal' : 'red'} role="status" data-testid="email-test-result">
          {test.data.ok ? t('emailChannel.testOk') : t('emailChannel.testFailed', { detail: test.data.detail ?? '' })}
        </Alert>
      )}
      {test.error && <Alert color="red" role="alert">{errorText(t, test.error)}</Alert>}
      {account.bounceWebhookUrl && (
        <Stack gap={6} data-testid="email-bounce-webhook">
          <Text size="sm" fw={500}>{t('emailChannel.bounceWebhook')}</Text>
          <CopyValue value={account.bounceWebhookUrl} testId="email-bounce-webhook-url" />
          <Text size="xs" c="dimmed">{t('emailChannel.bounceWebhookHelp')}</Text>
        </Stack>
      )}
    </Stack>
  );
}
