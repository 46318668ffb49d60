import { Group, SegmentedControl, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { InsightRange } from './api.js';
import './words.js';

/** From/to dates and day/week; a range whose end is before its start is flagged inline and not applied. */
export function RangePicker({ value, onChange }: { value: InsightRange; onChange: (r: InsightRange) => void }) {
  const { t } = useTranslation();
  const [from, setFrom] = useState(value.from);
  const [to, setTo] = useState(value.to);
  const valid = (f: string, x: string) => /^\d{4}-\d{2}-\d{2}$/.test(f) && /^\d{4}-\d{2}-\d{2}$/.test(x) && f <= x;
  const apply = (f: string, x: string, interval = value.interval) => {
    if (valid(f, x)) onChange({ from: f, to: x, interval });
  };
  return (
    <Group align="flex-end" gap="sm" wrap="wrap" data-testid="range-picker">
      <TextInput type="date" label={t('dashboard.from')} value={from} max={to} onChange={(e) => { setFrom(e.currentTarget.value); apply(e.currentTarget.value, to); }} w={170} data-testid="range-from" />
      <TextInput
        type="date" label={t('dashboard.to')} value={to} min={from} w={170} data-testid="range-to"
        onChange={(e) => { setTo(e.currentTarget.value); apply(from, e.currentTarget.value); }}
        error={valid(from, to) ? undefined : t('dashboard.rangeInvalid')}
      />
      <div>
        <Text size="sm" fw={500} mb={4} id="range-interval">{t('dashboard.interval')}</Text>
        <SegmentedControl
          aria-labelledby="range-interval"
          value={value.interval}
          onChange={(v) => onChange({ ...value, interval: v === 'week' ? 'week' : 'day' })}
          data={[{ value: 'day', label: t('dashboard.day') }, { value: 'week', label: t('dashboard.week') }]}
        />
      </div>
    </Group>
  );
}
