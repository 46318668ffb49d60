import { Alert, Button, Card, Group, Loader, NumberInput, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { AttributionSettings } from '../../../../src/contracts/index.js';
import { api, apiRequest } from '../../shared/api-client.js';
import { LoadError } from '../../shared/components/data-list.js';
import { errorText, fieldErrors } from '../../shared/error-text.js';
import { toastDone } from '../../shared/toast.js';
import './words.js';

const KEY = ['settings', 'attribution'] as const;

/** Pengaturan → Pengukuran hasil: the attribution window every campaign report uses. */
export function AttributionSection({ canManage }: { canManage: boolean }) {
  const { t } = useTranslation();
  const settings = useQuery({ queryKey: KEY, queryFn: () => api.get<AttributionSettings>('/settings/attribution') });
  return (
    <Card withBorder padding="lg" data-testid="attribution-settings">
      <Stack>
        <div>
          <Title order={3}>{t('reports.settingsTitle')}</Title>
          <Text size="sm" c="dimmed">{t('reports.settingsHelp')}</Text>
        </div>
        {settings.error && <LoadError error={settings.error} onRetry={settings.refetch} />}
        {!settings.data && !settings.error && <Loader size="sm" aria-label={t('app.loading')} />}
        {settings.data && <AttributionForm key={settings.data.windowHours} saved={settings.data} canManage={canManage} />}
      </Stack>
    </Card>
  );
}

function AttributionForm({ saved, canManage }: { saved: AttributionSettings; canManage: boolean }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [hours, setHours] = useState<number | string>(saved.windowHours);
  const save = useMutation({
    mutationFn: (input: AttributionSettings) => apiRequest<AttributionSettings>('/settings/attribution', { method: 'PUT', body: input }),
    onSuccess: (next) => {
      qc.setQueryData(KEY, next);
      void qc.invalidateQueries({ queryKey: ['campaign-report'] });
      toastDone(t('reports.saved'));
    },
  });
  const errors = fieldErrors(t, save.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate({ windowHours: Number(hours) });
  };
  return (
    <form onSubmit={submit} aria-label={t('reports.settingsTitle')} noValidate>
      <Stack>
        <NumberInput
          label={t('reports.windowHours')}
          description={t('reports.windowHoursHelp')}
          value={hours}
          onChange={setHours}
          min={1}
          max={720}
          allowDecimal={false}
          allowNegative={false}
          disabled={!canManage}
          error={errors['windowHours']?.join(' ')}
          maw={280}
          data-testid="attribution-hours"
        />
        {save.error && Object.keys(errors).length === 0 && <Alert color="red">{errorText(t, save.error)}</Alert>}
        {canManage && (
          <Group>
            <Button type="submit" loading={save.isPending} disabled={Number(hours) === saved.windowHours}>{t('reports.save')}</Button>
          </Group>
        )}
      </Stack>
    </form>
  );
}
