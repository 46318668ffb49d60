/**
 * A/B tests on broadcasts (issue 10 part 4) over HTTP on the real runtime: the split of a few
 * thousand contacts follows the weights and the domain's assignVariant exactly, the variant stored
 * on each message and its own text sent; results for a built data set against numbers worked by
 * hand (below); test-then-winner on a simulated clock for the decision, the winner going to the
 * rest exactly once across a worker restart and two workers deciding at once; the one-change
 * refusal; a changed text refused where it could go on WhatsApp (create, update, send); hostile input.
 *
 * Hand-worked reference (the same formulas as R's prop.test(correct = FALSE), which
 * src/domain/insights/ab-test.test.ts checks against R and SciPy): A 2/10, B 6/10 →
 * B − A = 0.4; pooled p̂ = 8/20 = 0.4, se = √(0.4 · 0.6 · (1/10 + 1/10)) = √0.048 = 0.21908902,
 * z = 0.4 / 0.21908902 = 1.8257419 (χ² = z² = 10/3), two-sided p = erfc(z/√2) = 0.0678892;
 * Newcombe's hybrid score interval (ab-test.ts; Wilson 6/10 = [0.312663, 0.831820], 2/10 =
 * [0.056682, 0.509834]): 0.4 − √(0.287337² + 0.309834²) = −0.022558,
 * 0.4 + √(0.231820² + 0.143318²) = 0.672544. p > 0.05: no significant difference yet.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decideDueAbTests } from '../../../src/app/ab-tests.js';
import { assignVariant, inTestGroup } from '../../../src/domain/insights/index.js';
import { startWorker } from '../../../src/main/runtime.js';
import { eventually, startTestApp, type TestApp } from '../../support/test-app.js';

let t: TestApp;
let stopWorker: (() => Promise<void>) | null = null;
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

async function ok(res: Response, status = 200): Promise<Json> {
  const body = await res.text();
  if (res.status !== status) throw new Error(`expected ${status}, got ${res.status}: ${body}`);
  return body ? JSON.parse(body) as Json : {};
}
const post = (path: string, json: unknown) => t.api(path, { method: 'POST', json });
const get = async (id: string) => ok(await t.api(`/api/v1/broadcasts/${id}`));
const until = (id: string, status: string, timeoutMs = 60_000) =>
  eventually(async () => { const b = await get(id); return b.status === status ? b : undefined; }, timeoutMs, `broadcast ${status}`);
const sql = async (text: string, values: unknown[] = []) => (await t.rt.db.executeSql(text, values)).rows as Json[];
let seq = 0;
const phones = new Map<string, string>();
const order = (contactId: string, total: number) => post('/api/v1/events', {
  id: `ab-evt-${++seq}`, type: 'order.created', contact: { phone: phones.get(contactId) },
  order: { number: `SO-AB-${seq}`, items: [{ name: 'Kopi', quantity: 1, price: total }], total, currency: 'IDR' },
});
/** Contacts made in bulk (one statement), tagged for a segment. */
let bulk = 0;
async function bulkContacts(tag: string, count: number): Promise<string[]> {
  const rows = await sql(`
    insert into contacts (workspace_id, name, phone, tags)
    select (select id from workspaces order by created_at limit 1), 'AB ' || g, '+62817' || lpad((${++bulk * 100_000} + g)::text, 7, '0'), array[$1::text]
    from generate_series(1, $2::int) g returning id, phone`, [tag, count]);
  for (const r of rows) phones.set(String(r.id), String(r.phone));
  return rows.map((r) => String(r.id));
}
const segment = async (tag: string) => (await ok(await post('/api/v1/segments', { name: `seg ${tag}`, match: 'all', rules: [{ field: 'tags', op: 'contains', value: tag }] }), 201)).id as string;

let tpl: string;
let tplOther: string;

beforeAll(async () => {
  // The worker is started by the tests themselves, so one can stop it and start another.
  t = await startTestApp({ env: { SAPA_RUN_WORKER: 'false', SAPA_BROADCAST_INTERVAL_MS: '100', SAPA_BROADCAST_CHUNK: '500', SAPA_LOG_LEVEL: process.env.TEST_LOG ?? 'silent' } });
  stopWorker = await startWorker(t.rt);
  await ok(await t.api('/api/v1/settings/messaging', { method: 'PUT', json: { timezone: 'Asia/Jakarta', frequencyCap: { count: 0, days: 7 }, quietHours: null } }));
  tpl = (await ok(await post('/api/v1/templates', { code: 'AB Kopi', message: 'Halo {contactname}, kopi baru sudah datang.', category: 'utility' }), 201)).id;
  tplOther = (await ok(await post('/api/v1/templates', { code: 'AB Teh', message: 'Halo {contactname}, teh baru sudah datang.', category: 'utility' }), 201)).id;
}, 60_000);
afterAll(async () => {
  await stopWorker?.();
  await t?.close();
});

describe('the split', () => {
  it('gives 3,000 contacts the domain\'s deterministic variant, close to the weights, stored on each message', async () => {
    const ids = await bulkContacts('ab-split', 3000);
    const weights = [50, 30, 20];
    const b = await ok(await post('/api/v1/broadcasts', {
      // On SMS, where a changed text is what the contact gets (WhatsApp sends the approved template).
      name: 'Split', templateId: tpl, segmentId: await segment('ab-split'), channel: 'sms',
      variants: [{ weight: 50 }, { weight: 30, message: 'Halo {contactname}, teh baru!' }, { weight: 20, message: 'Halo {contactname}, susu baru!' }],
    }), 201);
    expect(b.variants.map((v: Json) => [v.key, v.weight, v.templateId])).toEqual([['A', 50, tpl], ['B', 30, tpl], ['C', 20, tpl]]);
    expect(b.abTest).toMatchObject({ metric: 'conversion', testPercent: null, winner: null });
    await ok(await post(`/api/v1/broadcasts/${b.id}/send`, {}), 202);
    await until(b.id, 'done', 120_000);
    const rows = await sql(`select contact_id, variant, body, status from messages where broadcast_id = $1`, [b.id]);
    expect(rows).toHaveLength(3000);
    const expected = (id: string) => assignVariant(b.id, id, weights.map((weight, i) => ({ id: 'ABC'[i]!, weight })));
    expect(rows.filter((r) => r.variant !== expected(String(r.contact_id)))).toEqual([]);
    expect(new Set(rows.map((r) => String(r.contact_id)))).toEqual(new Set(ids));
    // Binomial s.d. at 3,000 is ≤ 0.92 pp: 3 pp is more than 3 s.d.
    for (const [i, key] of ['A', 'B', 'C'].entries()) {
      expect(Math.abs(rows.filter((r) => r.variant === key).length / 3000 - weights[i]! / 100)).toBeLessThan(0.03);
    }
    // Each variant's own text went out.
    expect(rows.every((r) => r.status === 'sent')).toBe(true);
    expect(rows.filter((r) => r.variant === 'B').every((r) => String(r.body).endsWith('teh baru!'))).toBe(true);
    expect(rows.filter((r) => r.variant === 'C').every((r) => String(r.body).endsWith('susu baru!'))).toBe(true);
    expect(rows.filter((r) => r.variant === 'A').every((r) => String(r.body).endsWith('kopi baru sudah datang.'))).toBe(true);
    // …and is what the SMS channel handed over (its outbox, no provider configured), not only what Sapa recorded.
    const handed = await sql(`select s.channel, s.payload->>'body' as sent, m.body from sandbox_outbox s join messages m on m.id = s.message_id where m.broadcast_id = $1`, [b.id]);
    expect(handed).toHaveLength(3000);
    expect(handed.filter((r) => r.channel !== 'sms' || r.sent !== r.body)).toEqual([]);
  }, 180_000);
});

describe('results', () => {
  it('matches the hand-worked z-test for A 2/10 vs B 6/10 (no significant difference yet), as JSON and CSV', async () => {
    // A draft first: its id is the test id, so contacts can be picked until 10 fall in each variant.
    const seed = (await ok(await post('/api/v1/contacts', { name: 'Seed', phone: '0817-9000-0000' }), 201)).id as string;
    const b = await ok(await post('/api/v1/broadcasts', {
      name: 'Hasil', templateId: tpl, contactIds: [seed], variants: [{ weight: 50 }, { weight: 50, templateId: tplOther }], abTest: { metric: 'conversion' },
    }), 201);
    const split = (id: string) => assignVariant(b.id, id, [{ id: 'A', weight: 50 }, { id: 'B', weight: 50 }]);
    const pool = await bulkContacts('ab-results', 80);
    const a = pool.filter((id) => split(id) === 'A').slice(0, 10);
    const bb = pool.filter((id) => split(id) === 'B').slice(0, 10);
    expect([a.length, bb.length]).toEqual([10, 10]);
    await ok(await t.api(`/api/v1/broadcasts/${b.id}`, { method: 'PATCH', json: { contactIds: [...a, ...bb] } }));
    await ok(await post(`/api/v1/broadcasts/${b.id}/send`, {}), 202);
    await until(b.id, 'done');
    const stored = await sql(`select contact_id, variant, template_id from messages where broadcast_id = $1`, [b.id]);
    expect(stored.filter((r) => r.variant === 'B').every((r) => r.template_id === tplOther)).toBe(true);
    await new Promise((r) => setTimeout(r, 20)); // orders strictly after the sends
    for (const id of a.slice(0, 2)) await ok(await order(id, 100_000), 202);
    for (const id of bb.slice(0, 6)) await ok(await order(id, 50_000), 202);
    const r = await eventually(async () => {
      const res = await ok(await t.api(`/api/v1/broadcasts/${b.id}/ab-results`));
      return res.variants[1].metricCount === 6 && res.variants[0].metricCount === 2 ? res : undefined;
    }, 20_000, 'orders credited');
    expect(r.variants).toEqual([
      { key: 'A', templateId: tpl, weight: 50, recipients: 10, sent: 10, metricCount: 2, rate: 0.2, orders: 2, revenue: 200_000 },
      { key: 'B', templateId: tplOther, weight: 50, recipients: 10, sent: 10, metricCount: 6, rate: 0.6, orders: 6, revenue: 300_000 },
    ]);
    expect(r.test.kind).toBe('z');
    expect(r.test.statistic).toBeCloseTo(1.8257419, 6);
    expect(r.test.pValue).toBeCloseTo(0.0678892, 6);
    expect(r.test.versusControl[0].difference).toBeCloseTo(0.4, 10);
    expect(r.test.versusControl[0].interval[0]).toBeCloseTo(-0.022558, 5);
    expect(r.test.versusControl[0].interval[1]).toBeCloseTo(0.672544, 5);
    expect(r).toMatchObject({ verdict: 'no_significant_difference', winner: null, phase: 'single', metric: 'conversion' });

    const res = await t.api(`/api/v1/broadcasts/${b.id}/ab-results?format=csv`);
    expect(res.headers.get('content-type')).toContain('text/csv');
    const lines = (await res.text()).replace(/^\uFEFF/, '').trimEnd().split('\r\n');
    expect(lines[0]).toBe('variant,weight,recipients,sent,conversion_count,conversion_rate,orders,revenue_idr,difference_vs_a,ci_low,ci_high,p_value_vs_a');
    expect(lines[1]).toBe('A,50,10,10,2,0.2000,2,200000,,,,');
    expect(lines[2]).toBe('B,50,10,10,6,0.6000,6,300000,0.4000,-0.0226,0.6725,0.0679');
    expect(lines[3]).toMatch(/^test,z,statistic,1\.8257,p_value,0\.0679,verdict,no_significant_difference,winner,,/);
  }, 120_000);
});

describe('test on a share, then the winner to the rest', () => {
  it('sends the test group, waits on the clock, decides once, and sends the winner to the rest exactly once across a worker restart', async () => {
    const ids = await bulkContacts('ab-winner', 80);
    const b = await ok(await post('/api/v1/broadcasts', {
      name: 'Uji lalu pemenang', templateId: tpl, segmentId: await segment('ab-winner'), channel: 'sms',
      variants: [{ weight: 50 }, { weight: 50, message: 'Halo {contactname}, kopi baru, diskon 10%!' }],
      abTest: { metric: 'conversion', testPercent: 50, decideAfterHours: 2 },
    }), 201);
    const tested = ids.filter((id) => inTestGroup(b.id, id, 50));
    const split = (id: string) => assignVariant(b.id, id, [{ id: 'A', weight: 50 }, { id: 'B', weight: 50 }]);
    await ok(await post(`/api/v1/broadcasts/${b.id}/send`, {}), 202);
    // The test group goes out; the broadcast then waits for its verdict (still sending, not done).
    const waiting = await eventually(async () => {
      const x = await get(b.id);
      return x.abTest.decideAt !== null && x.stats.sent === tested.length ? x : undefined;
    }, 60_000, 'test group sent');
    expect(waiting.status).toBe('sending');
    const first = await sql(`select contact_id, variant from messages where broadcast_id = $1`, [b.id]);
    expect(new Set(first.map((r) => String(r.contact_id)))).toEqual(new Set(tested));
    expect(first.every((r) => r.variant === split(String(r.contact_id)))).toBe(true);
    expect((await ok(await t.api(`/api/v1/broadcasts/${b.id}/ab-results`))).phase).toBe('waiting');

    // Every B in the test group buys, no A does: B wins.
    await new Promise((r) => setTimeout(r, 20));
    for (const r of first.filter((x) => x.variant === 'B')) await ok(await order(String(r.contact_id), 25_000), 202);
    await eventually(async () => ((await ok(await t.api(`/api/v1/broadcasts/${b.id}/ab-results`))).winner === 'B' ? true : undefined), 20_000, 'B ahead');

    // The worker stops; decisions are made on a simulated clock by workers that do nothing else.
    await stopWorker!();
    stopWorker = null;
    const decideAt = new Date(waiting.abTest.decideAt as string).getTime();
    const worker = (at: number) => ({ store: t.rt.workerDeps.store, log: t.rt.log, clock: { now: () => new Date(at) } });
    expect(decideAt - Date.parse(waiting.startedAt as string)).toBeGreaterThanOrEqual(2 * 3_600_000);
    expect(await decideDueAbTests(worker(decideAt - 60_000))).toEqual([]);
    // Two workers at once past the time: exactly one decides.
    const [w1, w2] = await Promise.all([decideDueAbTests(worker(decideAt + 60_000)), decideDueAbTests(worker(decideAt + 60_000))]);
    expect([...w1, ...w2]).toEqual([b.id]);
    expect(await decideDueAbTests(worker(decideAt + 120_000))).toEqual([]);
    const decided = await get(b.id);
    expect(decided.abTest).toMatchObject({ winner: 'B' });
    expect(await sql(`select count(*)::int as n from messages where broadcast_id = $1`, [b.id])).toEqual([{ n: tested.length }]);

    // A new worker picks up the rest: the winner to everyone outside the test group, once.
    stopWorker = await startWorker(t.rt);
    const done = await until(b.id, 'done');
    const all = await sql(`select contact_id, variant from messages where broadcast_id = $1`, [b.id]);
    expect(all).toHaveLength(ids.length);
    expect(new Set(all.map((r) => String(r.contact_id))).size).toBe(ids.length);
    const rest = all.filter((r) => !tested.includes(String(r.contact_id)));
    expect(rest.length).toBe(ids.length - tested.length);
    expect(rest.every((r) => r.variant === 'B')).toBe(true);
    expect(done.stats).toMatchObject({ total: ids.length, sent: ids.length });
    const sandbox = await sql(`select count(*)::int as n from sandbox_outbox s join messages m on m.id = s.message_id where m.broadcast_id = $1`, [b.id]);
    expect(sandbox).toEqual([{ n: ids.length }]);
    expect((await ok(await t.api(`/api/v1/broadcasts/${b.id}/ab-results`))).phase).toBe('done');
  }, 180_000);
});

describe('a changed text on WhatsApp', () => {
  it('is refused on create, update and send (WhatsApp sends the approved template), and accepted on email, SMS and in-app', async () => {
    const contact = (await ok(await post('/api/v1/contacts', { name: 'Wa', phone: '0817-9200-0001', email: 'wa@example.com' }), 201)).id as string;
    const text = 'Halo {contactname}, kopi baru, diskon 10%!';
    const base = { name: 'Teks WA', templateId: tpl, contactIds: [contact], variants: [{ weight: 50 }, { weight: 50, message: text }] };
    const refused = async (res: Response, field = 'variants[1].message') => {
      expect(res.status).toBe(422);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      const problem = await res.json() as Json;
      const item = (problem.errors as Json[]).find((e) => e.reason === 'ab_test.whatsapp_text_change');
      expect(item).toMatchObject({ field, reason: 'ab_test.whatsapp_text_change' });
      expect(item!.message).toMatch(/WhatsApp sends the template Meta approved/);
      return problem;
    };
    const count = async () => (await sql(`select count(*)::int as n from broadcasts where name = 'Teks WA'`))[0]!.n as number;

    // Create: WhatsApp by default, WhatsApp as a fallback, the variant's own channel WhatsApp.
    await refused(await post('/api/v1/broadcasts', base));
    await refused(await post('/api/v1/broadcasts', { ...base, channels: ['email', 'whatsapp'] }));
    await refused(await post('/api/v1/broadcasts', { ...base, channel: 'sms', variants: [{ weight: 50 }, { weight: 30, message: text, channel: 'whatsapp' }, { weight: 20, templateId: tplOther }], abTest: { allowMultipleChanges: true } }));
    // The third variant (index 2) is the one named.
    await refused(await post('/api/v1/broadcasts', { ...base, channel: 'sms', variants: [{ weight: 50 }, { weight: 30, templateId: tplOther }, { weight: 20, message: text, channel: 'whatsapp' }], abTest: { allowMultipleChanges: true } }), 'variants[2].message');
    expect(await count()).toBe(0);

    // The same text variant where the text is what is sent: email, SMS, in-app; and on WhatsApp
    // a variant that is another template, or a text off WhatsApp.
    for (const channel of ['email', 'sms', 'inapp'] as const) {
      const b = await ok(await post('/api/v1/broadcasts', { ...base, channel }), 201);
      expect(b.variants[1]).toMatchObject({ key: 'B', message: text, channel: null });
      expect(b.channels).toEqual([channel]);
    }
    await ok(await post('/api/v1/broadcasts', { ...base, channels: ['sms', 'email'] }), 201);
    await ok(await post('/api/v1/broadcasts', { ...base, variants: [{ weight: 50 }, { weight: 50, templateId: tplOther }] }), 201);
    await ok(await post('/api/v1/broadcasts', { ...base, variants: [{ weight: 50 }, { weight: 50, message: text, channel: 'sms' }], abTest: { allowMultipleChanges: true } }), 201);
    // A "changed" text equal to the template's changes nothing WhatsApp would not send.
    await ok(await post('/api/v1/broadcasts', { ...base, variants: [{ weight: 50 }, { weight: 50, message: 'Halo {contactname}, kopi baru sudah datang.' }] }), 201);
    expect(await count()).toBe(7);

    // Update: a draft on SMS moved to WhatsApp (alone, or as a fallback) is refused and stays as it was.
    const draft = await ok(await post('/api/v1/broadcasts', { ...base, channel: 'sms' }), 201);
    const patch = (json: unknown) => t.api(`/api/v1/broadcasts/${draft.id}`, { method: 'PATCH', json });
    await refused(await patch({ channel: 'whatsapp' }));
    await refused(await patch({ channels: ['sms', 'whatsapp'] }));
    // …and a WhatsApp draft given a changed text.
    const waDraft = await ok(await post('/api/v1/broadcasts', { ...base, variants: [{ weight: 50 }, { weight: 50, templateId: tplOther }] }), 201);
    await refused(await t.api(`/api/v1/broadcasts/${waDraft.id}`, { method: 'PATCH', json: { variants: [{ weight: 50 }, { weight: 50, message: text }] } }));
    expect((await get(draft.id))).toMatchObject({ channel: 'sms', channels: ['sms'], status: 'draft' });
    expect((await get(waDraft.id)).variants[1]).toMatchObject({ templateId: tplOther, message: null });
    await ok(await patch({ channels: ['sms', 'email'] }));

    // Send: a draft saved before the rule (its channel set to WhatsApp behind the API's back) is refused
    // at Send, and nothing goes out.
    await sql(`update broadcasts set channel = 'whatsapp', channels = array['email', 'whatsapp'] where id = $1`, [draft.id]);
    await refused(await post(`/api/v1/broadcasts/${draft.id}/send`, {}));
    expect(await get(draft.id)).toMatchObject({ status: 'draft' });
    expect(await sql(`select count(*)::int as n from messages where broadcast_id = $1`, [draft.id])).toEqual([{ n: 0 }]);
    // Back on SMS it sends, with the variant's text.
    await ok(await t.api(`/api/v1/broadcasts/${draft.id}`, { method: 'PATCH', json: { channels: ['sms'] } }));
    await ok(await post(`/api/v1/broadcasts/${draft.id}/send`, {}), 202);
    await until(draft.id, 'done');
    const [sent] = await sql(`select channel, variant, body from messages where broadcast_id = $1`, [draft.id]);
    expect(sent!.channel).toBe('sms');
    if (sent!.variant === 'B') expect(sent!.body).toBe('Halo Wa, kopi baru, diskon 10%!');
    else expect(sent!.body).toBe('Halo Wa, kopi baru sudah datang.');
  }, 60_000);
});

describe('refusals', () => {
  it('refuses variants that change more than one thing unless told, and bad input with problem JSON', async () => {
    const contact = (await ok(await post('/api/v1/contacts', { name: 'Satu', phone: '0817-9100-0001' }), 201)).id as string;
    const base = { name: 'Uji', templateId: tpl, contactIds: [contact] };
    const twoChanges = await post('/api/v1/broadcasts', { ...base, variants: [{ weight: 50 }, { weight: 50, message: 'Halo {contactname}, lain!', channel: 'email' }] });
    expect(twoChanges.status).toBe(422);
    const problem = await twoChanges.json() as Json;
    expect(problem).toMatchObject({ code: 'ab_test.more_than_one_change', errors: [{ field: 'variants', reason: 'ab_test.more_than_one_change' }] });
    expect(problem.detail).toContain('text and channel');
    expect(twoChanges.headers.get('content-type')).toContain('application/problem+json');
    // Another template whose text differs, with a changed subject too.
    expect((await post('/api/v1/broadcasts', { ...base, variants: [{ weight: 50 }, { weight: 50, templateId: tplOther, subject: 'Baru' }] })).status).toBe(422);
    const allowed = await ok(await post('/api/v1/broadcasts', {
      ...base, variants: [{ weight: 50 }, { weight: 50, message: 'Halo {contactname}, lain!', channel: 'email' }], abTest: { metric: 'click', allowMultipleChanges: true },
    }), 201);
    expect(allowed.abTest).toMatchObject({ metric: 'click', allowMultipleChanges: true });
    // A variant's template of another category (marketing against the broadcast's utility) is refused.
    const promo = (await ok(await post('/api/v1/templates', { code: 'AB Promo', message: 'Halo {contactname}, kopi baru sudah datang.', category: 'marketing' }), 201)).id as string;
    const mixed = await post('/api/v1/broadcasts', { ...base, variants: [{ weight: 50 }, { weight: 50, templateId: promo }] });
    expect(mixed.status).toBe(422);
    expect(await mixed.json()).toMatchObject({ errors: [{ field: 'variants[1].templateId', reason: 'ab_test.category_mismatch' }] });
    // A PATCH is held to the same rule.
    expect((await t.api(`/api/v1/broadcasts/${allowed.id}`, { method: 'PATCH', json: { abTest: { metric: 'click' } } })).status).toBe(422);

    // Another shop's broadcast.
    const other = await t.rt.deps.store.workspaces.create({ name: 'Toko AB Lain' });
    const [foreignTpl] = await sql(`insert into templates (workspace_id, code, message) values ($1, 'Lain', 'Halo') returning id`, [other.id]);
    const cases: [string, RequestInit & { json?: unknown }, number][] = [
      ['/api/v1/broadcasts', { method: 'POST', json: { ...base, variants: [{ weight: 60 }, { weight: 50 }] } }, 400],
      ['/api/v1/broadcasts', { method: 'POST', json: { ...base, variants: [{ weight: 100 }] } }, 400],
      ['/api/v1/broadcasts', { method: 'POST', json: { ...base, variants: [20, 20, 20, 20, 20].map((weight) => ({ weight })) } }, 400],
      ['/api/v1/broadcasts', { method: 'POST', json: { ...base, variants: [{ weight: 50 }, { weight: 50, templateId: '00000000-0000-4000-8000-000000000000' }] } }, 422],
      ['/api/v1/broadcasts', { method: 'POST', json: { ...base, variants: [{ weight: 50 }, { weight: 50, message: 'a\u0000b' }] } }, 400],
      ['/api/v1/broadcasts', { method: 'POST', json: { ...base, variants: [{ weight: 50 }, { weight: 50, message: 'x\uD800' }] } }, 400],
      ['/api/v1/broadcasts', { method: 'POST', json: { ...base, variants: [{ weight: 1e308 }, { weight: -1e308 }] } }, 400],
      // On SMS: on WhatsApp the changed text alone would be refused (see above), hiding the variable's refusal.
      ['/api/v1/broadcasts', { method: 'POST', json: { ...base, channel: 'sms', variants: [{ weight: 50 }, { weight: 50, message: 'Halo {order_number}' }] } }, 422],
      ['/api/v1/broadcasts', { method: 'POST', json: { ...base, abTest: { metric: 'conversion' } } }, 422],
      ['/api/v1/broadcasts', { method: 'POST', json: { ...base, variants: [{ weight: 50 }, { weight: 50 }], abTest: { metric: 'opens' } } }, 400],
      ['/api/v1/broadcasts', { method: 'POST', json: { ...base, variants: [{ weight: 50 }, { weight: 50 }], abTest: { testPercent: 20 } } }, 400],
      ['/api/v1/broadcasts', { method: 'POST', json: { ...base, variants: [{ weight: 50 }, { weight: 50 }], abTest: { testPercent: 100, decideAfterHours: 2 } } }, 400],
      ['/api/v1/broadcasts', { method: 'POST', json: { ...base, variants: [{ weight: 50 }, { weight: 50, extra: 1 }] } }, 400],
      [`/api/v1/broadcasts/${String(allowed.id)}/ab-results?format=xls`, {}, 400],
      ['/api/v1/broadcasts/not-a-uuid/ab-results', {}, 404],
      ['/api/v1/broadcasts/00000000-0000-4000-8000-000000000000/ab-results', {}, 404],
      ['/api/v1/broadcasts/%00/ab-results', {}, 404],
    ];
    cases.push(['/api/v1/broadcasts', { method: 'POST', json: { ...base, variants: [{ weight: 50 }, { weight: 50, templateId: String(foreignTpl!.id) }] } }, 422]);
    const foreign = await sql(`
      insert into broadcasts (workspace_id, name, template_id, channel, variants, ab_test)
      select $1::uuid, 'lain', $2::uuid, 'whatsapp', '[]'::jsonb, '{"metric":"conversion","testPercent":null,"decideAfterHours":null,"allowMultipleChanges":false}'::jsonb returning id`, [other.id, tpl]);
    cases.push([`/api/v1/broadcasts/${String(foreign[0]!.id)}/ab-results`, {}, 404]);
    for (const [path, init, status] of cases) {
      const res = await t.api(path, init);
      expect(res.status, `${init.method ?? 'GET'} ${path} ${JSON.stringify(init.json ?? '')}`).toBe(status);
      expect(res.headers.get('content-type'), path).toContain('application/problem+json');
    }
    // A broadcast without a test has no results to show.
    const plain = await ok(await post('/api/v1/broadcasts', base), 201);
    expect((await t.api(`/api/v1/broadcasts/${plain.id}/ab-results`)).status).toBe(422);
  });
});
