// UU PDP: GET /api/v1/contacts/:id/export answers everything held about a contact as a JSON file;
// DELETE /api/v1/contacts/:id erases the contact, keeping message rows and statuses (counts stay
// right) without the text or address. Owners and admins only; both audited; scoped to the workspace.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeWhatsApp, type FakeWhatsApp } from '../../support/fake-whatsapp/server.js';
import { addMember, apiKeyClient } from '../../support/team.js';
import { ADMIN, eventually, startTestApp, type TestApp } from '../../support/test-app.js';

let wa: FakeWhatsApp;
let t: TestApp;
let other: TestApp['api'];
let agent: TestApp['api'];
let admin: TestApp['api'];
let seq = 0;

const THANKS = 'Halo {contactname}, Terima kasih telah membeli {productname}. Kode penjualan Anda adalah {documentnumber}.';

beforeAll(async () => {
  wa = await startFakeWhatsApp();
  t = await startTestApp({ whatsapp: wa });
  const tpl = async (code: string, message: string) => (await (await t.api('/api/v1/templates', { method: 'POST', json: { code, message } })).json()).id as string;
  const auto = async (trigger: string, templateId: string, extra: Record<string, unknown> = {}) => {
    const res = await t.api('/api/v1/automations', { method: 'POST', json: { name: `${trigger} auto`, trigger, templateId, ...extra } });
    if (res.status !== 201) throw new Error(await res.text());
  };
  await auto('order.created', await tpl('Terima Kasih', THANKS));
  // A day later: still queued when the contact is erased.
  await auto('order.received', await tpl('Diterima', 'Pesanan {documentnumber} sudah diterima, {contactname}.'), { delayMinutes: 60 * 24 });
  agent = (await addMember(t, 'agent')).api;
  admin = (await addMember(t, 'admin')).api;
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

interface Customer { contactId: string; phone: string; e164: string; order: string; sentId: string }

/** A customer with an order of two items, its sent thank-you message and an inbound "Halo". */
async function customer(name: string): Promise<Customer> {
  seq++;
  const digits = `81270${String(10000 + seq).slice(-5)}`;
  const order = `SO-PDP-${seq}`;
  const res = await t.api('/api/v1/events', {
    method: 'POST',
    json: {
      id: `pdp-${seq}`, type: 'order.created', occurredAt: '2026-11-20T09:00:00+07:00',
      contact: { externalId: `PDP-${seq}`, name, phone: `0${digits}`, email: `${name.toLowerCase()}@contoh.test` },
      order: { number: order, items: [{ name: 'Kopi Arabika', quantity: 2, price: 50000 }, { name: 'Teh Melati', quantity: 1, price: 20000 }], total: 120000, currency: 'IDR' },
      user: { name: 'Sari' },
    },
  });
  expect(res.status, await res.clone().text()).toBe(202);
  const body = (await res.json()) as { contactId: string; messages: { id: string }[] };
  const sentId = body.messages[0]!.id;
  await eventually(async () => ((await (await t.api(`/api/v1/messages/${sentId}`)).json()).status === 'sent' ? true : undefined), 10_000, 'message sent');
  const hook = await wa.postWebhook(`${t.url}/webhooks/whatsapp`, wa.inboundWebhook({ from: `62${digits}`, text: `Halo, ini ${name}`, timestamp: 1_795_000_000 }));
  expect(hook.status).toBe(200);
  return { contactId: body.contactId, phone: `0${digits}`, e164: `+62${digits}`, order, sentId };
}

async function rows(sql: string, params: unknown[]): Promise<Record<string, unknown>[]> {
  return (await t.rt.db.executeSql(sql, params)).rows;
}

async function latestAudit(action: string) {
  const { items } = (await (await t.api(`/api/v1/audit?action=${action}&limit=1`)).json()) as { items: { actor: string; targetType: string; targetId: string; detail: Record<string, unknown> }[] };
  return items[0];
}

describe('personal-data export', () => {
  it('answers the contact, its consent with history, orders with items, messages with status history and inbound messages as a download', async () => {
    const c = await customer('Rina');
    await t.api(`/api/v1/contacts/${c.contactId}`, { method: 'PATCH', json: { consent: { whatsapp: 'opted_in' }, tags: ['vip'] } });
    const key = await apiKeyClient(t, ['contacts:write']);
    await key.api(`/api/v1/contacts/${c.contactId}`, { method: 'PATCH', json: { consent: { email: 'opted_out' } } });

    const res = await admin(`/api/v1/contacts/${c.contactId}/export`);
    expect(res.status, await res.clone().text()).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/json');
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="kontak-${c.contactId}.json"`);
    const data = await res.json();

    expect(Object.keys(data).sort()).toEqual(['consent', 'contact', 'exportedAt', 'inboundMessages', 'insights', 'messages', 'orders']);
    // Its only order is not paid: nothing derived from orders yet (test/integration/insights covers a customer's).
    expect(data.insights).toEqual({ rfm: null, value: null });
    expect(data.contact).toMatchObject({
      id: c.contactId, externalId: `PDP-${seq}`, name: 'Rina', phone: c.e164, email: 'rina@contoh.test', tags: ['vip'], customFields: {},
    });
    expect(data.contact.whatsappLastInboundAt).toBe(new Date(1_795_000_000_000).toISOString());
    expect(data.consent.current).toMatchObject({ whatsapp: { status: 'opted_in', source: 'ui' }, email: { status: 'opted_out', source: 'api' } });
    expect(data.consent.history.map((h: Record<string, unknown>) => [h.channel, h.status, h.source, h.actor])).toEqual([
      ['email', 'opted_out', 'api', 'kunci contacts:write'],
      ['whatsapp', 'opted_in', 'ui', ADMIN.email],
    ]);
    expect(data.orders).toEqual([{
      number: c.order, invoiceNumber: null, trackingNumber: null, status: 'order.created', total: 120000, currency: 'IDR', handledBy: 'Sari',
      occurredAt: '2026-11-20T02:00:00.000Z', paidAt: null,
      items: [{ name: 'Kopi Arabika', quantity: 2, price: 50000 }, { name: 'Teh Melati', quantity: 1, price: 20000 }],
    }]);
    expect(data.messages).toHaveLength(1);
    expect(data.messages[0]).toMatchObject({
      id: c.sentId, channel: 'whatsapp', category: 'utility', recipient: c.e164, status: 'sent', failureReason: null,
      body: `Halo Rina, Terima kasih telah membeli Kopi Arabika dan Teh Melati. Kode penjualan Anda adalah ${c.order}.`,
    });
    expect(data.messages[0].history.map((h: { status: string }) => h.status)).toEqual(['queued', 'sending', 'sent']);
    expect(data.messages[0].sentAt).not.toBeNull();
    expect(data.inboundMessages).toEqual([{ channel: 'whatsapp', from: c.e164, text: 'Halo, ini Rina', receivedAt: new Date(1_795_000_000_000).toISOString() }]);

    const entry = await latestAudit('contact.exported');
    expect(entry).toMatchObject({ targetType: 'contact', targetId: c.contactId, detail: {} });
  });

  it("is for owners and admins (and admin keys) only, and answers 404 for another workspace's or an unknown contact", async () => {
    const c = await customer('Dewi');
    expect((await agent(`/api/v1/contacts/${c.contactId}/export`)).status).toBe(403);
    expect((await (await apiKeyClient(t, ['contacts:write'])).api(`/api/v1/contacts/${c.contactId}/export`)).status).toBe(403);
    expect((await (await apiKeyClient(t, ['admin'])).api(`/api/v1/contacts/${c.contactId}/export`)).status).toBe(200);
    const theirs = await other(`/api/v1/contacts/${c.contactId}/export`);
    expect(theirs.status).toBe(404);
    expect(theirs.headers.get('content-type')).toContain('application/problem+json');
    expect((await t.api('/api/v1/contacts/00000000-0000-4000-8000-000000000000/export')).status).toBe(404);
    for (const bad of ['not-a-uuid', '%00', '%ED%A0%80', '9'.repeat(400)]) {
      const res = await t.api(`/api/v1/contacts/${bad}/export`);
      expect(res.status, bad).toBeGreaterThanOrEqual(400);
      expect(res.status, bad).toBeLessThan(500);
    }
  });
});

describe('erasure', () => {
  it('redacts the messages but keeps their rows and statuses, fails what is queued, and removes the contact, its orders and consent', async () => {
    // A webhook subscriber heard of the contact (written directly: the webhook API has its own tests).
    await rows(`insert into webhook_subscriptions (workspace_id, url, events, secret)
      select id, 'https://hooks.toko.test/sapa', '{contact.created,contact.updated,message.sent}', 'sealed' from workspaces order by created_at limit 1`, []);
    const c = await customer('Budi');
    expect(JSON.stringify(await rows(`select json_agg(w.body) as b from webhook_events w`, []))).toContain('Budi');
    await t.api(`/api/v1/contacts/${c.contactId}`, { method: 'PATCH', json: { consent: { whatsapp: 'opted_in' } } });
    const later = await t.api('/api/v1/events', { method: 'POST', json: { id: `pdp-recv-${seq}`, type: 'order.received', contact: { externalId: `PDP-${seq}` }, order: { number: c.order } } });
    expect(later.status).toBe(202);
    const queuedId = ((await later.json()) as { messages: { id: string; status: string }[] }).messages[0]!.id;
    expect((await (await t.api(`/api/v1/messages/${queuedId}`)).json()).status).toBe('queued');
    const before = await rows('select count(*)::int as n from messages where workspace_id = (select workspace_id from contacts where id = $1)', [c.contactId]);

    const res = await admin(`/api/v1/contacts/${c.contactId}`, { method: 'DELETE' });
    expect(res.status).toBe(204);

    expect((await t.api(`/api/v1/contacts/${c.contactId}`)).status).toBe(404);
    const after = await rows('select count(*)::int as n from messages where workspace_id = (select id from workspaces order by created_at limit 1)', []);
    expect(after[0]!.n).toBe(before[0]!.n);
    const msgs = await rows('select id, status, failure_reason, body, content, recipient, failure_detail, contact_id from messages where id = any($1::uuid[]) order by created_at', [[c.sentId, queuedId]]);
    expect(msgs.map((m) => [m.id, m.status, m.failure_reason])).toEqual([[c.sentId, 'sent', null], [queuedId, 'failed', 'contact_deleted']]);
    for (const m of msgs) {
      expect(m).toMatchObject({ body: '[dihapus]', recipient: null, failure_detail: null, contact_id: null });
      expect(typeof m.content === 'string' ? JSON.parse(m.content) : m.content).toEqual({ channel: 'whatsapp', params: [], template: null });
    }
    // The log still counts them, without the text.
    const listed = await (await t.api(`/api/v1/messages/${c.sentId}`)).json();
    expect(listed).toMatchObject({ status: 'sent', body: '[dihapus]', recipient: null });
    expect(listed.history.map((h: { status: string }) => h.status)).toEqual(['queued', 'sending', 'sent']);

    const inbound = await rows('select "from", text, payload from inbound_messages where workspace_id = (select id from workspaces order by created_at limit 1) and text like $1', ['%Budi%']);
    expect(inbound).toEqual([]);
    const everything = JSON.stringify(await rows(`select (select json_agg(i) from inbound_messages i) as i, (select json_agg(e.payload) from events e) as e,
      (select json_agg(m.body) from messages m) as m, (select json_agg(s) from sandbox_outbox s) as s,
      (select json_agg(w.body) from webhook_events w) as w`, []));
    for (const trace of ['Budi', c.e164, c.e164.slice(1), 'budi@contoh.test']) expect(everything, trace).not.toContain(trace);
    expect(await rows('select 1 from orders where number = $1', [c.order])).toEqual([]);
    expect(await rows('select 1 from consent_events where contact_id = $1', [c.contactId])).toEqual([]);
    expect(await rows('select 1 from contact_consents where contact_id = $1', [c.contactId])).toEqual([]);

    const entry = await latestAudit('contact.erased');
    expect(entry).toMatchObject({ targetType: 'contact', targetId: c.contactId, detail: { messages: 2, inbound: 1 } });
    expect(JSON.stringify(entry)).not.toContain('Budi');
  });

  it('never sends a queued message of an erased contact, even when its time comes', async () => {
    const c = await customer('Joko');
    const later = await t.api('/api/v1/events', { method: 'POST', json: { id: `pdp-recv-${seq}`, type: 'order.received', contact: { externalId: `PDP-${seq}` }, order: { number: c.order } } });
    const queuedId = ((await later.json()) as { messages: { id: string }[] }).messages[0]!.id;
    expect((await t.api(`/api/v1/contacts/${c.contactId}`, { method: 'DELETE' })).status).toBe(204);

    // Its time comes (simulated: due now, its job delivered now), then a sentinel goes through the same queue.
    await t.rt.db.executeSql(`update messages set scheduled_at = now() - interval '1 second' where id = $1`, [queuedId]);
    await t.rt.deps.queue.send([{ messageIds: [queuedId], priority: 10 }]);
    const sentinel = await customer('Sentinel');
    expect(sentinel.sentId).not.toBe(queuedId);

    const m = await (await t.api(`/api/v1/messages/${queuedId}`)).json();
    expect(m).toMatchObject({ status: 'failed', failure: { code: 'contact_deleted' } });
    expect(m.history.map((h: { status: string }) => h.status)).toEqual(['queued', 'failed']);
    const toJoko = wa.sent().filter((r) => JSON.stringify(r.body).includes(c.e164.slice(1)));
    expect(toJoko).toHaveLength(1);
  });

  it('is refused to agents and contacts:write keys, and answers 404 for another workspace, an unknown or an already erased contact', async () => {
    const c = await customer('Sari');
    for (const [who, api] of [['agent', agent], ['contacts:write key', (await apiKeyClient(t, ['contacts:write'])).api]] as const) {
      const res = await api(`/api/v1/contacts/${c.contactId}`, { method: 'DELETE' });
      expect(res.status, who).toBe(403);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
    }
    const theirs = await other(`/api/v1/contacts/${c.contactId}`, { method: 'DELETE' });
    expect(theirs.status).toBe(404);
    expect((await t.api(`/api/v1/contacts/${c.contactId}`)).status).toBe(200);
    expect((await (await t.api(`/api/v1/messages/${c.sentId}`)).json()).body).toContain('Sari');

    expect((await t.api(`/api/v1/contacts/${c.contactId}`, { method: 'DELETE' })).status).toBe(204);
    expect((await t.api(`/api/v1/contacts/${c.contactId}`, { method: 'DELETE' })).status).toBe(404);
    expect((await t.api(`/api/v1/contacts/${c.contactId}/export`)).status).toBe(404);
    for (const bad of ['not-a-uuid', '%00', '%ED%A0%80', '1e999']) {
      const res = await t.api(`/api/v1/contacts/${bad}`, { method: 'DELETE' });
      expect(res.status, bad).toBeGreaterThanOrEqual(400);
      expect(res.status, bad).toBeLessThan(500);
      expect(res.headers.get('content-type'), bad).toContain('application/problem+json');
    }
  });
});
