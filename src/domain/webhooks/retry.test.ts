import { describe, expect, it } from 'vitest';
import { DEFAULT_PAUSE_POLICY, DEFAULT_RETRY_DELAYS_MS, isDelivered, maxAttempts, nextAttemptAfterFailure, shouldPause } from './retry.js';

const t0 = new Date('2026-12-07T17:00:00Z');

describe('nextAttemptAfterFailure', () => {
  it('follows the schedule: 5 s after the first failure, 5 min after the second', () => {
    expect(nextAttemptAfterFailure(1, t0, DEFAULT_RETRY_DELAYS_MS)?.getTime()).toBe(t0.getTime() + 5_000);
    expect(nextAttemptAfterFailure(2, t0, DEFAULT_RETRY_DELAYS_MS)?.getTime()).toBe(t0.getTime() + 300_000);
  });
  it('spans days in total and ends with null after the last attempt', () => {
    const total = DEFAULT_RETRY_DELAYS_MS.reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThan(3 * 24 * 3_600_000);
    expect(maxAttempts(DEFAULT_RETRY_DELAYS_MS)).toBe(10);
    expect(nextAttemptAfterFailure(9, t0, DEFAULT_RETRY_DELAYS_MS)).not.toBeNull();
    expect(nextAttemptAfterFailure(10, t0, DEFAULT_RETRY_DELAYS_MS)).toBeNull();
  });
  it('adds at most 10 % jitter, clamped', () => {
    expect(nextAttemptAfterFailure(1, t0, [1000], 0.5)?.getTime()).toBe(t0.getTime() + 1050);
    expect(nextAttemptAfterFailure(1, t0, [1000], 7)?.getTime()).toBe(t0.getTime() + 1100);
    expect(nextAttemptAfterFailure(1, t0, [1000], -1)?.getTime()).toBe(t0.getTime() + 1000);
  });
  it('refuses attempt numbers that are not positive integers', () => {
    expect(() => nextAttemptAfterFailure(0, t0, [1])).toThrow(RangeError);
    expect(() => nextAttemptAfterFailure(1.5, t0, [1])).toThrow(RangeError);
  });
});

describe('shouldPause', () => {
  const policy = { ...DEFAULT_PAUSE_POLICY, maxConsecutiveFailures: 3 };
  it('never pauses without failures', () => {
    expect(shouldPause({ consecutiveFailures: 0, failingSince: new Date(0) }, t0, policy)).toBe(false);
  });
  it('pauses at the streak limit, not before', () => {
    expect(shouldPause({ consecutiveFailures: 2, failingSince: t0 }, t0, policy)).toBe(false);
    expect(shouldPause({ consecutiveFailures: 3, failingSince: t0 }, t0, policy)).toBe(true);
  });
  it('pauses after a day of only failures when there were enough of them', () => {
    const since = new Date(t0.getTime() - 24 * 3_600_000);
    expect(shouldPause({ consecutiveFailures: 2, failingSince: since }, t0, { ...DEFAULT_PAUSE_POLICY })).toBe(false);
    expect(shouldPause({ consecutiveFailures: 5, failingSince: since }, t0, { ...DEFAULT_PAUSE_POLICY })).toBe(true);
    expect(shouldPause({ consecutiveFailures: 5, failingSince: new Date(since.getTime() + 1) }, t0, { ...DEFAULT_PAUSE_POLICY })).toBe(false);
  });
});

describe('isDelivered', () => {
  it('is 2xx only: redirects, client and server errors and no answer are failures', () => {
    expect([200, 204, 299].map(isDelivered)).toEqual([true, true, true]);
    expect([null, 199, 301, 302, 400, 410, 500].map(isDelivered)).toEqual([false, false, false, false, false, false, false]);
  });
});
