/**
 * Routes WhatsApp notifications to workspaces: the phone number id a change carries finds its
 * account, whose app secret must have signed the body; a number nobody has is left alone.
 */
import type { NotificationPart, WhatsAppWebhookRouter } from '../../app/webhook-router.port.js';
import { hasValidWhatsAppSignature, readWhatsAppNotification, verifyWhatsAppSubscription } from './whatsapp-webhook.js';

export interface WhatsAppNumberLookup {
  /** The workspace a business number belongs to and the app secret its webhooks are signed with; null when none has it. */
  byPhoneNumberId(phoneNumberId: string): Promise<{ workspaceId: string; appSecret: string } | null>;
  /** The workspaces whose number belongs to a WhatsApp Business Account, each with its app secret (template status webhooks name only the WABA). */
  byWabaId(wabaId: string): Promise<{ workspaceId: string; appSecret: string }[]>;
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
      const signedWith = (appSecret: string) => {
        const valid = checked.get(appSecret) ?? hasValidWhatsAppSignature(appSecret, rawBody, headers);
        checked.set(appSecret, valid);
        return valid;
      };
      for (const part of read.parts) {
        if (part.wabaId !== undefined) {
          const owners = await lookup.byWabaId(part.wabaId);
          if (owners.length === 0) {
            ignoredNumbers.push(`waba:${part.wabaId}`);
            continue;
          }
          // Workspaces sharing a WABA may have different apps: each takes the change only if its secret signed it.
          const mine = owners.filter((o) => signedWith(o.appSecret));
          if (mine.length === 0) return { ok: false, reason: 'bad_signature' };
          for (const o of mine) parts.push({ workspaceId: o.workspaceId, statuses: [], inbound: [], templateStatuses: part.templateStatuses ?? [] });
          continue;
        }
        const owner = part.phoneNumberId === null ? null : await lookup.byPhoneNumberId(part.phoneNumberId);
        if (!owner) {
          ignoredNumbers.push(part.phoneNumberId ?? '');
          continue;
        }
        // One body, one signature: every number in it must be one whose app secret made it.
        if (!signedWith(owner.appSecret)) return { ok: false, reason: 'bad_signature' };
        parts.push({ workspaceId: owner.workspaceId, statuses: part.statuses, inbound: part.inbound, templateStatuses: [] });
      }
      return { ok: true, parts, ignoredNumbers };
    },
  };
}
