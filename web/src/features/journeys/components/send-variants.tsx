import { Alert, Button, Checkbox, Group, MultiSelect, NumberInput, Paper, Select, SimpleGrid, Stack, Switch, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { checkOneChange, type VariantContent } from '../../../../../src/domain/insights/ab-test.js';
import type { JourneyStep, SendAbTest, SendVariant } from '../../../../../src/domain/journeys/definition.js';
import { SEND_VARIANT_KEYS, variantContent } from '../../../../../src/domain/journeys/send-variants.js';
import { CHANNEL_KINDS, type ChannelKind } from '../../../../../src/domain/vocabulary.js';
import '../../ab-tests/words.js';

type SendStep = Extract<JourneyStep, { kind: 'send' }>;
export interface TemplateInfo { value: string; label: string; message: string; subject: string | null }

const DEFAULT_TEST: SendAbTest = { metric: 'conversion', testContacts: null, decideAfterHours: null, allowMultipleChanges: false };

/** What changes between the variants, by the server's rule (text, subject, channels). */
function changedFields(step: SendStep, templates: readonly TemplateInfo[]) {
  const contents = (step.variants ?? []).map((v): VariantContent => {
    const c = variantContent(step, v);
    const t = templates.find((x) => x.value === c.templateId);
    return { templateText: t?.message ?? '', subject: t?.subject ?? null, channel: c.channels.join(' > '), sendAt: null };
  });
  return checkOneChange(contents).changed;
}

/**
 * A send step's A/B test, with the broadcast editor's look: 2–4 versions (another template and/or
 * channels) with weights, the metric, and "test on the first N contacts (or until H hours after
 * the first send), then the winner for everyone after"; the one-change warning as soon as it applies.
 */
export function SendVariants({ step, onChange, templates, readOnly }: { step: SendStep; onChange(s: SendStep): void; templates: readonly TemplateInfo[]; readOnly: boolean }) {
  const { t } = useTranslation();
  const variants = step.variants ?? null;
  const ab = step.abTest ?? DEFAULT_TEST;
  const setVariants = (v: SendVariant[] | null) => onChange({ ...step, variants: v, abTest: v === null ? null : ab });
  const setVariant = (i: number, patch: Partial<SendVariant>) => setVariants((variants ?? []).map((v, j) => (j === i ? { ...v, ...patch } : v)));
  const setAb = (patch: Partial<SendAbTest>) => onChange({ ...step, abTest: { ...ab, ...patch } });
  const changed = variants ? changedFields(step, templates) : [];
  const thenWinner = ab.testContacts !== null || ab.decideAfterHours !== null;
  const channelItems = CHANNEL_KINDS.map((c) => ({ value: c, label: t(`channelChoice.names.${c}`) }));
  return (
    <Paper withBorder p="sm" radius="sm" data-testid={`ab-section-${step.id}`}>
      <Stack gap="xs">
        <Switch label={t('abTests.enable')} description={t('abTests.journeyEnableHelp')} checked={variants !== null} disabled={readOnly}
          onChange={(e) => setVariants(e.currentTarget.checked ? [{ weight: 50 }, { weight: 50 }] : null)} data-testid={`ab-enable-${step.id}`} />
        {variants?.map((v, i) => (
          <Paper key={i} withBorder p="sm" radius="sm" data-testid={`ab-variant-${step.id}-${SEND_VARIANT_KEYS[i]}`}>
            <Stack gap="xs">
              <Group justify="space-between" gap="xs">
                <Text fw={600}>{i === 0 ? t('abTests.control') : t('abTests.variant', { key: SEND_VARIANT_KEYS[i] })}</Text>
                {!readOnly && variants.length > 2 && (
                  <Button variant="subtle" color="red" size="compact-sm" onClick={() => setVariants(variants.filter((_, j) => j !== i))}>{t('abTests.remove', { key: SEND_VARIANT_KEYS[i] })}</Button>
                )}
              </Group>
              <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="xs">
                <Select label={t('abTests.template')} data={[{ value: '', label: t('abTests.stepTemplate') }, ...templates.map((x) => ({ value: x.value, label: x.label }))]}
                  value={v.templateId ?? ''} allowDeselect={false} disabled={readOnly} comboboxProps={{ withinPortal: true }}
                  onChange={(x) => setVariant(i, { templateId: x ? x : undefined })} data-testid={`ab-template-${step.id}-${SEND_VARIANT_KEYS[i]}`} />
                <NumberInput label={t('abTests.journeyWeight')} min={1} max={100} value={v.weight} disabled={readOnly}
                  onChange={(x) => setVariant(i, { weight: typeof x === 'number' ? x : Number(x) || 0 })} data-testid={`ab-weight-${step.id}-${SEND_VARIANT_KEYS[i]}`} />
                <MultiSelect label={t('abTests.channels')} placeholder={(v.channels ?? []).length === 0 ? t('abTests.stepChannels') : undefined} data={channelItems}
                  value={[...(v.channels ?? [])]} disabled={readOnly} comboboxProps={{ withinPortal: true }}
                  onChange={(x) => setVariant(i, { channels: x.length === 0 ? undefined : (x as ChannelKind[]) })} data-testid={`ab-channels-${step.id}-${SEND_VARIANT_KEYS[i]}`} />
              </SimpleGrid>
            </Stack>
          </Paper>
        ))}
        {variants && (
          <>
            {!readOnly && variants.length < 4 && <Button variant="light" size="xs" onClick={() => setVariants([...variants, { weight: 50 }])} data-testid={`ab-add-${step.id}`}>{t('abTests.add')}</Button>}
            {changed.length > 1 && (
              <Alert color="yellow" title={t('abTests.oneChangeTitle')} data-testid={`ab-one-change-${step.id}`}>
                <Stack gap="xs">
                  <Text size="sm">{t('abTests.oneChange', { fields: changed.map((f) => t(`abTests.fields.${f}`)).join(t('abTests.and')) })}</Text>
                  <Checkbox label={t('abTests.allowMultiple')} checked={ab.allowMultipleChanges} disabled={readOnly} onChange={(e) => setAb({ allowMultipleChanges: e.currentTarget.checked })} />
                </Stack>
              </Alert>
            )}
            <Select label={t('abTests.metric')} data={(['conversion', 'read', 'click'] as const).map((m) => ({ value: m, label: t(`abTests.metrics.${m}`) }))}
              value={ab.metric} allowDeselect={false} disabled={readOnly} maw={320} comboboxProps={{ withinPortal: true }}
              onChange={(x) => setAb({ metric: x === 'read' || x === 'click' ? x : 'conversion' })} data-testid={`ab-metric-${step.id}`} />
            <Checkbox label={t('abTests.journeyThenWinner')} checked={thenWinner} disabled={readOnly}
              onChange={(e) => setAb(e.currentTarget.checked ? { testContacts: 1000, decideAfterHours: 72 } : { testContacts: null, decideAfterHours: null })} data-testid={`ab-then-winner-${step.id}`} />
            {thenWinner && (
              <>
                <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs">
                  <NumberInput label={t('abTests.testContacts')} min={2} max={1_000_000} value={ab.testContacts ?? ''} disabled={readOnly}
                    onChange={(x) => setAb({ testContacts: typeof x === 'number' ? x : null })} data-testid={`ab-test-contacts-${step.id}`} />
                  <NumberInput label={t('abTests.decideAfterHours')} min={1} max={720} value={ab.decideAfterHours ?? ''} disabled={readOnly}
                    onChange={(x) => setAb({ decideAfterHours: typeof x === 'number' ? x : null })} />
                </SimpleGrid>
                <Text size="xs" c="dimmed">{t('abTests.journeyWinnerRule')}</Text>
              </>
            )}
          </>
        )}
      </Stack>
    </Paper>
  );
}
