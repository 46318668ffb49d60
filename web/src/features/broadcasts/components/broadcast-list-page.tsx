import { Anchor, Button, Group, Progress, Stack, Text, Title } from '@mantine/core';
import { Fragment } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { Broadcast } from '../../../../../src/contracts/index.js';
import { ConfirmDelete } from '../../../shared/components/confirm-delete.js';
import { DataList } from '../../../shared/components/data-list.js';
import { RowActions } from '../../../shared/components/row-actions.js';
import { useConfirmDelete } from '../../../shared/hooks/use-confirm-delete.js';
import { useFormatTime } from '../../../shared/hooks/use-format-time.js';
import { useCan } from '../../auth/hooks/use-can.js';
import { progressPercent, settledCount } from '../broadcast-stats.js';
import { useBroadcasts, useDeleteBroadcast } from '../hooks/use-broadcasts.js';
import { audienceLabel } from './audience-label.js';
import { BroadcastStatusBadge } from './broadcast-status-badge.js';

/** "Broadcast": every broadcast with its status, template, audience, time and, once sending, its progress. */
export function BroadcastListPage() {
  const { t } = useTranslation();
  const time = useFormatTime().dateTime;
  const broadcasts = useBroadcasts();
  const canWrite = useCan('broadcasts:write');
  const del = useConfirmDelete<Broadcast>(useDeleteBroadcast());

  const when = (b: Broadcast) => {
    if (b.status === 'scheduled' && b.scheduledAt) return t('broadcasts.scheduledFor', { time: time(b.scheduledAt) });
    if (b.cancelledAt) return t('broadcasts.cancelledAt', { time: time(b.cancelledAt) });
    if (b.startedAt) return t('broadcasts.startedAt', { time: time(b.startedAt) });
    return t('broadcasts.createdAt', { time: time(b.createdAt) });
  };

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>{t('broadcasts.title')}</Title>
        {canWrite && (
          <Button component={Link} to="/broadcasts/new">
            {t('broadcasts.add')}
          </Button>
        )}
      </Group>
      <DataList
        testId="broadcast-table"
        rows={broadcasts.data?.items}
        query={broadcasts}
        rowKey={(b) => b.id}
        rowTestId={(b) => `broadcast-row-${b.name}`}
        columns={[
          {
            label: t('broadcasts.name'),
            render: (b) => (
              <Anchor component={Link} to={`/broadcasts/${b.id}`} fw={600} size="sm">
                {b.name}
              </Anchor>
            ),
          },
          { label: t('broadcasts.status'), w: 120, render: (b) => <BroadcastStatusBadge status={b.status} /> },
          {
            label: t('broadcasts.template'),
            // The whole code, wrapped after its underscores: a badge cut PROMO_AKHIR_TAHUN to "PROMO_AKHIR_TA…".
            render: (b) => (
              <Text size="sm" ff="monospace" style={{ overflowWrap: 'anywhere' }}>
                {b.templateCode.split('_').map((part, i) => (
                  <Fragment key={i}>
                    {i > 0 && <>_<wbr /></>}
                    {part}
                  </Fragment>
                ))}
              </Text>
            ),
          },
          { label: t('broadcasts.audience'), render: (b) => audienceLabel(t, b) },
          { label: t('broadcasts.time'), render: (b) => <Text size="sm">{when(b)}</Text> },
          { label: t('broadcasts.progress'), w: 160, render: (b) => <CompactProgress broadcast={b} /> },
        ]}
        actions={
          // Only drafts can be edited or deleted: without one the column would stay empty.
          canWrite && broadcasts.data?.items.some((b) => b.status === 'draft')
            ? { label: t('common.actions'), w: 150, render: (b) => (b.status === 'draft' ? <RowActions name={b.name} edit={{ to: `/broadcasts/${b.id}/edit` }} onDelete={() => del.ask(b)} /> : null) }
            : undefined
        }
      />
      <ConfirmDelete {...del.dialogProps} text={t('broadcasts.deleteConfirm', { name: del.target?.name ?? '' })} />
    </Stack>
  );
}

/** sent/total with a thin bar, for broadcasts that have recipients; a dash before that. */
function CompactProgress({ broadcast: b }: { broadcast: Broadcast }) {
  const { t } = useTranslation();
  if (b.status === 'draft' || b.stats.total === 0) return <Text size="sm" c="dimmed">—</Text>;
  const percent = progressPercent(b.stats);
  return (
    <Stack gap={4} data-testid="broadcast-progress-compact">
      <Text size="xs">{t('broadcasts.progressOf', { done: settledCount(b.stats).toLocaleString(t('app.lang')), total: b.stats.total.toLocaleString(t('app.lang')) })}</Text>
      <Progress value={percent} size="sm" color={b.status === 'cancelled' ? 'gray.5' : 'teal'} aria-label={`${t('broadcasts.progress')} ${b.name}: ${percent}%`} />
    </Stack>
  );
}
