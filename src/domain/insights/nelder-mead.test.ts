/**
 * Edge cases: a quadratic bowl (exact minimum), the Rosenbrock valley from the textbook start
 * (−1.2, 1), an objective that is non-finite on part of the space, and the iteration cap.
 */
import { describe, expect, it } from 'vitest';
import { nelderMead } from './nelder-mead.js';

describe('nelderMead', () => {
  it('finds the minimum of a shifted quadratic', () => {
    const r = nelderMead((v) => ((v[0] as number) - 3) ** 2 + 2 * ((v[1] as number) + 1) ** 2, [0, 0]);
    expect(r.converged).toBe(true);
    expect(r.x[0]).toBeCloseTo(3, 5);
    expect(r.x[1]).toBeCloseTo(-1, 5);
  });
  it('follows the Rosenbrock valley to (1, 1) from (−1.2, 1)', () => {
    const rosen = (v: readonly number[]) => 100 * ((v[1] as number) - (v[0] as number) ** 2) ** 2 + (1 - (v[0] as number)) ** 2;
    const r = nelderMead(rosen, [-1.2, 1]);
    expect(r.x[0]).toBeCloseTo(1, 4);
    expect(r.x[1]).toBeCloseTo(1, 4);
  });
  it('backs away from non-finite values', () => {
    const r = nelderMead((v) => ((v[0] as number) < 0 ? Number.NaN : ((v[0] as number) - 0.5) ** 2), [2]);
    expect(r.x[0]).toBeCloseTo(0.5, 5);
  });
  it('stops at the iteration cap without claiming convergence', () => {
    const r = nelderMead((v) => (v[0] as number) ** 2 + (v[1] as number) ** 2, [50, 50], { maxIterations: 3 });
    expect(r.iterations).toBe(3);
    expect(r.converged).toBe(false);
  });
});
