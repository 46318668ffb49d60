import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createLinkTokens } from './link-tokens.js';

const WS = '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b';
const CONTACT = '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5c';
const MSG = '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5d';
const tokens = createLinkTokens(Buffer.alloc(32, 7));

describe('link tokens', () => {
  it('round-trips an unsubscribe reference, short enough for a header', () => {
    const t = tokens.unsubscribe({ workspaceId: WS, contactId: CONTACT, channel: 'email' });
    expect(t.length).toBeLessThan(80);
    expect(tokens.readUnsubscribe(t)).toEqual({ workspaceId: WS, contactId: CONTACT, channel: 'email' });
  });
  it('refuses a token altered anywhere, signed with another key, or made for another purpose', () => {
    const t = tokens.unsubscribe({ workspaceId: WS, contactId: CONTACT, channel: 'email' });
    for (let i = 0; i < t.length; i++) {
      if (t[i] === '.') continue;
      const flipped = t.slice(0, i) + (t[i] === 'A' ? 'B' : 'A') + t.slice(i + 1);
      expect(tokens.readUnsubscribe(flipped)).toBeNull();
    }
    expect(createLinkTokens(randomBytes(32)).readUnsubscribe(t)).toBeNull();
    expect(tokens.readOpen(tokens.bounceWebhook(WS))).toBeNull();
    expect(tokens.readBounceWebhook(tokens.open(WS))).toBeNull();
  });
  it('reads hostile text as null, never throws', () => {
    for (const bad of ['', '.', 'a.b.c', '\u0000', '\ud800.x', 'x'.repeat(10_000), `${'A'.repeat(44)}.${'A'.repeat(22)}`]) {
      expect(tokens.readUnsubscribe(bad)).toBeNull();
      expect(tokens.readClick(bad)).toBeNull();
      expect(tokens.readMessageId(bad)).toBeNull();
    }
  });
  it('gives a Message-ID part that is the same for the same message and names it back only when intact', () => {
    const part = tokens.messageIdPart(MSG);
    expect(tokens.messageIdPart(MSG)).toBe(part);
    expect(tokens.readMessageId(`<${part}@toko.test>`)).toBe(MSG);
    expect(tokens.readMessageId(part)).toBe(MSG);
    expect(tokens.readMessageId(`<${part.slice(0, -1)}0@toko.test>`)).toBe(part.endsWith('0') ? MSG : null);
    expect(tokens.readMessageId(`<${MSG}@toko.test>`)).toBeNull();
  });
  it('carries a click target exactly (unicode included) and binds it to the message', () => {
    const url = 'https://toko.test/promo?x=1&nama=Budi Ñ 🎉';
    expect(tokens.readClick(tokens.click(MSG, url))).toEqual({ messageId: MSG, url });
  });
});
