/**
 * The in-app channel over HTTP, as a shop uses it: its server gets a contact token with an API key,
 * its page opens the stream with it; an automation on inapp reaches the open stream live, a
 * reconnect with Last-Event-ID gets exactly what it missed, reading flows back to the message log.
 * Forged, expired and foreign tokens and hostile ids are 4xx, never 5xx.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signContactToken } from '../../../src/app/contact-token.js';
import { openSse, type SseReader } from '../../support/sse-reader.js';
import { eventually, marketingAtAnyHour, startTestApp, type TestApp } from '../../support/test-app.js';

let t: TestApp;
let apiKey: string;
let readOnlyKey: string;
let otherContactId: string;
const streams: SseReader[] = [];
let seq = 0;

beforeAll(async () => {
  t = await startTestApp({ env: { SAPA_SECRET_KEY: 'in-app-test-secret-key-0123456789' } });
  await marketingAtAnyHour(t);
  apiKey = (await (await t.api('/api/v1/api-keys', { method: 'POST', json: { name: 'Toko Web', scopes: ['contacts:write'] } })).json()).key;
  readOnlyKey = (await (await t.api('/api/v1/api-keys', { method: 'POST', json: { name: 'Laporan', scopes: ['messages:read'] } })).json()).key;
  const ws = await t.rt.deps.store.workspaces.create({ name: 'Toko Lain' });
  const created = await t.rt.deps.store.contacts.create(ws.id, { name: 'Orang Lain', externalId: 'LAIN-1' }, new Date());
  if (!('id' in created)) throw new Error('contact not created');
  otherContactId = created.id;
  const tpl = await (await t.api('/api/v1/templates', { method: 'POST', json: { code: 'Pesanan In-App', message: 'Halo {contactname}, pesanan {documentnumber} kami terima.' } })).json();
  const auto = await t.api('/api/v1/automations', { method: 'POST', json: { name: 'in-app order', trigger: 'order.created', templateId: tpl.id, channel: 'inapp' } });
  expect(auto.status).toBe(201);
});
afterAll(async () => {
  for (const s of streams) s.close();
  await t?.close();
});

const withKey = (key: string) => (path: string, init: RequestInit & { json?: unknown } = {}) => t.client(null)(path, { ...init, headers: { authorization: `Bearer ${key}`, ...(init.headers ?? {}) } });
async function contactWithToken(name: string) {
  const externalId = `WEB-${++seq}`;
  const contact = await (await t.api('/api/v1/contacts', { method: 'POST', json: { externalId, name } })).json();
  const res = await withKey(apiKey)(`/api/v1/contacts/${contact.id}/token`, { method: 'POST', json: {} });
  expect(res.status).toBe(201);
  const { token, expiresAt } = await res.json();
  return { id: contact.id as string, externalId, token: token as string, expiresAt: expiresAt as string };
}
async function order(externalId: string): Promise<string> {
  const n = ++seq;
  const res = await t.api('/api/v1/events', {
    method: 'POST',
    json: { id: `inapp-evt-${n}`, type: 'order.created', occurredAt: new Date().toISOString(), contact: { externalId }, order: { number: `SO-IA-${n}`, items: [{ name: 'Kopi', quantity: 1 }] } },
  });
  expect(res.status).toBe(202);
  return (await res.json()).messages[0].id;
}
const message = async (id: string) => (await t.api(`/api/v1/messages/${id}`)).json();
const statusOf = (id: string, status: string) => eventually(async () => ((await message(id)).status === status ? true : undefined), 15_000, `message ${id} ${status}`);
async function stream(token: string, headers: Record<string, string> = {}) {
  const s = await openSse(`${t.url}/inapp/stream?token=${encodeURIComponent(token)}`, headers);
  streams.push(s);
  return s;
}

describe('contact token', () => {
  it('is issued to an API key that may write contacts, for a contact of its workspace only', async () => {
    const c = await contactWithToken('Sari');
    expect(c.token).toMatch(/^v1\./);
    const ttl = new Date(c.expiresAt).getTime() - Date.now();
    expect(ttl).toBeGreaterThan(23 * 3600_000);
    expect(ttl).toBeLessThanOrEqual(24 * 3600_000);
    const short = await (await withKey(apiKey)(`/api/v1/contacts/${c.id}/token`, { method: 'POST', json: { ttlSeconds: 600 } })).json();
    expect(new Date(short.expiresAt).getTime() - Date.now()).toBeLessThanOrEqual(600_000);
    // No body at all (a plain POST from the shop's server) takes the default lifetime.
    expect((await withKey(apiKey)(`/api/v1/contacts/${c.id}/token`, { method: 'POST' })).status).toBe(201);
    expect((await withKey(readOnlyKey)(`/api/v1/contacts/${c.id}/token`, { method: 'POST' })).status).toBe(403);
    expect((await t.client(null)(`/api/v1/contacts/${c.id}/token`, { method: 'POST' })).status).toBe(401);
    for (const [path, body, status] of [
      [`/api/v1/contacts/${otherContactId}/token`, {}, 404],
      ['/api/v1/contacts/00000000-0000-4000-8000-000000000000/token', {}, 404],
      ['/api/v1/contacts/%00/token', {}, 404],
      ['/api/v1/contacts/%ED%A0%80/token', {}, 400],
      [`/api/v1/contacts/${'9'.repeat(400)}/token`, {}, 414],
      [`/api/v1/contacts/${c.id}/token`, { ttlSeconds: 1e308 }, 400],
      [`/api/v1/contacts/${c.id}/token`, { ttlSeconds: 600, extra: '\u0000' }, 400],
    ] as const) {
      const res = await withKey(apiKey)(path, { method: 'POST', json: body });
      expect(res.status, path).toBe(status);
      expect(res.headers.get('content-type'), path).toContain('application/problem+json');
    }
  });
});

describe('the in-app stream', () => {
  it('brings an automation’s message live, marks it delivered, and resumes after Last-Event-ID with exactly what was missed', async () => {
    const c = await contactWithToken('Budi');
    const s = await stream(c.token);
    expect(s.status).toBe(200);
    expect(s.headers.get('content-type')).toContain('text/event-stream');
    expect(s.headers.get('access-control-allow-origin')).toBe('*');

    const first = await order(c.externalId);
    const [live] = await s.waitFor('message', 1, 15_000);
    expect(live!.id).toBe(first);
    expect(JSON.parse(live!.data)).toMatchObject({ id: first, body: expect.stringMatching(/^Halo Budi, pesanan SO-IA-\d+ kami terima\.$/), readAt: null });
    await statusOf(first, 'delivered');
    s.close();

    const missed = [await order(c.externalId), await order(c.externalId)];
    await Promise.all(missed.map((id) => statusOf(id, 'sent')));
    const resumed = await stream(c.token, { 'last-event-id': first });
    const got = await resumed.waitFor('message', 2);
    expect(got.map((e) => e.id).sort()).toEqual([...missed].sort());
    // Nothing from before the resumed position comes again, even from the live read's look-back.
    await new Promise((r) => setTimeout(r, 1500));
    expect(resumed.events.map((e) => e.id).sort()).toEqual([...missed].sort());
    await Promise.all(missed.map((id) => statusOf(id, 'delivered')));
    resumed.close();

    // A fresh connection (no Last-Event-ID) is sent every unread message, oldest first.
    const fresh = await stream(c.token);
    const unread = await fresh.waitFor('message', 3);
    expect(unread.map((e) => e.id)).toEqual([first, ...missed]);
    fresh.close();
  });

  it('lists the inbox and reads a message into the message log; reading twice changes nothing', async () => {
    const c = await contactWithToken('Rina');
    const id = await order(c.externalId);
    await statusOf(id, 'sent');
    const listed = await t.client(null)(`/inapp/messages?token=${encodeURIComponent(c.token)}`);
    expect(listed.status).toBe(200);
    expect(listed.headers.get('access-control-allow-origin')).toBe('*');
    const page = await listed.json();
    expect(page).toMatchObject({ unread: 1, items: [{ id, status: 'delivered', readAt: null }] });

    const read = await t.client(null)(`/inapp/messages/${id}/read?token=${encodeURIComponent(c.token)}`, { method: 'POST' });
    expect(read.status).toBe(200);
    expect(await read.json()).toMatchObject({ id, status: 'read', readAt: expect.any(String) });
    const logged = await message(id);
    expect(logged).toMatchObject({ status: 'read' });
    expect(logged.history.map((h: { status: string }) => h.status)).toEqual(expect.arrayContaining(['sent', 'delivered', 'read']));
    const again = await t.client(null)(`/inapp/messages/${id}/read?token=${encodeURIComponent(c.token)}`, { method: 'POST' });
    expect(again.status).toBe(200);
    expect((await (await t.client(null)(`/inapp/messages?token=${encodeURIComponent(c.token)}`)).json()).unread).toBe(0);
  });
});

describe('every path onto the channel', () => {
  it('a broadcast and a quick message on inapp reach the open stream too', async () => {
    const c = await contactWithToken('Dewi');
    const s = await stream(c.token);
    const tpl = await (await t.api('/api/v1/templates', { method: 'POST', json: { code: 'Promo In-App', message: 'Diskon untuk {contactname}', category: 'marketing' } })).json();
    const b = await (await t.api('/api/v1/broadcasts', { method: 'POST', json: { name: 'in-app', templateId: tpl.id, channel: 'inapp', contactIds: [c.id] } })).json();
    expect((await t.api(`/api/v1/broadcasts/${b.id}/send`, { method: 'POST', json: {} })).status).toBe(202);
    const [promo] = await s.waitFor('message', 1, 20_000);
    expect(JSON.parse(promo!.data).body).toBe('Diskon untuk Dewi');
    const quick = await t.api(`/api/v1/contacts/${c.id}/messages`, { method: 'POST', json: { channel: 'inapp', text: 'Paket Kakak sudah dikirim' } });
    expect(quick.status).toBe(202);
    const got = await s.waitFor('message', 2, 15_000);
    expect(JSON.parse(got[1]!.data).body).toBe('Paket Kakak sudah dikirim');
    s.close();
  });
});

describe('hostile callers', () => {
  it('answers forged, expired and missing tokens 401, another contact’s message 404, hostile ids and limits 4xx', async () => {
    const c = await contactWithToken('Tono');
    const id = await order(c.externalId);
    await statusOf(id, 'sent');
    const other = await contactWithToken('Lain');
    const [v, payload, mac] = c.token.split('.');
    const forged = `${v}.${payload}.${mac!.startsWith('A') ? 'B' : 'A'}${mac!.slice(1)}`;
    const key = t.rt.contactTokenKey!;
    const wsId = (await t.rt.deps.store.workspaces.first())!.id;
    const expired = signContactToken(key, { workspaceId: wsId, contactId: c.id, expiresAt: new Date(Date.now() - 1000) });
    const foreignSigned = signContactToken(Buffer.alloc(32, 1), { workspaceId: wsId, contactId: c.id, expiresAt: new Date(Date.now() + 60_000) });
    const ghost = signContactToken(key, { workspaceId: wsId, contactId: '00000000-0000-4000-8000-000000000000', expiresAt: new Date(Date.now() + 60_000) });
    const otherWs = signContactToken(key, { workspaceId: wsId, contactId: otherContactId, expiresAt: new Date(Date.now() + 60_000) });
    const q = (tok: string) => `token=${encodeURIComponent(tok)}`;
    const cases: [string, string, number, string?][] = [
      ['GET', `/inapp/messages?${q(forged)}`, 401, 'contact_token.invalid'],
      ['GET', `/inapp/stream?${q(forged)}`, 401, 'contact_token.invalid'],
      ['GET', `/inapp/stream?${q(expired)}`, 401, 'contact_token.expired'],
      ['GET', `/inapp/messages?${q(foreignSigned)}`, 401, 'contact_token.invalid'],
      ['GET', '/inapp/messages', 401, 'contact_token.invalid'],
      ['GET', '/inapp/messages?token=%00', 401],
      ['GET', '/inapp/messages?token=%ED%A0%80', 401],
      ['GET', `/inapp/messages?token=${'x'.repeat(5000)}`, 400],
      ['GET', `/inapp/messages?${q(ghost)}`, 404, 'not_found'],
      // Signed for a contact id that lives in another workspace: not this workspace's contact.
      ['GET', `/inapp/messages?${q(otherWs)}`, 404, 'not_found'],
      ['GET', `/inapp/messages?${q(c.token)}&limit=1e400`, 400],
      ['GET', `/inapp/messages?${q(c.token)}&limit=-1`, 400],
      ['POST', `/inapp/messages/${id}/read?${q(other.token)}`, 404, 'not_found'],
      ['POST', `/inapp/messages/${id}/read?${q(forged)}`, 401],
      ['POST', `/inapp/messages/%00/read?${q(c.token)}`, 404],
      ['POST', `/inapp/messages/${'9'.repeat(300)}/read?${q(c.token)}`, 414],
      ['POST', `/inapp/messages/%ED%A0%80/read?${q(c.token)}`, 400],
    ];
    for (const [method, path, status, code] of cases) {
      const res = await t.client(null)(path, { method });
      expect(res.status, `${method} ${path.slice(0, 80)}`).toBe(status);
      const body = await res.json();
      if (code) expect(body.code, path.slice(0, 80)).toBe(code);
      // An over-long or not-UTF-8 path is refused by the framework before any hook (no CORS there); the widget never sends one.
      if (!/\/(%ED%A0%80|9{300})\//.test(path)) expect(res.headers.get('access-control-allow-origin'), path.slice(0, 80)).toBe('*');
    }
    // A hostile Last-Event-ID is just not a position: the unread messages come.
    for (const last of ['\u0000', 'not-an-id', '9'.repeat(60), id.toUpperCase().replace(/.$/, 'Z')]) {
      const s = await stream(c.token, { 'last-event-id': encodeURIComponent(last) });
      expect(s.status).toBe(200);
      expect((await s.waitFor('message', 1)).map((e) => e.id)).toEqual([id]);
      s.close();
    }
    // Still unread and untouched by all of the above.
    expect((await message(id)).status).toBe('delivered');
  });

  it('holds at most ten open streams per contact; a closed one frees its place', async () => {
    const c = await contactWithToken('Banyak Tab');
    const open = [];
    for (let i = 0; i < 10; i++) open.push(await stream(c.token));
    expect(open.map((s) => s.status)).toEqual(Array(10).fill(200));
    const refused = await t.client(null)(`/inapp/stream?token=${encodeURIComponent(c.token)}`);
    expect(refused.status).toBe(429);
    expect((await refused.json()).code).toBe('inapp.too_many_streams');
    open[0]!.close();
    const again = await eventually(async () => {
      const s = await stream(c.token);
      if (s.status === 200) return s;
      s.close();
      return undefined;
    }, 5000, 'a place freed');
    expect(again.status).toBe(200);
    for (const s of [...open, again]) s.close();
  });

  it('documents the in-app routes as authenticated by the token alone', async () => {
    const doc = await (await t.client(null)('/api/openapi.json')).json();
    for (const [path, method] of [['/inapp/stream', 'get'], ['/inapp/messages', 'get'], ['/inapp/messages/{id}/read', 'post']] as const) {
      expect(doc.paths[path][method].security, path).toEqual([]);
    }
    expect(doc.paths['/api/v1/contacts/{id}/token'].post.responses['201']).toBeDefined();
  });

  it('allows only what the widget needs across origins, and serves the widget', async () => {
    const pre = await t.client(null)('/inapp/stream', { method: 'OPTIONS', headers: { origin: 'https://toko.example', 'access-control-request-method': 'GET', 'access-control-request-headers': 'last-event-id' } });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-methods')).toBe('GET, POST');
    expect(pre.headers.get('access-control-allow-headers')).toBe('Last-Event-ID');
    expect(pre.headers.get('access-control-allow-credentials')).toBeNull();
    const widget = await t.client(null)('/inapp/widget.js');
    expect(widget.status).toBe(200);
    expect(widget.headers.get('content-type')).toContain('text/javascript');
    expect(widget.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    const text = await widget.text();
    expect(text.length).toBeLessThan(8 * 1024);
    expect(text).toContain('attachShadow');
  });
});
