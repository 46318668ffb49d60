/** What the lifecycle use cases need from the store: stage rows, their facts, transitions, thresholds. */
import type { ContactFacts, LifecycleStage, LifecycleState, LifecycleThresholds, LifecycleTransition } from '../domain/insights/lifecycle.js';

/** Which contacts to (re)stage: named ones (waiting for their rows), or due ones (rows another worker holds are skipped). */
export type RestageSelection =
  | { readonly kind: 'contacts'; readonly workspaceId: string; readonly contactIds: readonly string[] }
  | { readonly kind: 'due'; readonly limit: number; readonly workspaceId?: string };

/** One selected contact as stored, with the facts its stage follows from. */
export interface RestageRow {
  readonly workspaceId: string;
  readonly contactId: string;
  /** null: never staged. */
  readonly stored: LifecycleState | null;
  readonly facts: ContactFacts;
  readonly thresholds: LifecycleThresholds;
}

/** What to write for one row: always its state and next look-again time, and the transitions (possibly none). */
export interface RestageWrite {
  readonly workspaceId: string;
  readonly contactId: string;
  readonly state: LifecycleState;
  readonly nextAt: Date | null;
  readonly transitions: readonly LifecycleTransition[];
}

/** A recorded stage change, as listeners (journeys) receive it. */
export interface StageChange {
  /** The stored transition's id (listeners are owed it until it is marked heard). */
  readonly id: number;
  readonly workspaceId: string;
  readonly contactId: string;
  readonly from: LifecycleStage | null;
  readonly to: LifecycleStage;
  readonly at: Date;
}

export interface LifecycleFlowRow { readonly period: string; readonly from: LifecycleStage | null; readonly to: LifecycleStage; readonly count: number }

export interface LifecycleStore {
  /**
   * One transaction: locks the selected rows (`due`: the earliest next_at ≤ now, SKIP LOCKED, so
   * workers never take the same contact), loads their facts (paid orders at or before `now`),
   * writes what `decide` returns and the transitions. Answers how many rows it took and the changes.
   */
  restage(selection: RestageSelection, now: Date, decide: (rows: readonly RestageRow[]) => readonly RestageWrite[]): Promise<{ taken: number; changes: StageChange[] }>;
  /**
   * Transitions whose listeners are still owed them (`notify_after` ≤ now), oldest first, SKIP
   * LOCKED; each taken is leased (`notify_after` = now + leaseMs) so a worker that dies with it
   * leaves it to the next sweep, not to nobody.
   */
  claimUnheard(now: Date, limit: number, leaseMs: number): Promise<StageChange[]>;
  /** The listeners have heard these: nobody owes them any more. */
  markHeard(ids: readonly number[]): Promise<void>;
  /** Contacts per stage (stages with none left out); contacts not staged yet are not counted. */
  counts(workspaceId: string): Promise<{ stage: LifecycleStage; count: number }[]>;
  /** Transitions counted per period (the workspace's calendar days or ISO weeks) and from → to, between two local dates inclusive. */
  flows(workspaceId: string, range: { from: string; to: string; interval: 'day' | 'week' }): Promise<LifecycleFlowRow[]>;
  stageOf(workspaceId: string, contactId: string): Promise<LifecycleState | null>;
  thresholds(workspaceId: string): Promise<LifecycleThresholds | null>;
  /** Saves the thresholds and makes every contact of the workspace due, so the sweep restages them all. */
  setThresholds(workspaceId: string, thresholds: LifecycleThresholds, now: Date): Promise<void>;
}
