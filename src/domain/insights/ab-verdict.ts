/**
 * A broadcast's A/B test, beyond the statistics in ab-test.ts: which contacts are in the test
 * group, and the verdict that names a winner (or none yet).
 *
 * Test group: a contact is in it when assignmentPoint(testId + ":sample", contactId) < percent/100.
 * The ":sample" salt makes membership independent of the variant split (assignVariant uses the bare
 * test id), so every variant keeps its weight inside the sample. Deterministic: the winner phase
 * recomputes the same membership and leaves the test group alone.
 *
 * Verdict (alpha = 0.05 unless given; the variants' keys in order, the first being the control A):
 * - any variant with nobody reached yet → `not_enough_data`, no winner;
 * - 2 variants: the pooled two-proportion z-test of B against A; p < alpha → the variant with the
 *   higher rate wins;
 * - 3–4 variants: Pearson's chi-square on the k × 2 table; p < alpha → the variant with the highest
 *   rate wins (ties go to the earlier variant). The chi-square says the rates are not all equal;
 *   taking the best rate is the usual reading for a marketer and is stated as such.
 * - otherwise `no_significant_difference`, no winner. For "test then send the winner", the rest
 *   then gets the control A (the message the shop would have sent without a test).
 */
import { assignmentPoint, chiSquareTest, twoProportionZTest, type ConversionCount } from './ab-test.js';

/** Whether a contact belongs to the test group of a test on `percent`% of the audience (0 < percent ≤ 100). */
export function inTestGroup(testId: string, contactId: string, percent: number): boolean {
  if (!(percent > 0 && percent <= 100)) throw new RangeError(`test percent must be in (0, 100] (got ${percent})`);
  return percent === 100 || assignmentPoint(`${testId}:sample`, contactId) < percent / 100;
}

export interface VariantOutcome extends ConversionCount {
  readonly key: string;
}

/** One variant's difference from the control A, with its interval (Newcombe's hybrid score interval, ab-test.ts). */
export interface VersusControl {
  readonly key: string;
  /** rate(variant) − rate(A). */
  readonly difference: number;
  readonly interval: readonly [number, number];
  readonly z: number;
  readonly pValue: number;
}

export type AbVerdict = {
  readonly verdict: 'winner' | 'no_significant_difference' | 'not_enough_data';
  readonly winner: string | null;
  readonly test: 'z' | 'chi_square';
  /** z for two variants, χ² for more. */
  readonly statistic: number | null;
  readonly df: number | null;
  readonly pValue: number | null;
  readonly alpha: number;
  readonly confidence: number;
  /** Every variant but A against A (with two variants, the one z-test's figures). */
  readonly versusControl: readonly VersusControl[];
  /** Some expected count is below 5: the normal approximation is doubtful. */
  readonly smallSample: boolean;
};

/** The verdict for 2–4 variants' counts (rules above). */
export function abVerdict(variants: readonly VariantOutcome[], alpha = 0.05): AbVerdict {
  if (variants.length < 2 || variants.length > 4) throw new RangeError(`an A/B test has 2–4 variants (got ${variants.length})`);
  const confidence = 1 - alpha;
  const test = variants.length === 2 ? 'z' as const : 'chi_square' as const;
  if (variants.some((v) => v.n === 0)) {
    return { verdict: 'not_enough_data', winner: null, test, statistic: null, df: null, pValue: null, alpha, confidence, versusControl: [], smallSample: true };
  }
  const control = variants[0]!;
  const versusControl = variants.slice(1).map((v): VersusControl => {
    const r = twoProportionZTest(v, control, confidence);
    return { key: v.key, difference: r.difference, interval: r.interval, z: r.z, pValue: r.pValue };
  });
  const chi = chiSquareTest(variants);
  const statistic = test === 'z' ? versusControl[0]!.z : chi.statistic;
  const pValue = test === 'z' ? versusControl[0]!.pValue : chi.pValue;
  let best = control;
  for (const v of variants) if (v.conversions / v.n > best.conversions / best.n) best = v;
  const significant = pValue < alpha;
  return {
    verdict: significant ? 'winner' : 'no_significant_difference',
    winner: significant ? best.key : null,
    test, statistic, df: test === 'z' ? null : chi.df, pValue, alpha, confidence, versusControl, smallSample: chi.smallExpected,
  };
}
