import { Alert, Badge, Button, Card, Checkbox, Code, Group, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { API_KEY_SCOPES, type ApiKeyScope } from '../../../../../src/domain/vocabulary.js';
import { ApiError } from '../../../shared/api-client.js';
import { ConfirmDelete } from '../../../shared/components/confirm-delete.js';
import { DataList } from '../../../shared/components/data-list.js';
import { errorText, fieldErrors } from '../../../shared/error-text.js';
import { useConfirmDelete } from '../../../shared/hooks/use-confirm-delete.js';
import type { ApiKeyRow, NewApiKey } from '../api.js';
import { useApiKeys, useCreateApiKey, useRevokeApiKey } from '../hooks/use-api-keys.js';
import { NewApiKeyBox } from './new-api-key-box.js';
import { useFormatTime } from '../../../shared/hooks/use-format-time.js';

// Dates follow the UI language, not the browser's locale, so an English page reads English dates.

/** "Kunci API": list, create (secret shown once) and revoke; owners and admins only. */
export function ApiKeysSection() {
  const { t } = useTranslation();
  const time = useFormatTime().dateTime;
  const keys = useApiKeys();
  const create = useCreateApiKey();
  const [name, setName] = useState('');
  // What a POS needs, and nothing more, unless the owner ticks more.
  const [scopes, setScopes] = useState<ApiKeyScope[]>(['events:write']);
  const [created, setCreated] = useState<NewApiKey | null>(null);
  // The secret box belongs to the key just revoked: no point keeping it on screen.
  const revoke = useConfirmDelete<ApiKeyRow>(
    useRevokeApiKey(),
    (k) => {
      if (created?.id === k.id) setCreated(null);
    },
    t('settings.revoked'),
  );

  const nameErrors = fieldErrors(t, create.error).name;
  const general = create.error && !(create.error instanceof ApiError && create.error.errors.some((e) => e.field === 'name')) ? errorText(t, create.error) : null;

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate({ name: name.trim(), scopes }, {
      onSuccess: (key) => {
        setCreated(key);
        setName('');
        setScopes(['events:write']);
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
              maw="100%"
            />
            <Button type="submit" loading={create.isPending} mt={25}>
              {t('settings.createKey')}
            </Button>
          </Group>
          <Checkbox.Group label={t('settings.scopes')} description={t('settings.scopesHint')} value={scopes} onChange={(v) => setScopes(v as ApiKeyScope[])} mt="sm">
            <Stack gap={6} mt={6}>
              {API_KEY_SCOPES.map((s) => <Checkbox key={s} value={s} label={t(`settings.scope.${s}`)} />)}
            </Stack>
          </Checkbox.Group>
        </form>
        {general && (
          <Alert color="red" role="alert">
            {general}
          </Alert>
        )}
        {created && <NewApiKeyBox created={created} onDone={() => setCreated(null)} />}
        <DataList
          testId="api-key-table"
          rows={keys.data?.items}
          query={keys}
          rowKey={(k) => k.id}
          rowTestId={(k) => `api-key-row-${k.name}`}
          columns={[
            { label: t('settings.keyName'), render: (k) => <Text size="sm" fw={500}>{k.name}</Text> },
            { label: t('settings.prefix'), render: (k) => <Code>{k.prefix}…</Code> },
            {
              label: t('settings.scopes'),
              render: (k) => (
                <Group gap={4}>
                  {k.scopes.map((s) => <Badge key={s} variant="light" color={s === 'admin' ? 'orange' : 'gray'} tt="none">{s}</Badge>)}
                </Group>
              ),
            },
            { label: t('settings.created'), render: (k) => time(k.createdAt) },
            {
              label: t('settings.lastUsed'),
              render: (k) =>
                k.lastUsedAt ? (
                  time(k.lastUsedAt)
                ) : (
                  <Text span c="dimmed" size="sm">
                    {t('settings.never')}
                  </Text>
                ),
            },
          ]}
          actions={{
            label: t('common.actions'),
            w: 110,
            render: (k) => (
              <Button size="compact-sm" variant="light" color="red" aria-label={`${t('settings.revoke')} ${k.name}`} onClick={() => revoke.ask(k)}>
                {t('settings.revoke')}
              </Button>
            ),
          }}
        />
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
