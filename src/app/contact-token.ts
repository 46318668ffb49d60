/**
 * A signed contact token: lets a shop's web page act for one of its contacts (the in-app inbox,
 * web push subscriptions) without cookies or an API key in the page. The shop's server asks for it
 * with its API key (POST /api/v1/contacts/:id/token) and hands it to the page.
 *
 * Format: `v1.<payload>.<mac>`, both parts base64url.
 * - payload: `<workspace id>:<contact id>:<expiry in unix seconds>` (UTF-8);
 * - mac: HMAC-SHA256 over `v1.<payload>` with a key derived from the server's secret key
 *   (contactTokenKey), so a token never opens anything the secret box seals, and back.
 * Nothing in the token is secret (ids and a time); what it proves is that this server issued it.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Clock } from './ports.js';

const VERSION = 'v1';
const MAC_BYTES = 32;
/** Longest token accepted: a longer one is refused before any work (hostile query strings). */
const MAX_TOKEN_LENGTH = 512;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Default lifetime of a token: a day, so a leaked one stops working soon; the shop asks again on each page load. */
export const CONTACT_TOKEN_TTL_SECONDS = 24 * 60 * 60;
/** Longest lifetime a shop may ask for (30 days). */
export const CONTACT_TOKEN_MAX_TTL_SECONDS = 30 * 24 * 60 * 60;

export interface ContactTokenClaims {
  readonly workspaceId: string;
  readonly contactId: string;
  readonly expiresAt: Date;
}

export type ContactTokenCheck =
  | { readonly ok: true; readonly claims: ContactTokenClaims }
  | { readonly ok: false; readonly reason: 'malformed' | 'bad_signature' | 'expired' };

/** The token key for a server secret key: a separate key per purpose (HMAC-SHA256 of a label). */
export function contactTokenKey(secretKey: Uint8Array): Buffer {
  return createHmac('sha256', secretKey).update('sapa/contact-token/v1').digest();
}

const macOf = (key: Uint8Array, signed: string) => createHmac('sha256', key).update(signed, 'utf8').digest();

/** Signs a token for the contact, valid until `expiresAt` (to the second, rounded down). */
export function signContactToken(key: Uint8Array, claims: ContactTokenClaims): string {
  const exp = Math.floor(claims.expiresAt.getTime() / 1000);
  const payload = Buffer.from(`${claims.workspaceId}:${claims.contactId}:${exp}`, 'utf8').toString('base64url');
  const signed = `${VERSION}.${payload}`;
  return `${signed}.${macOf(key, signed).toString('base64url')}`;
}

/** Checks a token's form, signature (constant time) and expiry against the clock; never throws. */
export function verifyContactToken(key: Uint8Array, token: unknown, clock: Clock): ContactTokenCheck {
  if (typeof token !== 'string' || token.length > MAX_TOKEN_LENGTH) return { ok: false, reason: 'malformed' };
  const parts = token.split('.');
  if (parts.length !== 3 || parts[0] !== VERSION) return { ok: false, reason: 'malformed' };
  const [, payload, macText] = parts as [string, string, string];
  if (!/^[A-Za-z0-9_-]+$/.test(payload) || !/^[A-Za-z0-9_-]+$/.test(macText)) return { ok: false, reason: 'malformed' };
  const given = Buffer.from(macText, 'base64url');
  if (given.length !== MAC_BYTES) return { ok: false, reason: 'malformed' };
  // The signature is checked before the payload is believed: a forged payload is never parsed for meaning.
  if (!timingSafeEqual(given, macOf(key, `${VERSION}.${payload}`))) return { ok: false, reason: 'bad_signature' };
  const fields = Buffer.from(payload, 'base64url').toString('utf8').split(':');
  if (fields.length !== 3) return { ok: false, reason: 'malformed' };
  const [workspaceId, contactId, expText] = fields as [string, string, string];
  if (!UUID.test(workspaceId) || !UUID.test(contactId) || !/^\d{1,12}$/.test(expText)) return { ok: false, reason: 'malformed' };
  const expiresAt = new Date(Number(expText) * 1000);
  if (clock.now().getTime() >= expiresAt.getTime()) return { ok: false, reason: 'expired' };
  return { ok: true, claims: { workspaceId, contactId, expiresAt } };
}
