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
    <Badge color={COLORS[status]} variant="light" data-status={status}>
      {t(`messages.statuses.${status}`)}
    </Badge>
  );
}
