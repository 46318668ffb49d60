import { Anchor, Group, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { Message } from '../../../../../src/contracts/index.js';
import { triggerLabel as labelOf } from '../../../shared/trigger-labels.js';
import { uiLanguage } from '../words.js';

/** Where a message came from: its contact, its order (all of that order's messages) and its automation with its trigger. */
export function MessageLinks({ message }: { message: Pick<Message, 'contactId' | 'contactName' | 'orderNumber' | 'automationId' | 'trigger'> }) {
  const { t } = useTranslation();
  const { contactId, contactName, orderNumber, automationId, trigger } = message;
  const triggerLabel = trigger ? labelOf(trigger, uiLanguage()) : null;
  if (!contactId && !orderNumber && !automationId) return null;
  return (
    <Group gap="md" data-testid="message-links">
      {contactId && (
        <Text size="sm">
          {t('messageTools.contact')}: <Anchor component={Link} to={`/contacts/${contactId}`}>{contactName || '—'}</Anchor>
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
          {triggerLabel && ` · ${triggerLabel}`}
        </Text>
      )}
    </Group>
  );
}
