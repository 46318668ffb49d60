/**
 * A/B tests on journey send steps (issue 10 part 4) over HTTP on the real runtime and the store
 * under test: a 2-variant step splits 200 contacts exactly as the domain's assignVariant does for
 * `<journey>:<step>` (close to the weights), each message carrying its variant and its variant's
 * template; conversions counted per variant with the hand-worked test below; test then winner
 * (the first 10 contacts split, everyone after gets the winner, decided once); the one-change and
 * same-category refusals (422); hostile input.
 *
 * Hand-worked reference (as test/integration/broadcasts/ab-test.test.ts): A 2/10, B 6/10 →
 * B − A = 0.4; pooled p̂ = 0.4, se = √(0.4 · 0.6 · (2/10)) = 0.21908902, z = 1.8257419,
 * two-sided p = erfc(z/√2) = 0.0678892; Newcombe's hybrid score interval: Wilson 6/10 =
 * [0.312663, 0.831820], 2/10 = [0.056682, 0.509834] → 0.4 − √(0.287337² + 0.309834²) = −0.022558,
 * 0.4 + √(0.231820² + 0.143318²) = 0.672544.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decideDueJourneyAbTests } from '../../../src/app/journey-ab.js';
import { assignVariant } from '../../../src/domain/insights/index.js';
import { eventually, marketingAtAnyHour, startTestApp, type TestApp } from '../../support/test-app.js';

let t: TestApp;
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

async function ok(res: Response, status = 200): Promise<Json> {
  const body = await res.text();
  if (res.status !== status) throw new Error(`expected ${status}, got ${res.status}: ${body}`);
  return body ? JSON.parse(body) as Json : {};
}
const post = (path: string, json: unknown) => t.api(path, { method: 'POST', json });
const sql = async (text: string, values: unknown[] = []) => (await t.rt.db.executeSql(text, values)).rows as Json[];
const phones = new Map<string, string>();
let bulk = 0;
async function bulkContacts(count: number): Promise<string[]> {
  const rows = await sql(`
    insert into contacts (workspace_id, name, phone)
    select (select id from workspaces order by created_at limit 1), 'JAB ' || g, '+62818' || lpad((${++bulk * 100_000} + g)::text, 7, '0')
    from generate_series(1, $1::int) g returning id, phone`, [count]);
  for (const r of rows) phones.set(String(r.id), String(r.phone));
  return rows.map((r) => String(r.id));
}
let seq = 0;
/** Events in groups of 10 at once: one by one, 200 requests are slow on a loaded machine. */
async function enterAll(ids: readonly string[]) {
  for (let i = 0; i < ids.length; i += 10) {
    for (const res of await Promise.all(ids.slice(i, i + 10).map(enter))) await ok(res, 202);
  }
}
const enter = (contactId: string) => post('/api/v1/events', { id: `jab-cart-${++seq}`, type: 'cart.abandoned', contact: { phone: phones.get(contactId) } });
const order = (contactId: string, total: number) => post('/api/v1/events', {
  id: `jab-order-${++seq}`, type: 'order.created', contact: { phone: phones.get(contactId) },
  order: { number: `SO-JAB-${seq}`, items: [{ name: 'Kopi', quantity: 1, price: total }], total, currency: 'IDR' },
});
const journey = (name: string, step: Json) => ({
  name, definition: { trigger: { kind: 'event', eventType: 'cart.abandoned' }, steps: [{ id: 's1', kind: 'send', channels: ['whatsapp'], next: null, ...step }], exit: { eventTypes: [], onOptOut: true }, allowReentry: false },
});
/** Only one journey listens at a time: the previous one is paused. */
let running: string | null = null;
async function activate(id: string) {
  if (running) await ok(await post(`/api/v1/journeys/${running}/pause`, {}));
  await ok(await post(`/api/v1/journeys/${id}/activate`, {}));
  running = id;
}
const sentOf = (journeyId: string, n: number) => eventually(async () => {
  const rows = await sql(`select contact_id, variant, template_id, status, created_at from messages where journey_id = $1 and fallback_of is null`, [journeyId]);
  return rows.length >= n && rows.every((r) => ['sent', 'delivered', 'read'].includes(String(r.status))) ? rows : undefined;
}, 150_000, `${n} journey messages sent`);

let tplA: string;
let tplB: string;

beforeAll(async () => {
  t = await startTestApp({ env: { SAPA_JOURNEY_INTERVAL_MS: '100', SAPA_LOG_LEVEL: process.env.TEST_LOG ?? 'silent' } });
  await marketingAtAnyHour(t);
  tplA = (await ok(await post('/api/v1/templates', { code: 'JAB Kopi', message: 'Kopi baru sudah datang, kembali ke keranjang Anda.', category: 'marketing' }), 201)).id;
  tplB = (await ok(await post('/api/v1/templates', { code: 'JAB Teh', message: 'Teh baru sudah datang, kembali ke keranjang Anda.', category: 'marketing' }), 201)).id;
}, 60_000);
afterAll(async () => {
  await t?.close();
});

describe('a journey send step with two variants', () => {
  it('splits 200 contacts by the domain\'s assignVariant for <journey>:<step>, close to 70/30, each message with its variant and template', async () => {
    const j = await ok(await post('/api/v1/journeys', journey('Uji kopi', { templateId: tplA, variants: [{ weight: 70 }, { weight: 30, templateId: tplB }] })), 201);
    expect(j.definition.steps[0].variants).toEqual([{ weight: 70 }, { weight: 30, templateId: tplB }]);
    await activate(j.id);
    const ids = await bulkContacts(200);
    await enterAll(ids);
    const rows = await sentOf(j.id, 200);
    expect(rows.length).toBe(200);
    const weights = [{ id: 'A', weight: 70 }, { id: 'B', weight: 30 }];
    for (const r of rows) {
      const expected = assignVariant(`${j.id}:s1`, String(r.contact_id), weights);
      expect(r.variant).toBe(expected);
      expect(r.template_id).toBe(expected === 'A' ? tplA : tplB);
    }
    const b = rows.filter((r) => r.variant === 'B').length;
    // Binomial s.d. of the share at n = 200 is 3.2 pp; the split is fixed by the ids, so this cannot flake.
    expect(Math.abs(b / 200 - 0.3)).toBeLessThan(0.1);
    const res = await ok(await t.api(`/api/v1/journeys/${j.id}/ab-results`));
    expect(res.steps).toHaveLength(1);
    expect(res.steps[0]).toMatchObject({ stepId: 's1', metric: 'conversion', phase: 'single', sentToWinner: 0 });
    expect(res.steps[0].variants.map((v: Json) => [v.key, v.templateId, v.sent])).toEqual([['A', tplA, 200 - b], ['B', tplB, b]]);
  }, 240_000);

  it('counts conversions per variant and gives the hand-worked z-test (A 2/10, B 6/10)', async () => {
    const j = await ok(await post('/api/v1/journeys', journey('Hasil', { templateId: tplA, variants: [{ weight: 50 }, { weight: 50, templateId: tplB }], abTest: { metric: 'conversion' } })), 201);
    const split = (id: string) => assignVariant(`${j.id}:s1`, id, [{ id: 'A', weight: 50 }, { id: 'B', weight: 50 }]);
    const pool = await bulkContacts(80);
    const a = pool.filter((id) => split(id) === 'A').slice(0, 10);
    const b = pool.filter((id) => split(id) === 'B').slice(0, 10);
    expect([a.length, b.length]).toEqual([10, 10]);
    await activate(j.id);
    await enterAll([...a, ...b]);
    await sentOf(j.id, 20);
    await new Promise((r) => setTimeout(r, 20)); // orders strictly after the sends
    for (const id of a.slice(0, 2)) await ok(await order(id, 100_000), 202);
    for (const id of b.slice(0, 6)) await ok(await order(id, 50_000), 202);
    const r = await eventually(async () => {
      const res = (await ok(await t.api(`/api/v1/journeys/${j.id}/ab-results`))).steps[0];
      return res.variants[0].metricCount === 2 && res.variants[1].metricCount === 6 ? res : undefined;
    }, 20_000, 'orders credited');
    expect(r.variants).toEqual([
      { key: 'A', templateId: tplA, channels: ['whatsapp'], weight: 50, recipients: 10, sent: 10, metricCount: 2, rate: 0.2, orders: 2, revenue: 200_000 },
      { key: 'B', templateId: tplB, channels: ['whatsapp'], weight: 50, recipients: 10, sent: 10, metricCount: 6, rate: 0.6, orders: 6, revenue: 300_000 },
    ]);
    expect(r.test.kind).toBe('z');
    expect(r.test.statistic).toBeCloseTo(1.8257419, 6);
    expect(r.test.pValue).toBeCloseTo(0.0678892, 6);
    expect(r.test.versusControl[0].interval[0]).toBeCloseTo(-0.022558, 5);
    expect(r.test.versusControl[0].interval[1]).toBeCloseTo(0.672544, 5);
    expect(r).toMatchObject({ verdict: 'no_significant_difference', winner: null, phase: 'single' });
  }, 240_000);

  it('tests on the first 10 contacts, decides once, then sends the winner (A, none significant) to everyone after', async () => {
    const j = await ok(await post('/api/v1/journeys', journey('Lalu pemenang', {
      templateId: tplA, variants: [{ weight: 50 }, { weight: 50, templateId: tplB }], abTest: { metric: 'read', testContacts: 10 },
    })), 201);
    await activate(j.id);
    const ids = await bulkContacts(30);
    await enterAll(ids.slice(0, 10));
    await sentOf(j.id, 10);
    const decided = await eventually(async () => {
      const s = (await ok(await t.api(`/api/v1/journeys/${j.id}/ab-results`))).steps[0];
      return s.phase === 'decided' ? s : undefined;
    }, 20_000, 'the test decided');
    expect(decided).toMatchObject({ sentToRest: 'A', testContacts: 10, sentToWinner: 0 });
    expect(decided.variants.reduce((n: number, v: Json) => n + v.sent, 0)).toBe(10);
    // Another worker deciding again changes nothing.
    expect(await decideDueJourneyAbTests(t.rt.workerDeps)).toEqual([]);
    expect((await sql(`select count(*)::int as n from journey_ab_decisions where journey_id = $1`, [j.id]))[0]!.n).toBe(1);
    await enterAll(ids.slice(10));
    const rows = await sentOf(j.id, 30);
    const after = rows.filter((r) => ids.slice(10).includes(String(r.contact_id)));
    expect(after).toHaveLength(20);
    expect(after.every((r) => r.variant === 'A' && r.template_id === tplA)).toBe(true);
    const final = (await ok(await t.api(`/api/v1/journeys/${j.id}/ab-results`))).steps[0];
    expect(final).toMatchObject({ phase: 'decided', sentToRest: 'A', sentToWinner: 20 });
    expect(final.variants.reduce((n: number, v: Json) => n + v.sent, 0)).toBe(10);
  }, 240_000);
});

describe('refusals and hostile input', () => {
  it('refuses variants that change more than one thing unless told, another category, and bad input — 4xx problem JSON, never 5xx', async () => {
    const tplEmail = (await ok(await post('/api/v1/templates', { code: 'JAB Surel', message: 'Susu baru sudah datang.', category: 'marketing', subject: 'Susu' }), 201)).id;
    const twoChanges = await post('/api/v1/journeys', journey('Dua', { templateId: tplA, variants: [{ weight: 50 }, { weight: 50, templateId: tplEmail, channels: ['email'] }] }));
    expect(twoChanges.status).toBe(422);
    const problem = await twoChanges.json() as Json;
    expect(problem).toMatchObject({ code: 'ab_test.more_than_one_change', errors: [{ field: 'steps.s1.variants', reason: 'ab_test.more_than_one_change' }] });
    expect(problem.detail).toContain('text and subject and channel');
    const allowed = await ok(await post('/api/v1/journeys', journey('Dua boleh', {
      templateId: tplA, variants: [{ weight: 50 }, { weight: 50, templateId: tplEmail, channels: ['email'] }], abTest: { allowMultipleChanges: true },
    })), 201);
    expect(allowed.definition.steps[0].abTest).toEqual({ metric: 'conversion', testContacts: null, decideAfterHours: null, allowMultipleChanges: true });
    // One change (the channel only) passes.
    await ok(await post('/api/v1/journeys', journey('Saluran', { templateId: tplA, variants: [{ weight: 50 }, { weight: 50, channels: ['sms'] }] })), 201);

    const util = (await ok(await post('/api/v1/templates', { code: 'JAB Util', message: 'Teh baru sudah datang, kembali ke keranjang Anda.', category: 'utility' }), 201)).id;
    const mixed = await post('/api/v1/journeys', journey('Campur', { templateId: tplA, variants: [{ weight: 50 }, { weight: 50, templateId: util }] }));
    expect(mixed.status).toBe(422);
    expect((await mixed.json() as Json).errors).toEqual([expect.objectContaining({ field: 'steps.s1.variants.1.templateId', reason: 'ab_test.category_mismatch' })]);

    const other = await t.rt.deps.store.workspaces.create({ name: 'Toko JAB Lain' });
    const [foreignTpl] = await sql(`insert into templates (workspace_id, code, message, category) values ($1, 'Lain', 'Halo', 'marketing') returning id`, [other.id]);
    const [foreignJourney] = await sql(`insert into journeys (workspace_id, name, definition) values ($1, 'lain', $2::jsonb) returning id`, [other.id, JSON.stringify(allowed.definition)]);
    const v = (variants: unknown, abTest?: unknown) => ({ method: 'POST', json: journey('X', { templateId: tplA, variants, ...(abTest === undefined ? {} : { abTest }) }) });
    const cases: [string, RequestInit & { json?: unknown }, number][] = [
      ['/api/v1/journeys', v([{ weight: 50 }]), 422],
      ['/api/v1/journeys', v([1, 1, 1, 1, 1].map((weight) => ({ weight }))), 422],
      ['/api/v1/journeys', v([{ weight: 1e300 }, { weight: -1 }]), 422],
      ['/api/v1/journeys', v([{ weight: 50 }, { weight: 50, templateId: 'a\u0000b' }]), 400],
      ['/api/v1/journeys', v([{ weight: 50 }, { weight: 50, templateId: 'x\uD800' }]), 400],
      ['/api/v1/journeys', v([{ weight: 50 }, { weight: 50, templateId: String(foreignTpl!.id) }]), 422],
      ['/api/v1/journeys', v([{ weight: 50 }, { weight: 50, extra: 1 }]), 400],
      ['/api/v1/journeys', v([{ weight: 50 }, { weight: 50, channels: ['fax'] }]), 400],
      ['/api/v1/journeys', v([{ weight: 50 }, { weight: 50 }], { metric: 'opens' }), 400],
      ['/api/v1/journeys', v([{ weight: 50 }, { weight: 50 }], { testContacts: 1e300 }), 422],
      ['/api/v1/journeys', v([{ weight: 50 }, { weight: 50 }], { decideAfterHours: -5 }), 422],
      ['/api/v1/journeys', v(null, { metric: 'read' }), 422],
      ['/api/v1/journeys/not-a-uuid/ab-results', {}, 404],
      ['/api/v1/journeys/00000000-0000-4000-8000-000000000000/ab-results', {}, 404],
      ['/api/v1/journeys/%00/ab-results', {}, 404],
      [`/api/v1/journeys/${String(foreignJourney!.id)}/ab-results`, {}, 404],
    ];
    for (const [path, init, status] of cases) {
      const res = await t.api(path, init);
      expect(res.status, `${init.method ?? 'GET'} ${path} ${JSON.stringify(init.json ?? '')}`).toBe(status);
      expect(res.headers.get('content-type'), path).toContain('application/problem+json');
    }
    // A journey without tests answers no steps.
    const plain = await ok(await post('/api/v1/journeys', journey('Biasa', { templateId: tplA })), 201);
    expect((await ok(await t.api(`/api/v1/journeys/${plain.id}/ab-results`))).steps).toEqual([]);
  });
});
