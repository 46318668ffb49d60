import { Alert, Badge, Button, Card, Group, Loader, NumberInput, PasswordInput, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { SmsAccount } from '../../../../../src/contracts/index.js';
import { ApiError } from '../../../shared/api-client.js';
import { CopyValue } from '../../../shared/components/copy-value.js';
import { LoadError } from '../../../shared/components/data-list.js';
import { errorText, fieldErrorText } from '../../../shared/error-text.js';
import { useUnsavedGuard } from '../../../shared/hooks/use-unsaved-guard.js';
import { useSaveSmsAccount, useSmsAccount } from '../hooks/use-sms-account.js';

const FIELDS = ['accountSid', 'from', 'authToken', 'ratePerSecond'] as const;
type Field = (typeof FIELDS)[number];

/** Pengaturan → SMS for owners: the workspace's SMS sender (Twilio or a compatible gateway), and the webhook URL for receipts and incoming SMS. */
export function SmsSection() {
  const { t } = useTranslation();
  const account = useSmsAccount();
  const [saved, setSaved] = useState(false);
  return (
    <Card withBorder padding="lg" data-testid="sms-section">
      <Stack>
        <Group gap="sm">
          <Title order={3}>{t('settings.sms.title')}</Title>
          {account.data && (
            <Badge color={account.data.configured ? 'teal' : 'orange'} variant="filled" tt="none" data-testid="sms-source">
              {t(`settings.sms.sources.${account.data.source}`)}
            </Badge>
          )}
        </Group>
        {account.error && <LoadError error={account.error} onRetry={account.refetch} />}
        {!account.data && !account.error && <Loader size="sm" aria-label={t('app.loading')} />}
        {account.data && <SmsForm key={`${account.data.source}:${account.data.accountSid ?? ''}:${account.data.from ?? ''}`} account={account.data} saved={saved} onSaved={setSaved} />}
      </Stack>
    </Card>
  );
}

function SmsForm({ account, saved, onSaved }: { account: SmsAccount; saved: boolean; onSaved: (saved: boolean) => void }) {
  const { t } = useTranslation();
  const save = useSaveSmsAccount();
  const stored = account.source === 'workspace';
  const [accountSid, setAccountSid] = useState(stored ? account.accountSid ?? '' : '');
  const [from, setFrom] = useState(stored ? account.from ?? '' : '');
  const [authToken, setAuthToken] = useState('');
  const [rate, setRate] = useState<number | string>(stored && account.ratePerSecond !== null ? account.ratePerSecond : '');
  const dirty = accountSid !== (stored ? account.accountSid ?? '' : '') || from !== (stored ? account.from ?? '' : '') || authToken !== '';
  const guard = useUnsavedGuard(dirty && !save.isPending);

  const errorsOf = (field: Field): string | undefined => {
    if (!(save.error instanceof ApiError)) return undefined;
    const texts = save.error.errors.filter((e) => e.field === field).map((e) => fieldErrorText(t, e));
    return texts.length > 0 ? [...new Set(texts)].join(' ') : undefined;
  };
  const general = save.error && !(save.error instanceof ApiError && save.error.errors.some((e) => (FIELDS as readonly string[]).includes(e.field))) ? errorText(t, save.error) : null;

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    onSaved(false);
    save.mutate({
      accountSid: accountSid.trim(),
      from: from.trim(),
      authToken: authToken.trim() === '' ? undefined : authToken.trim(),
      ratePerSecond: typeof rate === 'number' ? rate : null,
    }, { onSuccess: () => { setAuthToken(''); onSaved(true); } });
  };

  return (
    <Stack gap="lg">
      {guard.dialog}
      <form onSubmit={onSubmit} noValidate aria-label={t('settings.sms.formLabel')}>
        <Stack>
          <Text size="sm" c="dimmed">{account.source === 'environment' ? t('settings.sms.environmentHint', { from: account.from ?? '' }) : t('settings.sms.hint')}</Text>
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md" verticalSpacing="md">
            <TextInput label={t('settings.sms.accountSid')} description={t('settings.sms.accountSidHelp')} withAsterisk spellCheck={false}
              value={accountSid} onChange={(e) => setAccountSid(e.currentTarget.value)} error={errorsOf('accountSid')} data-testid="sms-accountSid" />
            <TextInput label={t('settings.sms.from')} description={t('settings.sms.fromHelp')} withAsterisk spellCheck={false}
              value={from} onChange={(e) => setFrom(e.currentTarget.value)} error={errorsOf('from')} data-testid="sms-from" />
            <PasswordInput label={t('settings.sms.authToken')} autoComplete="new-password" spellCheck={false} withAsterisk={!stored}
              description={stored && account.authToken ? t('settings.wa.stored', { masked: account.authToken }) : t('settings.sms.authTokenHelp')}
              value={authToken} onChange={(e) => setAuthToken(e.currentTarget.value)} error={errorsOf('authToken')} data-testid="sms-authToken" />
            <NumberInput label={t('settings.sms.rate')} description={t('settings.sms.rateHelp')} min={1} max={1000} allowDecimal={false}
              value={rate} onChange={setRate} error={errorsOf('ratePerSecond')} data-testid="sms-rate" />
          </SimpleGrid>
          {general && <Alert color="red" role="alert">{general}</Alert>}
          {saved && !save.error && <Alert color="teal" role="status" data-testid="sms-saved">{t('settings.sms.saved')}</Alert>}
          <Group justify="flex-end">
            <Button type="submit" loading={save.isPending}>{t('settings.sms.save')}</Button>
          </Group>
        </Stack>
      </form>
      <Stack gap={6}>
        <Text size="sm" fw={500}>{t('settings.sms.webhook')}</Text>
        {account.webhookUrl ? <CopyValue value={account.webhookUrl} testId="sms-webhook-url" /> : <Text size="sm" c="dimmed">{t('settings.sms.noPublicUrl')}</Text>}
        <Text size="xs" c="dimmed">{t('settings.sms.webhookHelp')}</Text>
      </Stack>
    </Stack>
  );
}
