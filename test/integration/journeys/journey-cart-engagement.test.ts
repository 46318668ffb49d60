/**
 * Two journey moves over HTTP on the real runtime and the store under test, the runner driven on a
 * simulated clock (its own loop is off, SAPA_JOURNEY_INTERVAL_MS=0):
 *   1. a cart.abandoned event posted with its items makes the recipe's reminder name the products
 *      (and a cart event without items fails its reminder with missing_value, never a hole); the
 *      cart is stored with the event, never as an order (no RFM, no attribution, no unpaid order);
 *   2. a branch on engagement: two contacts get a WhatsApp reminder through the fake Cloud API; one
 *      is marked read by Meta's status webhook, the other only delivered; a day later the reader
 *      leaves, the other gets the email — the branch read what the webhook recorded.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { advanceDueRuns } from '../../../src/app/journey-runner.js';
import { startFakeWhatsApp, type FakeWhatsApp } from '../../support/fake-whatsapp/server.js';
import { eventually, marketingAtAnyHour, startTestApp, type TestApp } from '../../support/test-app.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const HOUR = 3_600_000;
let wa: FakeWhatsApp;
let t: TestApp;
let now = new Date();
const later = (ms: number) => { now = new Date(now.getTime() + ms); };
const move = () => advanceDueRuns({ store: t.rt.deps.store, clock: { now: () => now } }, 50);

async function ok(res: Response, status = 200): Promise<Json> {
  const body = await res.text();
  if (res.status !== status) throw new Error(`expected ${status}, got ${res.status}: ${body}`);
  return body ? JSON.parse(body) as Json : {};
}
const post = (path: string, json: unknown) => t.api(path, { method: 'POST', json });
const sql = async (text: string, values: unknown[] = []) => (await t.rt.db.executeSql(text, values)).rows as Json[];
const contactOf = async (externalId: string) => String((await sql(`select id from contacts where external_id = $1`, [externalId]))[0]!.id);

beforeAll(async () => {
  wa = await startFakeWhatsApp();
  t = await startTestApp({ whatsapp: wa, env: { SAPA_JOURNEY_INTERVAL_MS: '0' } });
  await marketingAtAnyHour(t);
}, 60_000);
afterAll(async () => {
  await t?.close();
  await wa?.close();
});

describe('a cart event names its products', () => {
  it('renders the recipe reminder with the cart items, fails one without items, and stores no order', async () => {
    const cart = await ok(await post('/api/v1/journeys/recipes', { recipe: 'cart_abandonment' }), 201);
    await ok(await post(`/api/v1/journeys/${cart.id}/activate`, {}));
    await ok(await post('/api/v1/events', {
      id: 'jce-cart-1', type: 'cart.abandoned',
      contact: { externalId: 'JCE-1', name: 'Budi Santoso', phone: '0812-7000-0001' },
      order: { number: 'CART-77', items: [{ name: 'Kopi Arabika', quantity: 2, price: 50_000 }, { name: 'Teh Melati', quantity: 1, price: 30_000 }], total: 130_000, currency: 'IDR' },
    }), 202);
    await ok(await post('/api/v1/events', { id: 'jce-cart-2', type: 'cart.abandoned', contact: { externalId: 'JCE-2', name: 'Sari', phone: '0812-7000-0002' } }), 202);

    // The cart is the event's, not an order: nothing for RFM, attribution, or "has an unpaid order".
    expect(await sql(`select count(*)::int as n from orders`)).toEqual([{ n: 0 }]);
    expect(await sql(`select type, order_id, payload -> 'order' -> 'items' -> 0 ->> 'name' as first_item from events where type = 'cart.abandoned' order by received_at, id`))
      .toEqual(expect.arrayContaining([{ type: 'cart.abandoned', order_id: null, first_item: 'Kopi Arabika' }, { type: 'cart.abandoned', order_id: null, first_item: null }]));

    now = new Date();
    expect(await move()).toBe(2); // both wait an hour
    later(HOUR);
    expect(await move()).toBe(2); // the first reminders
    const budi = await contactOf('JCE-1');
    const sari = await contactOf('JCE-2');
    const msgs = await sql(`select contact_id, journey_step_id, status, failure_reason, body from messages where journey_id = $1 order by created_at`, [cart.id]);
    expect(msgs.find((m) => m.contact_id === budi)).toEqual({
      contact_id: budi, journey_step_id: 'reminder-1', status: 'queued', failure_reason: null,
      body: 'Halo Budi Santoso, Kopi Arabika dan Teh Melati masih menunggu di keranjangmu. Yuk selesaikan pesananmu sebelum kehabisan!',
    });
    expect(msgs.find((m) => m.contact_id === sari)).toEqual({
      contact_id: sari, journey_step_id: 'reminder-1', status: 'failed', failure_reason: 'missing_value: productname (order.items)', body: '',
    });
    // The API's message view says the same.
    const list = await ok(await t.api(`/api/v1/messages?contactId=${budi}`));
    expect(list.items.map((m: Json) => m.body)).toContain('Halo Budi Santoso, Kopi Arabika dan Teh Melati masih menunggu di keranjangmu. Yuk selesaikan pesananmu sebelum kehabisan!');
    // Still no order after the journey moved, and the contact has no unpaid order or RFM from the cart.
    expect(await sql(`select count(*)::int as n from orders`)).toEqual([{ n: 0 }]);
    await ok(await post(`/api/v1/journeys/${cart.id}/pause`, {}));
  });
});

describe('a branch on engagement with an earlier send step', () => {
  it('sends the email only to the contact who did not read the WhatsApp reminder', async () => {
    const tpl = await ok(await post('/api/v1/templates', {
      code: 'JCE Pengingat', message: 'Halo {contactname}, {productname} masih di keranjangmu.', subject: 'Keranjangmu masih menunggu', category: 'marketing',
    }), 201);
    const steps = (stepId: string) => [
      { id: 'wa', kind: 'send', templateId: tpl.id, channels: ['whatsapp'], next: 'wait' },
      { id: 'wait', kind: 'wait', wait: { minutes: 24 * 60 }, next: 'seen' },
      { id: 'seen', kind: 'branch', condition: { kind: 'message_engaged', stepId, engagement: 'read' }, yes: 'thanks', no: 'mail' },
      { id: 'mail', kind: 'send', templateId: tpl.id, channels: ['email'], next: null },
      { id: 'thanks', kind: 'exit' },
    ];
    const definition = (stepId: string) => ({ trigger: { kind: 'event', eventType: 'cart.abandoned' }, steps: steps(stepId), exit: { eventTypes: ['order.created'], onOptOut: true }, allowReentry: false });

    // Validation first: the branch must name a send step that comes before it.
    const bad = await post('/api/v1/journeys', { name: 'Salah', definition: definition('wait') });
    expect(bad.status).toBe(422);
    expect(bad.headers.get('content-type')).toContain('application/problem+json');
    expect(((await bad.json()) as Json).errors.map((e: Json) => `${e.reason}@${e.field}`)).toEqual(['journey.engagement_step_invalid@steps.seen.condition.stepId']);
    const hostile = await post('/api/v1/journeys', { name: 'Salah', definition: { ...definition('wa'), steps: steps('wa').map((s) => (s.id === 'seen' ? { ...s, condition: { kind: 'message_engaged', stepId: 'wa', engagement: 'opened' } } : s)) } });
    expect(hostile.status).toBe(400);
    expect(hostile.headers.get('content-type')).toContain('application/problem+json');

    const j = await ok(await post('/api/v1/journeys', { name: 'Baca atau email', definition: definition('wa') }), 201);
    await ok(await post(`/api/v1/journeys/${j.id}/activate`, {}));
    const items = [{ name: 'Sepatu Lari', quantity: 1, price: 450_000 }];
    for (const k of ['reader', 'ignorer']) {
      await ok(await post('/api/v1/events', {
        id: `jce-eng-${k}`, type: 'cart.abandoned', contact: { externalId: `JCE-${k}`, name: `Pelanggan ${k}`, phone: k === 'reader' ? '0812-7100-0001' : '0812-7100-0002', email: `${k}@toko.test` },
        order: { number: `CART-${k}`, items, currency: 'IDR' },
      }), 202);
    }
    const reader = await contactOf('JCE-reader');
    const ignorer = await contactOf('JCE-ignorer');

    now = new Date();
    expect(await move()).toBe(2); // the WhatsApp reminder to both, then they wait a day
    const sent = await eventually(async () => {
      const rows = await sql(`select contact_id, provider_message_id, status from messages where journey_id = $1 and journey_step_id = 'wa'`, [j.id]);
      return rows.length === 2 && rows.every((r) => r.status === 'sent' && r.provider_message_id) ? rows : undefined;
    }, 30_000, 'both WhatsApp reminders sent');
    const wamid = (contactId: string) => String(sent.find((r) => r.contact_id === contactId)!.provider_message_id);

    // Meta reports: the reader's message delivered then read; the other's delivered only.
    const hook = `${t.url}/webhooks/whatsapp`;
    expect((await wa.postWebhook(hook, wa.statusWebhook({ wamid: wamid(reader), status: 'delivered' }))).status).toBe(200);
    expect((await wa.postWebhook(hook, wa.statusWebhook({ wamid: wamid(reader), status: 'read' }))).status).toBe(200);
    expect((await wa.postWebhook(hook, wa.statusWebhook({ wamid: wamid(ignorer), status: 'delivered' }))).status).toBe(200);
    await eventually(async () => {
      const rows = await sql(`select contact_id, status from messages where journey_id = $1 and journey_step_id = 'wa' order by contact_id`, [j.id]);
      const by = new Map(rows.map((r) => [String(r.contact_id), String(r.status)]));
      return by.get(reader) === 'read' && by.get(ignorer) === 'delivered' ? true : undefined;
    }, 10_000, 'statuses recorded');

    later(24 * HOUR - 60_000);
    expect(await move()).toBe(0); // not a day yet
    later(60_000);
    expect(await move()).toBe(2);
    const mails = await sql(`select contact_id, channel, body from messages where journey_id = $1 and journey_step_id = 'mail'`, [j.id]);
    expect(mails).toEqual([{ contact_id: ignorer, channel: 'email', body: 'Halo Pelanggan ignorer, Sepatu Lari masih di keranjangmu.' }]);
    const runs = await sql(`select contact_id, status, end_reason, position from journey_runs where journey_id = $1`, [j.id]);
    expect(runs.find((r) => r.contact_id === reader)).toMatchObject({ status: 'finished', end_reason: 'exit_step', position: 'thanks' });
    expect(runs.find((r) => r.contact_id === ignorer)).toMatchObject({ status: 'finished', end_reason: 'completed' });
  });
});
