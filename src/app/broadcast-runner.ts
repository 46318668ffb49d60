/**
 * The workers' broadcast loop: every tick, scheduled broadcasts whose time has come start, sending
 * ones are fanned out a chunk (one transaction) at a time, cancelled ones have their queued messages
 * skipped a chunk at a time, and those with nothing left to send are marked done. Any number of
 * processes may run it: a broadcast's row is held by one of them per chunk, and a crash mid-fan-out
 * is resumed by whoever comes next.
 */
import { decideDueAbTests } from './ab-tests.js';
import { repeatEvery, type Periodic } from './periodic.js';
import type { Deps } from './ports.js';

export interface BroadcastRunnerOptions {
  /** How often to look for work (ms); a broadcast sent now starts within this. */
  intervalMs: number;
  /** Recipients written per transaction. */
  chunk: number;
}

export function startBroadcastRunner(deps: Pick<Deps, 'store' | 'clock' | 'log'>, options: BroadcastRunnerOptions): Periodic {
  const tick = async (stopped: () => boolean) => {
    const runner = deps.store.broadcastRunner;
    // Test-then-winner broadcasts whose wait is over get their verdict; their rest is fanned out below.
    await decideDueAbTests(deps);
    for (const id of await runner.due(deps.clock.now(), 20)) {
      let written = 0;
      for (;;) {
        if (stopped()) return;
        const step = await runner.fanOut(id, options.chunk, deps.clock.now());
        if (step === 'busy') break;
        written += step.written;
        if (step.finished) {
          deps.log.info({ broadcastId: id, written }, 'broadcast fanned out');
          break;
        }
      }
    }
    // A big cancel: its first chunk was skipped by the request, the rest goes here chunk by chunk.
    for (;;) {
      if (stopped()) return;
      const skipped = await runner.skipCancelled(options.chunk, deps.clock.now());
      if (skipped > 0) deps.log.info({ skipped }, 'cancelled broadcast: queued messages skipped');
      if (skipped < options.chunk) break;
    }
    const done = await runner.finish(deps.clock.now());
    if (done > 0) deps.log.info({ done }, 'broadcasts done');
  };
  return repeatEvery(options.intervalMs, tick, (err) => deps.log.warn({ err }, 'broadcast runner tick failed'));
}
