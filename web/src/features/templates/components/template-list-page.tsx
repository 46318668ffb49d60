import { Alert, Badge, Button, Group, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import type { Template } from '../../../../../src/contracts/index.js';
import { ConfirmDelete } from '../../../shared/components/confirm-delete.js';
import { ListTable } from '../../../shared/components/list-table.js';
import { RowActions } from '../../../shared/components/row-actions.js';
import { errorText } from '../../../shared/error-text.js';
import { useConfirmDelete } from '../../../shared/hooks/use-confirm-delete.js';
import { useDeleteTemplate, useTemplates } from '../hooks/use-templates.js';

/** "Template Chat": searchable list with edit/delete and the seed's "+Add Template Chat" button. */
export function TemplateListPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const [q, setQ] = useState(params.get('q') ?? '');
  const [debouncedQ] = useDebouncedValue(q, 200);
  const templates = useTemplates(debouncedQ.trim());
  const del = useConfirmDelete<Template>(useDeleteTemplate());

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
      <ListTable
        testId="template-table"
        highlightOnHover
        columns={[t('templates.code'), t('templates.message'), { label: t('templates.category'), w: 130 }, t('templates.variables'), { label: t('common.actions'), w: 150 }]}
        empty={templates.data?.length === 0}
      >
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
              <RowActions name={tpl.code} edit={{ to: `/templates/${tpl.id}/edit` }} onDelete={() => del.ask(tpl)} deleteTooltip />
            </Table.Td>
          </Table.Tr>
        ))}
      </ListTable>
      <ConfirmDelete {...del.dialogProps} text={t('templates.deleteConfirm', { code: del.target?.code ?? '' })} />
    </Stack>
  );
}
