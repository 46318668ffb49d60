/**
 * RFM and customer value on the store under test (issue 10 parts 1 and 5): a full run over a fixed
 * order history matches scores and segments worked out by hand (ties included; a workspace with
 * fewer than five customers); a paid order arriving as an event updates only its contact, against
 * the stored cut points; the API's overview, cell and segment pages, recompute and value; segment
 * rules on rfm.* and clv.*; the export and erasure; hostile input and another workspace's ids.
 * On PostgreSQL also: a full run that read the orders before an order was paid does not overwrite
 * the fresher row an incremental update wrote meanwhile.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startTestApp, type TestApp } from '../../support/test-app.js';
import { storeKindUnderTest } from '../../support/test-store.js';

let t: TestApp;
let other: TestApp['api'];
let workspaceId: string;
let otherWorkspaceId: string;
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const DAY = 86_400_000;
const ago = (days: number) => new Date(Date.now() - days * DAY).toISOString();
const sql = (text: string, values: unknown[] = []) => t.rt.db.executeSql(text, values);
const ids: Record<string, string> = {};
const label = new Map<string, string>();

async function ok(res: Response, status = 200): Promise<Json> {
  const body = await res.text();
  if (res.status !== status) throw new Error(`expected ${status}, got ${res.status}: ${body}`);
  return body ? JSON.parse(body) as Json : {};
}

async function contact(key: string, api = () => t.api): Promise<string> {
  const body = await ok(await api()('/api/v1/contacts', { method: 'POST', json: { name: key, externalId: `RFM-${key}`, phone: `0812-7000-${String(1000 + label.size)}` } }), 201);
  ids[key] = body.id as string;
  label.set(body.id as string, key);
  return body.id as string;
}

let orderNo = 0;
async function order(ws: string, contactId: string, daysAgo: number, total: number, paid = true): Promise<void> {
  await sql(
    `insert into orders (workspace_id, contact_id, number, total, status, occurred_at, paid_at) values ($1, $2, $3, $4, $5, $6, $7)`,
    [ws, contactId, `SO-RFM-${++orderNo}`, total, paid ? 'order.paid' : 'order.created', ago(daysAgo), paid ? ago(daysAgo) : null],
  );
}

const rfmOf = async (key: string) => (await ok(await t.api(`/api/v1/contacts/${ids[key]}`))).rfm as Json | null;

beforeAll(async () => {
  t = await startTestApp();
  const { store, passwords } = t.rt.deps;
  workspaceId = String((await sql('select workspace_id from users limit 1')).rows[0]!.workspace_id);
  const ws = await store.workspaces.create({ name: 'Toko Lain' });
  otherWorkspaceId = ws.id;
  await store.users.create({ workspaceId: ws.id, email: 'lain@toko.test', name: 'Lain', role: 'owner', passwordHash: await passwords.hash('password-lain-123') });
  const login = await t.client(null)('/api/v1/auth/login', { method: 'POST', json: { email: 'lain@toko.test', password: 'password-lain-123' } });
  other = t.client((login.headers.get('set-cookie') ?? '').split(';')[0]!);

  // Whole days since the last paid order: A 1, B 5, C 10, D 30, E 100 (the .5 keeps the floor clear of the clock).
  for (const k of ['A', 'B', 'C', 'D', 'E', 'Nobody']) await contact(k);
  for (const d of [1.5, 20.5, 40.5]) await order(workspaceId, ids.A!, d, 100_000);
  for (const d of [5.5, 50.5, 60.5]) await order(workspaceId, ids.B!, d, 50_000);
  await order(workspaceId, ids.C!, 10.5, 500_000);
  await order(workspaceId, ids.D!, 30.5, 20_000);
  await order(workspaceId, ids.E!, 100.5, 20_000);
  // Not paid: no RFM from it (Nobody has no RFM at all; D's recency stays 30).
  await order(workspaceId, ids.D!, 0.5, 1_000_000, false);
  await order(workspaceId, ids.Nobody!, 2.5, 80_000, false);
  // Another workspace with three customers (fewer than five) and ties: X and Y alike, Z older and bigger.
  const x = await contact('X', () => other);
  const y = await contact('Y', () => other);
  const z = await contact('Z', () => other);
  await order(otherWorkspaceId, x, 3.5, 50_000);
  await order(otherWorkspaceId, y, 3.5, 50_000);
  await order(otherWorkspaceId, z, 10.5, 30_000);
  await order(otherWorkspaceId, z, 12.5, 50_000);
}, 60_000);
afterAll(async () => { await t?.close(); });

describe('the full run', () => {
  it('has no RFM before any run', async () => {
    expect(await rfmOf('A')).toBeNull();
  });

  it('scores by percentile rank within the workspace and names the segments, as worked out by hand', async () => {
    const overview = await ok(await t.api('/api/v1/insights/rfm/recompute', { method: 'POST' }));
    // R (recent = 5): E 100 d → 1, D 30 → 2, C 10 → 3, B 5 → 4, A 1 → 5 (five distinct values: one each).
    // F: C, D, E one order each, tied (B = 0, E = 3 of n = 5): 1 + ⌊5·3/10⌋ = 2; A, B three each: 1 + ⌊5·(6+2)/10⌋ = 5.
    // M: D, E 20 000 tied: 1 + ⌊5·2/10⌋ = 2; B 150 000: 1 + ⌊5·5/10⌋ = 3; A 300 000: 4; C 500 000: 5.
    // Segment by R and FM = ⌊(F + M + 1)/2⌋: A (5, 5) champions, B (4, 4) champions, C (3, 4) loyal, D (2, 2) need_attention, E (1, 2) hibernating.
    expect(await rfmOf('A')).toEqual({ r: 5, f: 5, m: 4, segment: 'champions' });
    expect(await rfmOf('B')).toEqual({ r: 4, f: 5, m: 3, segment: 'champions' });
    expect(await rfmOf('C')).toEqual({ r: 3, f: 2, m: 5, segment: 'loyal' });
    expect(await rfmOf('D')).toEqual({ r: 2, f: 2, m: 2, segment: 'need_attention' });
    expect(await rfmOf('E')).toEqual({ r: 1, f: 2, m: 2, segment: 'hibernating' });
    expect(await rfmOf('Nobody')).toBeNull();
    const segments = Object.fromEntries((overview.segments as Json[]).map((s) => [s.name, [s.count, s.revenue]]));
    expect(segments).toEqual({
      champions: [2, 450_000], loyal: [1, 500_000], potential_loyalist: [0, 0], new_customers: [0, 0], promising: [0, 0], need_attention: [1, 20_000],
      about_to_sleep: [0, 0], at_risk: [0, 0], cannot_lose_them: [0, 0], hibernating: [1, 20_000], lost: [0, 0],
    });
    expect(overview.grid).toHaveLength(25);
    const filled = (overview.grid as Json[]).filter((c) => c.count > 0).map((c) => [c.r, c.f, c.count, c.revenue]);
    expect(filled).toEqual([[1, 2, 1, 20_000], [2, 2, 1, 20_000], [3, 2, 1, 500_000], [4, 5, 1, 150_000], [5, 5, 1, 300_000]]);
    expect(overview.customers).toBe(5);
    expect(overview).toEqual(await ok(await t.api('/api/v1/insights/rfm')));
  });

  it('scores ties equally and a workspace of three customers as the rule says', async () => {
    await t.rt.deps.store.insights.runRfm(otherWorkspaceId, new Date());
    // n = 3. X and Y tie everywhere: R (B = 1 of Z, E = 2) 1 + ⌊5·4/6⌋ = 4, F and M (B = 0, E = 2) 1 + ⌊5·2/6⌋ = 2 → (4, FM 2) potential_loyalist.
    // Z: R 1 + ⌊5·1/6⌋ = 1, F and M (B = 2, E = 1) 1 + ⌊5·5/6⌋ = 5 → (1, FM 5) cannot_lose_them.
    const rfm = async (key: string) => (await ok(await other(`/api/v1/contacts/${ids[key]}`))).rfm as Json;
    expect(await rfm('X')).toEqual({ r: 4, f: 2, m: 2, segment: 'potential_loyalist' });
    expect(await rfm('Y')).toEqual({ r: 4, f: 2, m: 2, segment: 'potential_loyalist' });
    expect(await rfm('Z')).toEqual({ r: 1, f: 5, m: 5, segment: 'cannot_lose_them' });
    // The first workspace's overview counts its own only.
    expect((await ok(await t.api('/api/v1/insights/rfm'))).customers).toBe(5);
  });
});

describe('the incremental update', () => {
  it('scores a contact whose order was paid against the stored cut points, and no one else', async () => {
    const before = (await sql('select contact_id, stats_as_of::text as stats_as_of from contact_insights where workspace_id = $1 order by contact_id', [workspaceId])).rows;
    await ok(await t.api('/api/v1/events', {
      method: 'POST',
      json: { id: 'rfm-paid-1', type: 'order.paid', contact: { externalId: 'RFM-D' }, order: { number: 'SO-RFM-NEW', total: 200_000, currency: 'IDR', items: [{ name: 'Kopi', quantity: 1, price: 200_000 }] } },
    }), 202);
    // Cuts of the full run: R ≥ k for days ≤ 30, 10, 5, 1; F ≥ k from 1, 3, 3, 3 orders; M ≥ k from 20 000, 150 000, 300 000, 500 000.
    // D now: 0 days → R 5; 2 orders → F 2; 220 000 → M 3; FM ⌊(2 + 3 + 1)/2⌋ = 3 → (5, 3) potential_loyalist.
    expect(await rfmOf('D')).toEqual({ r: 5, f: 2, m: 3, segment: 'potential_loyalist' });
    const after = (await sql('select contact_id, stats_as_of::text as stats_as_of from contact_insights where workspace_id = $1 order by contact_id', [workspaceId])).rows;
    const changed = after.filter((row, i) => String(row.stats_as_of) !== String(before[i]!.stats_as_of)).map((row) => label.get(String(row.contact_id)));
    expect(changed).toEqual(['D']);
    expect(await rfmOf('E')).toEqual({ r: 1, f: 2, m: 2, segment: 'hibernating' });
    // A first paid order makes a customer at once.
    await ok(await t.api('/api/v1/events', {
      method: 'POST',
      json: { id: 'rfm-paid-2', type: 'order.paid', contact: { externalId: 'RFM-Nobody' }, order: { number: 'SO-RFM-NEW-2', total: 10_000, currency: 'IDR' } },
    }), 202);
    // 0 days → R 5; 1 order → F 2; 10 000 is below every M cut → M 1; FM ⌊(2 + 1 + 1)/2⌋ = 2 → (5, 2) potential_loyalist.
    expect(await rfmOf('Nobody')).toEqual({ r: 5, f: 2, m: 1, segment: 'potential_loyalist' });
  });

  it.runIf(storeKindUnderTest() === 'postgres')('keeps a fresher incremental row that a slower full run would overwrite with older figures', async () => {
    const url = (t.rt.db as unknown as { config?: { databaseUrl?: string } }).config?.databaseUrl;
    expect(url).toBeTruthy();
    const holder = new pg.Client({ connectionString: url });
    await holder.connect();
    try {
      // Hold E's row: the full run reads the orders (before E's new order exists), then waits on that row.
      await holder.query('begin');
      await holder.query('select 1 from contact_insights where contact_id = $1 for update', [ids.E]);
      const run = t.rt.deps.store.insights.runRfm(workspaceId, new Date());
      await eventually(async () => ((await sql(`select count(*)::int as n from pg_stat_activity where wait_event_type = 'Lock' and query like '%insert into contact_insights%'`)).rows[0]!.n as number) > 0 || undefined, 10_000, 'full run waiting');
      // E's order is paid now and the incremental writes its row (as updateContacts does: statement time as stats_as_of).
      await order(workspaceId, ids.E!, 0.1, 600_000);
      await holder.query(`update contact_insights set orders = 2, revenue = 620000, last_order_at = now(), stats_as_of = statement_timestamp() where contact_id = $1`, [ids.E]);
      await holder.query('commit');
      await run;
      const [row] = (await sql('select orders, revenue from contact_insights where contact_id = $1', [ids.E])).rows;
      expect({ orders: Number(row!.orders), revenue: Number(row!.revenue) }).toEqual({ orders: 2, revenue: 620_000 });
    } finally {
      await holder.end();
    }
    // The next full run sees the order and agrees.
    await t.rt.deps.store.insights.runRfm(workspaceId, new Date());
    const [row] = (await sql('select orders, revenue from contact_insights where contact_id = $1', [ids.E])).rows;
    expect(Number(row!.orders)).toBe(2);
    await sql('delete from orders where contact_id = $1 and total = 600000', [ids.E]);
    await t.rt.deps.store.insights.runRfm(workspaceId, new Date());
  });
});

describe('cells, segments and hostile input', () => {
  it('lists a cell and a segment, paged', async () => {
    await ok(await t.api('/api/v1/insights/rfm/recompute', { method: 'POST' }));
    // Six customers now (last orders: D and Nobody 0 days, A 1, B 5, C 10, E 100; orders 3, 3, 1, 2, 1, 1; paid 300 000,
    // 150 000, 500 000, 220 000, 20 000, 10 000). R: E 1, C 1 + ⌊5·3/12⌋ = 2, B 3, A 1 + ⌊5·7/12⌋ = 3, D and Nobody 1 + ⌊5·10/12⌋ = 5.
    // F: one order (B = 0, E = 3) 2, D 1 + ⌊5·7/12⌋ = 3, A and B 1 + ⌊5·10/12⌋ = 5. M: Nobody 1, E 2, B 3, D 3, A 4, C 5.
    // → A (3, FM 5) loyal, B (3, 4) loyal, C (2, 4) at_risk, D (5, 3) potential_loyalist, E (1, 2) hibernating, Nobody (5, 2) potential_loyalist.
    expect(await rfmOf('A')).toEqual({ r: 3, f: 5, m: 4, segment: 'loyal' });
    expect(await rfmOf('C')).toEqual({ r: 2, f: 2, m: 5, segment: 'at_risk' });
    expect(await rfmOf('D')).toEqual({ r: 5, f: 3, m: 3, segment: 'potential_loyalist' });
    const cell = await ok(await t.api('/api/v1/insights/rfm/contacts?r=3&f=5'));
    expect(cell.items.map((c: Json) => label.get(c.id))).toEqual(['A', 'B']);
    expect(cell.items[0].value).toMatchObject({ revenue: 300_000, orders: 3, averageOrderValue: 100_000, tenureDays: 40 });
    const first = await ok(await t.api('/api/v1/insights/rfm/contacts?segment=potential_loyalist&limit=1'));
    expect(first.items).toHaveLength(1);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = await ok(await t.api(`/api/v1/insights/rfm/contacts?segment=potential_loyalist&limit=1&cursor=${first.nextCursor}`));
    expect(second.nextCursor).toBeNull();
    expect([...first.items, ...second.items].map((c: Json) => label.get(c.id)).sort()).toEqual(['D', 'Nobody']);
  });

  it('answers 4xx, never 5xx, to hostile queries', async () => {
    const bad = ['segment=unknown', 'segment=champions%00', 'segment=%ED%A0%80', 'r=6&f=1', 'r=1', 'r=99999999999999999999&f=1', 'r=1.5&f=2', 'segment=champions&r=1&f=1', '', 'segment=champions&cursor=xyz', 'segment=champions&limit=100000', 'r=-1&f=0'];
    for (const q of bad) {
      const res = await t.api(`/api/v1/insights/rfm/contacts?${q}`);
      expect(res.status, q).toBe(400);
    }
    expect((await t.api(`/api/v1/contacts/${ids.X}`)).status).toBe(404);
    // Another workspace's view holds its own customers only.
    const theirs = await ok(await other('/api/v1/insights/rfm/contacts?segment=champions'));
    expect(theirs.items).toEqual([]);
  });

  it('lets only owners and admins recompute', async () => {
    const { store, passwords } = t.rt.deps;
    await store.users.create({ workspaceId, email: 'agen@toko.test', name: 'Agen', role: 'agent', passwordHash: await passwords.hash('password-agen-123') });
    const login = await t.client(null)('/api/v1/auth/login', { method: 'POST', json: { email: 'agen@toko.test', password: 'password-agen-123' } });
    const agent = t.client((login.headers.get('set-cookie') ?? '').split(';')[0]!);
    expect((await agent('/api/v1/insights/rfm/recompute', { method: 'POST' })).status).toBe(403);
    expect((await agent('/api/v1/insights/value/fit', { method: 'POST' })).status).toBe(403);
    expect((await agent('/api/v1/insights/rfm')).status).toBe(200);
  });
});

describe('customer value', () => {
  it('fits the model, stores its parameters and diagnostics, predicts every customer and ranks them in deciles', async () => {
    const v = await ok(await t.api('/api/v1/insights/value/fit', { method: 'POST' }));
    expect(v.basis).toBe('predicted');
    expect(v.model.diagnostics).toMatchObject({ customers: 6, sampled: false, repeatCustomers: 3 });
    for (const p of Object.values(v.model.bgNbd as Record<string, number>)) expect(p).toBeGreaterThan(0);
    expect(v.model.gammaGamma.q).toBeGreaterThan(0);
    expect(v.deciles.reduce((s: number, d: Json) => s + d.count, 0)).toBe(6);
    expect(v.deciles.reduce((s: number, d: Json) => s + d.historical, 0)).toBe(300_000 + 150_000 + 500_000 + 220_000 + 20_000 + 10_000);
    const a = await ok(await t.api(`/api/v1/contacts/${ids.A}`));
    expect(a.value).toMatchObject({ revenue: 300_000, orders: 3, averageOrderValue: 100_000, tenureDays: 40 });
    expect(a.value.predicted12m).toBeGreaterThan(0);
    expect(await ok(await t.api('/api/v1/insights/value'))).toEqual(v);
  });

  it('serves segment rules on rfm and clv, and refuses unknown values with 422', async () => {
    const preview = async (rules: unknown[]) => {
      const body = await ok(await t.api('/api/v1/segments/preview', { method: 'POST', json: { match: 'all', rules } }));
      return (body.sample as Json[]).map((c) => label.get(c.id)).sort();
    };
    expect(await preview([{ field: 'rfm.segment', op: 'eq', value: 'loyal' }])).toEqual(['A', 'B']);
    expect(await preview([{ field: 'rfm.segment', op: 'in', value: ['at_risk', 'hibernating'] }])).toEqual(['C', 'E']);
    expect(await preview([{ field: 'rfm.segment', op: 'neq', value: 'loyal' }])).toEqual(['C', 'D', 'E', 'Nobody']);
    expect(await preview([{ field: 'rfm.segment', op: 'exists', value: false }])).toEqual([]);
    expect(await preview([{ field: 'rfm.r', op: 'gte', value: 4 }])).toEqual(['D', 'Nobody']);
    expect(await preview([{ field: 'rfm.f', op: 'lt', value: 3 }])).toEqual(['C', 'E', 'Nobody']);
    expect(await preview([{ field: 'rfm.m', op: 'eq', value: 5 }])).toEqual(['C']);
    expect(await preview([{ field: 'clv.historical', op: 'gte', value: 300_000 }])).toEqual(['A', 'C']);
    expect(await preview([{ field: 'clv.historical', op: 'lt', value: 100_000 }])).toEqual(['E', 'Nobody']);
    expect(await preview([{ field: 'clv.predicted', op: 'gt', value: 0 }])).toEqual(['A', 'B', 'C', 'D', 'E', 'Nobody']);
    for (const rule of [{ field: 'rfm.segment', op: 'eq', value: 'champion' }, { field: 'rfm.r', op: 'eq', value: 6 }, { field: 'rfm.f', op: 'gt', value: 1.5 }, { field: 'rfm.segment', op: 'contains', value: 'x' }, { field: 'clv.future', op: 'gt', value: 1 }]) {
      const res = await t.api('/api/v1/segments/preview', { method: 'POST', json: { match: 'all', rules: [rule] } });
      expect(res.status, JSON.stringify(rule)).toBe(422);
    }
  });

  it('exports a contact with its RFM and value, and erasure leaves no insight behind', async () => {
    const file = await ok(await t.api(`/api/v1/contacts/${ids.C}/export`));
    expect(file.insights.rfm).toEqual({ r: 2, f: 2, m: 5, segment: 'at_risk' });
    expect(file.insights.value).toMatchObject({ revenue: 500_000, orders: 1 });
    expect((await t.api(`/api/v1/contacts/${ids.C}`, { method: 'DELETE' })).status).toBe(204);
    expect((await sql('select count(*)::int as n from contact_insights where contact_id = $1', [ids.C])).rows[0]!.n).toBe(0);
    const overview = await ok(await t.api('/api/v1/insights/rfm'));
    expect(overview.segments.find((s: Json) => s.name === 'at_risk').count).toBe(0);
  });
});
