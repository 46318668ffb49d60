import { Alert, Badge, Button, Group, Stack, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import type { Template } from '../../../../../src/contracts/index.js';
import { ConfirmDelete } from '../../../shared/components/confirm-delete.js';
import { DataList } from '../../../shared/components/data-list.js';
import { RowActions } from '../../../shared/components/row-actions.js';
import { useConfirmDelete } from '../../../shared/hooks/use-confirm-delete.js';
import { useDeleteTemplate, useImportTemplates, useTemplates } from '../hooks/use-templates.js';
import { useCan } from '../../auth/hooks/use-can.js';
import { useSession } from '../../auth/hooks/use-session.js';
import { errorText } from '../../../shared/error-text.js';
import { WhatsAppStatusBadge } from './whatsapp-status.js';

/** "Template Chat": searchable list with edit/delete and the seed's "+Add Template Chat" button. */
export function TemplateListPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const [q, setQ] = useState(params.get('q') ?? '');
  const [debouncedQ] = useDebouncedValue(q, 200);
  const templates = useTemplates(debouncedQ.trim());
  const del = useConfirmDelete<Template>(useDeleteTemplate());
  // Agents use templates (quick messages) but do not change them.
  const canWrite = useCan('templates:write');
  // Templates at Meta exist only for a real number (its WABA); the sandbox needs no approval.
  const realNumber = useSession().data?.whatsappTransport === 'whatsapp-cloud';
  const importing = useImportTemplates();
  const imported = importing.data;

  const onSearch = (value: string) => {
    setQ(value);
    setParams(value ? { q: value } : {}, { replace: true });
  };

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>{t('templates.title')}</Title>
        <Group gap="xs">
          {canWrite && realNumber && (
            <Button variant="default" loading={importing.isPending} onClick={() => importing.mutate()}>
              {t('templates.whatsappImport')}
            </Button>
          )}
          {canWrite && (
            <Button component={Link} to="/templates/new">
              {t('templates.add')}
            </Button>
          )}
        </Group>
      </Group>
      {imported && (
        <Alert color="teal" withCloseButton onClose={() => importing.reset()} closeButtonLabel={t('common.close')} data-testid="import-result">
          {t('templates.whatsappImported', { linked: imported.linked.length, created: imported.created.length, skipped: imported.skipped.length })}
          {imported.skipped.length > 0 && (
            <Text size="xs" mt={4}>
              {imported.skipped.map((x) => `${x.name} (${x.language}): ${t(`templates.whatsappSkip.${x.reason}`, { defaultValue: x.reason, part: x.part ?? '' })}`).join(' · ')}
            </Text>
          )}
        </Alert>
      )}
      {importing.error && <Alert color="red" role="alert">{errorText(t, importing.error)}</Alert>}
      <TextInput type="search" aria-label={t('common.search')} placeholder={t('templates.searchPlaceholder')} value={q} onChange={(e) => onSearch(e.currentTarget.value)} maw={420} />
      <DataList
        testId="template-table"
        rows={templates.data}
        query={templates}
        filtered={debouncedQ.trim() !== ''}
        rowKey={(tpl) => tpl.id}
        rowTestId={(tpl) => `template-row-${tpl.code}`}
        columns={[
          { label: t('templates.code'), render: (tpl) => <Text fw={600} size="sm">{tpl.code}</Text> },
          {
            label: t('templates.message'),
            render: (tpl) => (
              <Text size="sm" lineClamp={2}>
                {tpl.message}
              </Text>
            ),
          },
          {
            label: t('templates.category'),
            w: 130,
            render: (tpl) => (
              <Badge variant="light" tt="none" miw="fit-content" color={tpl.category === 'marketing' ? 'grape' : 'blue'}>
                {t(`templates.categories.${tpl.category}`)}
              </Badge>
            ),
          },
          // Approval only matters (and exists) for a real number: the sandbox sends anything.
          ...(realNumber ? [{
            label: t('templates.whatsappColumn'),
            w: 170,
            render: (tpl: Template) => <WhatsAppStatusBadge template={tpl} />,
          }] : []),
          {
            label: t('templates.variables'),
            render: (tpl) => (
              <Group gap={4}>
                {tpl.variables.map((v) => (
                  <Badge key={v} variant="outline" size="sm" tt="none">{`{${v}}`}</Badge>
                ))}
              </Group>
            ),
          },
        ]}
        actions={canWrite ? { label: t('common.actions'), w: 150, render: (tpl) => <RowActions name={tpl.code} edit={{ to: `/templates/${tpl.id}/edit` }} onDelete={() => del.ask(tpl)} deleteTooltip /> } : undefined}
      />
      <ConfirmDelete {...del.dialogProps} text={t('templates.deleteConfirm', { code: del.target?.code ?? '' })} />
    </Stack>
  );
}
