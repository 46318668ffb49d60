import { Alert, Badge, Button, Card, Group, Loader, PasswordInput, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { WHATSAPP_WEBHOOK_PATH, type Me, type WhatsAppAccount } from '../../../../../src/contracts/index.js';
import { ApiError } from '../../../shared/api-client.js';
import { CopyValue } from '../../../shared/components/copy-value.js';
import { LoadError } from '../../../shared/components/data-list.js';
import { errorText, fieldErrorText } from '../../../shared/error-text.js';
import { useSaveWhatsAppAccount, useWhatsAppAccount } from '../hooks/use-whatsapp-account.js';
import { useUnsavedGuard } from '../../../shared/hooks/use-unsaved-guard.js';

const FIELDS = ['phoneNumberId', 'wabaId', 'appId', 'accessToken', 'appSecret', 'verifyToken'] as const;
type Field = (typeof FIELDS)[number];
type Secret = 'accessToken' | 'appSecret' | 'verifyToken';

/** Which transport the workspace's messages take, and why (shown to every role). */
export function WhatsappTransportStatus({ transport, source }: { transport: Me['whatsappTransport']; source?: WhatsAppAccount['source'] }) {
  const { t } = useTranslation();
  return (
    <Stack gap="xs" data-testid="whatsapp-transport">
      <Title order={3}>{t('settings.whatsapp')}</Title>
      <Group gap="sm">
        <Text size="sm" fw={500}>
          {t('settings.transport')}:
        </Text>
        <Badge color={transport === 'sandbox' ? 'orange' : 'teal'} variant="filled" tt="none">
          {t(`settings.transports.${transport}`)}
        </Badge>
        {source && source !== 'sandbox' && (
          <Text size="sm" c="dimmed" data-testid="whatsapp-source">
            {t(`settings.wa.sources.${source}`)}
          </Text>
        )}
      </Group>
      <Text size="sm" c="dimmed">
        {source === 'workspace' ? t('settings.wa.workspaceHint') : t(`settings.transportHint.${transport}`)}
      </Text>
    </Stack>
  );
}

/** Pengaturan → WhatsApp for owners and admins: the connection, the form to connect the workspace's own number, and the webhook URL for Meta. */
export function WhatsAppSection({ transport }: { transport: Me['whatsappTransport'] }) {
  const { t } = useTranslation();
  const account = useWhatsAppAccount();
  // Lives here: a save re-keys the form below (its source or number changed), and the note must stay.
  const [saved, setSaved] = useState(false);
  return (
    <Card withBorder padding="lg" data-testid="whatsapp-section">
      <Stack>
        <WhatsappTransportStatus transport={transport} {...(account.data ? { source: account.data.source } : {})} />
        {account.error && <LoadError error={account.error} onRetry={account.refetch} />}
        {!account.data && !account.error && <Loader size="sm" aria-label={t('app.loading')} />}
        {/* Keyed: a number saved elsewhere starts the form afresh instead of syncing state. */}
        {account.data && <WhatsAppForm key={`${account.data.source}:${account.data.phoneNumberId ?? ''}`} account={account.data} saved={saved} onSaved={setSaved} />}
      </Stack>
    </Card>
  );
}

function WhatsAppForm({ account, saved, onSaved }: { account: WhatsAppAccount; saved: boolean; onSaved: (saved: boolean) => void }) {
  const { t } = useTranslation();
  const save = useSaveWhatsAppAccount();
  const [phoneNumberId, setPhoneNumberId] = useState(account.phoneNumberId ?? '');
  const [wabaId, setWabaId] = useState(account.wabaId ?? '');
  const [appId, setAppId] = useState(account.appId ?? '');
  // Secrets are write-only: the inputs start empty, and empty keeps what is stored.
  const [secrets, setSecrets] = useState<Record<Secret, string>>({ accessToken: '', appSecret: '', verifyToken: '' });
  const stored = account.source === 'workspace';
  const dirty = phoneNumberId !== (account.phoneNumberId ?? '') || wabaId !== (account.wabaId ?? '') || appId !== (account.appId ?? '') || Object.values(secrets).some((v) => v !== '');
  const guard = useUnsavedGuard(dirty && !save.isPending);

  const errorsOf = (field: Field): string | undefined => {
    if (!(save.error instanceof ApiError)) return undefined;
    const texts = save.error.errors.filter((e) => e.field === field).map((e) => {
      if (e.reason === 'invalid_format') return t(field === 'phoneNumberId' || field === 'wabaId' || field === 'appId' ? 'settings.wa.digitsOnly' : 'settings.wa.secretChars');
      if (e.reason === 'too_big') return t('settings.wa.tooLong');
      return fieldErrorText(t, e);
    });
    return texts.length > 0 ? [...new Set(texts)].join(' ') : undefined;
  };
  const general = save.error && !(save.error instanceof ApiError && save.error.errors.some((e) => (FIELDS as readonly string[]).includes(e.field))) ? errorText(t, save.error) : null;

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    onSaved(false);
    const given = (v: string) => (v.trim() === '' ? undefined : v.trim());
    save.mutate({
      phoneNumberId: phoneNumberId.trim(),
      wabaId: wabaId.trim() || null,
      appId: appId.trim() || null,
      accessToken: given(secrets.accessToken),
      appSecret: given(secrets.appSecret),
      verifyToken: given(secrets.verifyToken),
    }, {
      onSuccess: () => {
        setSecrets({ accessToken: '', appSecret: '', verifyToken: '' });
        onSaved(true);
      },
    });
  };

  const secretInput = (field: Secret) => {
    const masked = account[field];
    return (
      <PasswordInput
        label={t(`settings.wa.${field}`)}
        description={stored && masked ? t('settings.wa.stored', { masked }) : t(`settings.wa.${field}Help`)}
        placeholder={stored && masked ? masked : ''}
        autoComplete="new-password"
        spellCheck={false}
        value={secrets[field]}
        onChange={(e) => {
          const value = e.currentTarget.value;
          setSecrets((s) => ({ ...s, [field]: value }));
        }}
        error={errorsOf(field)}
        withAsterisk={!stored}
        data-testid={`wa-${field}`}
      />
    );
  };

  const webhookUrl = account.webhookUrl ?? `${window.location.origin}${WHATSAPP_WEBHOOK_PATH}`;

  return (
    <Stack gap="lg">
      {guard.dialog}
      <form onSubmit={onSubmit} noValidate aria-label={t('settings.wa.formLabel')}>
        <Stack>
          {!stored && <Text size="sm">{t('settings.wa.hint')}</Text>}
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md" verticalSpacing="md">
            <TextInput
              label={t('settings.wa.phoneNumberId')}
              description={t('settings.wa.phoneNumberIdHelp')}
              inputMode="numeric"
              withAsterisk
              value={phoneNumberId}
              onChange={(e) => setPhoneNumberId(e.currentTarget.value)}
              error={errorsOf('phoneNumberId')}
              data-testid="wa-phoneNumberId"
            />
            <TextInput
              label={t('settings.wa.wabaId')}
              description={t('settings.wa.wabaIdHelp')}
              inputMode="numeric"
              value={wabaId}
              onChange={(e) => setWabaId(e.currentTarget.value)}
              error={errorsOf('wabaId')}
              data-testid="wa-wabaId"
            />
            <TextInput
              label={t('settings.wa.appId')}
              description={t('settings.wa.appIdHelp')}
              inputMode="numeric"
              value={appId}
              onChange={(e) => setAppId(e.currentTarget.value)}
              error={errorsOf('appId')}
              data-testid="wa-appId"
            />
          </SimpleGrid>
          {secretInput('accessToken')}
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md" verticalSpacing="md">
            {secretInput('appSecret')}
            {secretInput('verifyToken')}
          </SimpleGrid>
          {general && (
            <Alert color="red" role="alert">
              {general}
            </Alert>
          )}
          {saved && !save.error && (
            <Alert color="teal" role="status" data-testid="wa-saved">
              {t('settings.wa.saved')}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button type="submit" loading={save.isPending}>
              {t('settings.wa.save')}
            </Button>
          </Group>
        </Stack>
      </form>
      <Stack gap={6} data-testid="wa-webhook">
        <Text size="sm" fw={500}>
          {t('settings.wa.webhook')}
        </Text>
        <CopyValue value={webhookUrl} testId="wa-webhook-url" />
        <Text size="xs" c="dimmed">
          {t('settings.wa.webhookHelp')}
        </Text>
      </Stack>
    </Stack>
  );
}
