/**
 * Journeys over HTTP: recipes (templates made once), activation, contacts counted at their steps
 * as cart.abandoned events arrive, validation problems as one 422 with a code per step, the
 * report, and hostile input — NUL bytes, lone surrogates, huge numbers, bad ids, another
 * workspace's journey: a 4xx, never a 5xx.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startTestApp, type TestApp } from '../../support/test-app.js';

let t: TestApp;
let other: TestApp['api'];
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

async function ok(res: Response, status = 200): Promise<Json> {
  const body = await res.text();
  if (res.status !== status) throw new Error(`expected ${status}, got ${res.status}: ${body}`);
  return body ? JSON.parse(body) as Json : {};
}
const post = (path: string, json: unknown, api: TestApp['api'] = t.api) => api(path, { method: 'POST', json });

beforeAll(async () => {
  t = await startTestApp({ env: { SAPA_JOURNEY_INTERVAL_MS: '100' } });
  const { store, passwords } = t.rt.deps;
  const ws = await store.workspaces.create({ name: 'Toko Sebelah' });
  await store.users.create({ workspaceId: ws.id, email: 'sebelah@toko.test', name: 'Sebelah', role: 'owner', passwordHash: await passwords.hash('password-sebelah-1') });
  const login = await t.client(null)('/api/v1/auth/login', { method: 'POST', json: { email: 'sebelah@toko.test', password: 'password-sebelah-1' } });
  other = t.client((login.headers.get('set-cookie') ?? '').split(';')[0]!);
});
afterAll(async () => {
  await t?.close();
});

describe('journeys API', () => {
  let cart: Json;

  it('lists the recipes and makes the cart-abandonment journey with its templates once', async () => {
    const recipes = await ok(await t.api('/api/v1/journeys/recipes'));
    expect(recipes.items.map((r: Json) => r.key)).toEqual(['cart_abandonment', 'winback_survey', 'welcome_series', 'post_purchase_upsell']);
    cart = await ok(await post('/api/v1/journeys/recipes', { recipe: 'cart_abandonment' }), 201);
    expect(cart).toMatchObject({ status: 'draft', recipe: 'cart_abandonment', name: 'Keranjang ditinggalkan' });
    expect(cart.definition.steps.map((s: Json) => s.kind)).toEqual(['wait', 'send', 'wait', 'send']);
    expect(cart.definition.exit.eventTypes).toEqual(['order.created', 'cart.recovered']);
    await ok(await post('/api/v1/journeys/recipes', { recipe: 'cart_abandonment', name: 'Keranjang kedua' }), 201);
    const templates = await ok(await t.api('/api/v1/templates'));
    expect(templates.items.filter((x: Json) => String(x.code).startsWith('JOURNEY_CART_')).length).toBe(2);
    // The winback recipe makes its segment too.
    const winback = await ok(await post('/api/v1/journeys/recipes', { recipe: 'winback_survey', inactiveDays: 90 }), 201);
    expect(winback.definition.trigger.kind).toBe('segment');
  });

  it('counts contacts at the step they are at once active', async () => {
    const active = await ok(await post(`/api/v1/journeys/${cart.id}/activate`, {}));
    expect(active.status).toBe('active');
    for (const k of ['a', 'b']) {
      await ok(await post('/api/v1/events', { id: `api-cart-${k}`, type: 'cart.abandoned', contact: { externalId: `JA-${k}`, name: `Budi ${k}`, phone: `0812-5555-000${k === 'a' ? 1 : 2}` } }), 202);
    }
    const detail = await eventually(async () => {
      const d = await ok(await t.api(`/api/v1/journeys/${cart.id}`));
      return d.counts.steps[0].active === 2 ? d : undefined;
    }, 10_000, 'two contacts at the first wait');
    expect(detail.counts).toMatchObject({ active: 2, finished: 0, exited: 0 });
    expect(detail.counts.steps.map((s: Json) => s.stepId)).toEqual(['wait-1h', 'reminder-1', 'wait-24h', 'reminder-2']);
    await ok(await post('/api/v1/events', { id: 'api-cart-a-back', type: 'cart.recovered', contact: { externalId: 'JA-a' } }), 202);
    const after = await ok(await t.api(`/api/v1/journeys/${cart.id}`));
    expect(after.counts).toMatchObject({ active: 1, exited: 1 });
    const list = await ok(await t.api('/api/v1/journeys'));
    expect(list.items.find((j: Json) => j.id === cart.id)).toMatchObject({ active: 1, exited: 1, finished: 0 });
    const paused = await ok(await post(`/api/v1/journeys/${cart.id}/pause`, {}));
    expect(paused.status).toBe('paused');
    const again = await t.api(`/api/v1/journeys/${cart.id}/pause`, { method: 'POST', json: {} });
    expect(again.status).toBe(409);
    expect((await again.json() as Json).code).toBe('journey.status_conflict');
  });

  it('answers the report (nothing sent yet)', async () => {
    const r = await ok(await t.api(`/api/v1/journeys/${cart.id}/report`));
    expect(r.campaign).toEqual({ kind: 'journey', id: cart.id, name: 'Keranjang ditinggalkan' });
    expect(r.total).toMatchObject({ sent: 0, converted: 0, revenue: 0 });
  });

  it('refuses a definition with problems, naming each with its code and step', async () => {
    const tpl = await ok(await post('/api/v1/templates', { code: 'Produk', message: 'Halo {contactname}, {productname} siap.', category: 'marketing' }), 201);
    // A custom event provides {contactname} only (a cart event would give {productname} too).
    const res = await post('/api/v1/journeys', {
      name: 'Rusak', definition: {
        trigger: { kind: 'event', eventType: 'quiz.finished' },
        steps: [
          { id: 'a', kind: 'send', templateId: tpl.id, channels: ['whatsapp'], next: 'b' },
          { id: 'b', kind: 'branch', condition: { kind: 'ordered_since_entry' }, yes: 'nope', no: 'a' },
        ],
        exit: { eventTypes: [], onOptOut: true }, allowReentry: false,
      },
    });
    expect(res.status).toBe(422);
    const body = await res.json() as Json;
    expect(body.code).toBe('journey.invalid');
    expect(body.errors.map((e: Json) => `${e.reason}@${e.field}`)).toEqual(['journey.variable_not_available@steps.a.templateId', 'journey.unknown_step@steps.b.yes']);
    const loop = await post('/api/v1/journeys', {
      name: 'Putar', definition: {
        trigger: { kind: 'event', eventType: 'order.created' },
        steps: [
          { id: 'a', kind: 'send', templateId: tpl.id, channels: ['whatsapp'], next: 'b' },
          { id: 'b', kind: 'branch', condition: { kind: 'ordered_since_entry' }, yes: null, no: 'a' },
        ],
        exit: { eventTypes: [], onOptOut: true }, allowReentry: false,
      },
    });
    expect(((await loop.json()) as Json).errors.map((e: Json) => e.reason)).toEqual(['journey.cycle_without_wait']);
  });

  it('answers hostile input with a 4xx, and another workspace with 404', async () => {
    const base = { trigger: { kind: 'event', eventType: 'cart.abandoned' }, steps: [{ id: 'w', kind: 'wait', wait: { minutes: 5 }, next: null }], exit: { eventTypes: [], onOptOut: false }, allowReentry: false };
    const cases: [string, unknown][] = [
      ['nul name', { name: 'a\u0000b', definition: base }],
      ['lone surrogate event type', { name: 'x', definition: { ...base, trigger: { kind: 'event', eventType: 'cart.\uD800' } } }],
      ['huge wait', { name: 'x', definition: { ...base, steps: [{ id: 'w', kind: 'wait', wait: { minutes: 1e308 }, next: null }] } }],
      ['negative weight', { name: 'x', definition: { ...base, steps: [{ id: 's', kind: 'split', branches: [{ weight: -1, next: null }, { weight: 1e20, next: null }] }] } }],
      ['unknown kind', { name: 'x', definition: { ...base, steps: [{ id: 'w', kind: 'teleport' }] } }],
      ['bad segment id', { name: 'x', definition: { ...base, trigger: { kind: 'segment', segmentId: 'not-a-uuid' } } }],
      ['not an object', 'journey'],
    ];
    for (const [what, body] of cases) {
      const res = await post('/api/v1/journeys', body);
      expect(res.status, what).toBeGreaterThanOrEqual(400);
      expect(res.status, what).toBeLessThan(500);
    }
    expect((await t.api('/api/v1/journeys/not-a-uuid')).status).toBe(404);
    expect((await t.api('/api/v1/journeys/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await post('/api/v1/journeys/recipes', { recipe: 'nope' })).status).toBe(400);
    expect((await post('/api/v1/journeys/recipes', { recipe: 'winback_survey', inactiveDays: 1e300 })).status).toBe(400);
    for (const path of [`/api/v1/journeys/${cart.id}`, `/api/v1/journeys/${cart.id}/report`]) expect((await other(path)).status, path).toBe(404);
    expect((await post(`/api/v1/journeys/${cart.id}/activate`, {}, other)).status).toBe(404);
    expect((await other(`/api/v1/journeys/${cart.id}`, { method: 'PUT', json: { name: 'x', definition: base } })).status).toBe(404);
    expect((await other(`/api/v1/journeys/${cart.id}`, { method: 'DELETE' })).status).toBe(404);
    expect((await ok(await other('/api/v1/journeys'))).items).toEqual([]);
    // Ours is still there, and can be deleted by us.
    expect((await t.api(`/api/v1/journeys/${cart.id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await t.api(`/api/v1/journeys/${cart.id}`)).status).toBe(404);
  });

  it('is in the OpenAPI document', async () => {
    const doc = await ok(await t.api('/api/openapi.json'));
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/journeys', '/api/v1/journeys/{id}', '/api/v1/journeys/recipes', '/api/v1/journeys/{id}/report', '/api/v1/journeys/{id}/activate']));
  });
});
