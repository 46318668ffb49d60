/**
 * The in-app inbox as a contact's web page sees it, authenticated by a signed contact token (no
 * cookies, no API key in the page). Statuses flow back through the status machine: delivered when
 * a stream or a list handed the message to the page, read when the page says it was opened.
 */
import { applyStatus } from '../domain/index.js';
import { MESSAGE_STATUSES, type MessageStatus } from '../domain/vocabulary.js';
import { CONTACT_TOKEN_MAX_TTL_SECONDS, CONTACT_TOKEN_TTL_SECONDS, signContactToken, verifyContactToken, type ContactTokenClaims } from './contact-token.js';
import { AppError, found } from './errors.js';
import type { InAppMessageRecord, InAppRepo } from './inapp.port.js';
import type { Clock, ContactRepo, Principal } from './ports.js';

/** Most messages a page is sent at once: a stream's first batch, a list. */
export const INAPP_PAGE = 50;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Statuses an inbox message can be in (it got there by a successful send). */
const IN_INBOX: readonly MessageStatus[] = ['sent', 'delivered', 'read'];
/** The inbox statuses the status machine lets move to `to`. */
const movableTo = (to: MessageStatus) => MESSAGE_STATUSES.filter((s) => IN_INBOX.includes(s) && applyStatus(s, to) === to);

export interface InAppDeps {
  store: { contacts: Pick<ContactRepo, 'get'>; inapp: InAppRepo };
  clock: Clock;
  /** Signs and checks contact tokens; null when the server has no secret key (no token can be issued or accepted). */
  contactTokenKey: Uint8Array | null;
}

/** A token for the shop's page to act as its contact for `ttlSeconds` (default a day, at most 30 days). */
export async function issueContactToken(deps: InAppDeps, principal: Principal, contactId: string, ttlSeconds = CONTACT_TOKEN_TTL_SECONDS): Promise<{ token: string; expiresAt: Date }> {
  if (!deps.contactTokenKey) throw new AppError('contact_token.secret_key_missing', 'Contact tokens are signed with the server key: set SAPA_SECRET_KEY');
  const contact = found(await deps.store.contacts.get(principal.workspaceId, contactId), 'Contact');
  const ttl = Math.min(Math.max(1, Math.floor(ttlSeconds)), CONTACT_TOKEN_MAX_TTL_SECONDS);
  const expiresAt = new Date((Math.floor(deps.clock.now().getTime() / 1000) + ttl) * 1000);
  return { token: signContactToken(deps.contactTokenKey, { workspaceId: principal.workspaceId, contactId: contact.id, expiresAt }), expiresAt };
}

/** The contact a token stands for: 401 when forged, expired or malformed; 404 when the contact is gone (erased). */
export async function authenticateContact(deps: InAppDeps, token: unknown): Promise<ContactTokenClaims> {
  const check = deps.contactTokenKey ? verifyContactToken(deps.contactTokenKey, token, deps.clock) : { ok: false as const, reason: 'bad_signature' as const };
  if (!check.ok) {
    throw check.reason === 'expired'
      ? new AppError('contact_token.expired', 'The contact token has expired: ask the shop’s server for a new one')
      : new AppError('contact_token.invalid', 'Not a contact token of this server');
  }
  found(await deps.store.contacts.get(check.claims.workspaceId, check.claims.contactId), 'Contact');
  return check.claims;
}

/** Marks messages the page was just handed as delivered (one statement); the ids that moved. */
export function markDelivered(deps: InAppDeps, who: ContactTokenClaims, messages: readonly InAppMessageRecord[]): Promise<string[]> {
  const ids = messages.filter((m) => applyStatus(m.status, 'delivered') === 'delivered').map((m) => m.id);
  return deps.store.inapp.mark(who.workspaceId, who.contactId, ids, movableTo('delivered'), 'delivered', deps.clock.now());
}

/** The contact's latest messages, newest first; those not yet handed to a page become delivered. */
export async function listInbox(deps: InAppDeps, who: ContactTokenClaims, limit = INAPP_PAGE): Promise<InAppMessageRecord[]> {
  const items = await deps.store.inapp.recent(who.workspaceId, who.contactId, Math.min(Math.max(1, limit), INAPP_PAGE));
  const moved = new Set(await markDelivered(deps, who, items));
  return items.map((m) => (moved.has(m.id) ? { ...m, status: 'delivered' as const } : m));
}

/**
 * What a stream sends first: on reconnect (`lastEventId`, the last message it received) what came
 * since, read or not, and the position resumed from; otherwise, or when that id is not one of the
 * contact's, the unread messages.
 */
export async function streamBacklog(deps: InAppDeps, who: ContactTokenClaims, lastEventId: string | undefined): Promise<{ items: InAppMessageRecord[]; resumedFrom: InAppMessageRecord | null }> {
  const last = lastEventId && UUID.test(lastEventId) ? await deps.store.inapp.get(who.workspaceId, who.contactId, lastEventId.toLowerCase()) : null;
  if (last) return { items: await deps.store.inapp.after(who.workspaceId, who.contactId, last, INAPP_PAGE), resumedFrom: last };
  return { items: await deps.store.inapp.unread(who.workspaceId, who.contactId, INAPP_PAGE), resumedFrom: null };
}

/** Orders messages as the inbox does (sent_at, then id): positive when `a` comes after `b`. */
export function compareInbox(a: { sentAt: Date; id: string }, b: { sentAt: Date; id: string }): number {
  return a.sentAt.getTime() - b.sentAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** The contact opened a message: read in Sapa's message log; reading it again changes nothing. 404 when not in this contact's inbox. */
export async function markRead(deps: InAppDeps, who: ContactTokenClaims, messageId: string): Promise<InAppMessageRecord> {
  const message = UUID.test(messageId) ? await deps.store.inapp.get(who.workspaceId, who.contactId, messageId.toLowerCase()) : null;
  if (!message) throw new AppError('not_found', 'No such message in this inbox');
  if (applyStatus(message.status, 'read') !== 'read') return message;
  const at = deps.clock.now();
  await deps.store.inapp.mark(who.workspaceId, who.contactId, [message.id], movableTo('read'), 'read', at);
  return (await deps.store.inapp.get(who.workspaceId, who.contactId, message.id)) ?? message;
}
