/**
 * Edge cases: a contact walked through new → dormant → active → at risk → lost → won back →
 * active on a simulated clock ticking every 6 hours, with the stored transitions checked;
 * thresholds met exactly vs 1 ms before; orders after `now` ignored; a dormant contact's first
 * order is active (not won back); custom thresholds; invalid thresholds refused; the next
 * change time agrees with the clock (fast-check); no transition when the stage is unchanged.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_LIFECYCLE_THRESHOLDS as T,
  lifecycleFacts,
  lifecycleStage,
  lifecycleThresholdErrors,
  nextLifecycleChangeAt,
  stageEnteredAt,
  transition,
  type LifecycleState,
  type LifecycleTransition,
} from './lifecycle.js';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 0, 1, 3, 0, 0);
const day = (d: number): Date => new Date(T0 + d * DAY);

describe('lifecycleStage over a simulated clock', () => {
  // Signed up day 0; orders on day 40 (first), day 250 (after 210 idle days ≥ 180: won back), day 260.
  const signedUpAt = day(0);
  const orderDays = [40, 250, 260];

  it('moves new → dormant → active → at risk → lost → won back → active, each change stored once', () => {
    let state: LifecycleState | null = null;
    const stored: LifecycleTransition[] = [];
    for (let t = T0; t <= T0 + 300 * DAY; t += 6 * 3_600_000) {
      const now = new Date(t);
      const facts = lifecycleFacts(signedUpAt, orderDays.map(day), now);
      const stage = lifecycleStage(facts, T, now);
      const change = transition(state, stage, stageEnteredAt(facts, T, now));
      if (change) {
        stored.push(change);
        state = { stage: change.to, since: change.at };
      }
    }
    expect(stored).toEqual([
      { from: null, to: 'new', at: day(0) },
      { from: 'new', to: 'dormant', at: day(30) }, // 30 days without an order
      { from: 'dormant', to: 'active', at: day(40) }, // first order
      { from: 'active', to: 'at_risk', at: day(130) }, // 40 + 90
      { from: 'at_risk', to: 'lost', at: day(220) }, // 40 + 180
      { from: 'lost', to: 'won_back', at: day(250) }, // ordered after 210 idle days
      { from: 'won_back', to: 'active', at: day(260) }, // next order after 10 days
    ]);
  });

  it('changes exactly at a threshold, not 1 ms before', () => {
    const none = lifecycleFacts(signedUpAt, [], day(30));
    expect(lifecycleStage(none, T, new Date(day(30).getTime() - 1))).toBe('new');
    expect(lifecycleStage(none, T, day(30))).toBe('dormant');
    const one = lifecycleFacts(signedUpAt, [day(40)], day(200));
    expect(lifecycleStage(one, T, new Date(day(130).getTime() - 1))).toBe('active');
    expect(lifecycleStage(one, T, day(130))).toBe('at_risk');
    expect(lifecycleStage(one, T, new Date(day(220).getTime() - 1))).toBe('at_risk');
    expect(lifecycleStage(one, T, day(220))).toBe('lost');
  });

  it('counts a gap of exactly lostAfterDays as won back, one ms less as active', () => {
    const at = day(290);
    expect(lifecycleStage(lifecycleFacts(signedUpAt, [day(100), day(280)], at), T, at)).toBe('won_back');
    expect(lifecycleStage(lifecycleFacts(signedUpAt, [day(100), new Date(day(280).getTime() - 1)], at), T, at)).toBe('active');
  });

  it('ignores orders after now', () => {
    expect(lifecycleStage(lifecycleFacts(signedUpAt, [day(5)], day(4)), T, day(4))).toBe('new');
  });

  it('honours custom thresholds', () => {
    const custom = { dormantAfterDays: 7, atRiskAfterDays: 14, lostAfterDays: 28 };
    const facts = lifecycleFacts(signedUpAt, [day(1)], day(20));
    expect(lifecycleStage(facts, custom, day(20))).toBe('at_risk');
    expect(lifecycleStage(facts, T, day(20))).toBe('active');
    expect(lifecycleStage(lifecycleFacts(signedUpAt, [], day(7)), custom, day(7))).toBe('dormant');
  });
});

describe('nextLifecycleChangeAt', () => {
  it('schedules the next threshold, or null for dormant and lost', () => {
    const f = (orders: Date[], now: Date) => nextLifecycleChangeAt(lifecycleFacts(day(0), orders, now), T, now);
    expect(f([], day(1))).toEqual(day(30));
    expect(f([], day(31))).toBeNull();
    expect(f([day(40)], day(41))).toEqual(day(130));
    expect(f([day(40)], day(131))).toEqual(day(220));
    expect(f([day(40)], day(221))).toBeNull();
  });
  it('the stage is constant until the scheduled change and differs at it', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 400 }), { maxLength: 4 }), fc.integer({ min: 0, max: 500 }), (orderDays, nowDay) => {
        const now = day(nowDay);
        const facts = lifecycleFacts(day(0), orderDays.map(day), now);
        const next = nextLifecycleChangeAt(facts, T, now);
        const stage = lifecycleStage(facts, T, now);
        if (next === null) return lifecycleStage(facts, T, day(nowDay + 1000)) === stage;
        return lifecycleStage(facts, T, new Date(next.getTime() - 1)) === stage && lifecycleStage(facts, T, next) !== stage;
      }),
    );
  });
});

describe('transition', () => {
  it('stores nothing when the stage is unchanged', () => {
    expect(transition({ stage: 'active', since: day(1) }, 'active', day(2))).toBeNull();
    expect(transition({ stage: 'active', since: day(1) }, 'at_risk', day(2))).toEqual({ from: 'active', to: 'at_risk', at: day(2) });
  });
});

describe('lifecycleThresholdErrors', () => {
  it('accepts the defaults and refuses bad values', () => {
    expect(lifecycleThresholdErrors(T)).toEqual([]);
    expect(lifecycleThresholdErrors({ ...T, dormantAfterDays: 0 })).toEqual(['lifecycle.threshold_invalid']);
    expect(lifecycleThresholdErrors({ ...T, lostAfterDays: 1.5 })).toEqual(['lifecycle.threshold_invalid']);
    expect(lifecycleThresholdErrors({ ...T, atRiskAfterDays: 180 })).toEqual(['lifecycle.at_risk_after_lost']);
  });
});
