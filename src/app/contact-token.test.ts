/**
 * Edge cases of signed contact tokens: a token verifies with its key until it expires; another
 * key, a changed payload or signature, an expired one, and things that are not tokens at all
 * (other prefixes, bad base64, non-uuid ids, huge or negative expiry, NUL) are refused.
 */
import { describe, expect, it } from 'vitest';
import { readContactToken, signContactToken, verifyContactToken } from './contact-token.js';

const W = '6f1c1a52-0000-4000-8000-000000000001';
const C = '6f1c1a52-0000-4000-8000-000000000002';
const now = new Date('2026-12-07T03:00:00Z');
const later = new Date(now.getTime() + 3600_000);
const token = signContactToken('key-a', { workspaceId: W, contactId: C, expiresAt: later });

describe('contact tokens', () => {
  it('verify with their key until they expire', () => {
    expect(token).toMatch(/^ct1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
    expect(verifyContactToken('key-a', token, now)).toEqual({ workspaceId: W, contactId: C, expiresAt: later });
    expect(verifyContactToken('key-a', token, new Date(later.getTime() - 1000))).not.toBeNull();
    expect(verifyContactToken('key-a', token, later)).toBeNull();
  });

  it('are refused with another key, another payload or a changed signature', () => {
    expect(verifyContactToken('key-b', token, now)).toBeNull();
    const [p, , s] = token.split('.');
    const other = Buffer.from(JSON.stringify({ w: W, c: '6f1c1a52-0000-4000-8000-000000000003', exp: Math.floor(later.getTime() / 1000) })).toString('base64url');
    expect(verifyContactToken('key-a', `${p}.${other}.${s}`, now)).toBeNull();
    expect(verifyContactToken('key-a', `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`, now)).toBeNull();
  });

  it.each([
    ['', 'empty'], ['ct1', 'no parts'], ['ct2.e30.x', 'another prefix'], ['ct1.!!.x', 'not base64url'], [`${token}\u0000`, 'NUL'],
    [`ct1.${Buffer.from('{"w":"x","c":"y","exp":1}').toString('base64url')}.x`, 'ids not uuids'],
    [`ct1.${Buffer.from(JSON.stringify({ w: W, c: C, exp: 1e308 })).toString('base64url')}.x`, 'huge expiry'],
    [`ct1.${Buffer.from(JSON.stringify({ w: W, c: C, exp: -5 })).toString('base64url')}.x`, 'negative expiry'],
    ['ct1.' + 'A'.repeat(2000) + '.x', 'too long'],
  ])('%j (%s) is not a valid token', (bad) => {
    expect(verifyContactToken('key-a', bad, now)).toBeNull();
  });

  it('states its workspace before it is checked (to find the key that checks it)', () => {
    expect(readContactToken(token)?.workspaceId).toBe(W);
  });
});
