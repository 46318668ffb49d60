// Consent with who: every change is in GET /api/v1/contacts/:id/consent-history (newest first) with
// the member's email (UI), the API key's name (API) or null (the contact's own STOP); a value set
// again writes nothing. Tags: GET /api/v1/contacts/tags, and agents may change tags but nothing else.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeWhatsApp, type FakeWhatsApp } from '../../support/fake-whatsapp/server.js';
import { addMember, apiKeyClient, type TestMember } from '../../support/team.js';
import { ADMIN, startTestApp, type TestApp } from '../../support/test-app.js';

let wa: FakeWhatsApp;
let t: TestApp;
let agent: TestMember;
let other: TestApp['api'];

beforeAll(async () => {
  wa = await startFakeWhatsApp();
  t = await startTestApp({ whatsapp: wa });
  agent = await addMember(t, 'agent');
  const { store, passwords } = t.rt.deps;
  const ws = await store.workspaces.create({ name: 'Toko Sebelah' });
  await store.users.create({ workspaceId: ws.id, email: 'sebelah@toko.test', name: 'Sebelah', role: 'owner', passwordHash: await passwords.hash('password-sebelah-1') });
  const login = await t.client(null)('/api/v1/auth/login', { method: 'POST', json: { email: 'sebelah@toko.test', password: 'password-sebelah-1' } });
  other = t.client((login.headers.get('set-cookie') ?? '').split(';')[0]!);
});
afterAll(async () => {
  await t?.close();
  await wa?.close();
});

async function create(json: Record<string, unknown>): Promise<{ id: string }> {
  const res = await t.api('/api/v1/contacts', { method: 'POST', json });
  expect(res.status, await res.clone().text()).toBe(201);
  return res.json();
}
const history = async (id: string) => (await (await t.api(`/api/v1/contacts/${id}/consent-history`)).json()).items as { channel: string; status: string; source: string; actor: string | null; at: string }[];

describe('consent history', () => {
  it('names who made each change: the member, the API key, the contact themself by STOP; newest first', async () => {
    const { id } = await create({ name: 'Rina', phone: '0812-6600-1234', consent: { whatsapp: 'opted_in' } });
    const pos = await t.api('/api/v1/api-keys', { method: 'POST', json: { name: 'Kasir Toko', scopes: ['contacts:write'] } });
    const { key } = (await pos.json()) as { key: string };
    const viaKey = await t.client(null)(`/api/v1/contacts/${id}`, { method: 'PATCH', headers: { authorization: `Bearer ${key}` }, json: { consent: { email: 'opted_in', sms: 'opted_out' } } });
    expect(viaKey.status).toBe(200);
    const hook = await wa.postWebhook(`${t.url}/webhooks/whatsapp`, wa.inboundWebhook({ from: '6281266001234', text: ' stop ', timestamp: Math.floor(Date.now() / 1000) + 5 }));
    expect(hook.status).toBe(200);

    const items = await history(id);
    expect(items.map((h) => [h.channel, h.status, h.source, h.actor])).toEqual([
      ['whatsapp', 'opted_out', 'inbound:STOP', null],
      ['sms', 'opted_out', 'api', 'Kasir Toko'],
      ['email', 'opted_in', 'api', 'Kasir Toko'],
      ['whatsapp', 'opted_in', 'ui', ADMIN.email],
    ]);
    const times = items.map((h) => Date.parse(h.at));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    expect((await (await t.api(`/api/v1/contacts/${id}`)).json()).consent.whatsapp).toMatchObject({ status: 'opted_out', source: 'inbound:STOP' });
  });

  it('writes no new row when a consent is set to the value it already has (or unknown where none was given)', async () => {
    const { id } = await create({ name: 'Dewi', consent: { whatsapp: 'opted_in', email: 'unknown' } });
    expect(await history(id)).toHaveLength(1);
    const first = (await (await t.api(`/api/v1/contacts/${id}`)).json()).consent.whatsapp;
    await t.api(`/api/v1/contacts/${id}`, { method: 'PATCH', json: { consent: { whatsapp: 'opted_in' } } });
    await (await apiKeyClient(t, ['contacts:write'])).api(`/api/v1/contacts/${id}`, { method: 'PATCH', json: { consent: { whatsapp: 'opted_in', email: 'unknown' } } });
    expect(await history(id)).toHaveLength(1);
    // The consent keeps its source and time: nothing changed.
    expect((await (await t.api(`/api/v1/contacts/${id}`)).json()).consent.whatsapp).toEqual(first);
    await t.api(`/api/v1/contacts/${id}`, { method: 'PATCH', json: { consent: { whatsapp: 'unknown' } } });
    expect((await history(id)).map((h) => h.status)).toEqual(['unknown', 'opted_in']);
  });

  it('is readable by agents, 404 for another workspace, and a 4xx problem for bad ids', async () => {
    const { id } = await create({ name: 'Joko', consent: { whatsapp: 'opted_in' } });
    expect((await agent.api(`/api/v1/contacts/${id}/consent-history`)).status).toBe(200);
    expect((await other(`/api/v1/contacts/${id}/consent-history`)).status).toBe(404);
    for (const bad of ['not-a-uuid', '%00', '%ED%A0%80', '00000000-0000-4000-8000-000000000000']) {
      const res = await t.api(`/api/v1/contacts/${bad}/consent-history`);
      expect(res.status, bad).toBeGreaterThanOrEqual(400);
      expect(res.status, bad).toBeLessThan(500);
      expect(res.headers.get('content-type'), bad).toContain('application/problem+json');
    }
  });
});

describe('tags', () => {
  it('lists the tags in use with their counts, most used first, for this workspace only', async () => {
    await create({ name: 'A', tags: ['pelanggan-setia', 'jakarta'] });
    await create({ name: 'B', tags: ['pelanggan-setia'] });
    await create({ name: 'C', tags: ['pelanggan-setia', 'bandung'] });
    await other('/api/v1/contacts', { method: 'POST', json: { name: 'Lain', tags: ['rahasia-sebelah'] } });
    const res = await agent.api('/api/v1/contacts/tags');
    expect(res.status).toBe(200);
    const { tags } = (await res.json()) as { tags: { tag: string; count: number }[] };
    expect(tags.slice(0, 3)).toEqual([{ tag: 'pelanggan-setia', count: 3 }, { tag: 'bandung', count: 1 }, { tag: 'jakarta', count: 1 }]);
    expect(tags.map((x) => x.tag)).not.toContain('rahasia-sebelah');
    expect((await (await t.api('/api/v1/contacts/tags?limit=1')).json()).tags).toEqual([{ tag: 'pelanggan-setia', count: 3 }]);
    for (const q of ['limit=0', 'limit=501', 'limit=1e400', 'limit=%00', 'limit=abc']) {
      const bad = await t.api(`/api/v1/contacts/tags?${q}`);
      expect(bad.status, q).toBe(400);
    }
  });

  it('agents change tags but nothing else; the tag edit keeps the other fields', async () => {
    const { id } = await create({ name: 'Tari', phone: '0812-6600-9999', tags: ['baru'] });
    const ok = await agent.api(`/api/v1/contacts/${id}`, { method: 'PATCH', json: { tags: ['baru', 'vip'] } });
    expect(ok.status, await ok.clone().text()).toBe(200);
    expect(await ok.json()).toMatchObject({ name: 'Tari', phone: '+6281266009999', tags: ['baru', 'vip'] });
    for (const json of [{ name: 'Diubah' }, { tags: ['x'], consent: { whatsapp: 'opted_out' } }, { phone: '0812-1' }]) {
      const res = await agent.api(`/api/v1/contacts/${id}`, { method: 'PATCH', json });
      expect(res.status, JSON.stringify(json)).toBe(403);
      expect((await res.json()).code).toBe('auth.forbidden');
    }
    expect(await (await t.api(`/api/v1/contacts/${id}`)).json()).toMatchObject({ name: 'Tari', tags: ['baru', 'vip'] });
    expect((await agent.api(`/api/v1/contacts/${id}`, { method: 'PATCH', json: { tags: ['a\u0000b'] } })).status).toBe(400);
    expect((await agent.api(`/api/v1/contacts/${id}`, { method: 'PATCH', json: { tags: ['\uD800'] } })).status).toBe(400);
  });
});
