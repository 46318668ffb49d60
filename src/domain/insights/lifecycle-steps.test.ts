/**
 * Edge cases: a first staging records every stage passed since sign-up at its exact instant; a
 * sweep that runs late records at_risk before lost; an unchanged stage keeps its stored since and
 * writes nothing; an order after lost records won_back at the order's time; new thresholds that
 * move a contact back are one correction at `now`; the next look-again time.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIFECYCLE_THRESHOLDS as T, lifecycleFacts } from './lifecycle.js';
import { lifecycleSteps } from './lifecycle-steps.js';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 0, 1, 3, 0, 0);
const day = (d: number): Date => new Date(T0 + d * DAY);
const facts = (orders: number[], now: number) => lifecycleFacts(day(0), orders.map(day), day(now));

describe('lifecycleSteps', () => {
  it('stages a contact first seen after its dormant threshold through new, then dormant', () => {
    const s = lifecycleSteps(null, facts([], 45), T, day(45));
    expect(s.transitions).toEqual([{ from: null, to: 'new', at: day(0) }, { from: 'new', to: 'dormant', at: day(30) }]);
    expect(s.state).toEqual({ stage: 'dormant', since: day(30) });
    expect(s.nextAt).toBeNull();
  });

  it('records at_risk before lost when the sweep comes late', () => {
    const s = lifecycleSteps({ stage: 'active', since: day(10) }, facts([10], 400), T, day(400));
    expect(s.transitions).toEqual([{ from: 'active', to: 'at_risk', at: day(100) }, { from: 'at_risk', to: 'lost', at: day(190) }]);
    expect(s.state).toEqual({ stage: 'lost', since: day(190) });
  });

  it('keeps the stored since and writes nothing when the stage is unchanged', () => {
    const stored = { stage: 'active' as const, since: day(10) };
    const s = lifecycleSteps(stored, facts([10, 20], 25), T, day(25));
    expect(s.transitions).toEqual([]);
    expect(s.state).toBe(stored);
    expect(s.nextAt).toEqual(day(110));
  });

  it('an order after lost is won_back at the order time', () => {
    const s = lifecycleSteps({ stage: 'lost', since: day(190) }, facts([10, 300], 300), T, day(300));
    expect(s.transitions).toEqual([{ from: 'lost', to: 'won_back', at: day(300) }]);
    expect(s.state).toEqual({ stage: 'won_back', since: day(300) });
  });

  it('a dormant contact ordering becomes active at the order time', () => {
    const s = lifecycleSteps({ stage: 'dormant', since: day(30) }, facts([50], 50), T, day(50));
    expect(s.transitions).toEqual([{ from: 'dormant', to: 'active', at: day(50) }]);
  });

  it('new thresholds that move a contact back are one correction at now', () => {
    const longer = { dormantAfterDays: 30, atRiskAfterDays: 200, lostAfterDays: 300 };
    const s = lifecycleSteps({ stage: 'at_risk', since: day(100) }, facts([10], 150), longer, day(150));
    expect(s.transitions).toEqual([{ from: 'at_risk', to: 'active', at: day(150) }]);
    expect(s.state).toEqual({ stage: 'active', since: day(10) });
    expect(s.nextAt).toEqual(day(210));
  });
});
