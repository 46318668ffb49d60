import { Alert, Button, Card, Group, Loader, NumberInput, Select, SimpleGrid, Stack, Switch, Text, TextInput, Title } from '@mantine/core';
import { useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { MessagingSettings } from '../../../../../src/contracts/index.js';
import { FREQUENCY_CAP_BOUNDS } from '../../../../../src/domain/messaging-settings.js';
import { LoadError } from '../../../shared/components/data-list.js';
import { errorText, fieldErrors } from '../../../shared/error-text.js';
import { useUnsavedGuard } from '../../../shared/hooks/use-unsaved-guard.js';
import { toastDone } from '../../../shared/toast.js';
import { useMessagingSettings, useSaveMessagingSettings } from '../hooks/use-messaging-settings.js';

/** Indonesia's zones first (WIB, WITA, WIT), then every zone the browser knows. */
const INDONESIA = ['Asia/Jakarta', 'Asia/Pontianak', 'Asia/Makassar', 'Asia/Jayapura'];
function zoneOptions(current: string): string[] {
  const all = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  return [...new Set([...INDONESIA, current, ...all])];
}

/**
 * Pengaturan → Pesan pemasaran: the frequency cap, the quiet hours and the time zone. Everyone sees
 * them (they explain why a broadcast waits); owners and admins change them.
 */
export function MessagingSection({ canManage }: { canManage: boolean }) {
  const { t } = useTranslation();
  const settings = useMessagingSettings();
  return (
    <Card withBorder padding="lg" data-testid="messaging-settings">
      <Stack>
        <div>
          <Title order={3}>{t('messagingSettings.title')}</Title>
          <Text size="sm" c="dimmed">{t('messagingSettings.utilityExempt')}</Text>
        </div>
        {settings.error && <LoadError error={settings.error} onRetry={settings.refetch} />}
        {!settings.data && !settings.error && <Loader size="sm" aria-label={t('app.loading')} />}
        {settings.data && <MessagingForm key={JSON.stringify(settings.data)} settings={settings.data} canManage={canManage} />}
      </Stack>
    </Card>
  );
}

function MessagingForm({ settings, canManage }: { settings: MessagingSettings; canManage: boolean }) {
  const { t } = useTranslation();
  const save = useSaveMessagingSettings();
  const [count, setCount] = useState<number | string>(settings.frequencyCap.count);
  const [days, setDays] = useState<number | string>(settings.frequencyCap.days);
  const [quiet, setQuiet] = useState(settings.quietHours !== null);
  const [start, setStart] = useState(settings.quietHours?.start ?? '21:00');
  const [end, setEnd] = useState(settings.quietHours?.end ?? '08:00');
  const [timezone, setTimezone] = useState(settings.timezone);
  const zones = useMemo(() => zoneOptions(settings.timezone), [settings.timezone]);

  const input: MessagingSettings = {
    timezone,
    frequencyCap: { count: Number(count), days: Number(days) },
    quietHours: quiet ? { start, end } : null,
  };
  const dirty = JSON.stringify(input) !== JSON.stringify(settings);
  const guard = useUnsavedGuard(dirty && !save.isPending);
  const errors = fieldErrors(t, save.error);
  const errorOf = (field: string) => errors[field]?.join(' ');

  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate(input, { onSuccess: () => toastDone(t('messagingSettings.saved')) });
  };

  return (
    <form onSubmit={submit} aria-label={t('messagingSettings.title')} noValidate>
      <Stack>
        <Text size="sm" fw={500} data-testid="messaging-summary">{summary(t, settings)}</Text>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <NumberInput
            label={t('messagingSettings.capCount')}
            description={t('messagingSettings.capCountHelp')}
            value={count}
            onChange={setCount}
            min={FREQUENCY_CAP_BOUNDS.count.min}
            max={FREQUENCY_CAP_BOUNDS.count.max}
            allowDecimal={false}
            allowNegative={false}
            disabled={!canManage}
            error={errorOf('frequencyCap.count')}
          />
          <NumberInput
            label={t('messagingSettings.capDays')}
            description={t('messagingSettings.capDaysHelp')}
            value={days}
            onChange={setDays}
            min={FREQUENCY_CAP_BOUNDS.days.min}
            max={FREQUENCY_CAP_BOUNDS.days.max}
            allowDecimal={false}
            allowNegative={false}
            disabled={!canManage}
            error={errorOf('frequencyCap.days')}
          />
        </SimpleGrid>
        <Switch
          label={t('messagingSettings.quietHours')}
          description={t('messagingSettings.quietHoursHelp')}
          checked={quiet}
          onChange={(e) => setQuiet(e.currentTarget.checked)}
          disabled={!canManage}
        />
        {quiet && (
          <Group gap="md" align="flex-start">
            <TimeField label={t('messagingSettings.quietStart')} value={start} onChange={setStart} disabled={!canManage} error={errorOf('quietHours.start')} />
            <TimeField label={t('messagingSettings.quietEnd')} value={end} onChange={setEnd} disabled={!canManage} error={errorOf('quietHours.end')} />
          </Group>
        )}
        <Select
          label={t('messagingSettings.timezone')}
          description={t('messagingSettings.timezoneHelp')}
          data={zones}
          value={timezone}
          onChange={(v) => v && setTimezone(v)}
          searchable
          allowDeselect={false}
          nothingFoundMessage={t('common.noResults')}
          disabled={!canManage}
          error={errorOf('timezone')}
          maw={360}
        />
        {save.error && Object.keys(errors).length === 0 && <Alert color="red">{errorText(t, save.error)}</Alert>}
        {canManage ? (
          <Group>
            <Button type="submit" loading={save.isPending} disabled={!dirty}>{t('messagingSettings.save')}</Button>
          </Group>
        ) : (
          <Text size="sm" c="dimmed">{t('messagingSettings.agentNote')}</Text>
        )}
      </Stack>
      {guard.dialog}
    </form>
  );
}

/**
 * A 24-hour HH:MM field. Not `<input type="time">`: Chromium shows that in the system's 12-hour
 * format (10:00 PM), while Indonesian shops write 22:00.
 */
function TimeField(props: { label: string; value: string; onChange: (v: string) => void; disabled: boolean; error: string | undefined }) {
  const { t } = useTranslation();
  return (
    <TextInput
      label={props.label}
      value={props.value}
      onChange={(e) => props.onChange(e.currentTarget.value)}
      placeholder={t('messagingSettings.timePlaceholder')}
      maxLength={5}
      inputMode="numeric"
      autoComplete="off"
      disabled={props.disabled}
      error={props.error}
      maw={160}
    />
  );
}

/** The saved settings in one sentence. */
function summary(t: ReturnType<typeof useTranslation>['t'], s: MessagingSettings): string {
  const cap = s.frequencyCap.count === 0
    ? t('messagingSettings.summaryNoCap')
    : t('messagingSettings.summaryCap', { count: s.frequencyCap.count, days: s.frequencyCap.days });
  const quiet = s.quietHours
    ? t('messagingSettings.summaryQuiet', { start: s.quietHours.start, end: s.quietHours.end, zone: s.timezone })
    : t('messagingSettings.summaryNoQuiet', { zone: s.timezone });
  return `${cap} ${quiet}`;
}
