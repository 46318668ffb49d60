/** What an SMS provider tells us: delivery receipts and messages from contacts (STOP/BERHENTI, MULAI/START). */
import { isOptInKeyword, isOptOutKeyword } from '../domain/index.js';
import type { InboundMessage, StatusUpdate } from './channel.port.js';
import type { Deps } from './ports.js';
import { applyStatusUpdate } from './whatsapp-webhook.js';

export type SmsWebhookResult = 'status_applied' | 'status_unknown' | 'inbound_stored' | 'inbound_duplicate' | 'opted_out' | 'opted_in';

/** Applies one verified receipt to the workspace's SMS message. */
export async function applySmsReceipt(deps: Pick<Deps, 'store' | 'log' | 'clock'>, workspaceId: string, update: StatusUpdate): Promise<SmsWebhookResult> {
  return (await applyStatusUpdate(deps, workspaceId, 'sms', update)) ? 'status_applied' : 'status_unknown';
}

/**
 * Stores an incoming SMS (once per provider id) under the contact with that phone (created when
 * new, as for WhatsApp), and applies a consent keyword to the contact's SMS consent. An SMS does
 * not open WhatsApp's 24-hour window, so the contact's last inbound time is left alone.
 */
export async function receiveSms(deps: Pick<Deps, 'store' | 'clock'>, workspaceId: string, m: InboundMessage): Promise<SmsWebhookResult> {
  return deps.store.transaction(async (tx) => {
    let contact = await tx.contacts.findByPhone(workspaceId, m.from);
    if (!contact) {
      const created = await tx.contacts.create(workspaceId, { phone: m.from, name: '' }, deps.clock.now());
      contact = 'conflict' in created ? await tx.contacts.findByPhone(workspaceId, m.from) : created;
    }
    const stored = await tx.inbound.insert(workspaceId, {
      contactId: contact?.id ?? null, channel: 'sms', providerMessageId: m.providerMessageId, from: m.from, text: m.text, payload: m.raw, receivedAt: m.at,
    });
    if (!stored) return 'inbound_duplicate';
    if (!contact || m.text === null) return 'inbound_stored';
    const keyword = m.text.trim().toUpperCase();
    if (isOptOutKeyword(m.text)) {
      await tx.contacts.setConsent(workspaceId, contact.id, 'sms', 'opted_out', `inbound:${keyword}`, m.at, null);
      return 'opted_out';
    }
    if (isOptInKeyword(m.text)) {
      await tx.contacts.setConsent(workspaceId, contact.id, 'sms', 'opted_in', `inbound:${keyword}`, m.at, null);
      return 'opted_in';
    }
    return 'inbound_stored';
  });
}
