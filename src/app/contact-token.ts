/**
 * Signed contact tokens: how a shop's own server vouches, to a visitor's browser, for which
 * contact the visitor is — so the browser may subscribe to web pushes (and open in-app messages)
 * for that contact and no other. The shop's server asks `POST /api/v1/contacts/:id/token` with
 * its API key and hands the token to its page.
 *
 * Shape: `ct1.<payload>.<signature>`, both base64url; payload = JSON `{ w, c, exp }` (workspace
 * id, contact id, expiry in Unix seconds); signature = HMAC-SHA256 over `ct1.<payload>` with the
 * workspace's own key (workspace_keys `contact_token`, sealed at rest, made on first use). The
 * workspace is read from the payload before checking, because its key is what checks it.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { requirePermission } from './auth.js';
import { AppError } from './errors.js';
import type { Clock, Principal, Random, Store } from './ports.js';
import { workspaceKeyContext } from './push.port.js';
import type { SecretBox } from './secret-box.port.js';

const PREFIX = 'ct1';
/** A token lives 1 hour unless asked otherwise, 30 days at most. */
export const CONTACT_TOKEN_TTL = { defaultSeconds: 3600, maxSeconds: 30 * 86_400 } as const;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export interface ContactTokenClaims { readonly workspaceId: string; readonly contactId: string; readonly expiresAt: Date }

const mac = (key: string, signed: string) => createHmac('sha256', key).update(signed, 'utf8').digest('base64url');

/** Signs claims with a workspace's key. */
export function signContactToken(key: string, claims: ContactTokenClaims): string {
  const payload = Buffer.from(JSON.stringify({ w: claims.workspaceId, c: claims.contactId, exp: Math.floor(claims.expiresAt.getTime() / 1000) })).toString('base64url');
  const signed = `${PREFIX}.${payload}`;
  return `${signed}.${mac(key, signed)}`;
}

/** The claims a token states, unchecked (to find the workspace whose key checks it); null when it is not a token. */
export function readContactToken(token: string): ContactTokenClaims | null {
  if (typeof token !== 'string' || token.length > 1024) return null;
  const parts = token.split('.');
  if (parts.length !== 3 || parts[0] !== PREFIX || !/^[A-Za-z0-9_-]+$/.test(parts[1]!)) return null;
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  const o = json as { w?: unknown; c?: unknown; exp?: unknown } | null;
  if (!o || typeof o.w !== 'string' || typeof o.c !== 'string' || !UUID.test(o.w) || !UUID.test(o.c)) return null;
  if (typeof o.exp !== 'number' || !Number.isSafeInteger(o.exp) || o.exp < 0 || o.exp > 32_503_680_000) return null;
  return { workspaceId: o.w, contactId: o.c, expiresAt: new Date(o.exp * 1000) };
}

/** The claims when the token is signed with `key` and not expired at `now`; otherwise null. */
export function verifyContactToken(key: string, token: string, now: Date): ContactTokenClaims | null {
  const claims = readContactToken(token);
  if (!claims || claims.expiresAt.getTime() <= now.getTime()) return null;
  const cut = token.lastIndexOf('.');
  const expected = Buffer.from(mac(key, token.slice(0, cut)));
  const given = Buffer.from(token.slice(cut + 1));
  return expected.length === given.length && timingSafeEqual(expected, given) ? claims : null;
}

export interface ContactTokenDeps { store: Pick<Store, 'workspaceKeys' | 'contacts'>; clock: Clock; random: Random; box: SecretBox | null }

/** The workspace's token key, made and kept on first use (every process then reads the same one). */
export async function contactTokenKey(deps: Omit<ContactTokenDeps, 'store'> & { store: Pick<Store, 'workspaceKeys'> }, workspaceId: string): Promise<string> {
  const box = deps.box;
  if (!box) throw new AppError('channels.secret_key_missing', 'Contact tokens need SAPA_SECRET_KEY on this server: set it on every Sapa process and restart.');
  const context = workspaceKeyContext(workspaceId, 'contact_token');
  const stored = await deps.store.workspaceKeys.get(workspaceId, 'contact_token')
    ?? await deps.store.workspaceKeys.keep(workspaceId, 'contact_token', { publicPart: null, sealed: box.seal(deps.random.token(32), context) }, deps.clock.now());
  if (!stored) throw new AppError('not_found', 'No such workspace');
  return box.open(stored.sealed, context);
}

/** Issues a token for one of the workspace's contacts (the shop's server asks, with an API key that may write contacts). */
export async function issueContactToken(deps: ContactTokenDeps, principal: Principal, contactId: string, ttlSeconds: number = CONTACT_TOKEN_TTL.defaultSeconds): Promise<{ token: string; expiresAt: string }> {
  requirePermission(principal, 'contacts:write');
  const contact = await deps.store.contacts.get(principal.workspaceId, contactId);
  if (!contact) throw new AppError('not_found', 'No such contact in this workspace');
  const expiresAt = new Date(deps.clock.now().getTime() + ttlSeconds * 1000);
  const key = await contactTokenKey(deps, principal.workspaceId);
  return { token: signContactToken(key, { workspaceId: principal.workspaceId, contactId, expiresAt }), expiresAt: expiresAt.toISOString() };
}
