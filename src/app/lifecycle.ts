/**
 * Lifecycle stages (issue 10 part 2). Every stage change goes through restageContacts: the store
 * locks the contacts' rows, the domain decides (insights/lifecycle-steps.ts), the store writes the
 * stage and the transitions in the same transaction, and only after it commits does each
 * `onStageChanged` listener hear each transition, once, in order. It is called when a contact is
 * made, when an order is paid (event intake), by the sweep (contacts whose next_at has passed —
 * any number of workers, SKIP LOCKED) and after the thresholds change (every contact made due).
 *
 * Listeners hear a change after its commit in the process that made it, which then marks it heard.
 * A transition stays owed (`notify_after`) until then: after a crash between the commit and the
 * listeners, or a listener that threw, the sweep tells them again a minute later — at least once,
 * so a listener must be idempotent (journeys key each change; see journeys.ts). A listener that
 * throws is logged and does not stop the others.
 */
import { lifecycleThresholdErrors, LIFECYCLE_STAGES, type LifecycleState, type LifecycleThresholds } from '../domain/insights/lifecycle.js';
import { lifecycleSteps } from '../domain/insights/lifecycle-steps.js';
import { audit } from './audit.js';
import { requirePermission } from './auth.js';
import { AppError, found } from './errors.js';
import type { RestageRow, RestageSelection, RestageWrite, StageChange } from './lifecycle.port.js';
import { repeatEvery, type Periodic } from './periodic.js';
import type { Deps, Principal } from './ports.js';

export type { StageChange } from './lifecycle.port.js';

/** Hears every recorded stage change once (journeys subscribe here). */
export type StageListener = (change: StageChange) => void | Promise<void>;

type RestageDeps = Pick<Deps, 'store' | 'clock'> & { onStageChanged?: readonly StageListener[] | undefined; log?: Deps['log'] | undefined };

/** The domain's decision for each locked row. */
function decide(rows: readonly RestageRow[], now: Date): RestageWrite[] {
  return rows.map((r) => {
    const steps = lifecycleSteps(r.stored, r.facts, r.thresholds, now);
    return { workspaceId: r.workspaceId, contactId: r.contactId, state: steps.state, nextAt: steps.nextAt, transitions: steps.transitions };
  });
}

/** THE way a stage changes: restages the selected contacts at the clock's now and tells the listeners. */
export async function restageContacts(deps: RestageDeps, selection: RestageSelection): Promise<{ taken: number; changes: StageChange[] }> {
  const now = deps.clock.now();
  const result = await deps.store.lifecycle.restage(selection, now, (rows) => decide(rows, now));
  await tellListeners(deps, result.changes);
  return result;
}

/** Each change to every listener, in order; the changes all of them heard are marked heard. */
async function tellListeners(deps: RestageDeps, changes: readonly StageChange[]): Promise<number> {
  const heard: number[] = [];
  for (const change of changes) {
    let ok = true;
    for (const listener of deps.onStageChanged ?? []) {
      try {
        await listener(change);
      } catch (err) {
        ok = false;
        deps.log?.warn({ err, contactId: change.contactId, to: change.to }, 'lifecycle listener failed');
      }
    }
    if (ok) heard.push(change.id);
  }
  await deps.store.lifecycle.markHeard(heard);
  return heard.length;
}

/** A lease long enough for a batch of listener calls; a worker that dies holding it frees it then. */
const RENOTIFY_LEASE_MS = 5 * 60_000;

/**
 * Tells the listeners the changes still owed to them (the making process crashed or a listener
 * threw), in batches until fewer than a batch are left; answers how many were heard.
 */
export async function renotifyStageChanges(deps: RestageDeps, options: { batch: number; maxBatches?: number }): Promise<number> {
  let heard = 0;
  for (let i = 0; i < (options.maxBatches ?? 20); i++) {
    const owed = await deps.store.lifecycle.claimUnheard(deps.clock.now(), options.batch, RENOTIFY_LEASE_MS);
    heard += await tellListeners(deps, owed);
    if (owed.length < options.batch) break;
  }
  return heard;
}

/** One sweep pass: due contacts in batches until fewer than a batch are left; answers how many it took. */
export async function sweepLifecycle(deps: RestageDeps, options: { batch: number; workspaceId?: string; maxBatches?: number }): Promise<number> {
  let total = 0;
  for (let i = 0; i < (options.maxBatches ?? Number.POSITIVE_INFINITY); i++) {
    const { taken } = await restageContacts(deps, { kind: 'due', limit: options.batch, ...(options.workspaceId ? { workspaceId: options.workspaceId } : {}) });
    total += taken;
    if (taken < options.batch) break;
  }
  return total;
}

/** The workers' sweep loop (like the broadcast runner): every interval, one pass; any number of processes may run it. */
export function startLifecycleSweep(deps: RestageDeps & Pick<Deps, 'log'>, options: { intervalMs: number; batch: number }): Periodic {
  return repeatEvery(options.intervalMs, async () => {
    const n = await sweepLifecycle(deps, { batch: options.batch });
    if (n > 0) deps.log.debug({ contacts: n }, 'lifecycle sweep');
    const told = await renotifyStageChanges(deps, { batch: options.batch });
    if (told > 0) deps.log.info({ changes: told }, 'lifecycle changes told again');
  }, (err) => deps.log.warn({ err }, 'lifecycle sweep failed'));
}

export async function lifecycleCounts(deps: Pick<Deps, 'store'>, principal: Principal): Promise<{ stages: { stage: (typeof LIFECYCLE_STAGES)[number]; count: number }[] }> {
  requirePermission(principal, 'contacts:read');
  const counts = new Map((await deps.store.lifecycle.counts(principal.workspaceId)).map((c) => [c.stage, c.count]));
  return { stages: LIFECYCLE_STAGES.map((stage) => ({ stage, count: counts.get(stage) ?? 0 })) };
}

const DAY_MS = 86_400_000;
/** A longer range would be thousands of chart points; a year of days or three of weeks is plenty. */
const MAX_RANGE_DAYS = { day: 400, week: 1100 } as const;

/** Checks a from/to pair of calendar dates (YYYY-MM-DD, from ≤ to, bounded span); throws insights.invalid_range. */
export function checkDateRange(from: string, to: string, interval: 'day' | 'week'): void {
  // A real calendar date (not 2026-02-31) between 1970 and 2199, like every business date Sapa takes.
  const parse = (s: string) => {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return null;
    const ms = Date.parse(`${s}T00:00:00Z`);
    const year = Number(s.slice(0, 4));
    return Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== s || year < 1970 || year > 2199 ? null : ms;
  };
  const a = parse(from);
  const b = parse(to);
  const items = [...(a === null ? [{ field: 'from', reason: 'invalid_date' }] : []), ...(b === null ? [{ field: 'to', reason: 'invalid_date' }] : [])];
  if (items.length > 0) throw new AppError('insights.invalid_range', 'from and to must be dates (YYYY-MM-DD)', items);
  if ((b as number) < (a as number)) throw new AppError('insights.invalid_range', 'to must not be before from', [{ field: 'to', reason: 'before_from' }]);
  if (((b as number) - (a as number)) / DAY_MS >= MAX_RANGE_DAYS[interval]) {
    throw new AppError('insights.invalid_range', `at most ${MAX_RANGE_DAYS[interval]} days per ${interval}`, [{ field: 'to', reason: 'too_long' }]);
  }
}

export async function lifecycleFlows(deps: Pick<Deps, 'store'>, principal: Principal, range: { from: string; to: string; interval: 'day' | 'week' }) {
  requirePermission(principal, 'contacts:read');
  checkDateRange(range.from, range.to, range.interval);
  return { ...range, flows: await deps.store.lifecycle.flows(principal.workspaceId, range) };
}

/** A contact's stage and since (null until first staged). */
export async function contactLifecycle(deps: Pick<Deps, 'store'>, workspaceId: string, contactId: string): Promise<LifecycleState | null> {
  return deps.store.lifecycle.stageOf(workspaceId, contactId);
}

export async function readLifecycleSettings(deps: Pick<Deps, 'store'>, principal: Principal): Promise<LifecycleThresholds> {
  requirePermission(principal, 'workspace:read');
  return found(await deps.store.lifecycle.thresholds(principal.workspaceId), 'Workspace');
}

/**
 * Saves the thresholds (whole days ≥ 1, at risk before lost: 422 settings.invalid naming the field),
 * audited; every contact becomes due and this workspace's are restaged at once (the sweep finishes
 * what a big workspace leaves).
 */
export async function saveLifecycleSettings(deps: RestageDeps, principal: Principal, input: LifecycleThresholds): Promise<LifecycleThresholds> {
  requirePermission(principal, 'settings:messaging');
  const errors = lifecycleThresholdErrors(input);
  if (errors.length > 0) {
    const field = errors[0] === 'lifecycle.at_risk_after_lost' ? 'lostAfterDays' : 'dormantAfterDays';
    throw new AppError('settings.invalid', 'Lost must come after at risk; every threshold is a whole number of days from 1', errors.map((reason) => ({ field, reason })));
  }
  const before = found(await deps.store.lifecycle.thresholds(principal.workspaceId), 'Workspace');
  await deps.store.lifecycle.setThresholds(principal.workspaceId, input, deps.clock.now());
  await audit({ store: deps.store, clock: deps.clock }, principal, 'settings.lifecycle_changed', { type: 'workspace', id: principal.workspaceId }, { before, after: input });
  await sweepLifecycle(deps, { batch: 1000, workspaceId: principal.workspaceId, maxBatches: 20 });
  return input;
}
