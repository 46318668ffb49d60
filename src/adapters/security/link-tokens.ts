/**
 * Link tokens (app/link-tokens.port.ts): `<payload>.<mac>`, both base64url. The payload is binary
 * (UUIDs as 16 bytes), the MAC is HMAC-SHA256 truncated to 128 bits over a purpose label and the
 * payload, so a token made for one purpose (an open pixel) never passes as another (an
 * unsubscribe). The MAC key is derived with HKDF from the server's secret key (SAPA_SECRET_KEY or
 * the embedded store's key file), never the key itself: the key that seals secrets is not exposed
 * to chosen-message MACs.
 */
import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import type { LinkTokens, UnsubscribeRef } from '../../app/link-tokens.port.js';
import { CHANNEL_KINDS, type ChannelKind } from '../../domain/vocabulary.js';

const MAC_BYTES = 16;
/** Long enough for any URL a template holds, short enough that a token is no denial of service. */
const MAX_TOKEN_LENGTH = 4096;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const B64URL = /^[A-Za-z0-9_-]*$/;

type Purpose = 'unsubscribe' | 'message-id' | 'bounce-webhook' | 'open' | 'click';

/** Tokens signed with a key derived from the server's 32-byte secret key. */
export function createLinkTokens(secretKey: Buffer): LinkTokens {
  const key = Buffer.from(hkdfSync('sha256', secretKey, Buffer.alloc(0), 'sapa link tokens v1', 32));
  const mac = (purpose: Purpose, payload: Buffer) => createHmac('sha256', key).update(`${purpose}\0`).update(payload).digest().subarray(0, MAC_BYTES);

  const sign = (purpose: Purpose, payload: Buffer) => `${payload.toString('base64url')}.${mac(purpose, payload).toString('base64url')}`;
  const read = (purpose: Purpose, token: string): Buffer | null => {
    if (typeof token !== 'string' || token.length > MAX_TOKEN_LENGTH) return null;
    const dot = token.indexOf('.');
    if (dot < 0 || token.indexOf('.', dot + 1) >= 0) return null;
    const [p, m] = [token.slice(0, dot), token.slice(dot + 1)];
    if (!B64URL.test(p) || !B64URL.test(m)) return null;
    const payload = Buffer.from(p, 'base64url');
    const given = Buffer.from(m, 'base64url');
    // Only the canonical encoding counts: one token per payload.
    if (payload.toString('base64url') !== p || given.length !== MAC_BYTES) return null;
    return timingSafeEqual(given, mac(purpose, payload)) ? payload : null;
  };

  return {
    unsubscribe: (ref) => sign('unsubscribe', Buffer.concat([uuidBytes(ref.workspaceId), uuidBytes(ref.contactId), Buffer.from([CHANNEL_KINDS.indexOf(ref.channel)])])),
    readUnsubscribe(token): UnsubscribeRef | null {
      const p = read('unsubscribe', token);
      if (!p || p.length !== 33) return null;
      const channel = CHANNEL_KINDS[p[32]!] as ChannelKind | undefined;
      return channel ? { workspaceId: uuidText(p.subarray(0, 16)), contactId: uuidText(p.subarray(16, 32)), channel } : null;
    },
    messageIdPart: (messageId) => `${messageId}.${mac('message-id', uuidBytes(messageId)).subarray(0, 8).toString('hex')}`,
    readMessageId(header) {
      const m = /^\s*<?([0-9a-f-]{36})\.([0-9a-f]{16})(?:@[^>]*)?>?\s*$/i.exec(header);
      if (!m || !UUID.test(m[1]!)) return null;
      const expected = mac('message-id', uuidBytes(m[1]!)).subarray(0, 8);
      return timingSafeEqual(Buffer.from(m[2]!, 'hex'), expected) ? m[1]!.toLowerCase() : null;
    },
    bounceWebhook: (workspaceId) => sign('bounce-webhook', uuidBytes(workspaceId)),
    readBounceWebhook(token) {
      const p = read('bounce-webhook', token);
      return p && p.length === 16 ? uuidText(p) : null;
    },
    open: (messageId) => sign('open', uuidBytes(messageId)),
    readOpen(token) {
      const p = read('open', token);
      return p && p.length === 16 ? uuidText(p) : null;
    },
    click: (messageId, url) => sign('click', Buffer.concat([uuidBytes(messageId), Buffer.from(url, 'utf8')])),
    readClick(token) {
      const p = read('click', token);
      if (!p || p.length <= 16) return null;
      return { messageId: uuidText(p.subarray(0, 16)), url: p.subarray(16).toString('utf8') };
    },
  };
}

function uuidBytes(id: string): Buffer {
  if (!UUID.test(id)) throw new Error(`not a UUID: ${id}`);
  return Buffer.from(id.replace(/-/g, ''), 'hex');
}

function uuidText(b: Buffer): string {
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
