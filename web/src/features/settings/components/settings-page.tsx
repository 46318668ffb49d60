import { Alert, Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useSession } from '../../auth/hooks/use-session.js';
import { MembersSection } from '../../team/components/members-section.js';
import { PasswordSection } from '../../team/components/password-section.js';
import { SessionsSection } from '../../team/components/sessions-section.js';
import { AutoRepliesSection } from '../../inbox/components/auto-replies-section.js';
import { ApiKeysSection } from './api-keys-section.js';
import { AttributionSection } from '../../reports/attribution-section.js';
import { LifecycleSection } from '../../insights/lifecycle-section.js';
import { MessagingSection } from './messaging-section.js';
import { PushSection } from './push-section.js';
import { SmsSection } from './sms-section.js';
import { WhatsAppSection, WhatsappTransportStatus } from './whatsapp-section.js';
import { EmailSection } from './email-section.js';
import { WebhooksSection } from '../../webhooks/components/webhooks-section.js';
import { ShopSection } from '../../shop/shop-section.js';

/**
 * "Pengaturan": the WhatsApp connection (owners connect the workspace's number), the marketing rules
 * (frequency cap, quiet hours, time zone: everyone reads, owners and admins change), API keys (owners and
 * admins), the team and the audit log (owners), and for everyone their own password and sessions.
 */
export function SettingsPage() {
  const { t } = useTranslation();
  // The route guard only renders this with a session, so `data` is set.
  const me = useSession().data;
  if (!me) return null;
  const canManage = me.user.role === 'owner' || me.user.role === 'admin';
  const isOwner = me.user.role === 'owner';

  return (
    <Stack maw={960}>
      <Title order={2}>{t('settings.title')}</Title>
      {isOwner ? (
        <WhatsAppSection transport={me.whatsappTransport} />
      ) : (
        <Card withBorder padding="lg">
          <WhatsappTransportStatus transport={me.whatsappTransport} />
        </Card>
      )}
      {isOwner && <EmailSection />}
      {isOwner && <SmsSection />}
      {isOwner && <PushSection />}
      {canManage && <ShopSection isOwner={isOwner} />}
      <MessagingSection canManage={canManage} />
      <AttributionSection canManage={canManage} />
      <LifecycleSection canManage={canManage} />
      <AutoRepliesSection canManage={canManage} />
      {canManage ? (
        <ApiKeysSection />
      ) : (
        <Alert color="gray" title={t('settings.apiKeys')} data-testid="api-keys-agent-note">
          {t('settings.agentNote')}
        </Alert>
      )}
      {canManage && <WebhooksSection />}
      {isOwner && <MembersSection selfId={me.user.id} />}
      {isOwner && (
        <Card withBorder padding="lg">
          <Group justify="space-between" wrap="wrap">
            <div>
              <Title order={3}>{t('audit.title')}</Title>
              <Text size="sm" c="dimmed">{t('audit.hint')}</Text>
            </div>
            <Button component={Link} to="/audit" variant="default">{t('audit.open')}</Button>
          </Group>
        </Card>
      )}
      <PasswordSection />
      <SessionsSection />
    </Stack>
  );
}
