import { ActionIcon, Autocomplete, Group, MultiSelect, NumberInput, Paper, Select, SimpleGrid, TagsInput, Text, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { SegmentOp } from '../../../../../src/domain/segment.js';
import { SEGMENT_STAGES, opsOf, parseSegmentField, type SegmentFieldKind } from '../../../../../src/domain/segment-fields.js';
import { RFM_SEGMENTS } from '../../../../../src/domain/insights/rfm-segments.js';
import { CONSENT_CHANNELS, CONSENT_STATUSES } from '../../../../../src/domain/vocabulary.js';
import { useTagCounts } from '../../contacts/hooks/use-contacts.js';
import { withField, withOp, type DraftCondition } from '../draft.js';

/** Fields in the picker, grouped as a shop owner thinks of them; `custom` opens a key input. */
const FIELD_GROUPS = [
  { group: 'contact', fields: ['name', 'phone', 'email', 'tags', 'created_days_ago'] },
  { group: 'orders', fields: ['orders.count', 'orders.total_spent', 'orders.last_days_ago', 'orders.product'] },
  { group: 'insights', fields: ['rfm.segment', 'rfm.r', 'rfm.f', 'rfm.m', 'clv.predicted', 'clv.historical'] },
  { group: 'consent', fields: CONSENT_CHANNELS.map((c) => `consent.${c}`) },
  { group: 'lifecycle', fields: ['lifecycle.stage'] },
  { group: 'custom', fields: ['custom'] },
] as const;

/** One condition: field, op (only those the field allows), and a value input suited to both. */
export function RuleRow(props: { rule: DraftCondition; errors: (suffix: string) => string[]; onChange: (rule: DraftCondition) => void; onRemove: () => void }) {
  const { t } = useTranslation();
  const { rule, onChange } = props;
  const ref = parseSegmentField(rule.field);
  const isCustom = rule.field.startsWith('custom.');
  const kind: SegmentFieldKind | undefined = ref?.kind ?? (isCustom ? 'custom' : undefined);
  const ops: readonly SegmentOp[] = ref ? opsOf(ref) : isCustom ? opsOf({ field: 'custom', kind: 'custom', key: 'x' }) : [];
  const fieldData = FIELD_GROUPS.map((g) => ({ group: t(`segments.fieldGroups.${g.group}`), items: g.fields.map((f) => ({ value: f, label: t(`segments.fields.${f.replace('.', '_')}`) })) }));
  const opLabel = (op: SegmentOp) => t(`segments.opsFor.${kind ?? 'text'}.${op}`, { defaultValue: t(`segments.ops.${op}`) });
  const joined = (suffix: string) => {
    const list = props.errors(suffix);
    return list.length > 0 ? list.join(' ') : undefined;
  };
  const customKey = isCustom ? rule.field.slice('custom.'.length) : '';

  return (
    <Paper withBorder p="xs" radius="sm" data-testid="segment-rule">
      <Group align="flex-start" wrap="nowrap" gap="xs">
        <SimpleGrid cols={{ base: 1, sm: isCustom ? 4 : 3 }} spacing="xs" style={{ flex: 1, minWidth: 0 }}>
          <Select
            aria-label={t('segments.field')}
            data={fieldData}
            value={isCustom ? 'custom' : rule.field}
            onChange={(v) => v && onChange(withField(rule, v === 'custom' ? 'custom.' : v))}
            allowDeselect={false}
            comboboxProps={{ withinPortal: true }}
            error={joined('.field') && !isCustom ? joined('.field') : undefined}
          />
          {isCustom && (
            <TextInput
              aria-label={t('segments.customKey')}
              placeholder={t('segments.customKeyPlaceholder')}
              value={customKey}
              onChange={(e) => onChange({ ...rule, field: `custom.${e.currentTarget.value.toLowerCase()}` })}
              error={joined('.field')}
            />
          )}
          <Select aria-label={t('segments.op')} data={ops.map((op) => ({ value: op, label: opLabel(op) }))} value={rule.op} onChange={(v) => v && onChange(withOp(rule, v as SegmentOp))} allowDeselect={false} error={joined('.op')} />
          <ValueInput rule={rule} kind={kind} error={joined('.value')} onChange={(value) => onChange({ ...rule, value })} />
        </SimpleGrid>
        <ActionIcon variant="subtle" color="red" aria-label={t('segments.removeRule')} onClick={props.onRemove} mt={4}>
          ✕
        </ActionIcon>
      </Group>
      {joined('') && (
        <Text c="red" size="xs" mt={4}>
          {joined('')}
        </Text>
      )}
    </Paper>
  );
}

function ValueInput(props: { rule: DraftCondition; kind: SegmentFieldKind | undefined; error: string | undefined; onChange: (value: unknown) => void }) {
  const { t } = useTranslation();
  const { rule, kind, error, onChange } = props;
  // Suggestions only where a tag is typed.
  const tags = useTagCounts(kind === 'tags');
  const label = t('segments.value');
  const tagNames = kind === 'tags' ? (tags.data ?? []).map((x) => x.tag) : [];

  if (rule.op === 'exists') {
    return <Select aria-label={label} data={[{ value: 'true', label: t('segments.exists.yes') }, { value: 'false', label: t('segments.exists.no') }]} value={String(rule.value !== false)} onChange={(v) => onChange(v !== 'false')} allowDeselect={false} error={error} />;
  }
  if (kind === 'consent' || kind === 'stage') {
    const data = kind === 'stage'
      ? SEGMENT_STAGES.map((s) => ({ value: s, label: t(`lifecycle.stages.${s}`) }))
      : CONSENT_STATUSES.map((s) => ({ value: s, label: t(`contacts.consentStatuses.${s}`) }));
    if (rule.op === 'in') return <MultiSelect aria-label={label} data={data} value={Array.isArray(rule.value) ? (rule.value as string[]) : []} onChange={onChange} error={error} />;
    return <Select aria-label={label} data={data} value={typeof rule.value === 'string' ? rule.value : null} onChange={(v) => v && onChange(v)} allowDeselect={false} error={error} />;
  }
  if (kind === 'rfm_segment') {
    const data = RFM_SEGMENTS.map((s) => ({ value: s, label: t(`insights.segmentNames.${s}`) }));
    if (rule.op === 'in') return <MultiSelect aria-label={label} data={data} value={Array.isArray(rule.value) ? (rule.value as string[]) : []} onChange={onChange} error={error} />;
    return <Select aria-label={label} data={data} value={typeof rule.value === 'string' ? rule.value : null} onChange={(v) => v && onChange(v)} allowDeselect={false} error={error} />;
  }
  if (rule.op === 'in') {
    return <TagsInput aria-label={label} placeholder={t('segments.listPlaceholder')} data={tagNames} value={Array.isArray(rule.value) ? (rule.value as string[]) : []} onChange={onChange} error={error} clearable />;
  }
  const numeric = kind === 'days' || kind === 'count' || kind === 'amount' || kind === 'score' || (kind === 'custom' && ['gt', 'gte', 'lt', 'lte'].includes(rule.op));
  if (numeric) {
    return (
      <NumberInput
        aria-label={label}
        value={typeof rule.value === 'number' || typeof rule.value === 'string' ? rule.value : ''}
        onChange={(v) => onChange(v === '' ? '' : Number(v))}
        min={kind === 'custom' ? undefined : kind === 'score' ? 1 : 0}
        max={kind === 'score' ? 5 : undefined}
        allowDecimal={kind === 'amount' || kind === 'custom'}
        thousandSeparator={kind === 'amount' ? '.' : undefined}
        decimalSeparator={kind === 'amount' ? ',' : undefined}
        leftSection={kind === 'amount' ? <Text size="xs">Rp</Text> : undefined}
        rightSection={kind === 'days' ? <Text size="xs" pr={6}>{t('segments.days')}</Text> : undefined}
        rightSectionWidth={kind === 'days' ? 48 : undefined}
        error={error}
      />
    );
  }
  if (kind === 'tags') {
    return <Autocomplete aria-label={label} data={tagNames} value={typeof rule.value === 'string' ? rule.value : ''} onChange={onChange} error={error} />;
  }
  return <TextInput aria-label={label} value={typeof rule.value === 'string' ? rule.value : ''} onChange={(e) => onChange(e.currentTarget.value)} error={error} />;
}
