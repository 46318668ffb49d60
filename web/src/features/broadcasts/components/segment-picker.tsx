import { Alert, Select, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useSegments } from '../../segments/hooks/use-segments.js';
import { useSegmentCount } from '../hooks/use-broadcasts.js';

/** A saved segment, with how many contacts it matches right now. */
export function SegmentPicker(props: { value: string | null; onChange: (id: string | null) => void; error?: ReactNode }) {
  const { t } = useTranslation();
  const segments = useSegments();
  const count = useSegmentCount(props.value);
  if (segments.error) return <Alert color="yellow" data-testid="segments-unavailable">{t('broadcasts.segmentsUnavailable')}</Alert>;
  const description = !props.value ? undefined : count.data !== undefined ? t('broadcasts.segmentCount', { count: count.data }) : t('broadcasts.segmentCounting');
  return (
    <Select
      aria-label={t('broadcasts.segment')}
      placeholder={t('broadcasts.segmentPlaceholder')}
      searchable
      data={(segments.data ?? []).map((s) => ({ value: s.id, label: s.name }))}
      nothingFoundMessage={<Text size="sm">{t('broadcasts.noSegments')}</Text>}
      value={props.value}
      onChange={props.onChange}
      description={description}
      inputWrapperOrder={['input', 'description', 'error']}
      error={props.error}
      data-testid="audience-segment"
    />
  );
}
