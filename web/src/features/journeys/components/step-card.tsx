import { ActionIcon, Badge, Button, Group, MultiSelect, NumberInput, Paper, SegmentedControl, Select, Stack, TagsInput, Text, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ENGAGEMENTS, type BranchCondition, type JourneyStep } from '../../../../../src/domain/journeys/definition.js';
import { CHANNEL_KINDS, type ChannelKind } from '../../../../../src/domain/vocabulary.js';
import { SendVariants, type TemplateInfo } from './send-variants.js';

export interface StepCardProps {
  step: JourneyStep;
  index: number;
  count: number;
  allIds: readonly string[];
  /** The journey's send steps, for a branch on engagement. */
  sendIds: readonly string[];
  templates: TemplateInfo[];
  segments: { value: string; label: string }[];
  errors: string[];
  activeHere: number;
  sentHere: number;
  readOnly: boolean;
  onChange(step: JourneyStep): void;
  onRemove(): void;
  onMove(by: -1 | 1): void;
}

const END = '';
const CONDITIONS = ['ordered_since_entry', 'has_unpaid_order', 'segment', 'message_engaged'] as const satisfies readonly BranchCondition['kind'][];

/** A fresh condition of a kind, its choices defaulted to the first of what the journey has. */
function conditionOf(kind: BranchCondition['kind'], segments: StepCardProps['segments'], sendIds: readonly string[]): BranchCondition {
  switch (kind) {
    case 'segment': return { kind, segmentId: segments[0]?.value ?? '' };
    case 'message_engaged': return { kind, stepId: sendIds[0] ?? '', engagement: 'read' };
    default: return { kind };
  }
}

/** One step of the vertical flow: what it does, where it goes next, how many contacts are at it, and its problems inline. */
export function StepCard(p: StepCardProps) {
  const { t } = useTranslation();
  const s = p.step;
  const targets = [{ value: END, label: t('journeys.end') }, ...p.allIds.filter((id) => id !== s.id).map((id) => ({ value: id, label: id }))];
  const target = (label: string, value: string | null, set: (v: string | null) => void, testId: string) => (
    <Select label={label} data={targets} value={value ?? END} allowDeselect={false} disabled={p.readOnly} onChange={(v) => set(v === END || v === null ? null : v)} data-testid={testId} comboboxProps={{ withinPortal: true }} />
  );
  return (
    <Paper withBorder p="sm" radius="md" data-testid={`step-${s.id}`} style={p.errors.length > 0 ? { borderColor: 'var(--mantine-color-red-6)' } : undefined}>
      <Stack gap="xs">
        <Group justify="space-between" wrap="wrap" gap="xs">
          <Group gap="xs" wrap="wrap">
            <Badge variant="filled" color="gray" circle>{p.index + 1}</Badge>
            <Text fw={600}>{t(`journeys.kinds.${s.kind}`)}</Text>
            <Text size="xs" c="dimmed">{s.id}</Text>
          </Group>
          <Group gap={4}>
            <Badge variant="light" color={p.activeHere > 0 ? 'blue' : 'gray'} data-testid={`step-count-${s.id}`}>{t('journeys.atStep', { count: p.activeHere })}</Badge>
            {s.kind === 'send' && <Badge variant="light" color="teal">{t('journeys.sentAt', { count: p.sentHere })}</Badge>}
            {!p.readOnly && (
              <>
                <ActionIcon variant="subtle" aria-label={t('journeys.moveUp')} disabled={p.index === 0} onClick={() => p.onMove(-1)}>↑</ActionIcon>
                <ActionIcon variant="subtle" aria-label={t('journeys.moveDown')} disabled={p.index === p.count - 1} onClick={() => p.onMove(1)}>↓</ActionIcon>
                <ActionIcon variant="subtle" color="red" aria-label={t('journeys.removeStep')} onClick={p.onRemove}>✕</ActionIcon>
              </>
            )}
          </Group>
        </Group>
        {s.kind === 'send' && (
          <>
            <Select label={t('journeys.template')} data={p.templates.map((x) => ({ value: x.value, label: x.label }))} value={s.templateId} searchable disabled={p.readOnly} onChange={(v) => v && p.onChange({ ...s, templateId: v })} />
            <MultiSelect label={t('journeys.channels')} data={CHANNEL_KINDS.map((c) => ({ value: c, label: t(`channelChoice.names.${c}`) }))} value={[...s.channels]} disabled={p.readOnly}
              onChange={(v) => p.onChange({ ...s, channels: v as ChannelKind[] })} />
            {target(t('journeys.next'), s.next, (next) => p.onChange({ ...s, next }), `next-${s.id}`)}
            <SendVariants step={s} onChange={p.onChange} templates={p.templates} readOnly={p.readOnly} />
          </>
        )}
        {s.kind === 'wait' && (
          <>
            <SegmentedControl size="xs" disabled={p.readOnly} value={'minutes' in s.wait ? 'minutes' : 'untilTime'}
              data={[{ value: 'minutes', label: t('journeys.waitModes.minutes') }, { value: 'untilTime', label: t('journeys.waitModes.untilTime') }]}
              onChange={(v) => p.onChange({ ...s, wait: v === 'minutes' ? { minutes: 60 } : { untilTime: '10:00' } })} />
            {'minutes' in s.wait
              ? <NumberInput label={t('journeys.minutes')} value={s.wait.minutes} min={1} disabled={p.readOnly} onChange={(v) => p.onChange({ ...s, wait: { minutes: typeof v === 'number' ? v : 0 } })} />
              : <TextInput label={t('journeys.untilTime')} value={s.wait.untilTime} placeholder="10:00" disabled={p.readOnly} onChange={(e) => p.onChange({ ...s, wait: { untilTime: e.currentTarget.value } })} />}
            {target(t('journeys.next'), s.next, (next) => p.onChange({ ...s, next }), `next-${s.id}`)}
          </>
        )}
        {s.kind === 'wait_for_event' && (
          <>
            <TagsInput label={t('journeys.eventTypes')} value={[...s.eventTypes]} disabled={p.readOnly} onChange={(v) => p.onChange({ ...s, eventTypes: v })} />
            <NumberInput label={t('journeys.timeout')} value={s.timeoutMinutes} min={1} disabled={p.readOnly} onChange={(v) => p.onChange({ ...s, timeoutMinutes: typeof v === 'number' ? v : 0 })} />
            {target(t('journeys.onEvent'), s.onEvent, (onEvent) => p.onChange({ ...s, onEvent }), `on-event-${s.id}`)}
            {target(t('journeys.onTimeout'), s.onTimeout, (onTimeout) => p.onChange({ ...s, onTimeout }), `on-timeout-${s.id}`)}
          </>
        )}
        {s.kind === 'branch' && (
          <>
            <Select label={t('journeys.condition')} allowDeselect={false} disabled={p.readOnly} value={s.condition.kind} data-testid={`condition-${s.id}`}
              data={CONDITIONS.map((k) => ({ value: k, label: t(`journeys.conditions.${k}`) }))}
              onChange={(v) => v && p.onChange({ ...s, condition: conditionOf(v as BranchCondition['kind'], p.segments, p.sendIds) })} />
            {s.condition.kind === 'segment' && (
              <Select label={t('journeys.segment')} data={p.segments} value={s.condition.segmentId || null} disabled={p.readOnly} onChange={(v) => v && p.onChange({ ...s, condition: { kind: 'segment', segmentId: v } })} />
            )}
            {s.condition.kind === 'message_engaged' && (() => {
              const c = s.condition;
              return (
                <Group grow align="flex-start" wrap="wrap">
                  <Select label={t('journeys.engagedStep')} description={t('journeys.engagedStepHelp')} data={[...new Set([...p.sendIds, ...(c.stepId ? [c.stepId] : [])])]} value={c.stepId || null}
                    disabled={p.readOnly} data-testid={`engaged-step-${s.id}`} onChange={(v) => v && p.onChange({ ...s, condition: { ...c, stepId: v } })} />
                  <Select label={t('journeys.engagement')} allowDeselect={false} disabled={p.readOnly} value={c.engagement} data-testid={`engagement-${s.id}`}
                    data={ENGAGEMENTS.map((e) => ({ value: e, label: t(`journeys.engagements.${e}`) }))}
                    onChange={(v) => v && p.onChange({ ...s, condition: { ...c, engagement: v as typeof c.engagement } })} />
                </Group>
              );
            })()}
            {target(t('journeys.yes'), s.yes, (yes) => p.onChange({ ...s, yes }), `yes-${s.id}`)}
            {target(t('journeys.no'), s.no, (no) => p.onChange({ ...s, no }), `no-${s.id}`)}
          </>
        )}
        {s.kind === 'split' && (
          <>
            {s.branches.map((b, i) => (
              <Group key={i} grow align="flex-end" wrap="nowrap">
                <NumberInput label={`${t('journeys.path', { n: i + 1 })} · ${t('journeys.weight')}`} value={b.weight} min={1} max={100} disabled={p.readOnly}
                  onChange={(v) => p.onChange({ ...s, branches: s.branches.map((x, k) => (k === i ? { ...x, weight: typeof v === 'number' ? v : 0 } : x)) })} />
                {target(t('journeys.next'), b.next, (next) => p.onChange({ ...s, branches: s.branches.map((x, k) => (k === i ? { ...x, next } : x)) }), `split-${s.id}-${i}`)}
              </Group>
            ))}
            {!p.readOnly && s.branches.length < 4 && (
              <Button size="xs" variant="subtle" onClick={() => p.onChange({ ...s, branches: [...s.branches, { weight: 50, next: null }] })}>{t('journeys.addPath')}</Button>
            )}
          </>
        )}
        {p.errors.map((e) => <Text key={e} size="sm" c="red.8" role="alert">{e}</Text>)}
      </Stack>
    </Paper>
  );
}
