import { Alert, Badge, Button, Card, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { ConfirmDelete } from '../../../shared/components/confirm-delete.js';
import { DataList } from '../../../shared/components/data-list.js';
import { RowActions } from '../../../shared/components/row-actions.js';
import { errorText } from '../../../shared/error-text.js';
import { useConfirmDelete } from '../../../shared/hooks/use-confirm-delete.js';
import { useCan } from '../../auth/hooks/use-can.js';
import { useCreateFromRecipe, useDeleteJourney, useJourneys, useRecipes, type JourneyListItem } from '../api.js';
import { triggerText } from './journey-words.js';
import '../words.js';

export const STATUS_COLOR = { draft: 'gray', active: 'green', paused: 'yellow' } as const;

/** Journeys: the recipes one click away, then the journeys with how many contacts are in, done and out. */
export function JourneyListPage() {
  const { t, i18n } = useTranslation();
  const journeys = useJourneys();
  const recipes = useRecipes();
  const fromRecipe = useCreateFromRecipe();
  const navigate = useNavigate();
  const canWrite = useCan('automations:write');
  const remove = useDeleteJourney();
  const del = useConfirmDelete<JourneyListItem>(remove);

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>{t('journeys.title')}</Title>
        {canWrite && <Button component={Link} to="/journeys/new" variant="default">{t('journeys.blank')}</Button>}
      </Group>
      <Text size="sm" c="dimmed">{t('journeys.intro')}</Text>
      {canWrite && (
        <Stack gap="xs" component="section" aria-label={t('journeys.recipes')}>
          <Title order={3}>{t('journeys.recipes')}</Title>
          {fromRecipe.error && <Alert color="red">{errorText(t, fromRecipe.error)}</Alert>}
          <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }} spacing="sm">
            {(recipes.data ?? []).map((r) => (
              <Card key={r.key} withBorder padding="sm" data-testid={`recipe-${r.key}`}>
                <Stack gap={6} h="100%" justify="space-between">
                  <div>
                    <Text fw={600}>{r.name}</Text>
                    <Text size="xs" c="dimmed">{r.description}</Text>
                  </div>
                  <Button size="xs" loading={fromRecipe.isPending && fromRecipe.variables?.recipe === r.key}
                    onClick={() => fromRecipe.mutate({ recipe: r.key }, { onSuccess: (j) => navigate(`/journeys/${j.id}`) })}>
                    {t('journeys.useRecipe')}
                  </Button>
                </Stack>
              </Card>
            ))}
          </SimpleGrid>
        </Stack>
      )}
      <DataList
        testId="journey-table"
        rows={journeys.data}
        query={journeys}
        rowKey={(j) => j.id}
        rowTestId={(j) => `journey-row-${j.name}`}
        onRowClick={(j) => navigate(`/journeys/${j.id}`)}
        columns={[
          { label: t('journeys.name'), render: (j) => <Text fw={600} size="sm">{j.name}</Text> },
          { label: t('journeys.trigger'), render: (j) => triggerText(j.definition.trigger, i18n.language) },
          { label: t('journeys.status'), render: (j) => <Badge color={STATUS_COLOR[j.status]} variant="light">{t(`journeys.statuses.${j.status}`)}</Badge> },
          { label: t('journeys.inJourney'), render: (j) => j.active.toLocaleString(i18n.language) },
          { label: t('journeys.finished'), render: (j) => j.finished.toLocaleString(i18n.language) },
          { label: t('journeys.exited'), render: (j) => j.exited.toLocaleString(i18n.language) },
        ]}
        actions={canWrite ? { label: t('common.actions'), w: 150, render: (j) => <RowActions name={j.name} edit={{ to: `/journeys/${j.id}` }} onDelete={() => del.ask(j)} /> } : undefined}
      />
      <ConfirmDelete {...del.dialogProps} text={t('journeys.deleteConfirm', { name: del.target?.name ?? '' })} />
    </Stack>
  );
}
