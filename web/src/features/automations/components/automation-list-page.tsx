import { ActionIcon, Alert, Badge, Button, Group, Stack, Switch, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { Automation } from '../../../../../src/contracts/index.js';
import { TRIGGERS } from '../../../../../src/domain/triggers.js';
import { ConfirmDelete } from '../../../shared/components/confirm-delete.js';
import { errorText } from '../../../shared/error-text.js';
import { useAutomations, useDeleteAutomation, usePatchAutomation } from '../hooks/use-automations.js';

/** Automations: trigger → template → channel, with an on/off switch per row. */
export function AutomationListPage() {
  const { t } = useTranslation();
  const automations = useAutomations();
  const patch = usePatchAutomation();
  const del = useDeleteAutomation();
  const [toDelete, setToDelete] = useState<Automation | null>(null);

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>{t('automations.title')}</Title>
        <Button component={Link} to="/automations/new">
          {t('automations.add')}
        </Button>
      </Group>
      {(automations.error || patch.error) && <Alert color="red">{errorText(t, automations.error ?? patch.error)}</Alert>}
      <Table striped highlightOnHover withTableBorder data-testid="automation-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('automations.name')}</Table.Th>
            <Table.Th>{t('automations.trigger')}</Table.Th>
            <Table.Th>{t('automations.template')}</Table.Th>
            <Table.Th>{t('automations.channel')}</Table.Th>
            <Table.Th>{t('automations.delayColumn')}</Table.Th>
            <Table.Th>{t('automations.enabled')}</Table.Th>
            <Table.Th w={150}>{t('common.actions')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
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
                <Group gap="xs" wrap="nowrap">
                  <Button size="compact-sm" variant="light" component={Link} to={`/automations/${a.id}/edit`} aria-label={`${t('common.edit')} ${a.name}`}>
                    {t('common.edit')}
                  </Button>
                  <ActionIcon variant="light" color="red" aria-label={`${t('common.delete')} ${a.name}`} onClick={() => { del.reset(); setToDelete(a); }}>
                    ✕
                  </ActionIcon>
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
          {automations.data?.length === 0 && (
            <Table.Tr>
              <Table.Td colSpan={7}>
                <Text c="dimmed" ta="center" py="md">
                  {t('common.empty')}
                </Text>
              </Table.Td>
            </Table.Tr>
          )}
        </Table.Tbody>
      </Table>
      <ConfirmDelete
        opened={toDelete !== null}
        text={t('automations.deleteConfirm', { name: toDelete?.name ?? '' })}
        loading={del.isPending}
        error={del.error ? errorText(t, del.error) : null}
        onClose={() => setToDelete(null)}
        onConfirm={() => toDelete && del.mutate(toDelete.id, { onSuccess: () => setToDelete(null) })}
      />
    </Stack>
  );
}
