import { Alert, Card, Stack, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../auth/hooks/use-session.js';
import { ApiKeysSection } from './api-keys-section.js';
import { WhatsAppSection, WhatsappTransportStatus } from './whatsapp-section.js';

/** "Pengaturan": the WhatsApp connection (owners/admins connect the workspace's number) and, for owners/admins, the API keys. */
export function SettingsPage() {
  const { t } = useTranslation();
  // The route guard only renders this with a session, so `data` is set.
  const me = useSession().data;
  if (!me) return null;
  const canManage = me.user.role === 'owner' || me.user.role === 'admin';

  return (
    <Stack maw={960}>
      <Title order={2}>{t('settings.title')}</Title>
      {canManage ? (
        <WhatsAppSection transport={me.whatsappTransport} />
      ) : (
        <Card withBorder padding="lg">
          <WhatsappTransportStatus transport={me.whatsappTransport} />
        </Card>
      )}
      {canManage ? (
        <ApiKeysSection />
      ) : (
        <Alert color="gray" title={t('settings.apiKeys')} data-testid="api-keys-agent-note">
          {t('settings.agentNote')}
        </Alert>
      )}
    </Stack>
  );
}
