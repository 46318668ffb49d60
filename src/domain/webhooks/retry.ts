/**
 * When a webhook delivery is tried again, and when a subscription that keeps failing is paused.
 * Pure: times come in as arguments.
 */

/**
 * Delays after the 1st, 2nd, … failed attempt (ms): the Standard Webhooks reference schedule
 * (5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h) stretched to about three days, so a receiver down over
 * a weekend still gets its events. After the last delay's attempt fails, the delivery is failed.
 */
export const DEFAULT_RETRY_DELAYS_MS: readonly number[] = [
  5_000, 5 * 60_000, 30 * 60_000, 2 * 3_600_000, 5 * 3_600_000, 10 * 3_600_000, 14 * 3_600_000, 20 * 3_600_000, 24 * 3_600_000,
];

/** Attempts a delivery gets with a schedule: the first one plus one per delay. */
export function maxAttempts(delaysMs: readonly number[]): number {
  return delaysMs.length + 1;
}

/**
 * After attempt number `attempt` (1-based) failed: when to try again, or null when the schedule is
 * used up. `unit` in [0, 1) spreads retries by up to +10 % so receivers coming back are not hit by
 * every subscriber's backlog in the same second.
 */
export function nextAttemptAfterFailure(attempt: number, failedAt: Date, delaysMs: readonly number[], unit = 0): Date | null {
  if (!Number.isInteger(attempt) || attempt < 1) throw new RangeError(`attempt must be a positive integer, got ${attempt}`);
  const delay = delaysMs[attempt - 1];
  if (delay === undefined) return null;
  return new Date(failedAt.getTime() + Math.round(delay * (1 + 0.1 * Math.min(Math.max(unit, 0), 1))));
}

export interface PausePolicy {
  /** Pause after this many failed attempts in a row (any of the subscription's deliveries). */
  maxConsecutiveFailures: number;
  /** …or once it has failed without a single success for this long (ms), with at least minFailuresForAge failures. */
  maxFailingMs: number;
  minFailuresForAge: number;
}

/** About a day of nothing but failures, or a long run of them: the receiver is gone, not blinking. */
export const DEFAULT_PAUSE_POLICY: PausePolicy = { maxConsecutiveFailures: 50, maxFailingMs: 24 * 3_600_000, minFailuresForAge: 5 };

/** True when a subscription with this failure streak should be paused now. */
export function shouldPause(streak: { consecutiveFailures: number; failingSince: Date | null }, now: Date, policy: PausePolicy): boolean {
  if (streak.consecutiveFailures <= 0) return false;
  if (streak.consecutiveFailures >= policy.maxConsecutiveFailures) return true;
  return streak.failingSince !== null
    && streak.consecutiveFailures >= policy.minFailuresForAge
    && now.getTime() - streak.failingSince.getTime() >= policy.maxFailingMs;
}

/** A receiver's answer counts as delivered only when it is 2xx; a redirect is not followed and counts as a failure. */
export function isDelivered(statusCode: number | null): boolean {
  return statusCode !== null && statusCode >= 200 && statusCode < 300;
}
