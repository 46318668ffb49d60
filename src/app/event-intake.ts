/**
 * Group commit for the event API: concurrent requests are answered from shared transactions. A
 * request that arrives while `concurrency` batches are in flight waits for the next batch, which
 * takes everything waiting (up to maxBatch) — so at low load a request is one transaction of its
 * own, and under load many requests share one: the statements per event fall with the load
 * instead of the throughput.
 *
 * A batch that fails as a whole is retried event by event, so one bad event fails alone.
 */
import type { AutomationCache } from './automation-cache.js';
import { ingestEvents, prepareEvent, type EventInput, type EventOutcome, type PreparedEvent } from './ingest-events.js';
import type { Deps } from './ports.js';

export interface EventIntake {
  /** Stores the event (idempotent by its id) and queues its messages; resolves once committed. */
  submit(workspaceId: string, input: EventInput, requestId?: string | null): Promise<EventOutcome>;
  /** Resolves when no batch is waiting or in flight. */
  idle(): Promise<void>;
}

export interface EventIntakeOptions {
  /** Events per transaction at most (default 200). */
  maxBatch?: number;
  /** Transactions in flight at once (default 2; the embedded store has one connection: 1). */
  concurrency?: number;
}

interface Waiting { event: PreparedEvent; resolve(o: EventOutcome): void; reject(e: unknown): void }

export function createEventIntake(deps: Pick<Deps, 'store' | 'clock' | 'random' | 'log'> & { automations: AutomationCache }, options: EventIntakeOptions = {}): EventIntake {
  const maxBatch = options.maxBatch ?? 200;
  const concurrency = options.concurrency ?? 2;
  // Per workspace, in arrival order; workspaces take turns so one busy shop cannot starve another.
  const waiting = new Map<string, Waiting[]>();
  let running = 0;
  let idleWaiters: (() => void)[] = [];

  const take = (): { workspaceId: string; batch: Waiting[] } | null => {
    const first = waiting.entries().next();
    if (first.done) return null;
    const [workspaceId, list] = first.value;
    const batch = list.splice(0, maxBatch);
    waiting.delete(workspaceId);
    if (list.length > 0) waiting.set(workspaceId, list); // to the back of the line
    return { workspaceId, batch };
  };

  const run = async (workspaceId: string, batch: Waiting[]) => {
    try {
      const outcomes = await ingestEvents(deps, workspaceId, batch.map((w) => w.event));
      batch.forEach((w, i) => w.resolve(outcomes[i]!));
    } catch (err) {
      if (batch.length === 1) return batch[0]!.reject(err);
      deps.log.warn({ err, events: batch.length }, 'event batch failed; retrying its events one by one');
      for (const w of batch) {
        try {
          const [outcome] = await ingestEvents(deps, workspaceId, [w.event]);
          w.resolve(outcome!);
        } catch (e) {
          w.reject(e);
        }
      }
    }
  };

  const pump = () => {
    while (running < concurrency) {
      const next = take();
      if (!next) break;
      running++;
      void run(next.workspaceId, next.batch).finally(() => {
        running--;
        pump();
      });
    }
    if (running === 0 && waiting.size === 0) {
      const waiters = idleWaiters;
      idleWaiters = [];
      for (const w of waiters) w();
    }
  };

  return {
    submit(workspaceId, input, requestId = null) {
      return new Promise<EventOutcome>((resolve, reject) => {
        const event = prepareEvent(input, requestId, deps.clock.now());
        const list = waiting.get(workspaceId) ?? [];
        list.push({ event, resolve, reject });
        waiting.set(workspaceId, list);
        // Waiting a tick lets the requests that arrived in the same I/O turn share this batch.
        queueMicrotask(pump);
      });
    },
    idle() {
      if (running === 0 && waiting.size === 0) return Promise.resolve();
      return new Promise<void>((resolve) => idleWaiters.push(resolve));
    },
  };
}
