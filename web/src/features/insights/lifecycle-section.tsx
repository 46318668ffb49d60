import { Alert, Button, Card, Group, Loader, NumberInput, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { LifecycleSettings } from '../../../../src/contracts/index.js';
import { apiRequest } from '../../shared/api-client.js';
import { LoadError } from '../../shared/components/data-list.js';
import { errorText, fieldErrors } from '../../shared/error-text.js';
import { toastDone } from '../../shared/toast.js';
import { useLifecycleSettings } from './api.js';
import './words.js';

const FIELDS = ['dormantAfterDays', 'atRiskAfterDays', 'lostAfterDays'] as const;

/** Pengaturan → Tahap siklus pelanggan: the three thresholds, checked as typed (whole days 1–3650, lost after at risk). */
export function LifecycleSection({ canManage }: { canManage: boolean }) {
  const { t } = useTranslation();
  const settings = useLifecycleSettings();
  return (
    <Card withBorder padding="lg" data-testid="lifecycle-settings">
      <Stack>
        <div>
          <Title order={3}>{t('lifecycle.settingsTitle')}</Title>
          <Text size="sm" c="dimmed">{t('lifecycle.settingsHelp')}</Text>
        </div>
        {settings.error && <LoadError error={settings.error} onRetry={settings.refetch} />}
        {!settings.data && !settings.error && <Loader size="sm" aria-label={t('app.loading')} />}
        {settings.data && <LifecycleForm key={JSON.stringify(settings.data)} saved={settings.data} canManage={canManage} />}
      </Stack>
    </Card>
  );
}

function LifecycleForm({ saved, canManage }: { saved: LifecycleSettings; canManage: boolean }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [values, setValues] = useState<Record<(typeof FIELDS)[number], number | string>>(saved);
  const save = useMutation({
    mutationFn: (input: LifecycleSettings) => apiRequest<LifecycleSettings>('/settings/lifecycle', { method: 'PUT', body: input }),
    onSuccess: (next) => {
      qc.setQueryData(['settings', 'lifecycle'], next);
      void qc.invalidateQueries({ queryKey: ['insights'] });
      toastDone(t('lifecycle.saved'));
    },
  });
  const serverErrors = fieldErrors(t, save.error);
  // Inline, before any request: whole days in range, and lost strictly after at risk.
  const local: Partial<Record<(typeof FIELDS)[number], string>> = {};
  for (const f of FIELDS) {
    const n = Number(values[f]);
    if (values[f] === '' || !Number.isInteger(n) || n < 1 || n > 3650) local[f] = t('lifecycle.daysHelp');
  }
  if (!local.atRiskAfterDays && !local.lostAfterDays && Number(values.lostAfterDays) <= Number(values.atRiskAfterDays)) local.lostAfterDays = t('lifecycle.lostAfterAtRisk');
  const invalid = Object.keys(local).length > 0;
  const unchanged = FIELDS.every((f) => Number(values[f]) === saved[f]);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (invalid) return;
    save.mutate({ dormantAfterDays: Number(values.dormantAfterDays), atRiskAfterDays: Number(values.atRiskAfterDays), lostAfterDays: Number(values.lostAfterDays) });
  };
  return (
    <form onSubmit={submit} aria-label={t('lifecycle.settingsTitle')} noValidate>
      <Stack>
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
          {FIELDS.map((f) => (
            <NumberInput
              key={f}
              label={t(`lifecycle.${f}`)}
              description={t(`lifecycle.${f}Help`)}
              value={values[f]}
              onChange={(v) => setValues((prev) => ({ ...prev, [f]: v }))}
              min={1}
              max={3650}
              allowDecimal={false}
              allowNegative={false}
              disabled={!canManage}
              error={local[f] ?? serverErrors[f]?.join(' ')}
              data-testid={`lifecycle-${f}`}
            />
          ))}
        </SimpleGrid>
        {save.error && Object.keys(serverErrors).length === 0 && <Alert color="red">{errorText(t, save.error)}</Alert>}
        {canManage && (
          <Group>
            <Button type="submit" loading={save.isPending} disabled={unchanged || invalid} data-testid="lifecycle-save">{t('lifecycle.save')}</Button>
          </Group>
        )}
      </Stack>
    </form>
  );
}
