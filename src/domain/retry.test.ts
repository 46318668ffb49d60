/**
 * Edge cases: permanent never retries; transient/rate_limited back off exponentially
 * with jitter bounds [exp/2, exp]; rate limits start one step later; the cap holds;
 * Retry-After is a floor (and ignored when negative/NaN); the 8th attempt is final;
 * out-of-range random and attempt inputs stay safe; WhatsApp classification by code
 * first, then HTTP status.
 */
import { describe, expect, it } from 'vitest';
import { RETRY_POLICY, classifySmsError, classifyWhatsAppError, decideRetry, type FailureClass } from './retry.js';

const delay = (failureClass: FailureClass, attempt: number, random: number, retryAfterMs?: number): number | 'fail' => {
  const d = decideRetry({ failureClass, attempt, random, retryAfterMs });
  return d.kind === 'retry' ? d.delayMs : 'fail';
};

describe('decideRetry', () => {
  it('fails permanent errors immediately', () => {
    expect(decideRetry({ failureClass: 'permanent', attempt: 1, random: 0.5 })).toEqual({ kind: 'fail' });
  });

  it('doubles transient delays from 2 s with equal jitter', () => {
    expect(delay('transient', 1, 0)).toBe(1000);
    expect(delay('transient', 1, 0.999999)).toBe(2000);
    expect(delay('transient', 2, 0)).toBe(2000);
    expect(delay('transient', 3, 0.5)).toBe(6000);
  });

  it('starts rate limits one doubling later', () => {
    expect(delay('rate_limited', 1, 0)).toBe(2000);
    expect(delay('rate_limited', 2, 0)).toBe(4000);
  });

  it('never exceeds the 15-minute cap', () => {
    for (let attempt = 1; attempt < RETRY_POLICY.maxAttempts; attempt++) {
      const d = delay('rate_limited', attempt, 0.999999);
      expect(d).not.toBe('fail');
      expect(d).toBeLessThanOrEqual(15 * 60_000);
    }
  });

  it('honours Retry-After as a minimum', () => {
    expect(delay('rate_limited', 1, 0, 30_000)).toBe(30_000);
    expect(delay('transient', 5, 0.5, 1_000)).toBe(24_000);
    expect(delay('transient', 1, 0, -5)).toBe(1000);
    expect(delay('transient', 1, 0, Number.NaN)).toBe(1000);
  });

  it('gives up after the 8th attempt', () => {
    expect(delay('transient', 7, 0.5)).not.toBe('fail');
    expect(delay('transient', 8, 0.5)).toBe('fail');
    expect(delay('rate_limited', 20, 0.5)).toBe('fail');
  });

  it('stays within bounds for odd random and attempt values', () => {
    expect(delay('transient', 1, 5)).toBe(2000);
    expect(delay('transient', 1, -1)).toBe(1000);
    expect(delay('transient', 0, 0)).toBe(1000);
    expect(delay('transient', Number.NaN, 0)).toBe('fail');
  });
});

describe('classifyWhatsAppError', () => {
  it.each([
    [429, undefined, 'rate_limited'],
    [400, 130429, 'rate_limited'],
    [400, 131056, 'rate_limited'],
    [400, 80007, 'rate_limited'],
    [400, 4, 'rate_limited'],
    [500, undefined, 'transient'],
    [503, undefined, 'transient'],
    [0, undefined, 'transient'],
    [500, 131000, 'transient'],
    [400, 1, 'transient'],
    [400, 2, 'transient'],
    [400, 131026, 'permanent'],
    [400, 131047, 'permanent'],
    [401, 190, 'permanent'],
    [404, undefined, 'permanent'],
    [400, undefined, 'permanent'],
  ] as const)('HTTP %i code %s → %s', (status, code, expected) => {
    expect(classifyWhatsAppError(status, code)).toBe(expected);
  });
});

describe('classifySmsError (Twilio codes, then HTTP status)', () => {
  it('rate limits by code or 429', () => {
    expect(classifySmsError(429, 20429)).toBe('rate_limited');
    expect(classifySmsError(400, 14107)).toBe('rate_limited');
    expect(classifySmsError(429)).toBe('rate_limited');
  });
  it('retries server trouble and network silence', () => {
    expect(classifySmsError(500, 20500)).toBe('transient');
    expect(classifySmsError(503)).toBe('transient');
    expect(classifySmsError(0)).toBe('transient');
  });
  it('fails bad numbers and account problems at once', () => {
    expect(classifySmsError(400, 21211)).toBe('permanent');
    expect(classifySmsError(400, 21614)).toBe('permanent');
    expect(classifySmsError(401, 20003)).toBe('permanent');
    expect(classifySmsError(403)).toBe('permanent');
  });
});
