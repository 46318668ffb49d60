import { Badge, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { DataList } from '../../../shared/components/data-list.js';
import { useFormatTime } from '../../../shared/hooks/use-format-time.js';
import { consentActor, consentSource } from '../consent-source.js';
import { useConsentHistory } from '../hooks/use-contacts.js';

const COLORS = { opted_in: 'green', opted_out: 'red', unknown: 'gray' } as const;

/** Every consent change of the contact, newest first: channel, status, where it came from, who, when (workspace time). */
export function ConsentHistory({ contactId }: { contactId: string }) {
  const { t } = useTranslation();
  const time = useFormatTime();
  const history = useConsentHistory(contactId);
  return (
    <DataList
      testId="consent-history"
      rows={history.data}
      query={history}
      rowKey={(e) => `${e.at}:${e.channel}:${e.status}`}
      rowTestId={(e) => `consent-history-${e.channel}`}
      columns={[
        { label: t('pdp.history.when'), render: (e) => <Text size="sm" style={{ whiteSpace: 'nowrap' }}>{time.dateTime(e.at)}</Text> },
        { label: t('pdp.history.channel'), render: (e) => t(`contacts.channels.${e.channel}`) },
        {
          label: t('pdp.history.status'),
          render: (e) => <Badge color={COLORS[e.status]} variant="light" data-status={e.status}>{t(`contacts.consentStatuses.${e.status}`)}</Badge>,
        },
        { label: t('pdp.history.source'), render: (e) => consentSource(t, e.source) },
        { label: t('pdp.history.who'), render: (e) => <Text size="sm" style={{ overflowWrap: 'anywhere' }}>{consentActor(t, e.actor, e.source)}</Text> },
      ]}
    />
  );
}
