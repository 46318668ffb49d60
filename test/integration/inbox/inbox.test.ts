/**
 * The inbox and quick messages over HTTP, against the project's fake WhatsApp Cloud API: inbound
 * messages make conversations; a quick message inside the window goes as `text`, outside as the
 * approved `template` with its parameters, never to an opted-out contact; the preview fills the
 * latest order and the agent's name; assignment, close/reopen, notes, read; the live stream;
 * workspace scoping and hostile input.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeWhatsApp, type FakeWhatsApp } from '../../support/fake-whatsapp/server.js';
import { addMember, type TestMember } from '../../support/team.js';
import { eventually, startTestApp, type TestApp } from '../../support/test-app.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

let wa: FakeWhatsApp;
let t: TestApp;
let agent: TestMember;
let other: TestApp['api'];
let thanks: string;
let noOrder: string;

async function ok(res: Response, status = 200): Promise<Json> {
  const body = await res.text();
  if (res.status !== status) throw new Error(`expected ${status}, got ${res.status}: ${body}`);
  return body ? JSON.parse(body) as Json : {};
}
const post = (api: TestApp['api'], path: string, json: unknown) => api(path, { method: 'POST', json });
let n = 0;
/** A fresh Indonesian number: local form for the API, digits as WhatsApp writes them. */
function number(): { local: string; wa: string; e164: string } {
  n++;
  const tail = String(4000 + n).padStart(4, '0');
  return { local: `0813-9${String(n).padStart(3, '0')}-${tail}`, wa: `62813${'9' + String(n).padStart(3, '0')}${tail}`, e164: `+62813${'9' + String(n).padStart(3, '0')}${tail}` };
}
const inbound = (from: string, text: string, extra: { id?: string; timestamp?: number } = {}) => wa.postWebhook(`${t.url}/webhooks/whatsapp`, wa.inboundWebhook({ from, text, ...extra }));
const conversationOf = async (contactId: string) => ok(await t.api(`/api/v1/contacts/${contactId}/conversation`));
const contactByPhone = async (e164: string) => (await ok(await t.api(`/api/v1/contacts?q=${encodeURIComponent(e164)}`))).items[0] as Json;
const sentTo = (digits: string) => wa.sent().filter((r) => r.body?.to === digits);

beforeAll(async () => {
  wa = await startFakeWhatsApp();
  t = await startTestApp({ whatsapp: wa, env: { SAPA_LOG_LEVEL: process.env.TEST_LOG ?? 'silent' } });
  agent = await addMember(t, 'agent');
  thanks = (await ok(await post(t.api, '/api/v1/templates', { code: 'Terima Kasih', message: 'Halo {contactname}, terima kasih telah membeli {productname}. Kode penjualan Anda {documentnumber}. Salam, {username}' }), 201)).id;
  noOrder = (await ok(await post(t.api, '/api/v1/templates', { code: 'Sapa Singkat', message: 'Halo {contactname}, ada yang bisa {username} bantu?' }), 201)).id;
  const { store, passwords } = t.rt.deps;
  const ws = await store.workspaces.create({ name: 'Toko Lain' });
  await store.users.create({ workspaceId: ws.id, email: 'lain-inbox@toko.test', name: 'Lain', role: 'owner', passwordHash: await passwords.hash('password-lain-123') });
  const login = await t.client(null)('/api/v1/auth/login', { method: 'POST', json: { email: 'lain-inbox@toko.test', password: 'password-lain-123' } });
  other = t.client((login.headers.get('set-cookie') ?? '').split(';')[0]!);
}, 60_000);
afterAll(async () => {
  await t?.close();
  await wa?.close();
});

describe('conversations from inbound messages', () => {
  it('an inbound message makes a conversation with the text, unread count and an open window; messages come both ways in order', async () => {
    const p = number();
    // WhatsApp's timestamps are whole seconds: these two are a minute apart.
    const now = Math.floor(Date.now() / 1000);
    expect((await inbound(p.wa, 'Halo, kopi masih ada?', { timestamp: now - 120 })).status).toBe(200);
    expect((await inbound(p.wa, 'Yang arabika', { timestamp: now - 60 })).status).toBe(200);
    const contact = await eventually(() => contactByPhone(p.e164), 10_000, 'contact');
    const c = await conversationOf(contact.id);
    expect(c).toMatchObject({ contactId: contact.id, channel: 'whatsapp', status: 'open', unreadCount: 2, lastMessageText: 'Yang arabika', lastMessageDirection: 'in', windowOpen: true, assigneeId: null });
    expect(Date.parse(c.windowClosesAt) - Date.now()).toBeGreaterThan(23 * 3600_000);

    const list = await ok(await agent.api('/api/v1/conversations?status=open'));
    expect(list.items[0].id).toBe(c.id);

    const reply = await ok(await post(agent.api, `/api/v1/contacts/${contact.id}/messages`, { text: 'Masih, Kak!' }), 202);
    expect(reply.message).toMatchObject({ status: 'queued', body: 'Masih, Kak!', contactId: contact.id });
    await eventually(async () => (sentTo(p.wa).length === 1 ? true : undefined), 10_000, 'the text sent');
    const wire = sentTo(p.wa)[0]!.body!;
    expect(wire).toMatchObject({ type: 'text', text: { body: 'Masih, Kak!' }, to: p.wa });

    const messages = await eventually(async () => {
      const page = await ok(await agent.api(`/api/v1/conversations/${c.id}/messages`));
      return page.items[0]?.status === 'sent' ? page : undefined;
    }, 10_000, 'sent status');
    expect(messages.items.map((m: Json) => [m.direction, m.text])).toEqual([['out', 'Masih, Kak!'], ['in', 'Yang arabika'], ['in', 'Halo, kopi masih ada?']]);
    expect(messages.items[0]).toMatchObject({ origin: 'agent', status: 'sent', failure: null });
    expect((await conversationOf(contact.id))).toMatchObject({ lastMessageText: 'Masih, Kak!', lastMessageDirection: 'out' });

    // Paging: one at a time, with the cursor, to the oldest.
    const first = await ok(await agent.api(`/api/v1/conversations/${c.id}/messages?limit=1`));
    const second = await ok(await agent.api(`/api/v1/conversations/${c.id}/messages?limit=1&cursor=${first.nextCursor}`));
    expect(second.items[0].text).toBe('Yang arabika');
  });

  it('search by name or number; filters mine, unassigned, open, closed; assignment, close, reopen by a new message; notes; read', async () => {
    const p = number();
    await inbound(p.wa, 'Permisi');
    const contact = await eventually(() => contactByPhone(p.e164), 10_000, 'contact');
    await ok(await t.api(`/api/v1/contacts/${contact.id}`, { method: 'PATCH', json: { name: 'Wulan Sari' } }));
    const c = await conversationOf(contact.id);

    expect((await ok(await agent.api('/api/v1/conversations?q=wulan'))).items.map((x: Json) => x.id)).toEqual([c.id]);
    expect((await ok(await agent.api(`/api/v1/conversations?q=${encodeURIComponent(p.local)}`))).items.map((x: Json) => x.id)).toEqual([c.id]);
    expect((await ok(await agent.api('/api/v1/conversations?assignee=none'))).items.map((x: Json) => x.id)).toContain(c.id);

    const assigned = await ok(await agent.api(`/api/v1/conversations/${c.id}`, { method: 'PATCH', json: { assigneeId: agent.id } }));
    expect(assigned).toMatchObject({ assigneeId: agent.id, assigneeName: 'Anggota agent' });
    expect((await ok(await agent.api('/api/v1/conversations?assignee=me'))).items.map((x: Json) => x.id)).toEqual([c.id]);
    expect((await ok(await t.api('/api/v1/conversations?assignee=me'))).items.map((x: Json) => x.id)).not.toContain(c.id);
    expect((await ok(await agent.api('/api/v1/conversations?assignee=none'))).items.map((x: Json) => x.id)).not.toContain(c.id);

    const closed = await ok(await agent.api(`/api/v1/conversations/${c.id}`, { method: 'PATCH', json: { status: 'closed' } }));
    expect(closed.status).toBe('closed');
    expect((await ok(await agent.api('/api/v1/conversations?status=closed'))).items.map((x: Json) => x.id)).toContain(c.id);
    expect((await ok(await agent.api('/api/v1/conversations?status=open'))).items.map((x: Json) => x.id)).not.toContain(c.id);

    const note = await ok(await post(agent.api, `/api/v1/conversations/${c.id}/notes`, { text: 'Pelanggan lama, kasih diskon' }), 201);
    expect(note).toMatchObject({ authorId: agent.id, authorName: 'Anggota agent', text: 'Pelanggan lama, kasih diskon' });
    expect((await ok(await t.api(`/api/v1/conversations/${c.id}/notes`))).items).toHaveLength(1);

    expect((await agent.api(`/api/v1/conversations/${c.id}/read`, { method: 'POST' })).status).toBe(204);
    expect((await conversationOf(contact.id)).unreadCount).toBe(0);

    await inbound(p.wa, 'Halo lagi');
    const reopened = await eventually(async () => { const x = await conversationOf(contact.id); return x.status === 'open' ? x : undefined; }, 10_000, 'reopened');
    expect(reopened).toMatchObject({ unreadCount: 1, assigneeId: agent.id, lastMessageText: 'Halo lagi' });

    // Unassign; an assignee who is not a member is refused.
    expect((await ok(await agent.api(`/api/v1/conversations/${c.id}`, { method: 'PATCH', json: { assigneeId: null } }))).assigneeId).toBeNull();
    const bad = await agent.api(`/api/v1/conversations/${c.id}`, { method: 'PATCH', json: { assigneeId: '00000000-0000-4000-8000-000000000000' } });
    expect(bad.status).toBe(422);
    expect((await bad.json()).code).toBe('conversation.invalid_assignee');
  });
});

describe('quick messages', () => {
  it('the preview fills the latest order and the agent name; outside the window the template goes as `template` with its parameters', async () => {
    const p = number();
    for (const [id, number, product, at] of [['qm-1', 'SO-7001', 'Teh Melati', '2026-11-01T09:00:00+07:00'], ['qm-2', 'SO-7002', 'Kopi Arabika', '2026-11-20T09:00:00+07:00']] as const) {
      await ok(await post(t.api, '/api/v1/events', {
        id: `${id}-${n}`, type: 'order.created', occurredAt: at, contact: { externalId: `QM-${n}`, name: 'Budi', phone: p.local },
        order: { number, items: [{ name: product, quantity: 1, price: 50000 }], total: 50000, currency: 'IDR' },
      }), 202);
    }
    const contact = await contactByPhone(p.e164);
    const preview = await ok(await post(agent.api, `/api/v1/contacts/${contact.id}/messages/preview`, { templateId: thanks }));
    expect(preview).toMatchObject({
      text: 'Halo Budi, terima kasih telah membeli Kopi Arabika. Kode penjualan Anda SO-7002. Salam, Anggota agent',
      missing: [], order: { number: 'SO-7002' }, windowOpen: false, sendAs: 'template', refusal: null,
    });

    // Free text outside the window is refused with the reason; nothing is stored or sent.
    const refused = await post(agent.api, `/api/v1/contacts/${contact.id}/messages`, { text: 'Halo' });
    expect(refused.status).toBe(422);
    expect(await refused.json()).toMatchObject({ code: 'quick_message.window_closed', errors: [{ field: 'text' }] });

    const sent = await ok(await post(agent.api, `/api/v1/contacts/${contact.id}/messages`, { templateId: thanks, channel: 'whatsapp' }), 202);
    expect(sent.message.body).toBe(preview.text);
    await eventually(async () => (sentTo(p.wa).length === 1 ? true : undefined), 10_000, 'the template sent');
    expect(sentTo(p.wa)[0]!.body).toMatchObject({
      type: 'template',
      template: {
        name: 'terima_kasih', language: { code: 'id' },
        components: [{ type: 'body', parameters: [{ type: 'text', text: 'Budi' }, { type: 'text', text: 'Kopi Arabika' }, { type: 'text', text: 'SO-7002' }, { type: 'text', text: 'Anggota agent' }] }],
      },
    });
    // The quick message started the conversation.
    expect(await conversationOf(contact.id)).toMatchObject({ lastMessageDirection: 'out', windowOpen: false, unreadCount: 0 });
  });

  it('a missing value is shown in the preview and refused on send, never sent as a hole', async () => {
    const contact = await ok(await post(t.api, '/api/v1/contacts', { name: 'Tanpa Pesanan', phone: number().local }), 201);
    const preview = await ok(await post(agent.api, `/api/v1/contacts/${contact.id}/messages/preview`, { templateId: thanks }));
    expect(preview).toMatchObject({ missing: ['productname', 'documentnumber'], order: null, refusal: 'quick_message.missing_value' });
    expect(preview.text).toContain('{productname}');
    const res = await post(agent.api, `/api/v1/contacts/${contact.id}/messages`, { templateId: thanks });
    expect(res.status).toBe(422);
    expect(await res.json()).toMatchObject({ code: 'quick_message.missing_value', errors: [{ variable: 'productname' }, { variable: 'documentnumber' }] });
  });

  it('never to an opted-out contact: STOP opts out and the API refuses; MULAI opts back in', async () => {
    const p = number();
    await inbound(p.wa, 'stop');
    const contact = await eventually(() => contactByPhone(p.e164), 10_000, 'contact');
    await eventually(async () => ((await ok(await t.api(`/api/v1/contacts/${contact.id}`))).consent.whatsapp?.status === 'opted_out' ? true : undefined), 10_000, 'opted out');
    const before = wa.sent().length;
    for (const body of [{ text: 'Halo' }, { templateId: noOrder }]) {
      const res = await post(agent.api, `/api/v1/contacts/${contact.id}/messages`, body);
      expect(res.status).toBe(422);
      expect((await res.json()).code).toBe('quick_message.opted_out');
    }
    expect((await ok(await post(agent.api, `/api/v1/contacts/${contact.id}/messages/preview`, { templateId: noOrder }))).refusal).toBe('quick_message.opted_out');
    expect((await conversationOf(contact.id)).consent).toBe('opted_out');
    expect(wa.sent().length).toBe(before);

    await inbound(p.wa, 'MULAI');
    await eventually(async () => ((await ok(await t.api(`/api/v1/contacts/${contact.id}`))).consent.whatsapp?.status === 'opted_in' ? true : undefined), 10_000, 'opted in');
    await ok(await post(agent.api, `/api/v1/contacts/${contact.id}/messages`, { text: 'Selamat datang kembali' }), 202);
    await eventually(async () => (sentTo(p.wa).length === 1 ? true : undefined), 10_000, 'sent after opting in');
  });
});

describe('broadcasts and conversations', () => {
  it("a broadcast's message is listed in the conversation but neither reorders the inbox nor becomes its last message", async () => {
    const p = number();
    await inbound(p.wa, 'Halo, tanya stok');
    const contact = await eventually(() => contactByPhone(p.e164), 10_000, 'contact');
    const before = await conversationOf(contact.id);
    const promo = (await ok(await post(t.api, '/api/v1/templates', { code: `Promo ${n}`, message: 'Halo {contactname}, ada promo kopi!', category: 'marketing' }), 201)).id;
    await ok(await t.api('/api/v1/settings/messaging', { method: 'PUT', json: { timezone: 'Asia/Jakarta', frequencyCap: { count: 0, days: 7 }, quietHours: null } }));
    const b = await ok(await post(t.api, '/api/v1/broadcasts', { name: 'Promo', channel: 'whatsapp', templateId: promo, contactIds: [contact.id] }), 201);
    await ok(await post(t.api, `/api/v1/broadcasts/${b.id}/send`, {}), 202);
    await eventually(async () => ((await ok(await t.api(`/api/v1/broadcasts/${b.id}`))).status === 'done' ? true : undefined), 30_000, 'broadcast done');
    const messages = await ok(await agent.api(`/api/v1/conversations/${before.id}/messages`));
    expect(messages.items[0]).toMatchObject({ direction: 'out', origin: 'broadcast', status: 'sent', text: 'Halo Pelanggan, ada promo kopi!' });
    expect(await conversationOf(contact.id)).toMatchObject({ lastMessageText: 'Halo, tanya stok', lastMessageDirection: 'in', lastMessageAt: before.lastMessageAt });
  });
});

describe('the live stream', () => {
  it('announces a conversation that changed, without polling by the client', async () => {
    const controller = new AbortController();
    const res = await agent.api('/api/v1/conversations/stream', { signal: controller.signal });
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const reader = res.body!.getReader();
    const p = number();
    let seen = '';
    const read = (async () => {
      const decoder = new TextDecoder();
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        seen += decoder.decode(value);
      }
    })().catch(() => undefined);
    await new Promise((r) => setTimeout(r, 700));
    await inbound(p.wa, 'Ada promo?');
    const contact = await eventually(() => contactByPhone(p.e164), 10_000, 'contact');
    const c = await conversationOf(contact.id);
    await eventually(async () => (seen.includes('event: changed') && seen.includes(c.id) ? true : undefined), 10_000, 'the change on the stream');
    controller.abort();
    await read;
  });
});

describe('the live stream across processes (PostgreSQL)', () => {
  it('announces a status written by another process: the stream reads the database, not this process', async () => {
    const url = (t.rt.db as { config?: { databaseUrl?: string } }).config?.databaseUrl;
    if (process.env.SAPA_TEST_STORE === 'postgres') expect(url).toBeTruthy();
    if (!url) return; // PGlite is one process: nothing else can write.
    const p = number();
    await inbound(p.wa, 'Halo dari proses lain');
    const contact = await eventually(() => contactByPhone(p.e164), 10_000, 'contact');
    await ok(await post(agent.api, `/api/v1/contacts/${contact.id}/messages`, { text: 'Baik, Kak' }), 202);
    const c = await conversationOf(contact.id);
    const controller = new AbortController();
    const res = await agent.api('/api/v1/conversations/stream', { signal: controller.signal });
    const reader = res.body!.getReader();
    let seen = '';
    const read = (async () => {
      const decoder = new TextDecoder();
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        seen += decoder.decode(value);
      }
    })().catch(() => undefined);
    await eventually(async () => ((await ok(await agent.api(`/api/v1/conversations/${c.id}/messages`))).items[0].status === 'sent' ? true : undefined), 10_000, 'sent');
    await new Promise((r) => setTimeout(r, 1500));
    seen = '';
    // A connection of its own, as a worker process on another machine would write a status webhook's outcome.
    const { default: pg } = await import('pg');
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query(`update messages set status = 'delivered', delivered_at = now(), updated_at = now() where contact_id = $1 and status = 'sent'`, [contact.id]);
    } finally {
      await client.end();
    }
    await eventually(async () => (seen.includes(c.id) ? true : undefined), 10_000, 'the change on the stream');
    expect((await ok(await agent.api(`/api/v1/conversations/${c.id}/messages`))).items[0].status).toBe('delivered');
    controller.abort();
    await read;
  });
});

describe('scoping and hostile input', () => {
  it("another workspace's conversation or contact is 404; bad ids, cursors, NUL, lone surrogates and huge numbers are 4xx", async () => {
    const p = number();
    await inbound(p.wa, 'Halo');
    const contact = await eventually(() => contactByPhone(p.e164), 10_000, 'contact');
    const c = await conversationOf(contact.id);
    for (const [method, path, json] of [
      ['GET', `/api/v1/conversations/${c.id}`, undefined],
      ['GET', `/api/v1/conversations/${c.id}/messages`, undefined],
      ['PATCH', `/api/v1/conversations/${c.id}`, { status: 'closed' }],
      ['POST', `/api/v1/conversations/${c.id}/read`, undefined],
      ['POST', `/api/v1/conversations/${c.id}/notes`, { text: 'x' }],
      ['GET', `/api/v1/contacts/${contact.id}/conversation`, undefined],
      ['POST', `/api/v1/contacts/${contact.id}/messages`, { text: 'x' }],
      ['POST', `/api/v1/contacts/${contact.id}/messages/preview`, { templateId: thanks }],
    ] as const) {
      const res = await other(path, { method, ...(json ? { json } : {}) });
      expect(res.status, `${method} ${path}`).toBe(404);
    }
    expect((await other('/api/v1/conversations')).status).toBe(200);
    expect((await ok(await other('/api/v1/conversations'))).items).toEqual([]);
    // A template of this workspace is not the other's.
    const mine = await ok(await post(other, '/api/v1/contacts', { name: 'X', phone: number().local }), 201);
    expect((await (await post(other, `/api/v1/contacts/${mine.id}/messages/preview`, { templateId: thanks })).json()).code).toBe('quick_message.template_not_found');

    const hostile: [string, string, unknown][] = [
      ['GET', '/api/v1/conversations?cursor=bm9wZQ', undefined],
      ['GET', '/api/v1/conversations?limit=99999999999999999999', undefined],
      ['GET', '/api/v1/conversations?status=pending', undefined],
      ['GET', '/api/v1/conversations?assignee=someone', undefined],
      ['GET', `/api/v1/conversations?q=${encodeURIComponent('a\u0000b')}`, undefined],
      ['GET', `/api/v1/conversations/${c.id}/messages?cursor=%00`, undefined],
      ['POST', `/api/v1/conversations/${c.id}/notes`, { text: 'a\u0000b' }],
      ['POST', `/api/v1/conversations/${c.id}/notes`, { text: '\ud800' }],
      ['POST', `/api/v1/conversations/${c.id}/notes`, { text: 'x'.repeat(4001) }],
      ['PATCH', `/api/v1/conversations/${c.id}`, { status: 'open', extra: 1 }],
      ['POST', `/api/v1/contacts/${contact.id}/messages`, { text: 'a\u0000' }],
      ['POST', `/api/v1/contacts/${contact.id}/messages`, { text: 'x', templateId: thanks }],
      ['POST', `/api/v1/contacts/${contact.id}/messages`, {}],
      ['POST', `/api/v1/contacts/${contact.id}/messages`, { text: 'hi', channel: 'fax' }],
      ['POST', `/api/v1/contacts/${contact.id}/messages`, { text: 'x'.repeat(4097) }],
    ];
    for (const [method, path, json] of hostile) {
      const res = await agent.api(path, { method, ...(json !== undefined ? { json } : {}) });
      expect(res.status, `${method} ${path} ${JSON.stringify(json)}`).toBe(400);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
    }
    expect((await agent.api('/api/v1/conversations/not-a-uuid')).status).toBe(404);
    expect((await agent.api('/api/v1/conversations/00000000-0000-4000-8000-000000000000')).status).toBe(404);
  });

  it('more hostile input: encoded surrogates and NUL in the query, numbers past any int, cursors for impossible dates, a member of another workspace', async () => {
    const p = number();
    await inbound(p.wa, 'Halo');
    const contact = await eventually(() => contactByPhone(p.e164), 10_000, 'contact');
    const c = await conversationOf(contact.id);
    // A well-formed cursor for a date no row has (year 9999) and one whose id is not a UUID.
    const b64 = (s: string) => Buffer.from(s).toString('base64url');
    const far = b64(`9999-12-31T00:00:00.000Z|${c.id}`);
    const notUuid = b64('2026-01-01T00:00:00.000Z|1 or 1=1');
    const hostile: [string, string, unknown][] = [
      ['GET', '/api/v1/conversations?q=%00', undefined],
      ['GET', '/api/v1/conversations?assignee=%00', undefined],
      ['GET', '/api/v1/conversations?limit=1e308', undefined],
      ['GET', '/api/v1/conversations?limit=-1', undefined],
      ['GET', '/api/v1/conversations?limit=NaN', undefined],
      ['GET', `/api/v1/conversations?cursor=${far}`, undefined],
      ['GET', `/api/v1/conversations?cursor=${notUuid}`, undefined],
      ['GET', `/api/v1/conversations?cursor=${'A'.repeat(5000)}`, undefined],
      ['GET', `/api/v1/conversations/${c.id}/messages?limit=99999999999999999999`, undefined],
      ['GET', `/api/v1/conversations/${c.id}/messages?cursor=${far}`, undefined],
      ['GET', `/api/v1/contacts/${contact.id}/conversation?channel=fax`, undefined],
      ['PATCH', `/api/v1/conversations/${c.id}`, { status: 'closed\u0000' }],
      ['PATCH', `/api/v1/conversations/${c.id}`, { assigneeId: 2 ** 64 }],
      ['POST', `/api/v1/contacts/${contact.id}/messages/preview`, { templateId: thanks, channel: 'whatsapp', extra: true }],
      ['POST', `/api/v1/contacts/${contact.id}/messages`, { templateId: '\ud800' }],
    ];
    for (const [method, path, json] of hostile) {
      const res = await agent.api(path, { method, ...(json !== undefined ? { json } : {}) });
      expect(res.status, `${method} ${path} ${JSON.stringify(json)}`).toBe(400);
      expect(res.headers.get('content-type'), `${method} ${path}`).toContain('application/problem+json');
    }
    // A lone surrogate percent-encoded in the query is not UTF-8: the query parser keeps it undecoded, a search that finds nothing.
    const encoded = await agent.api('/api/v1/conversations?q=%ED%A0%80');
    expect(encoded.status).toBe(200);
    expect((await encoded.json()).items).toEqual([]);
    // Bodies that are not JSON, or JSON with an escaped lone surrogate, are 400 too.
    for (const body of ['{"text":"\\ud800"}', '{"text":', 'null', '[]']) {
      const res = await agent.api(`/api/v1/conversations/${c.id}/notes`, { method: 'POST', body, headers: { 'content-type': 'application/json' } });
      expect(res.status, body).toBe(400);
    }
    // Ids that are not ids: 404, never a query that fails.
    for (const path of ['/api/v1/conversations/%00', `/api/v1/conversations/${c.id}%00/messages`, '/api/v1/conversations/99999999999999999999/read', `/api/v1/contacts/${'f'.repeat(64)}/conversation`]) {
      const res = await agent.api(path, { method: path.endsWith('/read') ? 'POST' : 'GET' });
      expect(res.status, path).toBe(404);
    }
    // A member of another workspace is not an assignee here; nothing changed.
    const stranger = (await ok(await other('/api/v1/conversations/assignees'))).items[0].id as string;
    const refused = await agent.api(`/api/v1/conversations/${c.id}`, { method: 'PATCH', json: { assigneeId: stranger } });
    expect(refused.status).toBe(422);
    expect((await conversationOf(contact.id)).assigneeId).toBeNull();
  });
});
