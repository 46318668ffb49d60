import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { BroadcastStatus } from '../../../../../src/domain/vocabulary.js';

const COLORS: Record<BroadcastStatus, string> = { draft: 'gray', scheduled: 'blue', sending: 'orange', done: 'green', cancelled: 'red' };

/** Coloured, translated broadcast status. */
export function BroadcastStatusBadge({ status }: { status: BroadcastStatus }) {
  const { t } = useTranslation();
  return (
    <Badge color={COLORS[status]} variant="light" data-testid="broadcast-status" data-status={status} miw="fit-content" style={{ flexShrink: 0 }}>
      {t(`broadcasts.statuses.${status}`)}
    </Badge>
  );
}
