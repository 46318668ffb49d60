import { Alert, Button, Card, Code, Group, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../../shared/api-client.js';
import { ConfirmDelete } from '../../../shared/components/confirm-delete.js';
import { ListTable } from '../../../shared/components/list-table.js';
import { errorText, fieldErrors } from '../../../shared/error-text.js';
import { useConfirmDelete } from '../../../shared/hooks/use-confirm-delete.js';
import type { ApiKeyRow, NewApiKey } from '../api.js';
import { useApiKeys, useCreateApiKey, useRevokeApiKey } from '../hooks/use-api-keys.js';
import { NewApiKeyBox } from './new-api-key-box.js';

// Dates follow the UI language, not the browser's locale, so an English page reads English dates.
const time = (iso: string, lang: string) => new Date(iso).toLocaleString(lang === 'en' ? 'en-GB' : 'id-ID', { dateStyle: 'medium', timeStyle: 'short' });

/** "Kunci API": list, create (secret shown once) and revoke; owners and admins only. */
export function ApiKeysSection() {
  const { t, i18n } = useTranslation();
  const keys = useApiKeys();
  const create = useCreateApiKey();
  const [name, setName] = useState('');
  const [created, setCreated] = useState<NewApiKey | null>(null);
  // The secret box belongs to the key just revoked: no point keeping it on screen.
  const revoke = useConfirmDelete<ApiKeyRow>(useRevokeApiKey(), (k) => {
    if (created?.id === k.id) setCreated(null);
  });

  const nameErrors = fieldErrors(t, create.error).name;
  const general = create.error && !(create.error instanceof ApiError && create.error.errors.some((e) => e.field === 'name')) ? errorText(t, create.error) : null;

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate(name.trim(), {
      onSuccess: (key) => {
        setCreated(key);
        setName('');
      },
    });
  };

  return (
    <Card withBorder padding="lg" data-testid="api-keys-section">
      <Stack>
        <div>
          <Title order={3}>{t('settings.apiKeys')}</Title>
          <Text size="sm" c="dimmed">
            {t('settings.apiKeysHint')}
          </Text>
        </div>
        <form onSubmit={onSubmit} noValidate>
          <Group align="flex-start" gap="sm">
            <TextInput
              label={t('settings.keyName')}
              placeholder={t('settings.keyNamePlaceholder')}
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
              error={nameErrors?.join(' ')}
              w={320}
            />
            <Button type="submit" loading={create.isPending} mt={25}>
              {t('settings.createKey')}
            </Button>
          </Group>
        </form>
        {general && (
          <Alert color="red" role="alert">
            {general}
          </Alert>
        )}
        {created && <NewApiKeyBox created={created} onDone={() => setCreated(null)} />}
        {keys.error && <Alert color="red">{errorText(t, keys.error)}</Alert>}
        <ListTable
          testId="api-key-table"
          columns={[t('settings.keyName'), t('settings.prefix'), t('settings.created'), t('settings.lastUsed'), { label: t('common.actions'), w: 110 }]}
          empty={keys.data?.items.length === 0}
        >
          {keys.data?.items.map((k) => (
            <Table.Tr key={k.id} data-testid={`api-key-row-${k.name}`}>
              <Table.Td fw={500}>{k.name}</Table.Td>
              <Table.Td>
                <Code>{k.prefix}…</Code>
              </Table.Td>
              <Table.Td>{time(k.createdAt, i18n.language)}</Table.Td>
              <Table.Td>{k.lastUsedAt ? time(k.lastUsedAt, i18n.language) : <Text span c="dimmed" size="sm">{t('settings.never')}</Text>}</Table.Td>
              <Table.Td>
                <Button
                  size="compact-sm"
                  variant="light"
                  color="red"
                  aria-label={`${t('settings.revoke')} ${k.name}`}
                  onClick={() => revoke.ask(k)}
                >
                  {t('settings.revoke')}
                </Button>
              </Table.Td>
            </Table.Tr>
          ))}
        </ListTable>
      </Stack>
      <ConfirmDelete
        {...revoke.dialogProps}
        title={t('settings.revokeTitle')}
        confirmLabel={t('settings.revoke')}
        text={t('settings.revokeConfirm', { name: revoke.target?.name ?? '' })}
      />
    </Card>
  );
}
