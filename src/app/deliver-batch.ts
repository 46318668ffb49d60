/**
 * The worker's side of delivery, a batch at a time: which of the ids are due, each sender's share
 * of its pace, one claim for all of them, the sends (bounded in flight, at their reserved slots),
 * and the outcomes recorded as they come (a statement for those of each 100 ms) with the retries
 * queued in the same transaction.
 * Transient failures retry with backoff (domain/retry.ts, the one retry policy); permanent ones
 * fail at once with the provider's reason.
 */
import { decideRetry, deliveryPriority, isWindowOpen, unapprovedTemplateReason } from '../domain/index.js';
import { fallbackFor } from './fallbacks.js';
import { deliverJobs } from './delivery-jobs.js';
import { prepareSends, type CompiledTemplates, type PrepareOptions } from './prepare-sends.js';
import type { ClaimedMessage, DeliverJob, DueRef, NewFallback, SendOutcome } from './engine.port.js';
import type { Metrics } from './metrics.port.js';
import type { ChannelRoute, Deps } from './ports.js';
import type { Semaphore } from './semaphore.js';

export interface DeliveryOptions {
  /** How far ahead a worker reserves a sender's slots; the rest waits in the queue for later (ms). */
  horizonMs: number;
  /** Sends in flight at once in this process, shared by all its batches. */
  inFlight: Semaphore;
  /** Broadcasts' copies of their templates compiled once per broadcast, shared by the process's batches. */
  templates: CompiledTemplates;
  /** A test send: quiet hours and the frequency cap do not apply. */
  exemptFromMarketingRules?: PrepareOptions['exemptFromMarketingRules'];
}

export type DeliveryDeps = Pick<Deps, 'store' | 'clock' | 'random' | 'channels' | 'pace' | 'log'> & { metrics: Metrics };

/** Delivers what is due among these ids; idempotent — ids already handled are skipped. */
export async function deliverBatch(deps: DeliveryDeps, ids: readonly string[], options: DeliveryOptions): Promise<void> {
  const now = deps.clock.now();
  const { due, later } = await deps.store.delivery.queued(ids, now);
  // A job that ran early (clocks apart) hands its not-yet-due messages to a job at their own time.
  for (const job of deliverJobs(later)) await deps.store.delivery.defer(job.messageIds, job.startAfter!, job.priority!);
  if (due.length === 0) return;

  const groups = new Map<string, DueRef[]>();
  for (const m of due) {
    const key = `${m.workspaceId}:${m.channel}`;
    const list = groups.get(key);
    if (list) list.push(m);
    else groups.set(key, [m]);
  }
  const granted: { route: ChannelRoute | null; refs: DueRef[]; delayMs: number; stepMs: number; reservedAt: number }[] = [];
  for (const refs of groups.values()) {
    const route = await deps.channels.resolve(refs[0]!.workspaceId, refs[0]!.channel);
    if (!route || route.ratePerSecond === null) {
      granted.push({ route, refs, delayMs: 0, stepMs: 0, reservedAt: Date.now() });
      continue;
    }
    const pace = await deps.pace.reserve(route.senderKey, refs.length, route.ratePerSecond, options.horizonMs, route.slotMargin);
    granted.push({ route, refs: refs.slice(0, pace.granted), delayMs: pace.delayMs, stepMs: pace.stepMs, reservedAt: Date.now() });
    const rest = refs.slice(pace.granted);
    if (rest.length > 0) {
      // The sender's pace is full for now: these wait in the queue (not in this worker). They come
      // back half a horizon before the reserved slots run out, so the next reservation follows on
      // without a gap (a job due later is found by polling, not woken).
      const freeAt = pace.delayMs + pace.granted * pace.stepMs;
      const until = new Date(now.getTime() + Math.max(pace.stepMs, freeAt - options.horizonMs / 2));
      deps.metrics.rateLimitWait(route.senderKey, freeAt / 1000);
      await deps.store.delivery.defer(rest.map((r) => r.id), until, deliveryPriority(rest[0]!.category));
    }
  }

  const claimedList = await deps.store.delivery.claim(granted.flatMap((g) => g.refs.map((r) => r.id)), now);
  const claimed = new Map(claimedList.map((m) => [m.id, m]));
  const recorder = outcomeRecorder(deps, claimed);
  let prepared: Awaited<ReturnType<typeof prepareSends>>;
  try {
    prepared = await prepareSends(deps, claimedList, options.templates, { exemptFromMarketingRules: options.exemptFromMarketingRules ?? false });
  } catch (err) {
    // Nothing was sent: hand the claimed messages back to the queue rather than leave them in `sending`.
    const at = deps.clock.now();
    for (const m of claimedList) recorder.add({ id: m.id, status: 'queued', reason: 'prepare_failed', detail: String(err), at, retryAt: new Date(at.getTime() + 5000), notSent: true });
    await recorder.close();
    throw err;
  }
  for (const o of prepared.outcomes) recorder.add(o);
  const ready = new Map(prepared.ready.map((m) => [m.id, m]));
  const sends: Promise<void>[] = [];
  await Promise.all(granted.map(async (g) => {
    let mine = g.refs.map((r) => ready.get(r.id)).filter((m): m is ClaimedMessage => m !== undefined);
    let slots = { at: g.reservedAt + g.delayMs, stepMs: g.stepMs };
    for (let round = 1; mine.length > 0; round++) {
      const late = await sendAtSlots(deps, g.route, mine, slots, options, recorder.add, sends);
      if (late.length === 0 || !g.route || g.route.ratePerSecond === null) break;
      if (round >= MAX_PACE_ROUNDS) {
        // Still behind after fresh slots (a starved process): back to the queue shortly, not a burst.
        const at = deps.clock.now();
        for (const m of late) recorder.add({ id: m.id, status: 'queued', reason: 'paced: this worker fell behind its send slots', detail: null, at, retryAt: new Date(at.getTime() + 1000), notSent: true });
        break;
      }
      const pace = await deps.pace.reserve(g.route.senderKey, late.length, g.route.ratePerSecond, options.horizonMs, g.route.slotMargin);
      slots = { at: Date.now() + pace.delayMs, stepMs: pace.stepMs };
      const again = late.slice(0, pace.granted);
      const at = deps.clock.now();
      for (const m of late.slice(pace.granted)) recorder.add({ id: m.id, status: 'queued', reason: 'paced: the sender is busy', detail: null, at, retryAt: new Date(at.getTime() + options.horizonMs), notSent: true });
      mine = again;
    }
  }));
  await Promise.all(sends);

  await recorder.close();
}

/**
 * Outcomes are recorded as they come in, each at most RECORD_DELAY_MS after it (one statement for
 * all that arrived meanwhile): a send that hangs must not keep its batch-mates unrecorded, because
 * a crash would leave them in `sending` although the provider took them — and a provider without
 * an idempotency key would get them again after the reconciliation window.
 */
function outcomeRecorder(deps: DeliveryDeps, claimed: ReadonlyMap<string, ClaimedMessage>) {
  let pending: SendOutcome[] = [];
  let timer: NodeJS.Timeout | undefined;
  // Writes run one after another; a failed one fails close(), and the batch's job is retried.
  let written: Promise<void> = Promise.resolve();
  const flush = (): Promise<void> => {
    clearTimeout(timer);
    timer = undefined;
    const outcomes = pending;
    pending = [];
    if (outcomes.length > 0) written = written.then(() => recordOutcomes(deps, claimed, outcomes));
    return written;
  };
  return {
    add(outcome: SendOutcome): void {
      pending.push(outcome);
      timer ??= setTimeout(() => void flush().catch(() => undefined), RECORD_DELAY_MS);
    },
    close: flush,
  };
}

async function recordOutcomes(deps: DeliveryDeps, claimed: ReadonlyMap<string, ClaimedMessage>, outcomes: readonly SendOutcome[]): Promise<void> {
  // Grouped by time: a batch deferred to the end of quiet hours is a few jobs, not one per message.
  const retryJobs: DeliverJob[] = deliverJobs(outcomes.flatMap((o) => (o.status === 'queued'
    ? [{ id: o.id, scheduledAt: o.retryAt, category: claimed.get(o.id)!.category }]
    : [])));
  await deps.store.delivery.record(outcomes.filter((o) => o.status !== 'unsettled'), retryJobs, fallbacksOf(claimed, outcomes, deps.clock.now()));
  for (const o of outcomes) {
    const m = claimed.get(o.id)!;
    deps.metrics.messageOutcome(m.channel, o.status, o.status === 'sent' ? null : o.reason);
    const line = { messageId: o.id, requestId: m.requestId, workspaceId: m.workspaceId, channel: m.channel, status: o.status, attempt: m.attempts };
    if (o.status === 'sent') deps.log.debug(line, 'message sent');
    else if (o.status === 'queued' && o.notSent) deps.log.debug({ ...line, reason: o.reason }, 'paced; queued again');
    else deps.log.warn({ ...line, reason: o.reason }, o.status === 'queued' ? 'send failed; retrying' : `message ${o.status}`);
  }
}

/**
 * Channel choice: a message that failed permanently, or that was skipped for want of an address or
 * of consent on its channel at send time (a contact with no browser subscribed to web push, an
 * opt-out or a bounce since the message was queued), hands its intent to the next of its
 * channels that can reach the contact (domain nextChannel) — one message, recorded with the failure.
 */
function fallbacksOf(claimed: ReadonlyMap<string, ClaimedMessage>, outcomes: readonly SendOutcome[], now: Date): NewFallback[] {
  const fallbacks: NewFallback[] = [];
  for (const o of outcomes) {
    if ((o.status !== 'failed' && o.status !== 'skipped') || o.failureClass === undefined) continue;
    const fb = claimed.get(o.id)?.fallback;
    const next = fb ? fallbackFor(o.id, o.failureClass, fb, now) : null;
    if (next) fallbacks.push(next);
  }
  return fallbacks;
}

/** How long an outcome may wait to be recorded with those that follow it (ms). */
const RECORD_DELAY_MS = 100;

/** Rounds of fresh slots for sends that missed theirs, before they go back to the queue. */
const MAX_PACE_ROUNDS = 3;

/**
 * Starts each message's send at its slot (`slots.at + i × stepMs`), adding it to `sends`, and
 * returns once every send has started or missed its slot — not when they finish, so a send that
 * hangs does not hold back fresh slots for those that missed theirs. A paced send that wakes up
 * later than its slot by more than half a slot's width (the event loop was busy) is not sent late:
 * it returns to be given a fresh slot, because late sends bunch up and a burst at the provider
 * would break the sender's limit for whoever else sends in that second.
 */
async function sendAtSlots(
  deps: DeliveryDeps, route: ChannelRoute | null, messages: readonly ClaimedMessage[], slots: { at: number; stepMs: number },
  options: DeliveryOptions, record: (outcome: SendOutcome) => void, sends: Promise<void>[],
): Promise<ClaimedMessage[]> {
  const paced = route !== null && route.ratePerSecond !== null;
  const tolerance = Math.min(250, Math.max(2, 0.5 * slots.stepMs));
  const late: ClaimedMessage[] = [];
  await Promise.all(messages.map(async (message, i) => {
    const due = slots.at + i * slots.stepMs;
    const wait = due - Date.now();
    if (wait > 0) await sleep(wait);
    await options.inFlight.acquire(deliveryPriority(message.category));
    const releaseConnection = route?.channel.acquireConnection ? await route.channel.acquireConnection() : null;
    const release = () => {
      releaseConnection?.();
      options.inFlight.release();
    };
    if (paced && Date.now() - due > tolerance) {
      release();
      late.push(message);
      return;
    }
    sends.push(sendOne(deps, route, message).then(record).finally(release));
    // Awaited once every send has started; until then a failure must not count as unhandled.
    sends.at(-1)!.catch(() => undefined);
  }));
  return late;
}

/** One send attempt and what it means for the message (already checked by prepareSends); the caller holds an in-flight slot. */
async function sendOne(deps: DeliveryDeps, route: ChannelRoute | null, m: ClaimedMessage): Promise<SendOutcome> {
  const at = () => deps.clock.now();
  if (!route) return { id: m.id, status: 'failed', reason: `channel_not_configured: ${m.channel}`, detail: null, at: at() };

  const windowOpen = isWindowOpen(m.lastInboundAt, deps.clock.now());
  // A template Meta has not approved would only be refused there (and count against the number's quality).
  const unapproved = m.channel === 'whatsapp'
    ? unapprovedTemplateReason({ strict: route.approvedTemplatesOnly === true, windowOpen, templateId: m.templateId, status: m.templateWhatsappStatus })
    : null;
  if (unapproved) return { id: m.id, status: 'failed', reason: unapproved, detail: null, at: at() };
  const started = Date.now();
  const result = await route.channel.send({
    id: m.id, workspaceId: m.workspaceId, channel: m.channel, to: m.recipient!, body: m.body, content: m.content, windowOpen,
    category: m.category, contactId: m.contactId, ...(m.trackEmail ? { track: true } : {}),
  });
  deps.metrics.sendLatency(m.channel, (Date.now() - started) / 1000);
  if (result.ok) return { id: m.id, status: 'sent', providerMessageId: result.providerMessageId, at: at() };
  // A skip is the channel finding no address at send time (web push: no browser subscribed):
  // for channel choice that is "no address for this channel", so it may hand the intent on.
  if (result.skip) return { id: m.id, status: 'skipped', reason: result.reason, detail: result.detail, at: at(), failureClass: 'permanent' };
  // It may have gone out, and this provider would send it twice: leave it in `sending` for its
  // status webhook to settle, or for the sweep to send again after the reconciliation window.
  if (result.outcomeUnknown && !route.channel.idempotent) return { id: m.id, status: 'unsettled', reason: result.reason, detail: result.detail, at: at() };
  if (result.failureClass === 'rate_limited') await deps.pace.slowDown(route.senderKey, result.retryAfterMs ?? 1000);
  const decision = decideRetry({
    failureClass: result.failureClass,
    attempt: m.attempts,
    ...(result.retryAfterMs !== undefined ? { retryAfterMs: result.retryAfterMs } : {}),
    random: deps.random.unit(),
  });
  switch (decision.kind) {
    case 'retry':
      return { id: m.id, status: 'queued', reason: result.reason, detail: result.detail, at: at(), retryAt: new Date(at().getTime() + decision.delayMs) };
    case 'fail':
      return { id: m.id, status: 'failed', reason: result.reason, detail: result.detail, at: at(), failureClass: result.failureClass, ...(result.addressRejected ? { addressBounced: true } : {}) };
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
