/**
 * Edge cases: FNV-1a published test vectors; assignment is stable and depends on the test id;
 * the split matches weights within ±2 percentage points over 20 000 sequential ids for random
 * weights and test ids (fast-check; the binomial s.d. is ≤ 0.36 pp, so 2 pp is > 5 s.d.);
 * 1 or 5 variants and zero weights refused; z-test and chi-square against reference outputs;
 * zero / all conversions give p = 1; invalid counts refused; the one-change rule across
 * template text, subject, send time and channel, with the override, A/A tests and 3 variants.
 *
 * References:
 * - R's documented `prop.test` example (?prop.test): smokers = c(83, 90, 129, 70), patients =
 *   c(86, 93, 136, 82) → "X-squared = 12.6, df = 3, p-value = 0.005585" (R applies no continuity
 *   correction for more than 2 groups); SciPy 1.17.1 `chi2_contingency(correction=False)`
 *   gives 12.600411297127634, p 0.005585476661627036.
 * - 2 × 2 cases: SciPy 1.17.1 `chi2_contingency(correction=False)` (the statistic is z², the
 *   p-value the same as R's `prop.test(correct = FALSE)`).
 * - The interval of the difference: Newcombe (1998), Statistics in Medicine 17:873–890, Table II,
 *   method 10 (hybrid score, no continuity correction), 95 %, to the 4 decimals printed there —
 *   including the cases with 0 % and 100 % rates where the Wald interval collapses.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assignVariant, changesTextOnWhatsApp, checkOneChange, chiSquareTest, fnv1a32, newcombeInterval, twoProportionZTest, wilsonInterval, type VariantContent } from './ab-test.js';

describe('fnv1a32', () => {
  it('matches the FNV-1a 32-bit test vectors', () => {
    expect(fnv1a32('')).toBe(0x811c9dc5);
    expect(fnv1a32('a')).toBe(0xe40c292c);
    expect(fnv1a32('foobar')).toBe(0xbf9cf968);
  });
});

describe('assignVariant', () => {
  const ab = [
    { id: 'A', weight: 1 },
    { id: 'B', weight: 1 },
  ];
  it('is deterministic per (test, contact) and reshuffles with the test id', () => {
    expect(assignVariant('t1', 'c42', ab)).toBe(assignVariant('t1', 'c42', ab));
    const ids = Array.from({ length: 200 }, (_, i) => `c${i}`);
    const moved = ids.filter((id) => assignVariant('t1', id, ab) !== assignVariant('t2', id, ab)).length;
    expect(moved).toBeGreaterThan(60);
    expect(moved).toBeLessThan(140);
  });
  it('splits by weight within 2 percentage points over many ids', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 10 }), { minLength: 2, maxLength: 4 }), fc.string({ minLength: 1, maxLength: 12 }), (weights, testId) => {
        const variants = weights.map((weight, i) => ({ id: `v${i}`, weight }));
        const total = weights.reduce((s, w) => s + w, 0);
        const counts = new Map<string, number>();
        const n = 20_000;
        for (let i = 0; i < n; i++) {
          const v = assignVariant(testId, `contact-${i}`, variants);
          counts.set(v, (counts.get(v) ?? 0) + 1);
        }
        return variants.every((v) => Math.abs((counts.get(v.id) ?? 0) / n - v.weight / total) < 0.02);
      }),
      { numRuns: 20 },
    );
  });
  it('refuses 1 or 5 variants and non-positive weights', () => {
    expect(() => assignVariant('t', 'c', [{ id: 'A', weight: 1 }])).toThrow(RangeError);
    expect(() => assignVariant('t', 'c', ['A', 'B', 'C', 'D', 'E'].map((id) => ({ id, weight: 1 })))).toThrow(RangeError);
    expect(() => assignVariant('t', 'c', [{ id: 'A', weight: 0 }, { id: 'B', weight: 1 }])).toThrow(RangeError);
  });
});

describe('twoProportionZTest', () => {
  it('matches the reference for 120/1000 vs 150/1000', () => {
    // SciPy: χ² = 3.8535645472061657, p = 0.049640386865368834 → |z| = √χ² = 1.9630498.
    // Newcombe by hand: Wilson 120/1000 = [0.101326, 0.141669], 150/1000 = [0.128310, 0.174709];
    //   d = −0.03; −0.03 − √(0.018674² + 0.024709²) = −0.060008; −0.03 + √(0.021669² + 0.021690²) = −0.000014.
    const t = twoProportionZTest({ conversions: 120, n: 1000 }, { conversions: 150, n: 1000 });
    expect(t.difference).toBeCloseTo(-0.03, 12);
    expect(t.z).toBeCloseTo(-1.9630498076223553, 9);
    expect(t.z ** 2).toBeCloseTo(3.8535645472061657, 9);
    expect(t.pValue).toBeCloseTo(0.049640386865368834, 9);
    expect(t.pValue.toFixed(3)).toBe('0.050');
    expect(t.interval[0]).toBeCloseTo(-0.060008, 5);
    expect(t.interval[1]).toBeCloseTo(-0.000014, 5);
  });
  it('matches the reference for 30/1000 vs 48/1000 and a near-null difference', () => {
    // SciPy: χ² = 4.322420555511086, p = 0.0376133815876546.
    const t = twoProportionZTest({ conversions: 30, n: 1000 }, { conversions: 48, n: 1000 });
    expect(t.pValue).toBeCloseTo(0.0376133815876546, 9);
    // SciPy: [[83, 3], [90, 3]] → χ² = 0.009508518748184158, p = 0.9223200957342685.
    expect(twoProportionZTest({ conversions: 83, n: 86 }, { conversions: 90, n: 93 }).pValue).toBeCloseTo(0.9223200957342685, 9);
  });
  it('gives Newcombe\'s published hybrid score intervals (1998, Table II, method 10)', () => {
    const cases: [number, number, number, number, number, number][] = [
      [56, 70, 48, 80, 0.0524, 0.3339],
      [9, 10, 3, 10, 0.1705, 0.8090],
      [5, 56, 0, 29, -0.0381, 0.1926],
      [0, 10, 0, 20, -0.1611, 0.2775],
      [0, 10, 0, 10, -0.2775, 0.2775],
      [10, 10, 0, 20, 0.6791, 1],
      [10, 10, 0, 10, 0.6075, 1],
    ];
    for (const [x1, n1, x2, n2, low, high] of cases) {
      const [l, u] = newcombeInterval({ conversions: x1, n: n1 }, { conversions: x2, n: n2 });
      expect(l.toFixed(4)).toBe(low.toFixed(4));
      expect(u.toFixed(4)).toBe(high.toFixed(4));
    }
  });
  it('does not collapse at 0 % or 100 % as the Wald interval did, and stays inside [−1, 1]', () => {
    // Wald for 0/50 vs 0/50 is [0, 0]: "no difference at all", from 100 people.
    const t = twoProportionZTest({ conversions: 0, n: 50 }, { conversions: 0, n: 50 });
    expect(t.interval[0]).toBeLessThan(0);
    expect(t.interval[1]).toBeGreaterThan(0);
    fc.assert(fc.property(fc.integer({ min: 1, max: 500 }), fc.integer({ min: 1, max: 500 }), fc.nat(), fc.nat(), (n1, n2, r1, r2) => {
      const a = { n: n1, conversions: r1 % (n1 + 1) };
      const b = { n: n2, conversions: r2 % (n2 + 1) };
      const [l, u] = newcombeInterval(a, b);
      const d = a.conversions / n1 - b.conversions / n2;
      return l >= -1 - 1e-12 && u <= 1 + 1e-12 && l < u && l <= d + 1e-12 && d <= u + 1e-12;
    }));
  });
  it('gives Wilson\'s score interval for one proportion (exact bounds at 0 and n)', () => {
    const z = 1.959963984540054;
    expect(wilsonInterval(0, 10, z)[0]).toBe(0);
    expect(wilsonInterval(0, 10, z)[1]).toBeCloseTo(z * z / (10 + z * z), 12);
    expect(wilsonInterval(10, 10, z)[1]).toBe(1);
  });
  it('widens the interval for higher confidence', () => {
    const a = { conversions: 30, n: 1000 };
    const b = { conversions: 48, n: 1000 };
    const i95 = twoProportionZTest(a, b).interval;
    const i99 = twoProportionZTest(a, b, 0.99).interval;
    expect(i99[0]).toBeLessThan(i95[0]);
    expect(i99[1]).toBeGreaterThan(i95[1]);
  });
  it('gives p = 1 when nobody or everybody converted, and refuses bad counts', () => {
    expect(twoProportionZTest({ conversions: 0, n: 10 }, { conversions: 0, n: 12 }).pValue).toBe(1);
    expect(twoProportionZTest({ conversions: 10, n: 10 }, { conversions: 12, n: 12 }).pValue).toBe(1);
    expect(() => twoProportionZTest({ conversions: 11, n: 10 }, { conversions: 0, n: 10 })).toThrow(RangeError);
    expect(() => twoProportionZTest({ conversions: 0, n: 0 }, { conversions: 0, n: 10 })).toThrow(RangeError);
  });
  it('z² equals the chi-square statistic for two groups', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5000 }), fc.integer({ min: 1, max: 5000 }), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), (n1, n2, r1, r2) => {
        const a = { n: n1, conversions: Math.round(r1 * n1) };
        const b = { n: n2, conversions: Math.round(r2 * n2) };
        const z = twoProportionZTest(a, b);
        const c = chiSquareTest([a, b]);
        return Math.abs(z.z ** 2 - c.statistic) <= 1e-9 * Math.max(1, c.statistic) && Math.abs(z.pValue - c.pValue) < 1e-9;
      }),
    );
  });
});

describe('chiSquareTest', () => {
  it("reproduces R's documented prop.test example (4 groups)", () => {
    const smokers = [83, 90, 129, 70];
    const patients = [86, 93, 136, 82];
    const t = chiSquareTest(smokers.map((conversions, i) => ({ conversions, n: patients[i] as number })));
    expect(t.df).toBe(3);
    expect(t.statistic.toFixed(1)).toBe('12.6');
    expect(t.pValue.toFixed(6)).toBe('0.005585');
    expect(t.pValue).toBeCloseTo(0.005585476661627036, 12);
    expect(t.smallExpected).toBe(false);
  });
  it('matches SciPy for 3 and 4 variants', () => {
    // [[40,960],[52,948],[61,939]] → 4.586871629579123, p 0.10091912607894186 (df 2)
    const three = chiSquareTest([40, 52, 61].map((conversions) => ({ conversions, n: 1000 })));
    expect(three.statistic).toBeCloseTo(4.586871629579123, 9);
    expect(three.pValue).toBeCloseTo(0.10091912607894186, 9);
    // [[40,960],[52,948],[61,939],[45,955]] → 5.292270415889564, p 0.15160473916563852 (df 3)
    const four = chiSquareTest([40, 52, 61, 45].map((conversions) => ({ conversions, n: 1000 })));
    expect(four.statistic).toBeCloseTo(5.292270415889564, 9);
    expect(four.pValue).toBeCloseTo(0.15160473916563852, 9);
  });
  it('flags small expected counts', () => {
    expect(chiSquareTest([{ conversions: 1, n: 20 }, { conversions: 3, n: 20 }, { conversions: 2, n: 20 }]).smallExpected).toBe(true);
  });
});

describe('checkOneChange', () => {
  const base: VariantContent = { templateText: 'Halo {{name}}, keranjangmu menunggu', subject: null, sendAt: new Date('2026-07-01T02:00:00Z'), channel: 'whatsapp' };
  it('accepts one changed field (any of the four) and names it', () => {
    expect(checkOneChange([base, { ...base, templateText: 'Hai {{name}}, ada diskon 10%' }])).toEqual({ ok: true, changed: ['templateText'] });
    expect(checkOneChange([base, { ...base, sendAt: new Date('2026-07-01T12:00:00Z') }])).toEqual({ ok: true, changed: ['sendAt'] });
    expect(checkOneChange([base, { ...base, channel: 'email' }, { ...base, channel: 'sms' }])).toEqual({ ok: true, changed: ['channel'] });
    expect(checkOneChange([{ ...base, subject: 'A' }, { ...base, subject: 'B' }])).toEqual({ ok: true, changed: ['subject'] });
  });
  it('treats equal instants and null/undefined subjects as the same', () => {
    expect(checkOneChange([base, { ...base, sendAt: new Date(base.sendAt!.getTime()), subject: undefined }])).toEqual({ ok: true, changed: [] });
  });
  it('refuses two changes, also spread over two variants, unless overridden', () => {
    expect(checkOneChange([base, { ...base, channel: 'email', subject: 'Keranjangmu' }])).toEqual({ ok: false, code: 'ab_test.more_than_one_change', changed: ['subject', 'channel'] });
    expect(checkOneChange([base, { ...base, channel: 'email' }, { ...base, templateText: 'lain' }])).toMatchObject({ ok: false, changed: ['templateText', 'channel'] });
    expect(checkOneChange([base, { ...base, channel: 'email', subject: 'x' }], { allowMultipleChanges: true })).toEqual({ ok: true, changed: ['subject', 'channel'] });
  });
});

describe('changesTextOnWhatsApp', () => {
  const tpl = 'Halo {contactname}, kopi baru.';
  it('is true for a changed text that may go on WhatsApp: the variant\'s own channel, or any of the broadcast\'s', () => {
    expect(changesTextOnWhatsApp({ message: 'Halo, teh!', channel: null }, tpl, ['whatsapp'])).toBe(true);
    expect(changesTextOnWhatsApp({ message: 'Halo, teh!', channel: null }, tpl, ['email', 'whatsapp'])).toBe(true);
    expect(changesTextOnWhatsApp({ message: 'Halo, teh!', channel: 'whatsapp' }, tpl, ['sms'])).toBe(true);
  });
  it('is false off WhatsApp, without a text, or for the template\'s own text', () => {
    expect(changesTextOnWhatsApp({ message: 'Halo, teh!', channel: 'sms' }, tpl, ['whatsapp'])).toBe(false);
    expect(changesTextOnWhatsApp({ message: 'Halo, teh!', channel: null }, tpl, ['sms', 'email', 'inapp'])).toBe(false);
    expect(changesTextOnWhatsApp({ message: null, channel: null }, tpl, ['whatsapp'])).toBe(false);
    expect(changesTextOnWhatsApp({ message: '   ', channel: null }, tpl, ['whatsapp'])).toBe(false);
    expect(changesTextOnWhatsApp({ message: ` ${tpl}\n`, channel: null }, tpl, ['whatsapp'])).toBe(false);
  });
});
