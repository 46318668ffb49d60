/**
 * A browser on a shop's site subscribes to a contact's web pushes: it shows the signed contact
 * token the shop's server made (contact-token.ts), so a visitor can only subscribe as the contact
 * the shop says they are. Every refusal is the same 403, telling nothing about why.
 */
import type { PushSubscribeInput } from '../contracts/push.js';
import { verifyContactToken } from './contact-token.js';
import { AppError } from './errors.js';
import type { Clock, Store } from './ports.js';

export interface PushSubscribeDeps {
  store: Pick<Store, 'contacts' | 'pushSubscriptions'>;
  clock: Clock;
  /** The contact token key (contact-token.ts); null when the server has no secret key. */
  tokenKey: Uint8Array | null;
  /** Whether the endpoint is at a push service this server sends to (not an address a visitor picked). */
  allowsEndpoint(endpoint: string): boolean;
}

/** Stores the browser's subscription for the contact the token names. */
export async function subscribePush(deps: PushSubscribeDeps, input: PushSubscribeInput, userAgent: string | null): Promise<{ workspaceId: string; contactId: string }> {
  const refused = () => new AppError('push.invalid_token', 'The contact token is not valid (ask the shop’s server for a new one)');
  if (!deps.allowsEndpoint(input.subscription.endpoint)) {
    throw new AppError('push.endpoint_not_allowed', 'The subscription’s endpoint is not at a known push service', [{ field: 'subscription.endpoint', reason: 'push.endpoint_not_allowed' }]);
  }
  if (!deps.tokenKey) throw refused();
  const check = verifyContactToken(deps.tokenKey, input.token, deps.clock);
  if (!check.ok) throw refused();
  const claims = check.claims;
  const contact = await deps.store.contacts.get(claims.workspaceId, claims.contactId);
  if (!contact) throw refused();
  await deps.store.pushSubscriptions.save(claims.workspaceId, claims.contactId, {
    endpoint: input.subscription.endpoint,
    p256dh: input.subscription.keys.p256dh,
    auth: input.subscription.keys.auth,
    userAgent: userAgent ? userAgent.slice(0, 512) : null,
  }, deps.clock.now());
  return { workspaceId: claims.workspaceId, contactId: claims.contactId };
}
