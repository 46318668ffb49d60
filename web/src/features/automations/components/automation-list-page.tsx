import { Alert, Badge, Button, Group, Stack, Switch, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { Automation } from '../../../../../src/contracts/index.js';
import { ConfirmDelete } from '../../../shared/components/confirm-delete.js';
import { DataList } from '../../../shared/components/data-list.js';
import { RowActions } from '../../../shared/components/row-actions.js';
import { errorText } from '../../../shared/error-text.js';
import { triggerLabel } from '../../../shared/trigger-labels.js';
import { useConfirmDelete } from '../../../shared/hooks/use-confirm-delete.js';
import { useAutomations, useDeleteAutomation, usePatchAutomation } from '../hooks/use-automations.js';
import { useCan } from '../../auth/hooks/use-can.js';

/** Automations: trigger → template → channel, with an on/off switch per row. */
export function AutomationListPage() {
  const { t, i18n } = useTranslation();
  const automations = useAutomations();
  const patch = usePatchAutomation();
  const del = useConfirmDelete<Automation>(useDeleteAutomation());
  const canWrite = useCan('automations:write');

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>{t('automations.title')}</Title>
        {canWrite && (
          <Button component={Link} to="/automations/new">
            {t('automations.add')}
          </Button>
        )}
      </Group>
      {patch.error && <Alert color="red">{errorText(t, patch.error)}</Alert>}
      <DataList
        testId="automation-table"
        rows={automations.data}
        query={automations}
        rowKey={(a) => a.id}
        rowTestId={(a) => `automation-row-${a.name}`}
        columns={[
          { label: t('automations.name'), render: (a) => <Text fw={600} size="sm">{a.name}</Text> },
          { label: t('automations.trigger'), render: (a) => triggerLabel(a.trigger, i18n.language) },
          {
            label: t('automations.template'),
            render: (a) => (
              <Stack gap={2} align="flex-start">
                <Badge variant="outline" tt="none" maw="100%">
                  {a.templateCode}
                </Badge>
                {a.warnings.some((w) => w.code === 'whatsapp_template_not_approved') && (
                  <Text size="xs" c="orange.9" data-testid="automation-warning">{t('automations.notApproved')}</Text>
                )}
              </Stack>
            ),
          },
          { label: t('automations.channel'), render: (a) => a.channels.map((c) => t(`channelChoice.names.${c}`)).join(' → ') },
          { label: t('automations.delayColumn'), render: (a) => t('common.minutes', { count: a.delayMinutes }) },
          {
            label: t('automations.enabled'),
            render: (a) => <Switch checked={a.enabled} disabled={!canWrite} aria-label={t('automations.toggle', { name: a.name })} onChange={(e) => patch.mutate({ id: a.id, patch: { enabled: e.currentTarget.checked } })} />,
          },
        ]}
        actions={canWrite ? { label: t('common.actions'), w: 150, render: (a) => <RowActions name={a.name} edit={{ to: `/automations/${a.id}/edit` }} onDelete={() => del.ask(a)} /> } : undefined}
      />
      <ConfirmDelete {...del.dialogProps} text={t('automations.deleteConfirm', { name: del.target?.name ?? '' })} />
    </Stack>
  );
}
