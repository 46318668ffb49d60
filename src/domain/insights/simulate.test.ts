/**
 * Edge cases: the PRNG is deterministic per seed and stays in [0, 1); Gamma draws with shape
 * above and below 1 (the boosted branch), Beta and exponential draws have the right means
 * (20 000 draws, within 3 %, or 5 % for the skewed shape 0.3).
 */
import { describe, expect, it } from 'vitest';
import { drawBeta, drawExponential, drawGamma, mulberry32 } from './simulate.js';

const mean = (n: number, draw: () => number): number => {
  let s = 0;
  for (let i = 0; i < n; i++) s += draw();
  return s / n;
};

describe('simulate', () => {
  it('is deterministic per seed and in [0, 1)', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const xs = Array.from({ length: 1000 }, () => a());
    expect(xs).toEqual(Array.from({ length: 1000 }, () => b()));
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(mulberry32(43)()).not.toBe(xs[0]);
  });
  it('draws with the right means (shape/rate, a/(a+b), 1/rate)', () => {
    const r = mulberry32(1);
    expect(Math.abs(mean(20_000, () => drawGamma(r, 2.5, 0.5)) / 5 - 1)).toBeLessThan(0.03);
    // shape 0.3 is skewed: relative s.e. of the mean = 1/√(0.3 · 20 000) ≈ 1.3 %, so allow 5 %.
    expect(Math.abs(mean(20_000, () => drawGamma(r, 0.3, 2)) / 0.15 - 1)).toBeLessThan(0.05);
    expect(Math.abs(mean(20_000, () => drawBeta(r, 2, 3)) / 0.4 - 1)).toBeLessThan(0.03);
    expect(Math.abs(mean(20_000, () => drawExponential(r, 4)) / 0.25 - 1)).toBeLessThan(0.03);
  });
});
