/**
 * Contact tokens, edge cases: round trip; a token expires at its second; every altered part, another
 * key, a swapped payload, wrong lengths and non-strings are refused without throwing.
 */
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { contactTokenKey, signContactToken, verifyContactToken } from './contact-token.js';

const key = contactTokenKey(Buffer.alloc(32, 7));
const otherKey = contactTokenKey(Buffer.alloc(32, 8));
const ws = '11111111-1111-4111-8111-111111111111';
const contact = '22222222-2222-4222-8222-222222222222';
const at = (iso: string) => ({ now: () => new Date(iso) });
const claims = { workspaceId: ws, contactId: contact, expiresAt: new Date('2026-01-02T00:00:00Z') };

describe('contact token', () => {
  it('round-trips workspace, contact and expiry', () => {
    const token = signContactToken(key, claims);
    expect(token).toMatch(/^v1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
    expect(verifyContactToken(key, token, at('2026-01-01T23:59:59Z'))).toEqual({ ok: true, claims });
  });

  it('expires at its second', () => {
    const token = signContactToken(key, claims);
    expect(verifyContactToken(key, token, at('2026-01-02T00:00:00Z'))).toEqual({ ok: false, reason: 'expired' });
  });

  it('is refused when signed with another key or with its payload swapped', () => {
    const token = signContactToken(key, claims);
    expect(verifyContactToken(otherKey, token, at('2026-01-01T00:00:00Z'))).toEqual({ ok: false, reason: 'bad_signature' });
    const other = signContactToken(key, { ...claims, contactId: '33333333-3333-4333-8333-333333333333' });
    const [v, , mac] = token.split('.');
    const swapped = `${v}.${other.split('.')[1]}.${mac}`;
    expect(verifyContactToken(key, swapped, at('2026-01-01T00:00:00Z'))).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it('refuses every altered character of the signature', () => {
    const token = signContactToken(key, claims);
    const mac = token.split('.')[2]!;
    for (let i = 0; i < mac.length - 1; i++) {
      const flipped = mac.slice(0, i) + (mac[i] === 'A' ? 'B' : 'A') + mac.slice(i + 1);
      const r = verifyContactToken(key, token.replace(mac, flipped), at('2026-01-01T00:00:00Z'));
      expect(r.ok).toBe(false);
    }
  });

  it('refuses malformed input without throwing', () => {
    const now = at('2026-01-01T00:00:00Z');
    for (const bad of [undefined, null, 42, '', 'v1', 'v1..', 'v2.a.b', 'v1.a.b.c', 'v1.\u0000.x', `v1.${'a'.repeat(600)}.b`, 'v1.YQ.\ud800']) {
      expect(verifyContactToken(key, bad, now)).toMatchObject({ ok: false });
    }
    // A correctly signed payload that is not ids and a time is still refused.
    const payload = Buffer.from('not:ids:here', 'utf8').toString('base64url');
    const mac = createHmac('sha256', key).update(`v1.${payload}`).digest('base64url');
    expect(verifyContactToken(key, `v1.${payload}.${mac}`, now)).toEqual({ ok: false, reason: 'malformed' });
  });
});
