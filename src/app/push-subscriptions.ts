/**
 * A browser on a shop's site subscribes to a contact's web pushes: it shows the signed contact
 * token the shop's server made (contact-token.ts), so a visitor can only subscribe as the contact
 * the shop says they are. Every refusal is the same 403, telling nothing about why.
 */
import type { PushSubscribeInput } from '../contracts/push.js';
import { contactTokenKey, readContactToken, verifyContactToken } from './contact-token.js';
import { AppError } from './errors.js';
import type { Clock, Random, Store } from './ports.js';
import type { SecretBox } from './secret-box.port.js';

export interface PushSubscribeDeps {
  store: Pick<Store, 'workspaceKeys' | 'contacts' | 'pushSubscriptions'>;
  clock: Clock;
  random: Random;
  box: SecretBox | null;
  /** Whether the endpoint is at a push service this server sends to (not an address a visitor picked). */
  allowsEndpoint(endpoint: string): boolean;
}

/** Stores the browser's subscription for the contact the token names. */
export async function subscribePush(deps: PushSubscribeDeps, input: PushSubscribeInput, userAgent: string | null): Promise<{ workspaceId: string; contactId: string }> {
  const refused = () => new AppError('push.invalid_token', 'The contact token is not valid (ask the shop’s server for a new one)');
  if (!deps.allowsEndpoint(input.subscription.endpoint)) {
    throw new AppError('push.endpoint_not_allowed', 'The subscription’s endpoint is not at a known push service', [{ field: 'subscription.endpoint', reason: 'push.endpoint_not_allowed' }]);
  }
  const unchecked = readContactToken(input.token);
  if (!unchecked || !deps.box) throw refused();
  const workspace = await deps.store.workspaceKeys.get(unchecked.workspaceId, 'contact_token');
  // A workspace that never issued a token has no key: nothing it could have signed.
  if (!workspace) throw refused();
  const claims = verifyContactToken(await contactTokenKey(deps, unchecked.workspaceId), input.token, deps.clock.now());
  if (!claims) throw refused();
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
