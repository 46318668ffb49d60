import { Alert, Badge, Button, Card, Group, Loader, PasswordInput, Select, Stack, Table, Text, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ShopConnection } from '../../../../src/contracts/index.js';
import { SHOP_PLATFORMS, type ShopPlatform } from '../../../../src/domain/shop/platform.js';
import { ApiError } from '../../shared/api-client.js';
import { CopyValue } from '../../shared/components/copy-value.js';
import { LoadError } from '../../shared/components/data-list.js';
import { errorText, fieldErrorText } from '../../shared/error-text.js';
import { formatDateTime } from '../../shared/format-time.js';
import { triggerLabel } from '../../shared/trigger-labels.js';
import { ShopTester } from './shop-tester.js';
import { useChangeShopSecret, useCreateShopConnection, useDeleteShopConnection, useShopConnections, useShopMapping } from './use-shop-connections.js';

export const PLATFORM_LABELS: Record<ShopPlatform, string> = { woocommerce: 'WooCommerce', shopify: 'Shopify' };

/**
 * Pengaturan → Toko online: orders straight from WooCommerce or Shopify. Owners connect a platform
 * (its webhook URL to paste there, the secret from there); owners and admins see the mapping and
 * try sample payloads in the tester.
 */
export function ShopSection({ isOwner }: { isOwner: boolean }) {
  const { t } = useTranslation();
  const connections = useShopConnections();
  const connected = new Set((connections.data?.items ?? []).map((c) => c.platform));
  const free = SHOP_PLATFORMS.filter((p) => !connected.has(p));
  return (
    <Card withBorder padding="lg" data-testid="shop-section">
      <Stack>
        <div>
          <Title order={3}>{t('shop.title')}</Title>
          <Text size="sm" c="dimmed">{t('shop.hint')}</Text>
        </div>
        {connections.error && <LoadError error={connections.error} onRetry={connections.refetch} />}
        {!connections.data && !connections.error && <Loader size="sm" aria-label={t('app.loading')} />}
        {connections.data?.items.map((c) => <ConnectionCard key={c.id} connection={c} isOwner={isOwner} />)}
        {connections.data && connections.data.items.length === 0 && <Text size="sm" data-testid="shop-none">{t('shop.none')}</Text>}
        {isOwner && free.length > 0 && <NewConnectionForm platforms={free} />}
        <MappingTables />
        <ShopTester />
      </Stack>
    </Card>
  );
}

function ConnectionCard({ connection, isOwner }: { connection: ShopConnection; isOwner: boolean }) {
  const { t, i18n } = useTranslation();
  const change = useChangeShopSecret();
  const remove = useDeleteShopConnection();
  const [secret, setSecret] = useState('');
  const [saved, setSaved] = useState(false);
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    setSaved(false);
    change.mutate({ id: connection.id, secret: secret.trim() }, { onSuccess: () => { setSecret(''); setSaved(true); } });
  };
  const fieldError = change.error instanceof ApiError ? change.error.errors.map((er) => fieldErrorText(t, er)).join(' ') || errorText(t, change.error) : change.error ? errorText(t, change.error) : undefined;
  return (
    <Card withBorder padding="md" data-testid={`shop-connection-${connection.platform}`}>
      <Stack gap="sm">
        <Group justify="space-between" wrap="wrap">
          <Group gap="xs">
            <Text fw={600}>{PLATFORM_LABELS[connection.platform]}</Text>
            <Badge color={connection.lastReceivedAt ? 'teal' : 'gray'} variant="light" tt="none">
              {connection.lastReceivedAt
                ? t('shop.lastReceived', { at: formatDateTime(connection.lastReceivedAt, i18n.language) })
                : t('shop.nothingYet')}
            </Badge>
          </Group>
          {isOwner && (
            <Button variant="subtle" color="red" size="xs" loading={remove.isPending} onClick={() => { if (window.confirm(t('shop.confirmDelete'))) remove.mutate(connection.id); }}>
              {t('shop.delete')}
            </Button>
          )}
        </Group>
        <Text size="sm" fw={500}>{t('shop.webhookUrl')}</Text>
        <CopyValue value={connection.webhookUrl} testId={`shop-url-${connection.platform}`} />
        <Text size="xs" c="dimmed">{t(`shop.howTo.${connection.platform}`, { topics: connection.topics.join(', ') })}</Text>
        {isOwner && (
          <form onSubmit={onSubmit} noValidate aria-label={t('shop.changeSecret')}>
            <Group align="flex-end" wrap="wrap">
              <PasswordInput style={{ flex: 1, minWidth: 200 }} label={t('shop.secret')} description={t('settings.wa.stored', { masked: connection.secret })}
                autoComplete="new-password" spellCheck={false} value={secret} onChange={(e) => setSecret(e.currentTarget.value)} error={fieldError} />
              <Button type="submit" variant="default" loading={change.isPending} disabled={secret.trim() === ''}>{t('shop.changeSecret')}</Button>
            </Group>
            {saved && !change.error && <Text size="sm" c="teal.8" role="status" mt={4}>{t('shop.secretChanged')}</Text>}
          </form>
        )}
        {remove.error && <Alert color="red" role="alert">{errorText(t, remove.error)}</Alert>}
      </Stack>
    </Card>
  );
}

function NewConnectionForm({ platforms }: { platforms: ShopPlatform[] }) {
  const { t } = useTranslation();
  const create = useCreateShopConnection();
  const [platform, setPlatform] = useState<ShopPlatform>(platforms[0]!);
  const [secret, setSecret] = useState('');
  const chosen = platforms.includes(platform) ? platform : platforms[0]!;
  const errorsOf = (field: string) => {
    if (!(create.error instanceof ApiError)) return undefined;
    const texts = create.error.errors.filter((e) => e.field === field).map((e) => fieldErrorText(t, e));
    return texts.length > 0 ? texts.join(' ') : undefined;
  };
  const general = create.error && !(create.error instanceof ApiError && create.error.errors.some((e) => e.field === 'secret' || e.field === 'platform')) ? errorText(t, create.error) : null;
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate({ platform: chosen, secret: secret.trim() }, { onSuccess: () => setSecret('') });
  };
  return (
    <form onSubmit={onSubmit} noValidate aria-label={t('shop.connect')}>
      <Stack gap="sm">
        <Text fw={600}>{t('shop.connect')}</Text>
        <Group align="flex-start" wrap="wrap">
          <Select label={t('shop.platform')} data={platforms.map((p) => ({ value: p, label: PLATFORM_LABELS[p] }))} value={chosen} allowDeselect={false}
            onChange={(v) => { if (v) setPlatform(v as ShopPlatform); }} error={errorsOf('platform')} w={200} data-testid="shop-new-platform" />
          <PasswordInput style={{ flex: 1, minWidth: 200 }} label={t('shop.secret')} description={t(`shop.secretHelp.${chosen}`)} withAsterisk autoComplete="new-password"
            spellCheck={false} value={secret} onChange={(e) => setSecret(e.currentTarget.value)} error={errorsOf('secret')} data-testid="shop-new-secret" />
        </Group>
        {general && <Alert color="red" role="alert">{general}</Alert>}
        <Group justify="flex-end">
          <Button type="submit" loading={create.isPending} data-testid="shop-connect">{t('shop.connectButton')}</Button>
        </Group>
      </Stack>
    </form>
  );
}

function MappingTables() {
  const { t, i18n } = useTranslation();
  const mapping = useShopMapping();
  if (!mapping.data) return null;
  return (
    <Stack gap="sm">
      <Text fw={600}>{t('shop.mapping')}</Text>
      {mapping.data.items.map((m) => (
        // No scroll container: the table wraps on a phone (a scrolling region would need its own keyboard focus).
        <Table key={m.platform} striped withTableBorder layout="fixed" style={{ overflowWrap: 'anywhere' }} data-testid={`shop-mapping-${m.platform}`}>
            <Table.Caption>{t('shop.mappingCaption', { platform: m.label, header: m.topicHeader })}</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('shop.when', { platform: m.label })}</Table.Th>
                <Table.Th scope="col">{t('shop.trigger')}</Table.Th>
                <Table.Th scope="col">{t('shop.documentNumber')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {m.rows.map((row) => (
                <Table.Tr key={`${row.when}-${row.trigger}`}>
                  <Table.Td><Text size="sm" ff="monospace">{row.when}</Text></Table.Td>
                  <Table.Td>{triggerLabel(row.trigger, i18n.language)}</Table.Td>
                  <Table.Td><Text size="sm" ff="monospace">{row.documentNumber}</Text></Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
        </Table>
      ))}
    </Stack>
  );
}
