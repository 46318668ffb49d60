/** What WhatsApp tells us: delivery statuses, messages from contacts (which open the 24-hour window), and Meta's review of templates. */
import { applyStatus, classifyWhatsAppError, isOptInKeyword, isOptOutKeyword } from '../domain/index.js';
import { fallbackFor } from './fallbacks.js';
import type { NewFallback } from './engine.port.js';
import { autoReply } from './auto-replies.js';
import type { ChannelKind, InboundMessage, StatusUpdate } from './channel.port.js';
import type { Deps } from './ports.js';
import type { TemplateStatusUpdate } from './whatsapp-template.port.js';
import { applyTemplateStatuses } from './whatsapp-templates.js';

export interface WebhookSummary { statuses: number; inbound: number; optedOut: number; optedIn: number; autoReplies: number; unknown: number; templates: number }

/** Applies a verified webhook's statuses and inbound messages to the workspace's data. */
export async function handleWhatsAppWebhook(
  deps: Pick<Deps, 'store' | 'clock' | 'log'>,
  workspaceId: string,
  payload: { statuses: readonly StatusUpdate[]; inbound: readonly InboundMessage[]; templateStatuses?: readonly TemplateStatusUpdate[] },
): Promise<WebhookSummary> {
  const summary: WebhookSummary = { statuses: 0, inbound: 0, optedOut: 0, optedIn: 0, autoReplies: 0, unknown: 0, templates: 0 };
  if (payload.templateStatuses && payload.templateStatuses.length > 0) summary.templates = await applyTemplateStatuses(deps, workspaceId, payload.templateStatuses);
  for (const s of payload.statuses) {
    if (await applyStatusUpdate(deps, workspaceId, 'whatsapp', s)) summary.statuses++;
    else summary.unknown++;
  }
  for (const m of payload.inbound) {
    const r = await receive(deps, workspaceId, m);
    if (r.stored) summary.inbound++;
    if (r.optedOut) summary.optedOut++;
    if (r.optedIn) summary.optedIn++;
    // Also for a message stored by an earlier delivery of this webhook: the reply's key makes it once,
    // and a first delivery that died between storing the message and queueing the reply is made good.
    if (r.contactId && await autoReply(deps, workspaceId, { contactId: r.contactId, channel: 'whatsapp', providerMessageId: m.providerMessageId, text: m.text, at: m.at })) {
      summary.autoReplies++;
    }
  }
  return summary;
}

/**
 * Moves a message by a provider's status (message-status.ts decides); false when no message of
 * the workspace matches. Shared by every channel with receipts (WhatsApp, SMS).
 */
export async function applyStatusUpdate(deps: Pick<Deps, 'store' | 'log' | 'clock'>, workspaceId: string, channel: ChannelKind, s: StatusUpdate): Promise<boolean> {
  // Statuses can beat our own `sent` bookkeeping; our id rides along (WhatsApp: biz_opaque_callback_data, SMS: the callback URL).
  // Scoped to the workspace the number belongs to: another workspace's message id changes nothing.
  for (let attempt = 0; attempt < 3; attempt++) {
    const message = await deps.store.messages.findForStatus(workspaceId, { id: s.ourMessageId, channel, providerMessageId: s.providerMessageId });
    if (!message) {
      deps.log.warn({ providerMessageId: s.providerMessageId }, 'status for an unknown message');
      return false;
    }
    const next = applyStatus(message.status, s.status);
    if (next === null) return true;
    const failed = next === 'failed';
    if (failed && channel === 'whatsapp') {
      // Channel choice: a permanent failure Meta reports after accepting the send hands the intent
      // to the next channel, stored with the failure in one transaction.
      const fallback = await fallbackAfter(deps, message.id, s);
      if (fallback) {
        const done = await deps.store.delivery.failWithFallback(message.id, [message.status], {
          at: s.at, reason: `whatsapp:${s.errorCode ?? 'unknown'}`, detail: s.errorDetail ?? null, providerMessageId: s.providerMessageId,
        }, fallback);
        if (done) return true;
        continue;
      }
    }
    const ok = await deps.store.messages.transition(message.id, [message.status], next, {
      at: s.at,
      providerMessageId: s.providerMessageId,
      reason: failed ? `${channel}:${s.errorCode ?? 'unknown'}` : null,
      detail: failed ? (s.errorDetail ?? null) : null,
    });
    if (ok) return true; // else the status moved under us: read it again
  }
  return true;
}

/** The fallback of a message WhatsApp reports failed, when the failure is permanent and a channel is left. */
async function fallbackAfter(deps: Pick<Deps, 'store' | 'clock'>, messageId: string, s: StatusUpdate): Promise<NewFallback | null> {
  const code = s.errorCode !== undefined && /^\d+$/.test(s.errorCode) ? Number(s.errorCode) : undefined;
  // A status webhook carries no HTTP status: Meta's code alone classifies it (unknown codes: permanent).
  const failureClass = classifyWhatsAppError(400, code);
  if (failureClass !== 'permanent') return null;
  const fb = await deps.store.delivery.fallbackContext(messageId);
  return fb ? fallbackFor(messageId, failureClass, fb, deps.clock.now()) : null;
}

async function receive(deps: Pick<Deps, 'store' | 'clock'>, workspaceId: string, m: InboundMessage): Promise<{ stored: boolean; optedOut: boolean; optedIn: boolean; contactId: string | null }> {
  return deps.store.transaction(async (tx) => {
    let contact = await tx.contacts.findByPhone(workspaceId, m.from);
    if (!contact) {
      const created = await tx.contacts.create(workspaceId, { phone: m.from, name: m.profileName ?? '' }, deps.clock.now());
      contact = 'conflict' in created ? await tx.contacts.findByPhone(workspaceId, m.from) : created;
    }
    const stored = await tx.inbound.insert(workspaceId, {
      contactId: contact?.id ?? null, channel: 'whatsapp', providerMessageId: m.providerMessageId, from: m.from, text: m.text, payload: m.raw, receivedAt: m.at,
    });
    const contactId = contact?.id ?? null;
    if (!stored || !contact) return { stored, optedOut: false, optedIn: false, contactId };
    await tx.contacts.touchInbound(workspaceId, contact.id, m.at);
    // Consent keywords come before any auto-reply (auto-replies.ts never answers them).
    const keyword = m.text === null ? null : m.text.trim().toUpperCase();
    const optedOut = m.text !== null && isOptOutKeyword(m.text);
    const optedIn = m.text !== null && isOptInKeyword(m.text);
    if (optedOut) await tx.contacts.setConsent(workspaceId, contact.id, 'whatsapp', 'opted_out', `inbound:${keyword!}`, m.at, null);
    if (optedIn) await tx.contacts.setConsent(workspaceId, contact.id, 'whatsapp', 'opted_in', `inbound:${keyword!}`, m.at, null);
    return { stored, optedOut, optedIn, contactId };
  });
}
