/**
 * A/B tests: deterministic variant assignment, significance tests on conversion counts, and
 * the "change one thing only" rule (playbook q39).
 *
 * Assignment: u = h / 2³² where h = fmix32(FNV-1a-32(UTF-8(testId + "\u0000" + contactId))),
 * FNV-1a as specified by Fowler–Noll–Vo (offset 2166136261, prime 16777619) and fmix32 the
 * MurmurHash3 finaliser (FNV alone mixes its last bytes poorly, and sequential ids differ only
 * there). The variant is the first whose cumulative weight share exceeds u. Same inputs, same
 * variant, in every process and in the browser; a different test id reshuffles contacts.
 *
 * Statistics (normal approximation, as R's `prop.test(correct = FALSE)` / `chisq.test`):
 * - two variants: z = (p₁ − p₂) / √(p̂(1 − p̂)(1/n₁ + 1/n₂)) with the pooled p̂; two-sided
 *   p-value = erfc(|z|/√2). z² equals the 2 × 2 chi-square. The confidence interval of p₁ − p₂
 *   is Newcombe's hybrid score interval (method 10 of Newcombe 1998, "Interval estimation for
 *   the difference between independent proportions: comparison of eleven methods", Statistics
 *   in Medicine 17:873–890), built on each rate's Wilson score interval [lᵢ, uᵢ]:
 *   [d − √((p₁ − l₁)² + (u₂ − p₂)²), d + √((u₁ − p₁)² + (p₂ − l₂)²)]. The Wald interval it
 *   replaces collapses to a single point when a rate is 0 % or 100 % (a new variant nobody bought
 *   from yet "proves" a difference of exactly −p₂), and covers too little with small counts;
 *   Newcombe's stays inside [−1, 1] and keeps close to its nominal coverage.
 * - 2–4 variants: Pearson's chi-square of independence on the k × 2 table (converted / not),
 *   df = k − 1, p-value from the regularized upper incomplete gamma Q(df/2, χ²/2); no Yates
 *   correction. `smallExpected` flags any expected count below 5 (Cochran's rule: the
 *   approximation is then doubtful and the UI should say so).
 * When nobody or everybody converted the statistic is 0 and the p-value 1 (no evidence).
 */
import type { ChannelKind } from '../vocabulary.js';
import { chiSquareSurvival, erfc, normalQuantile } from './special-functions.js';

export interface VariantWeight {
  readonly id: string;
  /** Relative weight > 0; weights need not sum to anything. */
  readonly weight: number;
}

const encoder = new TextEncoder();

/** FNV-1a 32-bit hash of the UTF-8 bytes of `text` (unsigned). */
export function fnv1a32(text: string): number {
  let h = 0x811c9dc5;
  for (const byte of encoder.encode(text)) {
    h ^= byte;
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

function fmix32(x: number): number {
  let h = x >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** The contact's position in [0, 1) for this test, stable across processes. */
export function assignmentPoint(testId: string, contactId: string): number {
  return fmix32(fnv1a32(`${testId}\u0000${contactId}`)) / 4_294_967_296;
}

/** The variant id a contact gets in a test: deterministic, split by weight (2–4 variants, weights > 0). */
export function assignVariant(testId: string, contactId: string, variants: readonly VariantWeight[]): string {
  if (variants.length < 2 || variants.length > 4) throw new RangeError(`an A/B test has 2–4 variants (got ${variants.length})`);
  if (!variants.every((v) => Number.isFinite(v.weight) && v.weight > 0)) throw new RangeError('variant weights must be finite and > 0');
  const total = variants.reduce((s, v) => s + v.weight, 0);
  const target = assignmentPoint(testId, contactId) * total;
  let cumulative = 0;
  for (const v of variants) {
    cumulative += v.weight;
    if (target < cumulative) return v.id;
  }
  return (variants[variants.length - 1] as VariantWeight).id;
}

export interface ConversionCount {
  /** Contacts in the variant (the denominator). */
  readonly n: number;
  readonly conversions: number;
}

export interface TwoProportionResult {
  readonly rateA: number;
  readonly rateB: number;
  /** rateA − rateB. */
  readonly difference: number;
  readonly z: number;
  readonly pValue: number;
  /** Confidence interval of `difference` at `confidence` (Newcombe's hybrid score interval). */
  readonly interval: readonly [number, number];
  readonly confidence: number;
}

function checkCount(c: ConversionCount): void {
  if (!Number.isSafeInteger(c.n) || !Number.isSafeInteger(c.conversions) || c.n < 1 || c.conversions < 0 || c.conversions > c.n)
    throw new RangeError(`need whole counts with 0 <= conversions <= n and n >= 1 (got ${c.conversions}/${c.n})`);
}

/** Wilson's score interval of one proportion x/n at the normal quantile z (no continuity correction). */
export function wilsonInterval(x: number, n: number, z: number): readonly [number, number] {
  const p = x / n;
  const z2 = z * z;
  const centre = p + z2 / (2 * n);
  const half = z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  const denominator = 1 + z2 / n;
  // At x = 0 or x = n the bound is exactly 0 or 1; the formula only gets there up to rounding.
  return [x === 0 ? 0 : Math.max(0, (centre - half) / denominator), x === n ? 1 : Math.min(1, (centre + half) / denominator)];
}

/** Newcombe's hybrid score interval of a/nA − b/nB (method 10, see the file's doc). */
export function newcombeInterval(a: ConversionCount, b: ConversionCount, confidence = 0.95): readonly [number, number] {
  checkCount(a);
  checkCount(b);
  const z = normalQuantile(1 - (1 - confidence) / 2);
  const p1 = a.conversions / a.n;
  const p2 = b.conversions / b.n;
  const [l1, u1] = wilsonInterval(a.conversions, a.n, z);
  const [l2, u2] = wilsonInterval(b.conversions, b.n, z);
  const d = p1 - p2;
  return [d - Math.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2), d + Math.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2)];
}

/** Two-sided two-proportion z-test (pooled) with Newcombe's interval of the difference (rules above). */
export function twoProportionZTest(a: ConversionCount, b: ConversionCount, confidence = 0.95): TwoProportionResult {
  checkCount(a);
  checkCount(b);
  if (!(confidence > 0 && confidence < 1)) throw new RangeError(`confidence must be in (0, 1) (got ${confidence})`);
  const rateA = a.conversions / a.n;
  const rateB = b.conversions / b.n;
  const difference = rateA - rateB;
  const pooled = (a.conversions + b.conversions) / (a.n + b.n);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / a.n + 1 / b.n));
  const z = se === 0 ? 0 : difference / se;
  const pValue = se === 0 ? 1 : Math.min(1, erfc(Math.abs(z) / Math.SQRT2));
  return { rateA, rateB, difference, z, pValue, interval: newcombeInterval(a, b, confidence), confidence };
}

export interface ChiSquareResult {
  readonly statistic: number;
  readonly df: number;
  readonly pValue: number;
  /** Some expected cell count is below 5: treat the p-value with caution. */
  readonly smallExpected: boolean;
}

/** Pearson chi-square test of independence of variant and conversion (k × 2 table, no continuity correction). */
export function chiSquareTest(groups: readonly ConversionCount[]): ChiSquareResult {
  if (groups.length < 2) throw new RangeError('a chi-square test needs at least 2 groups');
  groups.forEach(checkCount);
  const n = groups.reduce((s, g) => s + g.n, 0);
  const converted = groups.reduce((s, g) => s + g.conversions, 0);
  const df = groups.length - 1;
  if (converted === 0 || converted === n) return { statistic: 0, df, pValue: 1, smallExpected: true };
  let statistic = 0;
  let smallExpected = false;
  for (const g of groups) {
    const cells: [number, number][] = [
      [g.conversions, (g.n * converted) / n],
      [g.n - g.conversions, (g.n * (n - converted)) / n],
    ];
    for (const [observed, expected] of cells) {
      statistic += (observed - expected) ** 2 / expected;
      if (expected < 5) smallExpected = true;
    }
  }
  return { statistic, df, pValue: chiSquareSurvival(statistic, df), smallExpected };
}

/** The fields a variant may differ in; sendAt is compared by instant. */
export const VARIANT_FIELDS = ['templateText', 'subject', 'sendAt', 'channel'] as const;
export type VariantField = (typeof VARIANT_FIELDS)[number];

export interface VariantContent {
  readonly templateText: string;
  readonly subject?: string | null;
  readonly sendAt?: Date | null;
  /** A channel, or a journey step's channel list in order (compared as written). */
  readonly channel: ChannelKind | string;
}

export type OneChangeCheck =
  | { readonly ok: true; readonly changed: readonly VariantField[] }
  | { readonly ok: false; readonly code: 'ab_test.more_than_one_change'; readonly changed: readonly VariantField[] };

const same = (field: VariantField, a: VariantContent, b: VariantContent): boolean => {
  if (field === 'sendAt') return (a.sendAt?.getTime() ?? null) === (b.sendAt?.getTime() ?? null);
  return (a[field] ?? null) === (b[field] ?? null);
};

/**
 * Which fields differ between any variant and the first (the control); refused with
 * `ab_test.more_than_one_change` when more than one field differs overall, unless
 * `allowMultipleChanges` (playbook q39: change one thing, or you cannot tell what worked).
 * Identical variants (an A/A test) pass with no changed field.
 */
export function checkOneChange(variants: readonly VariantContent[], options: { readonly allowMultipleChanges?: boolean } = {}): OneChangeCheck {
  const [control, ...others] = variants;
  const changed = control === undefined ? [] : VARIANT_FIELDS.filter((field) => others.some((v) => !same(field, control, v)));
  if (changed.length > 1 && options.allowMultipleChanges !== true) return { ok: false, code: 'ab_test.more_than_one_change', changed };
  return { ok: true, changed };
}

/**
 * Whether a variant's changed text could go out on WhatsApp, where it would not be what the
 * customer gets: outside the 24-hour window WhatsApp sends the template Meta approved, by name
 * (app/ab-tests.ts refuses it as `ab_test.whatsapp_text_change`; the web editor warns with it).
 * The variant's own channel, else every channel of the broadcast's, fallbacks too; a "changed"
 * text equal to the template's (after trimming, as the API does) changes nothing.
 */
export function changesTextOnWhatsApp(v: { readonly message: string | null; readonly channel: ChannelKind | null }, templateMessage: string | undefined, channels: readonly ChannelKind[]): boolean {
  const text = v.message?.trim() ?? '';
  if (text === '' || text === templateMessage) return false;
  return (v.channel ? [v.channel] : channels).includes('whatsapp');
}
