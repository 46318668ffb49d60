/**
 * The worker's side of delivery: claim a due message, send it once through its channel, and record
 * the outcome. Transient failures go back to the queue with backoff; permanent ones fail at once
 * with the provider's reason.
 */
import { decideRetry, isWindowOpen } from '../domain/index.js';
import type { Deps } from './ports.js';

/** A message left in `sending` this long is taken to belong to a process that died (default). */
export const SENDING_LEASE_MS = 2 * 60_000;

export interface DeliveryOptions { leaseMs?: number }

export type DeliveryOutcome = 'sent' | 'retry' | 'failed' | 'skipped' | 'not_due';

/** Delivers one message by id; idempotent — a duplicate job finds nothing to claim. */
export async function deliverMessage(
  deps: Pick<Deps, 'store' | 'queue' | 'clock' | 'random' | 'channels' | 'log'>,
  messageId: string,
  options: DeliveryOptions = {},
): Promise<DeliveryOutcome> {
  const now = deps.clock.now();
  const message = await deps.store.messages.claim(messageId, now, new Date(now.getTime() - (options.leaseMs ?? SENDING_LEASE_MS)));
  if (!message) return 'not_due';
  const end = async (to: 'failed' | 'skipped', reason: string, detail: string | null = null): Promise<DeliveryOutcome> => {
    await deps.store.messages.transition(message.id, ['sending'], to, { at: deps.clock.now(), reason, detail });
    return to;
  };

  const contact = message.contactId ? await deps.store.contacts.get(message.workspaceId, message.contactId) : null;
  if (!contact) return end('failed', 'contact_deleted');
  // Consent is checked again at send time: an opt-out after queueing still stops the message.
  if (contact.consent[message.channel]?.status === 'opted_out') return end('skipped', 'opted_out');
  if (!message.recipient) return end('skipped', 'no_recipient');
  const channel = deps.channels.get(message.workspaceId, message.channel);
  if (!channel) return end('failed', `channel_not_configured: ${message.channel}`);

  const result = await channel.send({
    id: message.id,
    workspaceId: message.workspaceId,
    channel: message.channel,
    to: message.recipient,
    body: message.body,
    params: message.params,
    template: message.whatsappTemplateName ? { name: message.whatsappTemplateName, language: message.whatsappLanguage ?? 'id' } : null,
    windowOpen: isWindowOpen(contact.whatsappLastInboundAt, now),
  });

  const at = deps.clock.now();
  if (result.ok) {
    await deps.store.messages.transition(message.id, ['sending'], 'sent', { at, providerMessageId: result.providerMessageId, reason: null, detail: null });
    return 'sent';
  }
  const decision = decideRetry({
    failureClass: result.failureClass,
    attempt: message.attempts,
    ...(result.retryAfterMs !== undefined ? { retryAfterMs: result.retryAfterMs } : {}),
    random: deps.random.unit(),
  });
  switch (decision.kind) {
    case 'retry': {
      const startAfter = new Date(at.getTime() + decision.delayMs);
      await deps.store.messages.transition(message.id, ['sending'], 'queued', { at, reason: result.reason, detail: result.detail, scheduledAt: startAfter });
      await deps.queue.send('deliver', { messageIds: [message.id] }, { startAfter });
      deps.log.warn({ messageId: message.id, reason: result.reason, attempt: message.attempts, delayMs: decision.delayMs }, 'send failed; retrying');
      return 'retry';
    }
    case 'fail':
      return end('failed', result.reason, result.detail);
  }
}

/** Re-queues messages that are due but have no job (a crash between commit and enqueue, or a dead sender). */
export async function sweepOrphans(deps: Pick<Deps, 'store' | 'queue' | 'clock' | 'log'>, options: DeliveryOptions & { graceMs?: number; limit?: number } = {}): Promise<number> {
  const now = deps.clock.now();
  const orphans = await deps.store.messages.findOrphans(
    now, new Date(now.getTime() - (options.graceMs ?? 60_000)), new Date(now.getTime() - (options.leaseMs ?? SENDING_LEASE_MS)), options.limit ?? 1000);
  if (orphans.length > 0) {
    await deps.queue.send('deliver', { messageIds: orphans.map((o) => o.id) });
    deps.log.info({ count: orphans.length }, 're-queued orphaned messages');
  }
  return orphans.length;
}
