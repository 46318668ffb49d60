import { Alert, Badge, Card, Group, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Me } from '../../../../../src/contracts/index.js';
import { useSession } from '../../auth/hooks/use-session.js';
import { ApiKeysSection } from './api-keys-section.js';

/** Read-only WhatsApp transport: configured by WHATSAPP_* env vars, not from the UI. */
function WhatsappTransportCard({ transport }: { transport: Me['whatsappTransport'] }) {
  const { t } = useTranslation();
  return (
    <Card withBorder padding="lg" data-testid="whatsapp-transport">
      <Stack gap="xs">
        <Title order={3}>{t('settings.whatsapp')}</Title>
        <Group gap="sm">
          <Text size="sm" fw={500}>
            {t('settings.transport')}:
          </Text>
          <Badge color={transport === 'sandbox' ? 'orange' : 'teal'} variant="filled" tt="none">
            {t(`settings.transports.${transport}`)}
          </Badge>
        </Group>
        <Text size="sm" c="dimmed">
          {t(`settings.transportHint.${transport}`)}
        </Text>
      </Stack>
    </Card>
  );
}

/** "Pengaturan": WhatsApp connection (read-only) and, for owners/admins, the API keys. */
export function SettingsPage() {
  const { t } = useTranslation();
  // The route guard only renders this with a session, so `data` is set.
  const me = useSession().data;
  if (!me) return null;
  const canManageKeys = me.user.role === 'owner' || me.user.role === 'admin';

  return (
    <Stack maw={960}>
      <Title order={2}>{t('settings.title')}</Title>
      <WhatsappTransportCard transport={me.whatsappTransport} />
      {canManageKeys ? (
        <ApiKeysSection />
      ) : (
        <Alert color="gray" title={t('settings.apiKeys')} data-testid="api-keys-agent-note">
          {t('settings.agentNote')}
        </Alert>
      )}
    </Stack>
  );
}
