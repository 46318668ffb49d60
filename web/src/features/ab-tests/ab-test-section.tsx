import { Alert, Button, Checkbox, Group, NumberInput, Paper, Select, SimpleGrid, Stack, Switch, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Broadcast, BroadcastInput } from '../../../../src/contracts/index.js';
import { changesTextOnWhatsApp, checkOneChange, type VariantContent } from '../../../../src/domain/insights/ab-test.js';
import { AUTOMATION_CHANNELS, type ChannelKind } from '../../../../src/domain/vocabulary.js';
import './words.js';

export interface VariantDraft { templateId: string | null; weight: number; message: string; subject: string; channel: ChannelKind | null }
export interface AbDraft {
  enabled: boolean;
  variants: VariantDraft[];
  metric: 'conversion' | 'read' | 'click';
  testThenWinner: boolean;
  testPercent: number;
  decideAfterHours: number;
  allowMultipleChanges: boolean;
}
interface TemplateOption { id: string; code: string; message: string; subject?: string | null }

const KEYS = ['A', 'B', 'C', 'D'];
const blank = (weight: number): VariantDraft => ({ templateId: null, weight, message: '', subject: '', channel: null });

/** The editor's A/B state from a saved draft (or a fresh one: off, two versions at 50/50). */
export function abDraftOf(b: Broadcast | undefined): AbDraft {
  const v = b?.variants;
  const a = b?.abTest;
  return {
    enabled: !!v,
    variants: v ? v.map((x) => ({ templateId: x.templateId === b.templateId ? null : x.templateId, weight: x.weight, message: x.message ?? '', subject: x.subject ?? '', channel: x.channel })) : [blank(50), blank(50)],
    metric: a?.metric ?? 'conversion',
    testThenWinner: !!a?.testPercent,
    testPercent: a?.testPercent ?? 20,
    decideAfterHours: a?.decideAfterHours ?? 24,
    allowMultipleChanges: a?.allowMultipleChanges ?? false,
  };
}

/** The API's `variants` and `abTest` for the draft (both null when the test is off). */
export function abInputOf(d: AbDraft): Pick<BroadcastInput, 'variants' | 'abTest'> {
  if (!d.enabled) return { variants: null, abTest: null };
  return {
    variants: d.variants.map((v) => ({
      weight: v.weight, ...(v.templateId ? { templateId: v.templateId } : {}), ...(v.message.trim() ? { message: v.message } : {}),
      ...(v.subject.trim() ? { subject: v.subject } : {}), ...(v.channel ? { channel: v.channel } : {}),
    })),
    abTest: {
      metric: d.metric, allowMultipleChanges: d.allowMultipleChanges,
      ...(d.testThenWinner ? { testPercent: d.testPercent, decideAfterHours: d.decideAfterHours } : {}),
    },
  };
}

/**
 * The versions whose changed text would go out on WhatsApp, by the server's rule
 * (domain/insights/ab-test.ts changesTextOnWhatsApp): WhatsApp sends the approved template, not the
 * text typed here, so the form is not sent while any is left (indexes of `d.variants`).
 */
export function whatsappTextVariants(d: AbDraft, templates: readonly TemplateOption[], templateId: string | null, channels: readonly ChannelKind[]): number[] {
  if (!d.enabled) return [];
  return d.variants.flatMap((v, i) => {
    const t = templates.find((x) => x.id === (v.templateId ?? templateId));
    return changesTextOnWhatsApp(v, t?.message, channels) ? [i] : [];
  });
}

/** What changes between the versions, by the same rule the server applies (domain/insights/ab-test.ts). */
function changedFields(d: AbDraft, templates: readonly TemplateOption[], templateId: string | null, channel: ChannelKind) {
  const contents = d.variants.map((v): VariantContent => {
    const t = templates.find((x) => x.id === (v.templateId ?? templateId));
    return { templateText: v.message.trim() || (t?.message ?? ''), subject: v.subject.trim() || (t?.subject ?? null), channel: v.channel ?? channel, sendAt: null };
  });
  return checkOneChange(contents).changed;
}

/**
 * The editor's "A/B test" section: 2–4 versions (another template, or the broadcast's with its text
 * or subject changed, optionally on its own channel) with weights, the metric, and "test on X%,
 * then the winner to the rest after H hours"; the one-change warning shows as soon as it applies.
 * A version going on WhatsApp (its own channel, or any of the broadcast's `channels`) cannot change
 * the text: the field says why, is closed while empty, and a text left in it is an error.
 */
export function AbTestSection({ value, onChange, templates, templateId, channels, errors }: {
  value: AbDraft; onChange: (next: AbDraft) => void; templates: readonly TemplateOption[]; templateId: string | null; channels: readonly ChannelKind[];
  errors: Record<string, string[]>;
}) {
  const channel = channels[0] ?? 'whatsapp';
  const { t } = useTranslation();
  const set = (patch: Partial<AbDraft>) => onChange({ ...value, ...patch });
  const setVariant = (i: number, patch: Partial<VariantDraft>) => set({ variants: value.variants.map((v, j) => (j === i ? { ...v, ...patch } : v)) });
  const sum = value.variants.reduce((s, v) => s + (Number.isFinite(v.weight) ? v.weight : 0), 0);
  const changed = value.enabled ? changedFields(value, templates, templateId, channel) : [];
  const fieldNames = changed.map((f) => t(`abTests.fields.${f}`)).join(t('abTests.and'));
  // A version's text errors show on its text field; the rest of the versions' below them.
  const variantErrors = [...(errors.variants ?? []), ...Object.entries(errors).filter(([f]) => f.startsWith('variants[') && !/^variants\[\d+\]\.message$/.test(f)).flatMap(([, x]) => x)];
  const onWhatsApp = (v: VariantDraft) => (v.channel ? [v.channel] : channels).includes('whatsapp');
  const blocked = new Set(whatsappTextVariants(value, templates, templateId, channels));
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby="ab-title" data-testid="ab-section">
      <Stack gap="sm">
        <Title order={3} id="ab-title">{t('abTests.section')}</Title>
        <Switch label={t('abTests.enable')} description={t('abTests.enableHelp')} checked={value.enabled} onChange={(e) => set({ enabled: e.currentTarget.checked })} data-testid="ab-enable" />
        {value.enabled && (
          <>
            {value.variants.map((v, i) => (
              <Paper key={i} withBorder p="sm" radius="sm" data-testid={`ab-variant-${KEYS[i]}`}>
                <Stack gap="xs">
                  <Group justify="space-between" gap="xs">
                    <Text fw={600}>{i === 0 ? t('abTests.control') : t('abTests.variant', { key: KEYS[i] })}</Text>
                    {value.variants.length > 2 && (
                      <Button variant="subtle" color="red" size="compact-sm" onClick={() => set({ variants: value.variants.filter((_, j) => j !== i) })}>
                        {t('abTests.remove', { key: KEYS[i] })}
                      </Button>
                    )}
                  </Group>
                  <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="xs">
                    <Select
                      label={t('abTests.template')}
                      data={[{ value: '', label: t('abTests.sameTemplate') }, ...templates.map((x) => ({ value: x.id, label: x.code }))]}
                      value={v.templateId ?? ''}
                      allowDeselect={false}
                      onChange={(x) => setVariant(i, { templateId: x ? x : null })}
                      comboboxProps={{ withinPortal: true }}
                      data-testid={`ab-template-${KEYS[i]}`}
                    />
                    <NumberInput label={t('abTests.weight')} min={1} max={99} value={v.weight} onChange={(x) => setVariant(i, { weight: typeof x === 'number' ? x : Number(x) || 0 })} data-testid={`ab-weight-${KEYS[i]}`} />
                    <Select
                      label={t('abTests.channel')}
                      data={[{ value: '', label: t('abTests.channelNone') }, ...AUTOMATION_CHANNELS.map((c) => ({ value: c, label: t(`channelChoice.names.${c}`) }))]}
                      value={v.channel ?? ''}
                      allowDeselect={false}
                      onChange={(x) => setVariant(i, { channel: x ? (x as ChannelKind) : null })}
                      comboboxProps={{ withinPortal: true }}
                      data-testid={`ab-channel-${KEYS[i]}`}
                    />
                  </SimpleGrid>
                  <Textarea
                    label={t('abTests.text')}
                    description={onWhatsApp(v) ? t('abTests.textWhatsApp') : t('abTests.textHelp')}
                    // Closed on WhatsApp while empty; a text already there stays editable so it can be removed.
                    disabled={onWhatsApp(v) && v.message === ''}
                    error={blocked.has(i) ? t('abTests.textWhatsAppError') : errors[`variants[${i}].message`]?.join(' ')}
                    autosize
                    minRows={2}
                    value={v.message}
                    onChange={(e) => setVariant(i, { message: e.currentTarget.value })}
                    data-testid={`ab-text-${KEYS[i]}`}
                  />
                  {(v.channel ?? channel) === 'email' && <TextInput label={t('abTests.subject')} value={v.subject} onChange={(e) => setVariant(i, { subject: e.currentTarget.value })} />}
                </Stack>
              </Paper>
            ))}
            <Group justify="space-between" gap="xs">
              {value.variants.length < 4 && <Button variant="light" onClick={() => set({ variants: [...value.variants, blank(0)] })} data-testid="ab-add">{t('abTests.add')}</Button>}
              <Text size="sm" c={sum === 100 ? 'dimmed' : 'red'} data-testid="ab-sum">{t('abTests.weightsSum', { sum })}</Text>
            </Group>
            {changed.length > 1 && (
              <Alert color="yellow" title={t('abTests.oneChangeTitle')} data-testid="ab-one-change">
                <Stack gap="xs">
                  <Text size="sm">{t('abTests.oneChange', { fields: fieldNames })}</Text>
                  <Checkbox label={t('abTests.allowMultiple')} checked={value.allowMultipleChanges} onChange={(e) => set({ allowMultipleChanges: e.currentTarget.checked })} />
                </Stack>
              </Alert>
            )}
            {variantErrors.length > 0 && <Text size="sm" c="red" role="alert" data-testid="field-error">{variantErrors.join(' ')}</Text>}
            <Select
              label={t('abTests.metric')}
              data={(['conversion', 'read', 'click'] as const).map((m) => ({ value: m, label: t(`abTests.metrics.${m}`) }))}
              value={value.metric}
              allowDeselect={false}
              onChange={(x) => set({ metric: x === 'read' || x === 'click' ? x : 'conversion' })}
              maw={320}
              data-testid="ab-metric"
            />
            <Checkbox label={t('abTests.testThenWinner')} checked={value.testThenWinner} onChange={(e) => set({ testThenWinner: e.currentTarget.checked })} data-testid="ab-test-then-winner" />
            {value.testThenWinner && (
              <>
                <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs">
                  <NumberInput label={t('abTests.testPercent')} min={1} max={99} value={value.testPercent} onChange={(x) => set({ testPercent: Number(x) || 0 })} error={errors.abTest?.join(' ')} />
                  <NumberInput label={t('abTests.decideAfterHours')} min={1} max={720} value={value.decideAfterHours} onChange={(x) => set({ decideAfterHours: Number(x) || 0 })} />
                </SimpleGrid>
                <Text size="xs" c="dimmed">{t('abTests.winnerRule')}</Text>
              </>
            )}
          </>
        )}
      </Stack>
    </Paper>
  );
}
