// One shop's big marketing backlog must not hold up another shop's order update: order updates
// (utility) are fetched before marketing, whatever is queued.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NewMessage } from '../../../src/app/records.js';
import { startTestApp, eventually, type TestApp } from '../../support/test-app.js';

let t: TestApp;
const BACKLOG = 5000;

beforeAll(async () => {
  t = await startTestApp();
  // No quiet hours (the default frequency cap stays): the backlog meets the same rules at any hour
  // CI runs, instead of being held until 08:00 WIB at night.
  const res = await t.api('/api/v1/settings/messaging', { method: 'PUT', json: { timezone: 'Asia/Jakarta', frequencyCap: { count: 2, days: 7 }, quietHours: null } });
  expect(res.status).toBe(200);
});
// Each attempt (the timing project retries once) makes its own workspace B and event.
let attempt = 0;
afterAll(async () => {
  await t?.close();
});

describe('per-workspace fairness', () => {
  it('sends another workspace\'s order update within a second while 5,000 marketing messages wait', async () => {
    const store = t.rt.deps.store;
    const n = ++attempt;
    // Workspace B: its own owner, template and automation.
    const b = await store.workspaces.create({ name: `Toko B${n}` });
    await store.users.create({ workspaceId: b.id, email: `owner${n}@toko-b.test`, name: 'B', role: 'owner', passwordHash: await t.rt.deps.passwords.hash('rahasia-toko-b-1') });
    const login = await t.client(null)('/api/v1/auth/login', { method: 'POST', json: { email: `owner${n}@toko-b.test`, password: 'rahasia-toko-b-1' } });
    const apiB = t.client((login.headers.get('set-cookie') ?? '').split(';')[0]!);
    const tpl = await (await apiB('/api/v1/templates', { method: 'POST', json: { code: 'Pesanan B', message: 'Halo {contactname}, pesanan {documentnumber} kami terima.' } })).json();
    expect((await apiB('/api/v1/automations', { method: 'POST', json: { name: 'b', trigger: 'order.created', templateId: tpl.id } })).status).toBe(201);

    // Workspace A: a broadcast-sized backlog of marketing messages, written set-wise as a broadcast will be.
    const a = (await store.workspaces.first())!;
    const contact = await store.contacts.create(a.id, { name: 'Pelanggan A', phone: '+6281299990000' }, new Date());
    if ('conflict' in contact) throw new Error('contact clash');
    const now = new Date();
    const backlog: NewMessage[] = Array.from({ length: BACKLOG }, (_, i) => ({
      workspaceId: a.id, contactId: contact.id, channel: 'whatsapp', recipient: '+6281299990000', templateId: null, automationId: null,
      eventId: null, idempotencyKey: `test:promo:${n}:${i}`, category: 'marketing', body: `Promo ${i}`, content: { channel: 'whatsapp', params: [], template: null },
      status: 'queued', failureReason: null, scheduledAt: now, requestId: null,
    }));
    // Inside the 24-hour window, so the sandbox takes free text.
    await store.contacts.touchInbound(a.id, contact.id, now);
    await store.delivery.queue(backlog, now);

    const res = await apiB('/api/v1/events', { method: 'POST', json: {
      id: `evt-b-${n}`, type: 'order.created', contact: { externalId: 'B-1', name: 'Sari', phone: '0812-3333-0001' },
      order: { number: `SO-B-${n}`, items: [{ name: 'Kopi', quantity: 1 }] },
    } });
    expect(res.status).toBe(202);
    const accepted = await res.json();
    const sent = await eventually(async () => {
      const m = await (await apiB(`/api/v1/messages/${accepted.messages[0].id}`)).json();
      return m.status === 'sent' ? m : undefined;
    }, 30_000, 'order update sent');
    const waited = new Date(sent.sentAt).getTime() - new Date(sent.createdAt).getTime();
    const stillQueued = Number((await t.rt.db.executeSql(`select count(*) as n from messages where workspace_id = $1 and status in ('queued', 'sending')`, [a.id])).rows[0]!.n);
    // The backlog was still being worked through when B's message went out.
    expect(stillQueued).toBeGreaterThan(0);
    expect(waited, `waited ${waited} ms`).toBeLessThan(1000);
  }, 60_000);
});
