/**
 * The in-app use cases against an in-memory inbox: which token failures are which (expired,
 * forged, no server key, erased contact), statuses moved only as the status machine allows, reading
 * twice is a no-op, and a Last-Event-ID that is not the contact's falls back to the unread messages.
 */
import { describe, expect, it } from 'vitest';
import { contactTokenKey, signContactToken } from './contact-token.js';
import { authenticateContact, markRead, streamBacklog, type InAppDeps } from './inapp.js';
import type { InAppMessageRecord, InAppRepo } from './inapp.port.js';
import type { ContactRecord } from './records.js';

const WS = '11111111-1111-4111-8111-111111111111';
const C1 = '22222222-2222-4222-8222-222222222222';
const GONE = '33333333-3333-4333-8333-333333333333';
const key = contactTokenKey(Buffer.alloc(32, 3));
const now = new Date('2026-06-01T00:00:00Z');
const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

function world(messages: InAppMessageRecord[], tokenKey: Uint8Array | null = key) {
  const marks: { ids: readonly string[]; from: readonly string[]; to: string }[] = [];
  const mine = (ws: string, c: string) => messages.filter((m) => m.workspaceId === ws && m.contactId === c);
  const inapp: InAppRepo = {
    recent: async (ws, c) => mine(ws, c).reverse(),
    unread: async (ws, c) => mine(ws, c).filter((m) => m.status !== 'read'),
    after: async (ws, c, pos) => mine(ws, c).filter((m) => m.sentAt > pos.sentAt),
    changes: async () => ({ now, items: [] }),
    async mark(ws, c, ids, from, to, at) {
      marks.push({ ids, from, to });
      const moved = mine(ws, c).filter((m) => ids.includes(m.id) && from.includes(m.status));
      for (const m of moved) Object.assign(m, { status: to, readAt: to === 'read' ? at : m.readAt });
      return moved.map((m) => m.id);
    },
    get: async (ws, c, mid) => mine(ws, c).find((m) => m.id === mid) ?? null,
  };
  const deps: InAppDeps = {
    store: { contacts: { get: async (ws, c) => (ws === WS && c === C1 ? ({ id: C1 } as ContactRecord) : null) }, inapp },
    clock: { now: () => now },
    contactTokenKey: tokenKey,
  };
  return { deps, marks };
}
const message = (n: number, status: InAppMessageRecord['status'], contactId = C1): InAppMessageRecord => ({
  id: id(n), workspaceId: WS, contactId, body: `m${n}`, status, sentAt: new Date(now.getTime() - 1000 * (10 - n)), readAt: null,
});
const token = (contactId: string, expiresAt = new Date(now.getTime() + 60_000)) => signContactToken(key, { workspaceId: WS, contactId, expiresAt });

describe('authenticateContact', () => {
  it('tells an expired token from a forged one, and refuses every token without a server key', async () => {
    const { deps } = world([]);
    await expect(authenticateContact(deps, token(C1))).resolves.toMatchObject({ workspaceId: WS, contactId: C1 });
    await expect(authenticateContact(deps, token(C1, now))).rejects.toMatchObject({ code: 'contact_token.expired' });
    await expect(authenticateContact(deps, signContactToken(Buffer.alloc(32), { workspaceId: WS, contactId: C1, expiresAt: new Date(now.getTime() + 1) }))).rejects.toMatchObject({ code: 'contact_token.invalid' });
    await expect(authenticateContact(deps, undefined)).rejects.toMatchObject({ code: 'contact_token.invalid' });
    await expect(authenticateContact(world([], null).deps, token(C1))).rejects.toMatchObject({ code: 'contact_token.invalid' });
    await expect(authenticateContact(deps, token(GONE))).rejects.toMatchObject({ code: 'not_found' });
  });
});

describe('markRead', () => {
  it('reads a delivered or sent message once; an already read one is left alone', async () => {
    const { deps, marks } = world([message(1, 'delivered'), message(2, 'read')]);
    const who = await authenticateContact(deps, token(C1));
    expect(await markRead(deps, who, id(1))).toMatchObject({ status: 'read', readAt: now });
    expect(marks).toEqual([{ ids: [id(1)], from: ['sent', 'delivered'], to: 'read' }]);
    expect(await markRead(deps, who, id(2))).toMatchObject({ status: 'read' });
    expect(marks).toHaveLength(1);
  });

  it('does not find another contact’s message or a non-id', async () => {
    const { deps } = world([message(1, 'sent', GONE)]);
    const who = await authenticateContact(deps, token(C1));
    for (const bad of [id(1), 'nope', '\u0000', '']) await expect(markRead(deps, who, bad)).rejects.toMatchObject({ code: 'not_found' });
  });
});

describe('streamBacklog', () => {
  it('resumes after the contact’s own message, else sends the unread ones', async () => {
    const { deps } = world([message(1, 'read'), message(2, 'delivered'), message(3, 'sent'), message(4, 'sent', GONE)]);
    const who = await authenticateContact(deps, token(C1));
    expect((await streamBacklog(deps, who, id(1))).items.map((m) => m.body)).toEqual(['m2', 'm3']);
    expect((await streamBacklog(deps, who, id(1).toUpperCase())).resumedFrom?.id).toBe(id(1));
    for (const last of [undefined, id(4), 'x', id(9)]) {
      const b = await streamBacklog(deps, who, last);
      expect([b.resumedFrom, b.items.map((m) => m.body)], String(last)).toEqual([null, ['m2', 'm3']]);
    }
  });
});
