import { ActionIcon, Alert, Badge, Button, Group, Stack, Table, Text, TextInput, Title, Tooltip } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import type { Template } from '../../../../../src/contracts/index.js';
import { ConfirmDelete } from '../../../shared/components/confirm-delete.js';
import { errorText } from '../../../shared/error-text.js';
import { useDeleteTemplate, useTemplates } from '../hooks/use-templates.js';

/** "Template Chat": searchable list with edit/delete and the seed's "+Add Template Chat" button. */
export function TemplateListPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const [q, setQ] = useState(params.get('q') ?? '');
  const [debouncedQ] = useDebouncedValue(q, 200);
  const templates = useTemplates(debouncedQ.trim());
  const del = useDeleteTemplate();
  const [toDelete, setToDelete] = useState<Template | null>(null);

  const onSearch = (value: string) => {
    setQ(value);
    setParams(value ? { q: value } : {}, { replace: true });
  };

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>{t('templates.title')}</Title>
        <Button component={Link} to="/templates/new">
          {t('templates.add')}
        </Button>
      </Group>
      <TextInput type="search" aria-label={t('common.search')} placeholder={t('templates.searchPlaceholder')} value={q} onChange={(e) => onSearch(e.currentTarget.value)} maw={420} />
      {templates.error && <Alert color="red">{errorText(t, templates.error)}</Alert>}
      <Table striped highlightOnHover withTableBorder data-testid="template-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('templates.code')}</Table.Th>
            <Table.Th>{t('templates.message')}</Table.Th>
            <Table.Th w={130}>{t('templates.category')}</Table.Th>
            <Table.Th>{t('templates.variables')}</Table.Th>
            <Table.Th w={150}>{t('common.actions')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {templates.data?.map((tpl) => (
            <Table.Tr key={tpl.id} data-testid={`template-row-${tpl.code}`}>
              <Table.Td fw={600}>{tpl.code}</Table.Td>
              <Table.Td maw={480}>
                <Text size="sm" lineClamp={2}>
                  {tpl.message}
                </Text>
              </Table.Td>
              <Table.Td>
                <Badge variant="light" tt="none" miw="fit-content" color={tpl.category === 'marketing' ? 'grape' : 'blue'}>
                  {t(`templates.categories.${tpl.category}`)}
                </Badge>
              </Table.Td>
              <Table.Td>
                <Group gap={4}>
                  {tpl.variables.map((v) => (
                    <Badge key={v} variant="outline" size="sm" tt="none">{`{${v}}`}</Badge>
                  ))}
                </Group>
              </Table.Td>
              <Table.Td>
                <Group gap="xs" wrap="nowrap">
                  <Button size="compact-sm" variant="light" component={Link} to={`/templates/${tpl.id}/edit`} aria-label={`${t('common.edit')} ${tpl.code}`}>
                    {t('common.edit')}
                  </Button>
                  <Tooltip label={t('common.delete')}>
                    <ActionIcon variant="light" color="red" aria-label={`${t('common.delete')} ${tpl.code}`} onClick={() => { del.reset(); setToDelete(tpl); }}>
                      ✕
                    </ActionIcon>
                  </Tooltip>
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
          {templates.data?.length === 0 && (
            <Table.Tr>
              <Table.Td colSpan={5}>
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
        text={t('templates.deleteConfirm', { code: toDelete?.code ?? '' })}
        loading={del.isPending}
        error={del.error ? errorText(t, del.error) : null}
        onClose={() => setToDelete(null)}
        onConfirm={() => toDelete && del.mutate(toDelete.id, { onSuccess: () => setToDelete(null) })}
      />
    </Stack>
  );
}
