/**
 * The delivery worker of one process: independent fetch loops over the `deliver` queue (so a batch
 * waiting for its sender's pace never holds up another workspace's messages), one shared bound on
 * sends in flight, and the sweep that settles what a dead process left in `sending`.
 */
import { deliverBatch, type DeliveryDeps } from './deliver-batch.js';
import { createSemaphore } from './semaphore.js';
import { createCompiledTemplates } from './prepare-sends.js';
import type { Queue } from './ports.js';
import type { ChannelKind } from '../domain/vocabulary.js';

export interface DeliveryWorkerOptions {
  /** Independent fetch loops (default 4). */
  loops: number;
  /** Jobs (of up to 100 ids each) one loop fetches at once. */
  jobsPerFetch: number;
  /** Sends in flight at once across the loops. */
  inFlight: number;
  /** How far ahead a sender's slots are reserved (ms). */
  horizonMs: number;
  /** A message in `sending` this long belongs to a dead process (providers that honour our idempotency key). */
  leaseMs: number;
  /**
   * For providers without an idempotency key (WhatsApp): a message left in `sending` is resent only
   * when no status webhook settled it within this long.
   */
  reconcileMs: number;
  /** Channels whose provider does not honour an idempotency key. */
  reconcileChannels: readonly ChannelKind[];
  sweepIntervalMs: number;
  /** A queued message this far past its time has lost its job and is queued again. */
  overdueMs: number;
}

export async function startDeliveryWorker(deps: DeliveryDeps & { queue: Queue }, options: DeliveryWorkerOptions): Promise<{ stop(): Promise<void> }> {
  const inFlight = createSemaphore(options.inFlight);
  const templates = createCompiledTemplates();
  const handle = async (jobs: { messageIds: string[] }[]) => {
    await deliverBatch(deps, jobs.flatMap((j) => j.messageIds), { horizonMs: options.horizonMs, inFlight, templates });
  };
  // Half the loops (at least one) for each queue: a busy marketing queue never occupies the loops
  // an order update needs, and the shared in-flight bound lets utility sends go first.
  const urgent = Math.max(1, Math.floor(options.loops / 2));
  await deps.queue.work('deliver', { batchSize: options.jobsPerFetch, loops: urgent }, handle);
  await deps.queue.work('deliver-bulk', { batchSize: options.jobsPerFetch, loops: Math.max(1, options.loops - urgent) }, handle);
  const sweep = () => sweepDelivery(deps, options).catch((err: unknown) => deps.log.warn({ err }, 'delivery sweep failed'));
  await sweep();
  const timer = setInterval(sweep, options.sweepIntervalMs);
  timer.unref();
  return { stop: async () => clearInterval(timer) };
}

/** One pass of the sweep: unsettled sends back to the queue, and lost jobs replaced. */
export async function sweepDelivery(deps: Pick<DeliveryDeps, 'store' | 'clock' | 'log'>, options: Pick<DeliveryWorkerOptions, 'leaseMs' | 'reconcileMs' | 'reconcileChannels' | 'overdueMs'>): Promise<{ unsettled: number; overdue: number }> {
  const now = deps.clock.now();
  const unsettled = await deps.store.delivery.sweepUnsettled({
    now,
    leaseBefore: new Date(now.getTime() - options.leaseMs),
    reconcileBefore: new Date(now.getTime() - Math.max(options.leaseMs, options.reconcileMs)),
    reconcileChannels: options.reconcileChannels,
    limit: 1000,
  });
  const overdue = await deps.store.delivery.requeueOverdue({ now, before: new Date(now.getTime() - options.overdueMs), limit: 1000 });
  if (unsettled > 0 || overdue > 0) deps.log.info({ unsettled, overdue }, 'delivery sweep queued messages again');
  return { unsettled, overdue };
}
