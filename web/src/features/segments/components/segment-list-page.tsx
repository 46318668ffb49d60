import { Anchor, Button, Group, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { Segment } from '../../../../../src/contracts/index.js';
import { ConfirmDelete } from '../../../shared/components/confirm-delete.js';
import { DataList } from '../../../shared/components/data-list.js';
import { RowActions } from '../../../shared/components/row-actions.js';
import { useConfirmDelete } from '../../../shared/hooks/use-confirm-delete.js';
import { useFormatTime } from '../../../shared/hooks/use-format-time.js';
import { useCan } from '../../auth/hooks/use-can.js';
import { useDeleteSegment, useSegmentCount, useSegments } from '../hooks/use-segments.js';

function CountCell({ id }: { id: string }) {
  const { t } = useTranslation();
  const count = useSegmentCount(id);
  if (count.error) return <Text size="sm" c="dimmed">—</Text>;
  return (
    <Text size="sm" fw={500} data-testid="segment-count">
      {count.data === undefined ? '…' : t('segments.contacts', { count: count.data, formatted: count.data.toLocaleString('id-ID') })}
    </Text>
  );
}

/** "Segmen": saved segments with how many contacts each matches now; owners and admins edit and delete. */
export function SegmentListPage() {
  const { t } = useTranslation();
  const time = useFormatTime();
  const canWrite = useCan('segments:write');
  const segments = useSegments();
  const del = useConfirmDelete<Segment>(useDeleteSegment());

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>{t('segments.title')}</Title>
        {canWrite && (
          <Button component={Link} to="/segments/new">
            {t('segments.add')}
          </Button>
        )}
      </Group>
      <Text size="sm" c="dimmed" maw={640}>
        {t('segments.intro')}
      </Text>
      <DataList
        testId="segment-table"
        rows={segments.data}
        query={segments}
        rowKey={(s) => s.id}
        rowTestId={(s) => `segment-row-${s.name}`}
        columns={[
          {
            label: t('segments.name'),
            render: (s) => (
              <Anchor component={Link} to={`/segments/${s.id}`} fw={500} size="sm">
                {s.name}
              </Anchor>
            ),
          },
          { label: t('segments.count'), render: (s) => <CountCell id={s.id} /> },
          { label: t('segments.updated'), render: (s) => time.date(s.updatedAt) },
        ]}
        actions={canWrite ? { label: t('common.actions'), w: 130, render: (s) => <RowActions name={s.name} edit={{ to: `/segments/${s.id}` }} onDelete={() => del.ask(s)} deleteTooltip /> } : undefined}
      />
      <ConfirmDelete {...del.dialogProps} text={t('segments.deleteConfirm', { name: del.target?.name ?? '' })} />
    </Stack>
  );
}
