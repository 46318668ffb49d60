import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startTestApp, type TestApp } from '../../support/test-app.js';

let t: TestApp;
let other: TestApp['api'];

beforeAll(async () => {
  t = await startTestApp();
  const { store, passwords } = t.rt.deps;
  const ws = await store.workspaces.create({ name: 'Toko Lain' });
  await store.users.create({ workspaceId: ws.id, email: 'lain@toko.test', name: 'Lain', role: 'owner', passwordHash: await passwords.hash('password-lain-123') });
  const login = await t.client(null)('/api/v1/auth/login', { method: 'POST', json: { email: 'lain@toko.test', password: 'password-lain-123' } });
  other = t.client((login.headers.get('set-cookie') ?? '').split(';')[0]!);
});
afterAll(async () => { await t?.close(); });

describe('workspace isolation', () => {
  it("answers 404 for another workspace's templates, automations, contacts and messages", async () => {
    const tpl = await (await t.api('/api/v1/templates', { method: 'POST', json: { code: 'Rahasia', message: 'Halo {contactname}, pesanan {documentnumber} dibuat.' } })).json();
    const auto = await (await t.api('/api/v1/automations', { method: 'POST', json: { name: 'A', trigger: 'order.created', templateId: tpl.id } })).json();
    const ev = await (await t.api('/api/v1/events', {
      method: 'POST',
      json: { id: 'iso-1', type: 'order.created', occurredAt: '2026-11-23T09:00:00+07:00', contact: { externalId: 'C-9', name: 'Budi', phone: '0812-3456-7890' }, order: { number: 'SO-9', items: [{ name: 'Kopi', quantity: 1 }] } },
    })).json();
    const messageId = ev.messages[0].id as string;
    await eventually(async () => ((await (await t.api(`/api/v1/messages/${messageId}`)).json()).status === 'sent' ? true : undefined), 15_000, 'message sent');

    for (const path of [`/api/v1/templates/${tpl.id}`, `/api/v1/automations/${auto.id}`, `/api/v1/contacts/${ev.contactId}`, `/api/v1/messages/${messageId}`]) {
      const res = await other(path);
      expect(res.status, path).toBe(404);
      expect((await res.json()).code).toBe('not_found');
    }
    expect((await other(`/api/v1/templates/${tpl.id}`, { method: 'PATCH', json: { message: 'diambil alih' } })).status).toBe(404);
    expect((await other(`/api/v1/automations/${auto.id}`, { method: 'DELETE' })).status).toBe(404);
    expect((await other(`/api/v1/contacts/${ev.contactId}`, { method: 'DELETE' })).status).toBe(404);
    // Their own lists do not show it either, nor can they attach its template.
    expect((await (await other('/api/v1/templates')).json()).items).toEqual([]);
    expect((await (await other('/api/v1/messages')).json()).items).toEqual([]);
    expect((await (await other('/api/v1/sandbox/outbox')).json()).items).toEqual([]);
    expect((await other('/api/v1/automations', { method: 'POST', json: { name: 'x', trigger: 'order.created', templateId: tpl.id } })).status).toBe(422);
    // And the owner still sees everything intact.
    expect((await (await t.api(`/api/v1/templates/${tpl.id}`)).json()).message).toContain('{documentnumber}');
  });
});
