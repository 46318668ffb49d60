/**
 * The referral sweep: what a crash between an event's commit and its referral step left undone
 * (a reward not decided, a reward's event not stored) is done by the next pass of any worker.
 * Every step is idempotent by an index (rewards) or an event key, so two workers sweeping at
 * once make nothing twice.
 */
import { createAutomationCache } from './automation-cache.js';
import { emitRewardEvents } from './ingest-events.js';
import { repeatEvery, type Periodic } from './periodic.js';
import type { Deps } from './ports.js';
import { sweepReferrals } from './referrals.js';

export function startReferralSweep(deps: Pick<Deps, 'store' | 'clock' | 'random' | 'log' | 'onStageChanged' | 'publicUrl'>, options: { intervalMs: number; batch: number }): Periodic {
  const intake = { ...deps, automations: createAutomationCache() };
  return repeatEvery(options.intervalMs, async () => {
    const done = await sweepReferrals(deps, (ws) => emitRewardEvents(intake, ws), options.batch);
    if (done > 0) deps.log.info({ done }, 'referrals: rewards decided or announced by the sweep');
  }, (err) => deps.log.warn({ err }, 'referral sweep failed'));
}
