/**
 * Campaign reports over HTTP (issue 10 part 6): a broadcast's and an automation's funnel with the
 * orders credited to their messages within the attribution window — conversions and revenue first,
 * then sent, delivered, read, clicked, opt-outs — as JSON and as CSV; the window as a setting; the
 * refusals. Messages go to the sandbox; orders arrive as events.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startTestApp, type TestApp } from '../../support/test-app.js';

let t: TestApp;
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

async function ok(res: Response, status = 200): Promise<Json> {
  const body = await res.text();
  if (res.status !== status) throw new Error(`expected ${status}, got ${res.status}: ${body}`);
  return body ? JSON.parse(body) as Json : {};
}
const post = (path: string, json: unknown) => t.api(path, { method: 'POST', json });
let seq = 0;
const order = (externalId: string, total: number, occurredAt?: Date) => post('/api/v1/events', {
  id: `rep-evt-${++seq}`, type: 'order.created', ...(occurredAt ? { occurredAt: occurredAt.toISOString() } : {}),
  contact: { externalId }, order: { number: `SO-REP-${seq}`, items: [{ name: 'Kopi', quantity: 1, price: total }], total, currency: 'IDR' },
});

beforeAll(async () => {
  t = await startTestApp();
  // Marketing rules out of the way: every contact gets the broadcast now.
  await ok(await t.api('/api/v1/settings/messaging', { method: 'PUT', json: { timezone: 'Asia/Jakarta', frequencyCap: { count: 0, days: 7 }, quietHours: null } }));
});
afterAll(async () => {
  await t?.close();
});

describe('a broadcast report', () => {
  let broadcastId: string;
  let ids: Record<string, string>;

  beforeAll(async () => {
    const tpl = await ok(await post('/api/v1/templates', { code: 'Promo Laporan', message: 'Halo {contactname}, ada promo kopi.', category: 'marketing' }), 201);
    const mk = async (key: string) => (await ok(await post('/api/v1/contacts', { externalId: `REP-${key}`, name: key, phone: `0813-7100-${String(1000 + ++seq)}` }), 201)).id as string;
    ids = { buyer: await mk('buyer'), before: await mk('before'), quitter: await mk('quitter'), idle: await mk('idle') };
    const b = await ok(await post('/api/v1/broadcasts', { name: '=HYPERLINK("x") Promo', channel: 'whatsapp', templateId: tpl.id, contactIds: Object.values(ids) }), 201);
    broadcastId = b.id;
    // An order placed before the broadcast went out cannot be its conversion.
    await ok(await order('REP-before', 90_000, new Date(Date.now() - 3_600_000)), 202);
    await ok(await post(`/api/v1/broadcasts/${broadcastId}/send`, {}), 202);
    await eventually(async () => ((await ok(await t.api(`/api/v1/broadcasts/${broadcastId}`))).status === 'done' ? true : undefined), 30_000, 'broadcast done');
    await new Promise((r) => setTimeout(r, 20));
    await ok(await order('REP-buyer', 150_000), 202);
    await ok(await order('REP-buyer', 50_000), 202);
    await ok(await t.api(`/api/v1/contacts/${ids.quitter}`, { method: 'PATCH', json: { consent: { whatsapp: 'opted_out' } } }), 200);
  });

  it('leads with conversions and revenue, then how far the messages got, in total and per channel', async () => {
    const r = await ok(await t.api(`/api/v1/broadcasts/${broadcastId}/report`));
    expect(r.campaign).toEqual({ kind: 'broadcast', id: broadcastId, name: '=HYPERLINK("x") Promo' });
    expect(r.attributionWindowHours).toBe(72);
    // One converted message (the buyer's) with two orders; the earlier order is not credited.
    expect(r.total).toEqual({
      converted: 1, orders: 2, revenue: 200_000, revenuePerMessage: 50_000, conversionRate: 0.25,
      sent: 4, delivered: 0, read: 0, clicked: 0, optOuts: 1,
    });
    expect(r.byChannel).toEqual([{ channel: 'whatsapp', ...r.total }]);
    expect(Object.keys(r.total).slice(0, 3)).toEqual(['converted', 'orders', 'revenue']);
  });

  it('credits nothing once the window is shorter than the wait before the order', async () => {
    expect(await ok(await t.api('/api/v1/settings/attribution'))).toEqual({ windowHours: 72 });
    await ok(await t.api('/api/v1/settings/attribution', { method: 'PUT', json: { windowHours: 1 } }));
    const shifted = await t.rt.db.executeSql(`update orders set occurred_at = occurred_at + interval '2 hours' where workspace_id = (select workspace_id from broadcasts where id = $1) and number like 'SO-REP-%' and total in (150000, 50000) returning id`, [broadcastId]);
    expect(shifted.rows).toHaveLength(2);
    const r = await ok(await t.api(`/api/v1/broadcasts/${broadcastId}/report`));
    expect(r.total).toMatchObject({ converted: 0, orders: 0, revenue: 0 });
    expect(r.attributionWindowHours).toBe(1);
    await t.rt.db.executeSql(`update orders set occurred_at = occurred_at - interval '2 hours' where id = any($1::uuid[])`, [shifted.rows.map((x) => x.id)]);
    await ok(await t.api('/api/v1/settings/attribution', { method: 'PUT', json: { windowHours: 72 } }));
  });

  it('exports the same report as CSV a spreadsheet opens, names guarded against formulas', async () => {
    const res = await t.api(`/api/v1/broadcasts/${broadcastId}/report?format=csv`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/csv');
    expect(res.headers.get('content-disposition')).toContain(`laporan-broadcast-${broadcastId}.csv`);
    const bytes = Buffer.from(await res.arrayBuffer());
    // A BOM first, so a spreadsheet reads the file as UTF-8 (fetch's text() would hide it).
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.subarray(3).toString('utf8').trimEnd().split('\r\n');
    expect(lines[0]).toBe('campaign,channel,sent,delivered,read,clicked,converted,conversion_rate,orders,revenue_idr,revenue_per_message_idr,opt_outs,attribution_window_hours');
    expect(lines[1]).toBe(`"'=HYPERLINK(""x"") Promo",all,4,0,0,0,1,0.2500,2,200000,50000,1,72`);
    expect(lines[2]).toMatch(/^"'=HYPERLINK\(""x""\) Promo",whatsapp,4,/);
    expect(lines).toHaveLength(3);
  });
});

describe('an automation report', () => {
  it('credits the order a customer placed after the automation\'s message', async () => {
    const tpl = await ok(await post('/api/v1/templates', { code: 'Terima Kasih', message: 'Halo {contactname}, terima kasih sudah belanja.' }), 201);
    const automation = await ok(await post('/api/v1/automations', { name: 'terima kasih', trigger: 'order.received', templateId: tpl.id }), 201);
    await ok(await post('/api/v1/contacts', { externalId: 'REP-loyal', name: 'Loyal', phone: '0813-7200-0001' }), 201);
    await ok(await post('/api/v1/events', { id: `rep-evt-${++seq}`, type: 'order.received', contact: { externalId: 'REP-loyal' }, order: { number: 'SO-REP-LOYAL-1', items: [{ name: 'Kopi', quantity: 1 }] } }), 202);
    await eventually(async () => {
      const list = await ok(await t.api(`/api/v1/messages?automationId=${automation.id}`));
      return list.items.length === 1 && list.items[0].status === 'sent' ? true : undefined;
    }, 20_000, 'automation message sent');
    await new Promise((r) => setTimeout(r, 20));
    await ok(await order('REP-loyal', 75_000), 202);
    const r = await ok(await t.api(`/api/v1/automations/${automation.id}/report`));
    expect(r.campaign).toMatchObject({ kind: 'automation', name: 'terima kasih' });
    expect(r.total).toMatchObject({ converted: 1, orders: 1, revenue: 75_000, revenuePerMessage: 75_000, sent: 1, conversionRate: 1 });
  });

  it('answers an empty funnel for a campaign that sent nothing yet', async () => {
    const tpl = await ok(await post('/api/v1/templates', { code: 'Kosong', message: 'Halo {contactname}' }), 201);
    const automation = await ok(await post('/api/v1/automations', { name: 'kosong', trigger: 'order.delivery', templateId: tpl.id, enabled: false }), 201);
    const r = await ok(await t.api(`/api/v1/automations/${automation.id}/report`));
    expect(r.total).toEqual({ converted: 0, orders: 0, revenue: 0, revenuePerMessage: 0, conversionRate: 0, sent: 0, delivered: 0, read: 0, clicked: 0, optOuts: 0 });
    expect(r.byChannel).toEqual([]);
  });
});

describe('hostile input', () => {
  it('answers 4xx problem JSON, never 5xx: bad ids, another workspace\'s campaign, bad formats and windows', async () => {
    // Another shop's broadcast, made through its own login.
    const other = await t.rt.deps.store.workspaces.create({ name: 'Toko Lain' });
    await t.rt.deps.store.users.create({ workspaceId: other.id, email: 'owner@toko-lain.test', name: 'Lain', role: 'owner', passwordHash: await t.rt.deps.passwords.hash('rahasia-toko-lain-1') });
    const login = await t.client(null)('/api/v1/auth/login', { method: 'POST', json: { email: 'owner@toko-lain.test', password: 'rahasia-toko-lain-1' } });
    const apiOther = t.client((login.headers.get('set-cookie') ?? '').split(';')[0]!);
    const otherTpl = await ok(await apiOther('/api/v1/templates', { method: 'POST', json: { code: 'Lain', message: 'Halo {contactname}' } }), 201);
    const otherContact = await ok(await apiOther('/api/v1/contacts', { method: 'POST', json: { name: 'Lain', phone: '0813-7300-0001' } }), 201);
    const foreign = await ok(await apiOther('/api/v1/broadcasts', { method: 'POST', json: { name: 'lain', channel: 'whatsapp', templateId: otherTpl.id, contactIds: [otherContact.id] } }), 201);
    // An id that cannot be one names no resource: 404, as everywhere in the API.
    const cases: [string, RequestInit & { json?: unknown }, number][] = [
      ['/api/v1/broadcasts/not-a-uuid/report', {}, 404],
      ['/api/v1/broadcasts/00000000-0000-4000-8000-000000000000/report', {}, 404],
      ['/api/v1/automations/00000000-0000-4000-8000-000000000000/report?format=csv', {}, 404],
      ['/api/v1/broadcasts/00000000-0000-4000-8000-000000000000/report?format=xls', {}, 400],
      ['/api/v1/broadcasts/%00/report', {}, 404],
      ['/api/v1/broadcasts/%ED%A0%80/report', {}, 400],
      [`/api/v1/broadcasts/${'9'.repeat(400)}/report`, {}, 414],
      ['/api/v1/settings/attribution', { method: 'PUT', json: { windowHours: 0 } }, 400],
      ['/api/v1/settings/attribution', { method: 'PUT', json: { windowHours: 1e308 } }, 400],
      ['/api/v1/settings/attribution', { method: 'PUT', json: { windowHours: 1.5 } }, 400],
      ['/api/v1/settings/attribution', { method: 'PUT', json: { windowHours: '72' } }, 400],
      ['/api/v1/settings/attribution', { method: 'PUT', json: { windowHours: 72, extra: true } }, 400],
    ];
    cases.push([`/api/v1/broadcasts/${String(foreign.id)}/report`, {}, 404]);
    for (const [path, init, status] of cases) {
      const res = await t.api(path, init);
      expect(res.status, `${init.method ?? 'GET'} ${path}`).toBe(status);
      expect(res.headers.get('content-type'), path).toContain('application/problem+json');
    }
    // Unchanged by the refusals.
    expect(await ok(await t.api('/api/v1/settings/attribution'))).toEqual({ windowHours: 72 });
  });
});
