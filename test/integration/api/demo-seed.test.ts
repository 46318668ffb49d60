// The demo cannot hurt: its automations start off (and the web app's banner can tell), its
// templates go out for every trigger they are attached to even when the event lacks a user or a
// name, a real WhatsApp number means no demo at all (environment or a number saved for the
// workspace), and the README's sample event lands on a new contact, never on the demo's Budi.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../../src/app/seed-demo.js';
import { startFakeWhatsApp, type FakeWhatsApp } from '../../support/fake-whatsapp/server.js';
import { eventually, startTestApp, type TestApp } from '../../support/test-app.js';

type Item = { id: string; name: string; enabled: boolean };
type Contact = { id: string; name: string; externalId: string | null; phone: string | null };

describe('the demo workspace', () => {
  let t: TestApp;
  beforeAll(async () => { t = await startTestApp({ seedDemo: true }); });
  afterAll(async () => { await t?.close(); });

  it('starts with every automation switched off, and says which are the demo’s', async () => {
    const all = (await (await t.api('/api/v1/automations')).json()) as { items: Item[] };
    expect(all.items).toHaveLength(4);
    expect(all.items.every((a) => !a.enabled)).toBe(true);
    const demo = (await (await t.api('/api/v1/automations/demo')).json()) as { items: Item[] };
    expect(demo.items.map((a) => a.name).sort()).toEqual(['Info pengiriman', 'Konfirmasi pembayaran', 'Konfirmasi pesanan', 'Sapa pelanggan baru']);
  });

  it('sends nothing for an event while its automations are off', async () => {
    const res = await t.api('/api/v1/events', { method: 'POST', json: { id: 'demo-off-1', type: 'contact.created', contact: { externalId: 'X-1', phone: '0813-5555-0001' } } });
    expect(res.status).toBe(202);
    expect(((await res.json()) as { messages: unknown[] }).messages).toEqual([]);
  });

  it('keeps the README’s sample event off the demo’s contacts', async () => {
    const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
    const sample = /curl -X POST http:\/\/localhost:3000\/api\/v1\/events[\s\S]*?-d '([\s\S]*?)'\n/.exec(readme);
    expect(sample).not.toBeNull();
    const before = (await (await t.api('/api/v1/contacts?limit=200')).json()) as { items: Contact[] };
    const budi = before.items.find((c) => c.name === 'Budi Santoso')!;
    expect(budi.externalId).toBe('DEMO-1');
    const res = await t.api('/api/v1/events', { method: 'POST', body: sample![1]!, headers: { 'content-type': 'application/json' } });
    expect(res.status).toBe(202);
    const { contactId } = (await res.json()) as { contactId: string };
    expect(before.items.map((c) => c.id)).not.toContain(contactId);
    const after = (await (await t.api(`/api/v1/contacts/${budi.id}`)).json()) as Contact;
    expect(after).toMatchObject({ name: 'Budi Santoso', externalId: 'DEMO-1', phone: '+6281234567890' });
  });

  it('turned on, each demo template goes out for its trigger without a user or a name', async () => {
    const demo = (await (await t.api('/api/v1/automations/demo')).json()) as { items: Item[] };
    for (const a of demo.items) {
      expect((await t.api(`/api/v1/automations/${a.id}`, { method: 'PATCH', json: { enabled: true } })).status).toBe(200);
    }
    const events = [
      { id: 'demo-on-1', type: 'contact.created', contact: { externalId: 'X-2', phone: '0813-5555-0002' } },
      { id: 'demo-on-2', type: 'order.created', contact: { externalId: 'X-2' }, order: { number: 'SO-9001', items: [{ name: 'Teh Melati', quantity: 1 }] } },
      { id: 'demo-on-3', type: 'order.paid', contact: { externalId: 'X-2' }, order: { number: 'SO-9001', invoiceNumber: 'INV-9001' } },
      { id: 'demo-on-4', type: 'order.delivery', contact: { externalId: 'X-2' }, order: { number: 'SO-9001', trackingNumber: 'JNE-9001' } },
    ];
    const bodies: string[] = [];
    for (const e of events) {
      const res = await t.api('/api/v1/events', { method: 'POST', json: e });
      expect(res.status).toBe(202);
      const { messages } = (await res.json()) as { messages: { id: string; status: string; failureReason: string | null }[] };
      expect(messages).toHaveLength(1);
      expect(messages[0]).toMatchObject({ status: 'queued', failureReason: null });
      const sent = await eventually(async () => {
        const m = (await (await t.api(`/api/v1/messages/${messages[0]!.id}`)).json()) as { status: string; body: string };
        return m.status === 'sent' ? m : undefined;
      }, 15_000, `${e.type} sent`);
      bodies.push(sent.body);
    }
    expect(bodies[0]).toBe('Halo Kak, selamat datang! Saya tim Toko Demo Sapa, siap membantu kebutuhan belanja Anda.');
    expect(bodies[2]).toBe('Halo Kak, pembayaran untuk invoice INV-9001 sudah kami terima. Terima kasih! — Toko Demo Sapa');
  });
});

describe('with a real WhatsApp number', () => {
  let wa: FakeWhatsApp;
  let t: TestApp;
  beforeAll(async () => {
    wa = await startFakeWhatsApp();
    t = await startTestApp({ seedDemo: true, whatsapp: wa });
  });
  afterAll(async () => {
    await t?.close();
    await wa?.close();
  });

  it('configured in the environment, there is no demo at all', async () => {
    expect(((await (await t.api('/api/v1/templates')).json()) as { items: unknown[] }).items).toEqual([]);
    expect(((await (await t.api('/api/v1/automations')).json()) as { items: unknown[] }).items).toEqual([]);
    expect(((await (await t.api('/api/v1/contacts')).json()) as { items: unknown[] }).items).toEqual([]);
    expect(((await (await t.api('/api/v1/automations/demo')).json()) as { items: unknown[] }).items).toEqual([]);
    expect(wa.requests).toEqual([]);
  });

  it('saved for the workspace, the demo is not seeded either', async () => {
    const store = t.rt.deps.store;
    const ws = await store.workspaces.create({ name: 'Toko Nyata' });
    const saved = await store.channelAccounts.upsert(ws.id, { channel: 'whatsapp', senderKey: 'pn-real-1', settings: {}, secrets: 'sealed', ratePerSecond: null }, new Date());
    expect(saved).not.toBe('sender_taken');
    expect(await seedDemo(t.rt.deps, ws.id, { realChannel: false })).toBe('real_channel');
    expect(await store.templates.list(ws.id)).toEqual([]);
    const empty = await store.workspaces.create({ name: 'Toko Kosong' });
    expect(await seedDemo(t.rt.deps, empty.id, { realChannel: false })).toBe('seeded');
    expect((await store.automations.list(empty.id)).every((a) => !a.enabled)).toBe(true);
    expect(await seedDemo(t.rt.deps, empty.id, { realChannel: false })).toBe('not_empty');
  });
});
