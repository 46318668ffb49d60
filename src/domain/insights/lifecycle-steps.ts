/**
 * From a contact's stored lifecycle state to its state at `now`, with every transition between:
 * what the store writes when a fact (sign-up, a paid order, the clock, new thresholds) may have
 * moved a contact. Pure: the same stored state, facts, thresholds and `now` give the same steps.
 *
 * Rules:
 * - The stages the current facts pass through on the clock (new → dormant, or active/won_back →
 *   at_risk → lost, lifecycle.ts) are replayed from the stored `since` up to `now`, each transition
 *   at its exact threshold instant, so a sweep that runs late still records at_risk before lost.
 * - A stage the replay cannot explain from the stored state (thresholds changed, a late order
 *   moved the timeline) is recorded as one correction at `now`, the moment Sapa learned of it.
 * - `since` is always the domain's entry time (stageEnteredAt) of the stage at `now`; when the
 *   stage did not change the stored `since` stays.
 */
import {
  lifecycleStage, nextLifecycleChangeAt, stageEnteredAt, type ContactFacts, type LifecycleStage, type LifecycleState, type LifecycleThresholds, type LifecycleTransition,
} from './lifecycle.js';

export interface LifecycleSteps {
  readonly state: LifecycleState;
  /** In time order; empty when the stage did not change. */
  readonly transitions: readonly LifecycleTransition[];
  /** When to look again if no order arrives (null: only an order can move it). */
  readonly nextAt: Date | null;
}

/** The stage entry points the facts pass through on the clock, oldest first (all times, past and future). */
function timeline(facts: ContactFacts, t: LifecycleThresholds, now: Date): { stage: LifecycleStage; at: number }[] {
  const points: { stage: LifecycleStage; at: number }[] = [];
  let at = stageEnteredAt(facts, t, new Date(facts.lastOrderAt?.getTime() ?? facts.signedUpAt.getTime()));
  for (let i = 0; i < 4; i++) {
    const stage = lifecycleStage(facts, t, at);
    points.push({ stage, at: at.getTime() });
    const next = nextLifecycleChangeAt(facts, t, at);
    if (next === null || next.getTime() > now.getTime()) break;
    at = next;
  }
  return points;
}

/** The steps from `stored` (null: never staged) to the stage at `now`. */
export function lifecycleSteps(stored: LifecycleState | null, facts: ContactFacts, thresholds: LifecycleThresholds, now: Date): LifecycleSteps {
  const stage = lifecycleStage(facts, thresholds, now);
  const nextAt = nextLifecycleChangeAt(facts, thresholds, now);
  if (stored !== null && stored.stage === stage) return { state: stored, transitions: [], nextAt };
  const state: LifecycleState = { stage, since: stageEnteredAt(facts, thresholds, now) };
  const after = stored?.since.getTime() ?? Number.NEGATIVE_INFINITY;
  const transitions: LifecycleTransition[] = [];
  let current: LifecycleStage | null = stored?.stage ?? null;
  for (const p of timeline(facts, thresholds, now)) {
    if (p.at <= after || p.at > now.getTime() || p.stage === current) continue;
    transitions.push({ from: current, to: p.stage, at: new Date(p.at) });
    current = p.stage;
  }
  if (current !== stage) transitions.push({ from: current, to: stage, at: now });
  return { state, transitions, nextAt };
}
