import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { MessageStatus } from '../api.js';

const COLORS: Record<MessageStatus, string> = {
  queued: 'gray',
  sending: 'blue',
  sent: 'teal',
  delivered: 'green',
  read: 'indigo',
  failed: 'red',
  skipped: 'yellow',
};

/** Coloured, translated message status. */
export function StatusBadge({ status }: { status: MessageStatus }) {
  const { t } = useTranslation();
  return (
    // Never narrower than its word: a squeezed table cell cut "TERKIRIM" to "TERKI…".
    <Badge color={COLORS[status]} variant="light" data-status={status} miw="fit-content" style={{ flexShrink: 0 }}>
      {t(`messages.statuses.${status}`)}
    </Badge>
  );
}
