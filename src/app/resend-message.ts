/**
 * Sending a failed (or skipped) message again once its cause is fixed: the message is planned anew
 * from the data as it is now (the automation's current template, the contact's name, number and
 * consent, the order as later events left it) and stored as a new message keyed
 * `resend:<failed id>`. The unique index on that key makes a double click, or two agents at once,
 * send it once: the second request finds the first one's message.
 */
import { compileTemplate, explainFailure, parseTemplate } from '../domain/index.js';
import type { ConsentStatus } from '../domain/vocabulary.js';
import type { ReadyAutomation } from './automation-cache.js';
import { AppError, found } from './errors.js';
import { planMessage } from './plan-message.js';
import type { Deps } from './ports.js';
import type { MessageRecord, Principal } from './records.js';

/** Statuses a person may send again: the message did not reach the customer and nothing will retry it. */
const RESENDABLE = new Set<MessageRecord['status']>(['failed', 'skipped']);

/** The message that sends `id` again: created now, or the one an earlier request created. */
export async function resendMessage(
  deps: Pick<Deps, 'store' | 'clock'>,
  principal: Pick<Principal, 'workspaceId'>,
  id: string,
  requestId: string | null,
): Promise<MessageRecord> {
  const ws = principal.workspaceId;
  const original = found(await deps.store.messages.get(ws, id), 'Message');
  if (original.resentAs) return found(await deps.store.messages.get(ws, original.resentAs), 'Message');
  if (original.fallbackAs) {
    // Its intent already went on by the next channel: a resend here would make it two messages.
    const next = await deps.store.messages.get(ws, original.fallbackAs);
    throw new AppError('message.fell_back', `This message's intent was handed on to ${next?.channel ?? 'the next channel'} (message ${original.fallbackAs}); send that one again if it failed too`,
      [{ field: 'fallbackAs', reason: 'message.fell_back', message: `Pesan ini sudah dilanjutkan lewat ${next?.channel ?? 'kanal berikutnya'}; kirim ulang pesan itu bila gagal juga` }]);
  }
  if (!RESENDABLE.has(original.status)) {
    throw new AppError('message.not_resendable', `Only a failed or skipped message can be sent again; this one is ${original.status}`, [{ field: 'status', reason: 'message.not_resendable' }]);
  }

  const gone = (field: string, what: string) => new AppError('message.cannot_resend', `${what} is gone, so the message cannot be made again`, [{ field, reason: 'not_found' }]);
  if (!original.automationId || !original.eventId) throw gone(original.automationId ? 'eventId' : 'automationId', original.automationId ? 'Its event' : 'Its automation');
  const automation = await deps.store.automations.get(ws, original.automationId);
  if (!automation) throw gone('automationId', 'Its automation');
  const template = await deps.store.templates.get(ws, automation.templateId);
  if (!template) throw gone('templateId', 'Its template');
  const contact = original.contactId ? await deps.store.contacts.get(ws, original.contactId) : null;
  if (!contact) throw gone('contactId', 'Its contact');
  const event = await deps.store.events.source(ws, original.eventId);
  if (!event) throw gone('eventId', 'Its event');

  const parsed = parseTemplate(template.message);
  const ready: ReadyAutomation = parsed.errors.length > 0
    ? { automation, template, compiled: null, parseError: parsed.errors[0]!.code }
    : { automation, template, compiled: compileTemplate(parsed), parseError: null };
  const consent: Partial<Record<string, ConsentStatus>> = {};
  for (const [channel, c] of Object.entries(contact.consent)) if (c) consent[channel] = c.status;
  const now = deps.clock.now();
  const planned = planMessage({
    workspaceId: ws, eventId: original.eventId, requestId, ready,
    contact: { id: contact.id, name: contact.name, phone: contact.phone, email: contact.email, consent, emailBounced: contact.emailBounced !== null },
    order: event.order, user: event.user ?? undefined, occurredAt: event.occurredAt, now,
  });
  if (planned.status !== 'queued') {
    const reason = planned.failureReason ?? 'unknown';
    const words = explainFailure(reason, { orderNumber: event.order?.number, trigger: event.type });
    throw new AppError('message.cannot_resend', `${words.text.en}. ${words.hint.en}.`, [{ field: 'message', reason, message: `${words.text.id}. ${words.hint.id}.` }]);
  }

  await deps.store.delivery.queue([{ ...planned, idempotencyKey: `resend:${original.id}`, scheduledAt: now }], now);
  // Whether this request stored it or a concurrent one did, the resend is now on the original.
  const again = found(await deps.store.messages.get(ws, original.id), 'Message');
  return found(again.resentAs ? await deps.store.messages.get(ws, again.resentAs) : null, 'Message');
}
