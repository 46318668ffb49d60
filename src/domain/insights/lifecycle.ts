/**
 * Lifecycle stages of a contact, derived only from facts (sign-up time and paid-order times)
 * and the workspace's thresholds, so any worker computes the same stage at the same `now`.
 *
 * Rules (a "day" is 24 h of elapsed time; reaching a threshold exactly moves to the later stage):
 * - new:      no paid order yet, signed up less than `dormantAfterDays` ago;
 * - dormant:  no paid order, signed up at least `dormantAfterDays` ago (playbook q5: signed up,
 *             never used the service);
 * - active:   last paid order less than `atRiskAfterDays` ago (a dormant contact's first order
 *             makes it active);
 * - won_back: like active, but the gap between the last two paid orders was at least
 *             `lostAfterDays`, i.e. the order brought back a contact that was lost; its next
 *             order (after a shorter gap) makes it plain active again;
 * - at_risk:  last paid order at least `atRiskAfterDays` but less than `lostAfterDays` ago;
 * - lost:     last paid order at least `lostAfterDays` ago.
 * Defaults (DEFAULT_LIFECYCLE_THRESHOLDS): dormant after 30 days, at risk after 90, lost after 180
 * — a monthly-to-quarterly purchase rhythm typical of small Indonesian online shops; workspaces
 * with another rhythm set their own.
 */
const DAY_MS = 86_400_000;

/** Stage names as the API spells them (product.md §3). */
export const LIFECYCLE_STAGES = ['new', 'active', 'dormant', 'at_risk', 'lost', 'won_back'] as const;
export type LifecycleStage = (typeof LIFECYCLE_STAGES)[number];

export interface LifecycleThresholds {
  readonly dormantAfterDays: number;
  readonly atRiskAfterDays: number;
  readonly lostAfterDays: number;
}

/** Thresholds used until a workspace sets its own (rationale in the module comment). */
export const DEFAULT_LIFECYCLE_THRESHOLDS: LifecycleThresholds = { dormantAfterDays: 30, atRiskAfterDays: 90, lostAfterDays: 180 };

export interface ContactFacts {
  readonly signedUpAt: Date;
  /** Latest paid order at or before `now`, or null. */
  readonly lastOrderAt: Date | null;
  /** The paid order before the latest one, or null. */
  readonly previousOrderAt: Date | null;
}

export interface LifecycleState {
  readonly stage: LifecycleStage;
  readonly since: Date;
}

export interface LifecycleTransition {
  readonly from: LifecycleStage | null;
  readonly to: LifecycleStage;
  readonly at: Date;
}

/** Error codes for thresholds a workspace may not save: whole days >= 1, at risk strictly before lost. */
export function lifecycleThresholdErrors(t: LifecycleThresholds): ('lifecycle.threshold_invalid' | 'lifecycle.at_risk_after_lost')[] {
  const valid = [t.dormantAfterDays, t.atRiskAfterDays, t.lostAfterDays].every((d) => Number.isSafeInteger(d) && d >= 1);
  if (!valid) return ['lifecycle.threshold_invalid'];
  return t.atRiskAfterDays < t.lostAfterDays ? [] : ['lifecycle.at_risk_after_lost'];
}

/** The facts lifecycleStage needs, from a sign-up time and paid-order times (orders after `now` ignored). */
export function lifecycleFacts(signedUpAt: Date, paidOrderTimes: readonly Date[], now: Date): ContactFacts {
  const times = paidOrderTimes.map((d) => d.getTime()).filter((t) => t <= now.getTime()).sort((a, b) => b - a);
  const [last, previous] = times;
  return { signedUpAt, lastOrderAt: last === undefined ? null : new Date(last), previousOrderAt: previous === undefined ? null : new Date(previous) };
}

/** The contact's stage at `now` (rules in the module comment). */
export function lifecycleStage(facts: ContactFacts, thresholds: LifecycleThresholds, now: Date): LifecycleStage {
  const nowMs = now.getTime();
  if (facts.lastOrderAt === null) return nowMs - facts.signedUpAt.getTime() >= thresholds.dormantAfterDays * DAY_MS ? 'dormant' : 'new';
  const last = facts.lastOrderAt.getTime();
  const idle = nowMs - last;
  if (idle >= thresholds.lostAfterDays * DAY_MS) return 'lost';
  if (idle >= thresholds.atRiskAfterDays * DAY_MS) return 'at_risk';
  if (facts.previousOrderAt !== null && last - facts.previousOrderAt.getTime() >= thresholds.lostAfterDays * DAY_MS) return 'won_back';
  return 'active';
}

/** When the stage the contact is in at `now` began (the exact threshold instant, not when a job noticed). */
export function stageEnteredAt(facts: ContactFacts, thresholds: LifecycleThresholds, now: Date): Date {
  const stage = lifecycleStage(facts, thresholds, now);
  const signedUp = facts.signedUpAt.getTime();
  const last = facts.lastOrderAt?.getTime() ?? signedUp;
  switch (stage) {
    case 'new':
      return new Date(signedUp);
    case 'dormant':
      return new Date(signedUp + thresholds.dormantAfterDays * DAY_MS);
    case 'active':
    case 'won_back':
      return new Date(last);
    case 'at_risk':
      return new Date(last + thresholds.atRiskAfterDays * DAY_MS);
    case 'lost':
      return new Date(last + thresholds.lostAfterDays * DAY_MS);
    default: {
      const unreachable: never = stage;
      throw new Error(`unknown stage ${String(unreachable)}`);
    }
  }
}

/** When the stage will next change if no order arrives (for scheduling a re-check), or null if never. */
export function nextLifecycleChangeAt(facts: ContactFacts, thresholds: LifecycleThresholds, now: Date): Date | null {
  const stage = lifecycleStage(facts, thresholds, now);
  const last = facts.lastOrderAt?.getTime();
  switch (stage) {
    case 'new':
      return new Date(facts.signedUpAt.getTime() + thresholds.dormantAfterDays * DAY_MS);
    case 'active':
    case 'won_back':
      return new Date((last as number) + thresholds.atRiskAfterDays * DAY_MS);
    case 'at_risk':
      return new Date((last as number) + thresholds.lostAfterDays * DAY_MS);
    case 'dormant':
    case 'lost':
      return null;
    default: {
      const unreachable: never = stage;
      throw new Error(`unknown stage ${String(unreachable)}`);
    }
  }
}

/** The change to store when a contact's stage is recomputed, or null when it did not change. */
export function transition(previous: LifecycleState | null, next: LifecycleStage, at: Date): LifecycleTransition | null {
  if (previous !== null && previous.stage === next) return null;
  return { from: previous?.stage ?? null, to: next, at };
}
