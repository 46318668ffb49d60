/**
 * A/B tests on broadcasts (issue 10 part 4). A broadcast may carry 2–4 variants (a template, or
 * the broadcast's template with its text or subject changed, optionally on another channel), split
 * by weight per contact with domain/insights/ab-test.ts assignVariant (the test id is the
 * broadcast's id: same contact, same broadcast, same variant). Variants may differ in one thing
 * only unless the test allows more (playbook q39: otherwise nobody can tell what worked).
 *
 * Category: every variant's template must be of the broadcast template's category (marketing,
 * utility, …), else 422 `ab_test.category_mismatch`. The category is not content: it decides
 * quiet hours, consent, the frequency cap and what WhatsApp charges, so variants of different
 * categories would be sent under different rules (one held at night, the other not) and the test
 * could not tell the message from the rules. Refusing is also what keeps each message honest:
 * a variant cannot borrow the broadcast's category for a template that is something else.
 *
 * WhatsApp: outside the 24-hour window a WhatsApp message is the template Meta approved, sent by
 * its name with its parameters (adapters/channels/whatsapp.channel.ts), never free text. A variant
 * "with its text changed" would reach those customers with the approved text while Sapa recorded
 * the changed one: the test would compare identical messages and the record would lie. So a changed
 * text on a variant that may go out on WhatsApp (its own channel, or any of the broadcast's
 * channels, fallbacks included) is refused with 422 `ab_test.whatsapp_text_change`: such a version
 * must be another (approved) template, or go on a channel where the text is what is sent.
 *
 * Results: per variant the recipients, the sent messages (the rate's denominator), the metric —
 * conversion by default, i.e. sent messages credited with an order by insights/attribution.ts
 * within the workspace's window, or read, or clicked — and the attributed revenue; the verdict
 * and its test from insights/ab-verdict.ts.
 *
 * Test then winner: with testPercent and decideAfterHours the fan-out first writes only the test
 * group (insights/ab-verdict.ts inTestGroup); when that fan-out ends the broadcast gets
 * `abDecideAt` = then + decideAfterHours. Every worker's broadcast loop looks for broadcasts past
 * that time (decideDueAbTests): the verdict by the test's metric names the winner, or A when there
 * is no significant winner, and one conditional update records it and restarts the fan-out from the
 * first contact for everyone outside the test group. The timer is a row in the database, so it
 * survives restarts and any worker may take it; the update only applies while no winner is set, and
 * each contact's message is keyed `bc:<broadcast>:<contact>`, so nobody gets two.
 */
import type { AbResults } from '../contracts/broadcasts.js';
import { guardFormulaCell } from '../domain/contact-import.js';
import { abVerdict, attributeOrders, changesTextOnWhatsApp, checkOneChange, type VariantContent } from '../domain/insights/index.js';
import type { ChannelKind } from '../domain/vocabulary.js';
import { requirePermission } from './auth.js';
import type { AbMetric, BroadcastAbTest, BroadcastRecord, BroadcastVariant } from './broadcast.port.js';
import { AppError, found, type ErrorItem } from './errors.js';
import type { Deps, Principal } from './ports.js';
import type { Campaign } from './report.port.js';
import type { TemplateRecord } from './records.js';

const HOUR = 3_600_000;
export const VARIANT_KEYS = ['A', 'B', 'C', 'D'] as const;

export interface VariantInput {
  templateId?: string | undefined;
  weight: number;
  message?: string | undefined;
  subject?: string | undefined;
  channel?: BroadcastVariant['channel'] | undefined;
}
export interface AbTestInput {
  metric?: AbMetric | undefined;
  testPercent?: number | undefined;
  decideAfterHours?: number | undefined;
  allowMultipleChanges?: boolean | undefined;
}

/** The variants as stored (keys A–D by position; the broadcast's template when a variant names none). */
export function variantsOf(input: readonly VariantInput[], templateId: string): BroadcastVariant[] {
  return input.map((v, i) => ({
    key: VARIANT_KEYS[i]!, templateId: v.templateId?.toLowerCase() ?? templateId, weight: v.weight,
    message: v.message ?? null, subject: v.subject ?? null, channel: v.channel ?? null,
  }));
}

export function abTestOf(input: AbTestInput | null | undefined): BroadcastAbTest {
  return {
    metric: input?.metric ?? 'conversion', testPercent: input?.testPercent ?? null,
    decideAfterHours: input?.decideAfterHours ?? null, allowMultipleChanges: input?.allowMultipleChanges ?? false,
  };
}

/**
 * Refuses a test whose variants change more than one thing (text, subject, channel) against A,
 * unless allowed; `templates` holds every variant's template by id (checked to exist before).
 */
export function checkVariantChanges(variants: readonly BroadcastVariant[], abTest: BroadcastAbTest, templates: ReadonlyMap<string, TemplateRecord>, channel: BroadcastVariant['channel'] & string): void {
  const contents = variants.map((v): VariantContent => {
    const t = templates.get(v.templateId);
    return { templateText: v.message ?? t?.message ?? '', subject: v.subject ?? t?.subject ?? null, channel: v.channel ?? channel, sendAt: null };
  });
  refuseMoreThanOneChange(contents, abTest.allowMultipleChanges, 'variants');
}

/**
 * Refuses contents that change more than one thing (text, subject, channel) against the first,
 * unless allowed; `field` is where the variants are (`variants`, `steps.<id>.variants`).
 */
export function refuseMoreThanOneChange(contents: readonly VariantContent[], allowMultipleChanges: boolean, field: string): void {
  const check = checkOneChange(contents, { allowMultipleChanges });
  if (!check.ok) {
    const names: Record<string, string> = { templateText: 'text', subject: 'subject', channel: 'channel', sendAt: 'send time' };
    throw new AppError('ab_test.more_than_one_change',
      `The variants differ in ${check.changed.map((f) => names[f]).join(' and ')}: change one thing only, or you cannot tell which change worked (set abTest.allowMultipleChanges to test them together anyway)`,
      [{ field, reason: 'ab_test.more_than_one_change', message: check.changed.join(',') }]);
  }
}

/** Field errors for variant templates of another category than the control's (see the file's doc). */
export function categoryMismatches(templateIds: readonly string[], templates: ReadonlyMap<string, Pick<TemplateRecord, 'category'>>, category: string, fieldOf: (i: number) => string): ErrorItem[] {
  return templateIds.flatMap((id, i) => {
    const t = templates.get(id);
    return t && t.category !== category
      ? [{ field: fieldOf(i), reason: 'ab_test.category_mismatch', message: `This template is ${t.category}, the test's is ${category}: every variant must be of the same category (it decides quiet hours, consent and price)` }]
      : [];
  });
}

/** Field errors for variants whose changed text could go out on WhatsApp (see the file's doc). */
export function whatsappTextChanges(variants: readonly BroadcastVariant[], templates: ReadonlyMap<string, Pick<TemplateRecord, 'message'>>, channels: readonly ChannelKind[]): ErrorItem[] {
  return variants.flatMap((v, i) => (!changesTextOnWhatsApp(v, templates.get(v.templateId)?.message, channels) ? [] : [{
    field: `variants[${i}].message`, reason: 'ab_test.whatsapp_text_change',
    message: 'WhatsApp sends the template Meta approved, not a changed text: make this version another (approved) template, or send this variant on another channel (email, SMS, in-app)',
  }]));
}

/** Field errors for variants naming templates the workspace does not have. */
export function missingVariantTemplates(variants: readonly BroadcastVariant[], templates: ReadonlyMap<string, TemplateRecord>): ErrorItem[] {
  return variants.flatMap((v, i) => (templates.has(v.templateId) ? []
    : [{ field: `variants[${i}].templateId`, reason: 'broadcast.template_not_found', message: 'No such template in this workspace' }]));
}

/** A message in a test: its variant and how far it got. */
export interface VariantRow { id: string; variant: string; sentAt: Date | null; readAt: Date | null; clickedAt: Date | null }
type Credited = Map<string, { orders: number; revenue: number }>;

/** The A/B results of a broadcast of the principal's workspace (404 for another's, 422 without a test). */
export async function abResults(deps: Pick<Deps, 'store'>, principal: Principal, broadcastId: string): Promise<AbResults> {
  requirePermission(principal, 'messages:read');
  const broadcast = found(await deps.store.broadcasts.get(principal.workspaceId, broadcastId), 'Broadcast');
  if (!broadcast.variants || !broadcast.abTest) throw new AppError('broadcast.invalid', 'This broadcast has no A/B test', [{ field: 'id', reason: 'ab_test.none' }]);
  return resultsOf(deps, broadcast);
}

/**
 * The campaign's messages credited with orders by insights/attribution.ts within the window, by
 * message id; only looked up when some test message was sent (the orders' query is the costly part).
 */
export async function creditedMessages(deps: Pick<Deps, 'store'>, workspaceId: string, campaign: Campaign, windowMs: number, anySent: boolean): Promise<Credited> {
  const credited: Credited = new Map();
  if (!anySent) return credited;
  const touches = await deps.store.reports.campaignTouches(workspaceId, campaign, windowMs);
  const amounts = new Map(touches.orders.map((o) => [o.orderId, o.amountIdr]));
  for (const a of attributeOrders(touches.orders, touches.touches.messages, touches.touches.clicks, windowMs)) {
    const c = credited.get(a.messageId) ?? { orders: 0, revenue: 0 };
    c.orders += 1;
    c.revenue += amounts.get(a.orderId) ?? 0;
    credited.set(a.messageId, c);
  }
  return credited;
}

/** Per variant: recipients, sent (the rate's denominator), the metric's count and rate, orders and revenue; and the verdict. */
export function tallyVariants(variants: readonly { key: string; templateId: string; weight: number }[], rows: readonly VariantRow[], credited: Credited, metric: AbMetric) {
  const hits = (r: VariantRow) => metric === 'conversion' ? credited.has(r.id) : metric === 'read' ? r.readAt !== null : r.clickedAt !== null;
  const perVariant = variants.map((v) => {
    const mine = rows.filter((r) => r.variant === v.key);
    const sent = mine.filter((r) => r.sentAt !== null);
    const metricCount = sent.filter(hits).length;
    const money = sent.reduce((s, r) => {
      const c = credited.get(r.id);
      return c ? { orders: s.orders + c.orders, revenue: s.revenue + c.revenue } : s;
    }, { orders: 0, revenue: 0 });
    return {
      key: v.key, templateId: v.templateId, weight: v.weight, recipients: mine.length, sent: sent.length, metricCount,
      rate: sent.length === 0 ? 0 : metricCount / sent.length, orders: money.orders, revenue: money.revenue,
    };
  });
  const verdict = abVerdict(perVariant.map((v) => ({ key: v.key, n: v.sent, conversions: v.metricCount })));
  const test: AbResults['test'] = {
    kind: verdict.test, statistic: verdict.statistic, df: verdict.df, pValue: verdict.pValue, alpha: verdict.alpha, confidence: verdict.confidence,
    versusControl: verdict.versusControl.map((c) => ({ key: c.key, difference: c.difference, interval: [c.interval[0], c.interval[1]], pValue: c.pValue })),
    smallSample: verdict.smallSample,
  };
  return { variants: perVariant, test, verdict: verdict.verdict, winner: verdict.winner };
}

async function resultsOf(deps: Pick<Deps, 'store'>, b: BroadcastRecord): Promise<AbResults> {
  const variants = b.variants!;
  const abTest = b.abTest!;
  const workspace = found(await deps.store.workspaces.get(b.workspaceId), 'Workspace');
  const windowMs = workspace.attributionWindowHours * HOUR;
  const rows: VariantRow[] = await deps.store.reports.variantMessages(b.workspaceId, b.id);
  const credited = await creditedMessages(deps, b.workspaceId, { kind: 'broadcast', id: b.id }, windowMs, rows.some((r) => r.sentAt !== null));
  const tally = tallyVariants(variants, rows, credited, abTest.metric);
  const phase = abTest.testPercent === null ? 'single' as const
    : b.abWinner !== null ? (b.status === 'sending' ? 'sending_winner' as const : 'done' as const)
      : b.abDecideAt !== null ? 'waiting' as const : 'testing' as const;
  return {
    broadcastId: b.id, metric: abTest.metric, attributionWindowHours: workspace.attributionWindowHours, currency: 'IDR',
    ...tally, phase, decideAt: b.abDecideAt?.toISOString() ?? null, sentToRest: b.abWinner,
  };
}

/**
 * A CSV cell: numbers as they are (a negative difference or interval bound starts with "-", which
 * the formula guard would otherwise prefix with a quote and turn into text), anything else guarded.
 */
const csvCell = (x: string): string => (/^-?\d+(\.\d+)?$/.test(x) ? x : guardFormulaCell(x));

/** The results as CSV rows: one per variant, then the test (names cannot become formulas). */
export function abResultsCsv(r: AbResults): string[][] {
  const header = ['variant', 'weight', 'recipients', 'sent', `${r.metric}_count`, `${r.metric}_rate`, 'orders', 'revenue_idr', 'difference_vs_a', 'ci_low', 'ci_high', 'p_value_vs_a'];
  const rows = r.variants.map((v) => {
    const c = r.test.versusControl.find((x) => x.key === v.key);
    return [v.key, v.weight, v.recipients, v.sent, v.metricCount, v.rate.toFixed(4), v.orders, v.revenue,
      c ? c.difference.toFixed(4) : '', c ? c.interval[0].toFixed(4) : '', c ? c.interval[1].toFixed(4) : '', c ? c.pValue.toFixed(4) : ''].map((x) => csvCell(String(x)));
  });
  const test = ['test', r.test.kind, 'statistic', r.test.statistic === null ? '' : r.test.statistic.toFixed(4), 'p_value', r.test.pValue === null ? '' : r.test.pValue.toFixed(4),
    'verdict', r.verdict, 'winner', r.winner ?? '', 'confidence', String(r.test.confidence)];
  return [header, ...rows, test];
}

/**
 * Judges every test-then-winner broadcast whose time has come (any worker; see the file's doc):
 * the winner by the test's metric, or A when none is significant. Returns the ids decided here.
 */
export async function decideDueAbTests(deps: Pick<Deps, 'store' | 'clock' | 'log'>, limit = 20): Promise<string[]> {
  const now = deps.clock.now();
  const decided: string[] = [];
  for (const due of await deps.store.broadcastRunner.abDue(now, limit)) {
    const b = await deps.store.broadcasts.get(due.workspaceId, due.id);
    if (!b || !b.variants || !b.abTest) continue;
    const results = await resultsOf(deps, b);
    const winner = results.winner ?? b.variants[0]!.key;
    if (await deps.store.broadcastRunner.decide(b.id, winner, now)) {
      deps.log.info({ broadcastId: b.id, winner, verdict: results.verdict, pValue: results.test.pValue }, 'A/B test decided: the rest gets the winner');
      decided.push(b.id);
    }
  }
  return decided;
}
