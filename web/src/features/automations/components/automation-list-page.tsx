import { Alert, Badge, Button, Group, Stack, Switch, Table, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { Automation } from '../../../../../src/contracts/index.js';
import { TRIGGERS } from '../../../../../src/domain/triggers.js';
import { ConfirmDelete } from '../../../shared/components/confirm-delete.js';
import { ListTable } from '../../../shared/components/list-table.js';
import { RowActions } from '../../../shared/components/row-actions.js';
import { errorText } from '../../../shared/error-text.js';
import { useConfirmDelete } from '../../../shared/hooks/use-confirm-delete.js';
import { useAutomations, useDeleteAutomation, usePatchAutomation } from '../hooks/use-automations.js';

/** Automations: trigger → template → channel, with an on/off switch per row. */
export function AutomationListPage() {
  const { t } = useTranslation();
  const automations = useAutomations();
  const patch = usePatchAutomation();
  const del = useConfirmDelete<Automation>(useDeleteAutomation());

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>{t('automations.title')}</Title>
        <Button component={Link} to="/automations/new">
          {t('automations.add')}
        </Button>
      </Group>
      {(automations.error || patch.error) && <Alert color="red">{errorText(t, automations.error ?? patch.error)}</Alert>}
      <ListTable
        testId="automation-table"
        highlightOnHover
        columns={[t('automations.name'), t('automations.trigger'), t('automations.template'), t('automations.channel'), t('automations.delayColumn'), t('automations.enabled'), { label: t('common.actions'), w: 150 }]}
        empty={automations.data?.length === 0}
      >
        {automations.data?.map((a) => (
          <Table.Tr key={a.id} data-testid={`automation-row-${a.name}`}>
            <Table.Td fw={600}>{a.name}</Table.Td>
            <Table.Td>{TRIGGERS[a.trigger].label}</Table.Td>
            <Table.Td>
              <Badge variant="outline" tt="none">
                {a.templateCode}
              </Badge>
            </Table.Td>
            <Table.Td>{a.channel === 'whatsapp' ? 'WhatsApp' : a.channel}</Table.Td>
            <Table.Td>{t('common.minutes', { count: a.delayMinutes })}</Table.Td>
            <Table.Td>
              <Switch checked={a.enabled} aria-label={t('automations.toggle', { name: a.name })} onChange={(e) => patch.mutate({ id: a.id, patch: { enabled: e.currentTarget.checked } })} />
            </Table.Td>
            <Table.Td>
              <RowActions name={a.name} edit={{ to: `/automations/${a.id}/edit` }} onDelete={() => del.ask(a)} />
            </Table.Td>
          </Table.Tr>
        ))}
      </ListTable>
      <ConfirmDelete {...del.dialogProps} text={t('automations.deleteConfirm', { name: del.target?.name ?? '' })} />
    </Stack>
  );
}
