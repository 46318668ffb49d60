// A valid event is never refused because another event for the same person arrives at the same
// moment (product.md §3): concurrent events for one new contact all land, on one contact.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAutomationCache } from '../../../src/app/automation-cache.js';
import { ingestEvents, prepareEvent, type EventInput } from '../../../src/app/ingest-events.js';
import { eventually, startTestApp, type TestApp } from '../../support/test-app.js';

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp();
  const tpl = await (await t.api('/api/v1/templates', { method: 'POST', json: { code: 'Pesanan', message: 'Halo {contactname|Kak}, pesanan {documentnumber} kami terima.' } })).json();
  const res = await t.api('/api/v1/automations', { method: 'POST', json: { name: 'pesanan', trigger: 'order.created', templateId: tpl.id } });
  if (res.status !== 201) throw new Error(await res.text());
});
afterAll(async () => {
  await t?.close();
});

const count = async (sql: string, values: unknown[]) => Number((await t.rt.db.executeSql(sql, values)).rows[0]!.n);

async function postAll(bodies: unknown[]) {
  return Promise.all(bodies.map(async (body) => {
    const res = await t.api('/api/v1/events', { method: 'POST', json: body });
    return { status: res.status, body: await res.json() as { created: boolean; contactId: string; messages: { id: string; status: string }[] } };
  }));
}

describe('concurrent events for one new contact', () => {
  it('accepts 50 at once with different ids: one contact, 50 events, 50 messages, all sent', async () => {
    const answers = await postAll(Array.from({ length: 50 }, (_, i) => ({
      id: `evt-same-${i}`, type: 'order.created',
      contact: { externalId: 'C-same', name: 'Budi', phone: '0812-7777-0001' },
      order: { number: `SO-same-${i}`, items: [{ name: 'Kopi', quantity: 1 }] },
    })));
    expect(answers.map((a) => a.status)).toEqual(Array(50).fill(202));
    expect(new Set(answers.map((a) => a.body.contactId)).size).toBe(1);
    expect(answers.every((a) => a.body.created && a.body.messages.length === 1 && a.body.messages[0]!.status === 'queued')).toBe(true);
    const contactId = answers[0]!.body.contactId;
    expect(await count('select count(*) as n from contacts where phone = $1', ['+6281277770001'])).toBe(1);
    expect(await count('select count(*) as n from events where contact_id = $1', [contactId])).toBe(50);
    expect(await count('select count(*) as n from orders where contact_id = $1', [contactId])).toBe(50);
    await eventually(async () => ((await count(`select count(*) as n from messages where contact_id = $1 and status = 'sent'`, [contactId])) === 50 ? true : undefined), 20_000, '50 messages sent');
  });

  it('accepts 3 × 20 at once for phone-only contacts: three contacts', async () => {
    const phones = ['0813-1111-0001', '0813-1111-0002', '0813-1111-0003'];
    const answers = await postAll(Array.from({ length: 60 }, (_, i) => ({
      id: `evt-phone-${i}`, type: 'order.created',
      contact: { phone: phones[i % 3] },
      order: { number: `SO-phone-${i}`, items: [{ name: 'Teh', quantity: 1 }] },
    })));
    expect(answers.map((a) => a.status)).toEqual(Array(60).fill(202));
    expect(new Set(answers.map((a) => a.body.contactId)).size).toBe(3);
    for (const p of ['+6281311110001', '+6281311110002', '+6281311110003']) {
      expect(await count('select count(*) as n from contacts where phone = $1', [p])).toBe(1);
    }
    expect(await count(`select count(*) as n from events where key like 'evt-phone-%'`, [])).toBe(60);
  });

  it('answers the same id sent 20 times at once with one event and one message', async () => {
    const body = {
      id: 'evt-dup', type: 'order.created',
      contact: { externalId: 'C-dup', phone: '0812-7777-0002' },
      order: { number: 'SO-dup', items: [{ name: 'Kopi', quantity: 1 }] },
    };
    const answers = await postAll(Array.from({ length: 20 }, () => body));
    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(202));
    expect(answers.filter((a) => a.body.created)).toHaveLength(1);
    expect(new Set(answers.map((a) => a.body.messages[0]!.id)).size).toBe(1);
    expect(await count(`select count(*) as n from messages where idempotency_key like 'auto:%' and contact_id = $1`, [answers[0]!.body.contactId])).toBe(1);
  });

  it('takes an event without occurredAt as happening when it was received', async () => {
    const before = Date.now();
    const [a] = await postAll([{ id: 'evt-now', type: 'order.created', contact: { phone: '0812-7777-0003' }, order: { number: 'SO-now', items: [{ name: 'Kopi', quantity: 1 }] } }]);
    expect(a!.status).toBe(202);
    const { rows } = await t.rt.db.executeSql(`select occurred_at from events where key = 'evt-now'`, []);
    const at = new Date(rows[0]!.occurred_at as string).getTime();
    expect(at).toBeGreaterThanOrEqual(before - 1000);
    expect(at).toBeLessThanOrEqual(Date.now() + 1000);
  });

  it('keeps an externalId that clashes with another contact where it is, and still accepts the event', async () => {
    await postAll([{ id: 'evt-a', type: 'order.created', contact: { externalId: 'C-A', phone: '0812-7777-0010' }, order: { number: 'SO-a', items: [] } }]);
    await postAll([{ id: 'evt-b', type: 'order.created', contact: { externalId: 'C-B', phone: '0812-7777-0011' }, order: { number: 'SO-b', items: [] } }]);
    // C-A with C-B's phone: matched by externalId; the phone stays with C-B.
    const [a] = await postAll([{ id: 'evt-c', type: 'order.created', contact: { externalId: 'C-A', phone: '0812-7777-0011' }, order: { number: 'SO-c', items: [] } }]);
    expect(a!.status).toBe(202);
    const { rows } = await t.rt.db.executeSql(`select external_id, phone from contacts where external_id in ('C-A', 'C-B') order by external_id`, []);
    expect(rows).toEqual([{ external_id: 'C-A', phone: '+6281277770010' }, { external_id: 'C-B', phone: '+6281277770011' }]);
  });

  it('in one batch, lets a new contact take the phone a known contact gave up in an earlier event of it', async () => {
    await postAll([{ id: 'evt-give-0', type: 'order.created', contact: { externalId: 'C-GIVE', phone: '0812-7777-0020' }, order: { number: 'SO-give-0', items: [] } }]);
    const workspace = (await t.rt.deps.store.workspaces.first())!;
    const received = new Date();
    const batch: EventInput[] = [
      { id: 'evt-give-1', type: 'order.created', contact: { externalId: 'C-GIVE', phone: '0812-7777-0021' }, order: { number: 'SO-give-1', items: [{ name: 'Kopi', quantity: 1 }], currency: 'IDR' } },
      { id: 'evt-give-2', type: 'order.created', contact: { externalId: 'C-TAKE', name: 'Sari', phone: '0812-7777-0020' }, order: { number: 'SO-give-2', items: [{ name: 'Teh', quantity: 1 }], currency: 'IDR' } },
    ];
    const outcomes = await ingestEvents({ ...t.rt.deps, automations: createAutomationCache() }, workspace.id, batch.map((e) => prepareEvent(e, null, received)));
    expect(outcomes.map((o) => [o.created, o.messages.length])).toEqual([[true, 1], [true, 1]]);
    const { rows } = await t.rt.db.executeSql(`select external_id, phone from contacts where external_id in ('C-GIVE', 'C-TAKE') order by external_id`, []);
    expect(rows).toEqual([{ external_id: 'C-GIVE', phone: '+6281277770021' }, { external_id: 'C-TAKE', phone: '+6281277770020' }]);
  });

  it('in one batch, shows each event its order as of itself and stores the order merged', async () => {
    const workspace = (await t.rt.deps.store.workspaces.first())!;
    const received = new Date();
    const batch: EventInput[] = [
      { id: 'evt-merge-1', type: 'order.created', contact: { externalId: 'C-MERGE', name: 'Rina' }, order: { number: 'SO-merge', items: [{ name: 'Kopi', quantity: 2 }, { name: 'Teh', quantity: 1 }], total: 50000, currency: 'IDR' } },
      { id: 'evt-merge-2', type: 'order.paid', contact: { externalId: 'C-MERGE' }, order: { number: 'SO-merge', invoiceNumber: 'INV-9', items: [], currency: 'IDR' } },
      { id: 'evt-merge-3', type: 'order.created', contact: { externalId: 'C-MERGE' }, order: { number: 'SO-merge', items: [{ name: 'Gula Aren', quantity: 1 }], currency: 'IDR' } },
    ];
    const outcomes = await ingestEvents({ ...t.rt.deps, automations: createAutomationCache() }, workspace.id, batch.map((e) => prepareEvent(e, null, received)));
    expect(outcomes.every((o) => o.created)).toBe(true);
    const { rows: orders } = await t.rt.db.executeSql(`select invoice_number, total::text as total, status, paid_at is not null as paid from orders where number = 'SO-merge'`, []);
    expect(orders).toEqual([{ invoice_number: 'INV-9', total: '50000.00', status: 'order.created', paid: true }]);
    const { rows: items } = await t.rt.db.executeSql(`select i.name from order_items i join orders o on o.id = i.order_id where o.number = 'SO-merge' order by i.position`, []);
    expect(items).toEqual([{ name: 'Gula Aren' }]);
    // The first event's message names the items as they were then, not the batch's last list.
    const first = await t.api(`/api/v1/messages/${outcomes[0]!.messages[0]!.id}`);
    expect((await first.json()).body).toBe('Halo Rina, pesanan SO-merge kami terima.');
  });
});
