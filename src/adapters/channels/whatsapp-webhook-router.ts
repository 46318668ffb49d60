/**
 * Routes WhatsApp notifications to workspaces: the phone number id a change carries finds its
 * account, whose app secret must have signed the body; a number nobody has is left alone.
 */
import type { NotificationPart, WhatsAppWebhookRouter } from '../../app/webhook-router.port.js';
import { hasValidWhatsAppSignature, readWhatsAppNotification, verifyWhatsAppSubscription } from './whatsapp-webhook.js';

export interface WhatsAppNumberLookup {
  /** The workspace a business number belongs to and the app secret its webhooks are signed with; null when none has it. */
  byPhoneNumberId(phoneNumberId: string): Promise<{ workspaceId: string; appSecret: string } | null>;
  /** Every verify token a subscription handshake may carry (WHATSAPP_VERIFY_TOKEN and each account's). */
  verifyTokens(): Promise<string[]>;
}

/** The router over a lookup of configured numbers. */
export function createWhatsAppWebhookRouter(lookup: WhatsAppNumberLookup): WhatsAppWebhookRouter {
  return {
    async verifySubscription(query) {
      // Junk needs no look-up of every account's token.
      if (query['hub.mode'] !== 'subscribe' || !query['hub.verify_token'] || query['hub.challenge'] === undefined) return null;
      for (const token of await lookup.verifyTokens()) {
        const challenge = verifyWhatsAppSubscription(token, query);
        if (challenge !== null) return challenge;
      }
      return null;
    },
    async route({ rawBody, headers }) {
      const read = readWhatsAppNotification(rawBody);
      if (!read.ok) return read;
      const parts: NotificationPart[] = [];
      const ignoredNumbers: string[] = [];
      const checked = new Map<string, boolean>();
      for (const part of read.parts) {
        const owner = part.phoneNumberId === null ? null : await lookup.byPhoneNumberId(part.phoneNumberId);
        if (!owner) {
          ignoredNumbers.push(part.phoneNumberId ?? '');
          continue;
        }
        // One body, one signature: every number in it must be one whose app secret made it.
        const valid = checked.get(owner.appSecret) ?? hasValidWhatsAppSignature(owner.appSecret, rawBody, headers);
        checked.set(owner.appSecret, valid);
        if (!valid) return { ok: false, reason: 'bad_signature' };
        parts.push({ workspaceId: owner.workspaceId, statuses: part.statuses, inbound: part.inbound });
      }
      return { ok: true, parts, ignoredNumbers };
    },
  };
}
