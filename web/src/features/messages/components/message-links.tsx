import { Anchor, Group, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { Message } from '../../../../../src/contracts/index.js';

/** Where a message came from: its contact, its order (all of that order's messages) and its automation. */
export function MessageLinks({ message }: { message: Pick<Message, 'contactId' | 'contactName' | 'orderNumber' | 'automationId'> }) {
  const { t } = useTranslation();
  const { contactId, contactName, orderNumber, automationId } = message;
  if (!contactId && !orderNumber && !automationId) return null;
  return (
    <Group gap="md" data-testid="message-links">
      {contactId && (
        <Text size="sm">
          {t('messageTools.contact')}: <Anchor component={Link} to={`/contacts?q=${encodeURIComponent(contactName ?? '')}`}>{contactName || '—'}</Anchor>
        </Text>
      )}
      {orderNumber && (
        <Text size="sm">
          {t('messageTools.order')}: <Anchor component={Link} to={`/messages?q=${encodeURIComponent(orderNumber)}`}>{orderNumber}</Anchor>
        </Text>
      )}
      {automationId && (
        <Text size="sm">
          <Anchor component={Link} to={`/automations/${automationId}/edit`}>{t('messageTools.automation')}</Anchor>
        </Text>
      )}
    </Group>
  );
}
