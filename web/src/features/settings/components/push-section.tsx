import { Badge, Card, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { CopyValue } from '../../../shared/components/copy-value.js';
import { LoadError } from '../../../shared/components/data-list.js';
import { getPushSettings } from '../api.js';

/** Pengaturan → Web push (owners): live or sandbox, and what the shop's site needs (docs/web-push.md has the snippet). */
export function PushSection() {
  const { t } = useTranslation();
  const push = useQuery({ queryKey: ['channels', 'push'], queryFn: getPushSettings });
  const data = push.data;
  return (
    <Card withBorder padding="lg" data-testid="push-section">
      <Stack>
        <Group gap="sm">
          <Title order={3}>{t('settings.push.title')}</Title>
          {data && (
            <Badge color={data.live ? 'teal' : 'orange'} variant="filled" tt="none" data-testid="push-status">
              {t(data.live ? 'settings.push.live' : 'settings.push.sandbox')}
            </Badge>
          )}
        </Group>
        {push.error && <LoadError error={push.error} onRetry={push.refetch} />}
        {!data && !push.error && <Loader size="sm" aria-label={t('app.loading')} />}
        {data && (
          <>
            <Text size="sm" c="dimmed">{t(data.live ? 'settings.push.liveHint' : 'settings.push.sandboxHint')}</Text>
            <Text size="sm" fw={500}>{t('settings.push.workspaceId')}</Text>
            <CopyValue value={data.workspaceId} testId="push-workspace-id" />
            {data.serviceWorkerUrl ? (
              <>
                <Text size="sm" fw={500}>{t('settings.push.serviceWorker')}</Text>
                <CopyValue value={`importScripts('${data.serviceWorkerUrl}');`} testId="push-sw-line" />
                <Text size="xs" c="dimmed">{t('settings.push.serviceWorkerHelp')}</Text>
              </>
            ) : (
              <Text size="sm" c="dimmed">{t('settings.push.noKey')}</Text>
            )}
          </>
        )}
      </Stack>
    </Card>
  );
}
