/**
 * Edge cases: the test group is deterministic, about the asked share, independent of the variant
 * split, 100% takes everyone, bad percents refused; the verdict names the higher rate on a
 * significant z-test, none on a p just above alpha (120/1000 vs 150/1000 has p = 0.04964, SciPy, see
 * ab-test.test.ts), none with a variant nobody reached; 3–4 variants through chi-square (R's
 * prop.test example, p = 0.005585) with the best rate winning and each variant against A.
 */
import { describe, expect, it } from 'vitest';
import { assignVariant } from './ab-test.js';
import { abVerdict, inTestGroup } from './ab-verdict.js';

describe('inTestGroup', () => {
  it('takes about the asked share, the same contacts every time, independently of the split', () => {
    const ids = Array.from({ length: 20_000 }, (_, i) => `contact-${i}`);
    const sample = ids.filter((id) => inTestGroup('bc-1', id, 20));
    expect(Math.abs(sample.length / ids.length - 0.2)).toBeLessThan(0.015);
    expect(ids.filter((id) => inTestGroup('bc-1', id, 20))).toEqual(sample);
    // Inside the sample the variants keep their 50/50 weights.
    const a = sample.filter((id) => assignVariant('bc-1', id, [{ id: 'A', weight: 50 }, { id: 'B', weight: 50 }]) === 'A').length;
    expect(Math.abs(a / sample.length - 0.5)).toBeLessThan(0.03);
    expect(ids.every((id) => inTestGroup('bc-1', id, 100))).toBe(true);
    expect(() => inTestGroup('bc-1', 'c', 0)).toThrow(RangeError);
    expect(() => inTestGroup('bc-1', 'c', 101)).toThrow(RangeError);
  });
});

describe('abVerdict', () => {
  it('names the better variant when the z-test is significant, and gives B − A with its interval', () => {
    // Worked by hand: A 2/10, B 6/10; pooled 0.4, se = √(0.4·0.6·0.2) = 0.2190890 → z = 1.8257419,
    // p = 0.0678892 (χ² = 10/3); at alpha 0.1 B wins, at 0.05 it does not. Newcombe (SciPy
    // norm.ppf and the hybrid score formula): 90 % [0.041013, 0.644171], 95 % [−0.022558, 0.672544].
    const groups = [{ key: 'A', n: 10, conversions: 2 }, { key: 'B', n: 10, conversions: 6 }];
    const v = abVerdict(groups, 0.1);
    expect(v).toMatchObject({ verdict: 'winner', winner: 'B', test: 'z', df: null });
    expect(v.statistic).toBeCloseTo(1.8257419, 6);
    expect(v.pValue).toBeCloseTo(0.0678892, 6);
    expect(v.versusControl[0]!.difference).toBeCloseTo(0.4, 12);
    expect(v.versusControl[0]!.interval[0]).toBeCloseTo(0.041013, 5);
    expect(abVerdict(groups)).toMatchObject({ verdict: 'no_significant_difference', winner: null });
    expect(abVerdict(groups).versusControl[0]!.interval[1]).toBeCloseTo(0.672544, 5);
  });
  it('lets A win when it is the better one, and names none just above alpha', () => {
    expect(abVerdict([{ key: 'A', n: 1000, conversions: 60 }, { key: 'B', n: 1000, conversions: 30 }]).winner).toBe('A');
    expect(abVerdict([{ key: 'A', n: 1000, conversions: 120 }, { key: 'B', n: 1000, conversions: 150 }], 0.049).verdict).toBe('no_significant_difference');
  });
  it('says there is not enough data while a variant reached nobody', () => {
    expect(abVerdict([{ key: 'A', n: 0, conversions: 0 }, { key: 'B', n: 5, conversions: 1 }])).toMatchObject({ verdict: 'not_enough_data', winner: null, pValue: null });
  });
  it('uses chi-square for 3–4 variants, the best rate winning', () => {
    const smokers = [83, 90, 129, 70];
    const patients = [86, 93, 136, 82];
    const v = abVerdict(smokers.map((conversions, i) => ({ key: 'ABCD'[i]!, conversions, n: patients[i]! })));
    expect(v).toMatchObject({ verdict: 'winner', winner: 'B', test: 'chi_square', df: 3 });
    expect(v.pValue!.toFixed(6)).toBe('0.005585');
    expect(v.versusControl.map((c) => c.key)).toEqual(['B', 'C', 'D']);
    expect(() => abVerdict([{ key: 'A', n: 1, conversions: 0 }])).toThrow(RangeError);
  });
});
