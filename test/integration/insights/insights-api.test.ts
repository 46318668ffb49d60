/**
 * Insights over HTTP (both stores): lifecycle stage counts, the contact's stage, stages moved by
 * a paid order event at once, flows per period as JSON and CSV, lifecycle.stage in segment rules
 * (422 for an unknown stage), the thresholds setting with its refusals, and the KPI dashboard for a
 * small hand-built data set whose figures are worked out below by hand. Hostile input answers 4xx.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dateIn } from '../../../src/app/dashboard.js';
import { startTestApp, type TestApp } from '../../support/test-app.js';

let t: TestApp;
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

async function ok(res: Response, status = 200): Promise<Json> {
  const body = await res.text();
  if (res.status !== status) throw new Error(`expected ${status}, got ${res.status}: ${body}`);
  return body ? JSON.parse(body) as Json : {};
}
const post = (path: string, json: unknown) => t.api(path, { method: 'POST', json });
const sql = async (text: string, values: unknown[] = []) => (await t.rt.db.executeSql(text, values)).rows;
let ws: string;

beforeAll(async () => {
  t = await startTestApp();
  ws = String((await sql(`select id from workspaces order by created_at limit 1`))[0]!.id);
}, 60_000);
afterAll(async () => {
  await t?.close();
});

describe('lifecycle', () => {
  let buyer: string;
  let newcomer: string;

  beforeAll(async () => {
    buyer = (await ok(await post('/api/v1/contacts', { externalId: 'LC-buyer', name: 'Bu Ani' }), 201)).id;
    newcomer = (await ok(await post('/api/v1/contacts', { externalId: 'LC-new', name: 'Pak Budi' }), 201)).id;
    // A paid order arriving as an event moves the buyer to active in the same request path.
    await ok(await post('/api/v1/events', {
      id: 'lc-paid-1', type: 'order.paid', contact: { externalId: 'LC-buyer' },
      order: { number: 'SO-LC-1', items: [{ name: 'Kopi', quantity: 1, price: 50_000 }], total: 50_000, currency: 'IDR' },
    }), 202);
  });

  it('gives each contact its stage and since, and counts every stage', async () => {
    const b = await ok(await t.api(`/api/v1/contacts/${buyer}`));
    expect(b.lifecycle.stage).toBe('active');
    const n = await ok(await t.api(`/api/v1/contacts/${newcomer}`));
    expect(n.lifecycle).toEqual({ stage: 'new', since: n.createdAt });
    const counts = await ok(await t.api('/api/v1/insights/lifecycle'));
    expect(counts.stages.map((s: Json) => s.stage)).toEqual(['new', 'active', 'dormant', 'at_risk', 'lost', 'won_back']);
    expect(counts.stages.find((s: Json) => s.stage === 'active').count).toBe(1);
    expect(counts.stages.find((s: Json) => s.stage === 'new').count).toBe(1);
  });

  it('counts flows per day and exports them as CSV', async () => {
    // The workspace's today: flows are counted in Asia/Jakarta days, a day ahead of UTC from 17:00 UTC.
    const today = dateIn(new Date(), 'Asia/Jakarta');
    const flows = await ok(await t.api(`/api/v1/insights/lifecycle/flows?from=2026-01-01&to=${today}&interval=week`));
    const total = (to: string, from: string | null) => flows.flows.filter((f: Json) => f.to === to && f.from === from).reduce((s: number, f: Json) => s + f.count, 0);
    expect(total('new', null)).toBe(2);
    expect(total('active', 'new')).toBe(1);
    const csv = await t.api(`/api/v1/insights/lifecycle/flows?from=2026-01-01&to=${today}&format=csv`);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const lines = (await csv.text()).replace(/^\uFEFF/, '').trim().split(/\r?\n/);
    expect(lines[0]).toBe('period,from_stage,to_stage,count');
    expect(lines.some((l) => /^\d{4}-\d{2}-\d{2},new,active,1$/.test(l))).toBe(true);
  });

  it('finds contacts by stage in segment rules and refuses an unknown stage', async () => {
    const preview = await ok(await post('/api/v1/segments/preview', { match: 'all', rules: [{ field: 'lifecycle.stage', op: 'eq', value: 'active' }] }));
    expect(preview.count).toBe(1);
    expect(preview.sample[0].id).toBe(buyer);
    const inList = await ok(await post('/api/v1/segments/preview', { match: 'all', rules: [{ field: 'lifecycle.stage', op: 'in', value: ['new', 'active'] }] }));
    expect(inList.count).toBe(2);
    const bad = await post('/api/v1/segments/preview', { match: 'all', rules: [{ field: 'lifecycle.stage', op: 'eq', value: 'zombie' }] });
    expect(bad.status).toBe(422);
    const gt = await post('/api/v1/segments/preview', { match: 'all', rules: [{ field: 'lifecycle.stage', op: 'gt', value: 'new' }] });
    expect(gt.status).toBe(422);
  });

  it('saves thresholds, refusing lost before at risk and out-of-range days', async () => {
    expect(await ok(await t.api('/api/v1/settings/lifecycle'))).toEqual({ dormantAfterDays: 30, atRiskAfterDays: 90, lostAfterDays: 180 });
    const refused = await t.api('/api/v1/settings/lifecycle', { method: 'PUT', json: { dormantAfterDays: 30, atRiskAfterDays: 90, lostAfterDays: 60 } });
    expect(refused.status).toBe(422);
    expect((await refused.json() as Json).errors[0]).toMatchObject({ field: 'lostAfterDays', reason: 'lifecycle.at_risk_after_lost' });
    for (const body of [
      { dormantAfterDays: 1e300, atRiskAfterDays: 90, lostAfterDays: 180 },
      { dormantAfterDays: 0, atRiskAfterDays: 90, lostAfterDays: 180 },
      { dormantAfterDays: 1.5, atRiskAfterDays: 90, lostAfterDays: 180 },
      { dormantAfterDays: '30\u0000', atRiskAfterDays: 90, lostAfterDays: 180 },
      { dormantAfterDays: 30, atRiskAfterDays: 90, lostAfterDays: 180, extra: '\ud800' },
    ]) {
      const res = await t.api('/api/v1/settings/lifecycle', { method: 'PUT', json: body });
      expect(res.status, JSON.stringify(body)).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
    }
    // One day dormant: the newcomer (made seconds ago) stays new; saved and read back.
    expect(await ok(await t.api('/api/v1/settings/lifecycle', { method: 'PUT', json: { dormantAfterDays: 1, atRiskAfterDays: 2, lostAfterDays: 3 } }))).toEqual({ dormantAfterDays: 1, atRiskAfterDays: 2, lostAfterDays: 3 });
    expect((await ok(await t.api(`/api/v1/contacts/${newcomer}`))).lifecycle.stage).toBe('new');
    await ok(await t.api('/api/v1/settings/lifecycle', { method: 'PUT', json: { dormantAfterDays: 30, atRiskAfterDays: 90, lostAfterDays: 180 } }));
  });

  it('answers another workspace\'s contact with 404 and counts only its own', async () => {
    const other = await t.rt.deps.store.workspaces.create({ name: 'Toko Lain' });
    const c = await t.rt.deps.store.contacts.create(other.id, { name: 'Orang Lain', tags: [], customFields: {} }, new Date());
    if ('conflict' in c) throw new Error('conflict');
    expect((await t.api(`/api/v1/contacts/${c.id}`)).status).toBe(404);
    const counts = await ok(await t.api('/api/v1/insights/lifecycle'));
    expect(counts.stages.reduce((s: number, x: Json) => s + x.count, 0)).toBeLessThanOrEqual(2);
  });

  it('answers hostile ranges with 4xx', async () => {
    for (const q of [
      'from=2026-02-31&to=2026-03-01', 'from=2026-03-05&to=2026-03-01', 'from=1900-01-01&to=1900-01-02', 'from=2000-01-01&to=2026-01-01',
      'from=2026-01-01%00&to=2026-01-02', 'from=%ED%A0%80&to=2026-01-02', 'to=0000-00-00', 'to=2026-13-45', 'interval=year', 'from=99999999999999999999&to=1', 'format=xml',
    ]) {
      for (const path of ['/api/v1/insights/lifecycle/flows', '/api/v1/insights/dashboard']) {
        const res = await t.api(`${path}?${q}`);
        expect(res.status, `${path}?${q}`).toBeGreaterThanOrEqual(400);
        expect(res.status, `${path}?${q}`).toBeLessThan(500);
      }
    }
    expect((await t.client(null)('/api/v1/insights/lifecycle')).status).toBe(401);
  });
});

describe('KPI dashboard on a hand-built data set', () => {
  beforeAll(async () => {
    const contact = async (name: string) => String((await sql(`insert into contacts (workspace_id, name) values ($1, $2) returning id`, [ws, name]))[0]!.id);
    const [a, b, c] = [await contact('Dash A'), await contact('Dash B'), await contact('Dash C')];
    let k = 0;
    const message = (contactId: string, channel: string, status: string, sentAt: string | null, clickedAt: string | null = null) => sql(`
      insert into messages (workspace_id, contact_id, channel, recipient, idempotency_key, category, body, content, status, scheduled_at, sent_at, clicked_at)
      values ($1, $2, $3, 'x', $4, 'marketing', 'Promo', '{"channel":"whatsapp","params":[],"template":null}', $5, coalesce($6::timestamptz, now()), $6, $7)`,
    [ws, contactId, channel, `dash:${++k}`, status, sentAt, clickedAt]);
    const order = (contactId: string, total: number, at: string) => sql(`
      insert into orders (workspace_id, contact_id, number, total, currency, status, occurred_at) values ($1, $2, $3, $4, 'IDR', 'order.created', $5)`,
    [ws, contactId, `SO-DASH-${++k}`, total, at]);
    // The workspace is in Asia/Jakarta (UTC+7): times below are UTC.
    await message(a, 'whatsapp', 'read', '2026-03-02T03:00:00Z', '2026-03-02T04:00:00Z'); // m1: day 03-02, read and clicked
    await message(b, 'whatsapp', 'delivered', '2026-03-02T05:00:00Z'); // m2: day 03-02
    await message(b, 'email', 'sent', '2026-03-03T02:00:00Z'); // m3: day 03-03
    await message(c, 'sms', 'delivered', '2026-03-03T20:00:00Z'); // m4: 03:00 on 03-04 in Jakarta
    await message(c, 'whatsapp', 'failed', null); // never sent: not counted
    await message(a, 'push', 'sent', '2026-02-20T00:00:00Z'); // before the range, and too early to credit anything
    await order(a, 200_000, '2026-03-02T06:00:00Z'); // o1: A clicked m1 two hours before → WhatsApp
    await order(b, 50_000, '2026-03-03T03:00:00Z'); // o2: B's last receipt is m3 (email) an hour before
    await order(c, 40_000, '2026-03-05T00:00:00Z'); // o3: m4 (SMS) 28 h before → SMS
    await order(c, 30_000, '2026-03-08T10:00:00Z'); // o4: m4 is 4 days 14 h before: outside 72 h, no credit
    await order(c, 80_000, '2026-03-10T00:00:00Z'); // o5: after the range
  });

  it('leads with conversions and revenue, per day and per channel, worked out by hand', async () => {
    const d = await ok(await t.api('/api/v1/insights/dashboard?from=2026-03-02&to=2026-03-08&interval=day'));
    expect(d).toMatchObject({ from: '2026-03-02', to: '2026-03-08', interval: 'day', timezone: 'Asia/Jakarta', attributionWindowHours: 72, currency: 'IDR' });
    // Sent m1–m4 = 4; delivered m1 (read), m2, m4 = 3; read 1; clicked 1; credited o1, o2, o3 = 3 orders, 290 000.
    expect(d.total).toEqual({ conversions: 3, revenue: 290_000, conversionRate: 0.75, sent: 4, delivered: 3, read: 1, clicked: 1, deliveryRate: 0.75, readRate: 0.25, clickRate: 0.25 });
    expect(Object.keys(d.total).slice(0, 2)).toEqual(['conversions', 'revenue']);
    const day = (period: string) => d.series.find((s: Json) => s.period === period);
    expect(d.series.map((s: Json) => s.period)).toEqual(['2026-03-02', '2026-03-03', '2026-03-04', '2026-03-05', '2026-03-06', '2026-03-07', '2026-03-08']);
    expect(day('2026-03-02')).toMatchObject({ sent: 2, delivered: 2, read: 1, clicked: 1, conversions: 1, revenue: 200_000 });
    expect(day('2026-03-03')).toMatchObject({ sent: 1, delivered: 0, conversions: 1, revenue: 50_000 });
    expect(day('2026-03-04')).toMatchObject({ sent: 1, delivered: 1, conversions: 0, revenue: 0 });
    expect(day('2026-03-05')).toMatchObject({ sent: 0, conversions: 1, revenue: 40_000, conversionRate: 0 });
    expect(day('2026-03-08')).toMatchObject({ sent: 0, conversions: 0, revenue: 0 });
    expect(d.byChannel.map((c: Json) => [c.channel, c.sent, c.delivered, c.read, c.clicked, c.conversions, c.revenue])).toEqual([
      ['whatsapp', 2, 2, 1, 1, 1, 200_000],
      ['email', 1, 0, 0, 0, 1, 50_000],
      ['sms', 1, 1, 0, 0, 1, 40_000],
      ['push', 0, 0, 0, 0, 0, 0],
      ['inapp', 0, 0, 0, 0, 0, 0],
    ]);
  });

  it('sums the same figures by ISO week and exports both tables as CSV', async () => {
    const w = await ok(await t.api('/api/v1/insights/dashboard?from=2026-03-02&to=2026-03-08&interval=week'));
    expect(w.series).toEqual([{ period: '2026-03-02', ...w.total }]);
    const res = await t.api('/api/v1/insights/dashboard?from=2026-03-02&to=2026-03-08&format=csv');
    const lines = (await res.text()).replace(/^\uFEFF/, '').trim().split(/\r?\n/);
    expect(lines[0]).toBe('table,period_or_channel,conversions,revenue,conversion_rate,sent,delivered,read,clicked,delivery_rate,read_rate,click_rate');
    expect(lines).toContain('period,2026-03-02,1,200000,0.5000,2,2,1,1,1.0000,0.5000,0.5000');
    expect(lines).toContain('total,2026-03-02..2026-03-08,3,290000,0.7500,4,3,1,1,0.7500,0.2500,0.2500');
    expect(lines).toContain('channel,sms,1,40000,1.0000,1,1,0,0,1.0000,0.0000,0.0000');
  });
});
