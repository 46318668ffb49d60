/**
 * The outbound webhooks' worker loop: claim a bounded batch of due deliveries (SKIP LOCKED, so any
 * number of processes share them), send them with bounded concurrency, record the whole batch's
 * answers in one statement, pause subscriptions that keep failing; again until nothing is due.
 *
 * At least once: a delivery's lease is its next_attempt_at pushed past the send's timeout, so a
 * worker that dies after sending and before recording leaves it to come due and be sent again with
 * the same webhook-id (the receiver's idempotency key). The answer of a worker whose lease was taken
 * over is dropped (lease token).
 */
import { isDelivered, nextAttemptAfterFailure, shouldPause, type PausePolicy } from '../domain/webhooks/index.js';
import { repeatEvery, type Periodic } from './periodic.js';
import type { Deps } from './ports.js';
import type { SecretBox } from './secret-box.port.js';
import type { ClaimedDelivery, DeliveryOutcome, WebhookSender } from './webhook.port.js';
import { webhookSecretContext } from './webhooks.js';

export interface WebhookWorkerOptions {
  intervalMs: number;
  /** Deliveries claimed per batch. */
  batch: number;
  /** Requests in flight at once per worker. */
  concurrency: number;
  /** How long a claim holds (ms): more than the sender's timeout, so a live worker's claim never lapses. */
  leaseMs: number;
  retryDelaysMs: readonly number[];
  pause: PausePolicy;
}

export type WebhookWorkerDeps = Pick<Deps, 'store' | 'clock' | 'random' | 'log'> & { box: SecretBox | null; sender: WebhookSender };

/** Sends one claimed batch and records it; answers how many were claimed. */
export async function deliverWebhookBatch(deps: WebhookWorkerDeps, options: WebhookWorkerOptions): Promise<number> {
  const claimed = await deps.store.webhooks.claim(options.batch, options.leaseMs);
  if (claimed.length === 0) return 0;
  const outcomes: DeliveryOutcome[] = new Array(claimed.length);
  let next = 0;
  const lane = async () => {
    for (let i = next++; i < claimed.length; i = next++) outcomes[i] = await attempt(deps, options, claimed[i]!);
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency, claimed.length) }, lane));
  const streaks = await deps.store.webhooks.complete(outcomes);
  const now = deps.clock.now();
  const failing = streaks.filter((s) => s.status === 'active' && shouldPause(s, now, options.pause)).map((s) => s.id);
  if (failing.length > 0) {
    await deps.store.webhooks.pauseFailing(failing);
    deps.log.warn({ subscriptions: failing }, 'webhooks: subscriptions paused after repeated failures');
  }
  return claimed.length;
}

async function attempt(deps: WebhookWorkerDeps, options: WebhookWorkerOptions, d: ClaimedDelivery): Promise<DeliveryOutcome> {
  const base = { id: d.id, leaseToken: d.leaseToken };
  let secret: string;
  try {
    if (!deps.box) throw new Error('no SAPA_SECRET_KEY on this worker');
    secret = deps.box.open(d.sealedSecret, webhookSecretContext(d.workspaceId, d.subscriptionId));
  } catch (err) {
    // Not the receiver's fault, but retried on the same schedule: a worker with the right key may pick it up.
    const at = deps.clock.now();
    return { ...base, delivered: false, statusCode: null, ms: 0, error: `secret cannot be opened: ${(err as Error).message}`, at, nextAttemptAt: nextAttemptAfterFailure(d.attempt, at, options.retryDelaysMs, deps.random.unit()) };
  }
  const answer = await deps.sender.send({ url: d.url, id: `msg_${d.id}`, timestamp: Math.floor(deps.clock.now().getTime() / 1000), body: d.body, secret });
  const at = deps.clock.now();
  const delivered = isDelivered(answer.statusCode);
  return {
    ...base, delivered, statusCode: answer.statusCode, ms: answer.ms, error: answer.error, at,
    nextAttemptAt: delivered ? null : nextAttemptAfterFailure(d.attempt, at, options.retryDelaysMs, deps.random.unit()),
  };
}

const PRUNE_EVERY_MS = 3_600_000;
const PRUNE_BATCH = 1000;

/**
 * Drops finished deliveries older than the log keeps (their events carry contacts' data, and the
 * tables would only grow), a bounded number per call; answers how many events went.
 */
export async function pruneWebhookLog(deps: Pick<Deps, 'store' | 'clock'>, keepDays: number, maxBatches = 20): Promise<number> {
  const before = new Date(deps.clock.now().getTime() - keepDays * 86_400_000);
  let total = 0;
  for (let i = 0; i < maxBatches; i++) {
    const n = await deps.store.webhooks.prune(before, PRUNE_BATCH);
    total += n;
    if (n < PRUNE_BATCH) break;
  }
  return total;
}

/** Starts the loop: each tick sends batch after batch until fewer than a batch were due; hourly, the log is pruned. */
export function startWebhookWorker(deps: WebhookWorkerDeps, options: WebhookWorkerOptions & { /** Days a finished delivery and its event stay in the log. */ keepDays: number }): Periodic {
  let lastPrune = 0;
  return repeatEvery(options.intervalMs, async (stopped) => {
    while (!stopped()) {
      const n = await deliverWebhookBatch(deps, options);
      if (n < options.batch) break;
    }
    if (!stopped() && deps.clock.now().getTime() - lastPrune >= PRUNE_EVERY_MS) {
      lastPrune = deps.clock.now().getTime();
      const pruned = await pruneWebhookLog(deps, options.keepDays);
      if (pruned > 0) deps.log.info({ pruned }, 'webhooks: old deliveries pruned');
    }
  }, (err) => deps.log.warn({ err }, 'webhook worker tick failed'));
}
