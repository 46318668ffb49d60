/**
 * Outbound webhooks over HTTP, end to end: subscriptions made through the API, events made by
 * ordinary API calls (the outbox is written by the database with the change), deliveries to a real
 * local receiver that verifies each signature per the Standard Webhooks spec; retries after a 500,
 * pause after repeated failures and resume, redeliver with the same webhook-id, the delivery log,
 * hostile input and another workspace.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pruneWebhookLog } from '../../../src/app/webhook-worker.js';
import { eventually, startTestApp, type TestApp } from '../../support/test-app.js';
import { startWebhookReceiver, type WebhookReceiver } from '../../support/webhook-receiver.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
let t: TestApp;
let other: TestApp['api'];
let rx: WebhookReceiver;

async function ok(res: Response, status = 200): Promise<Json> {
  const body = await res.text();
  if (res.status !== status) throw new Error(`expected ${status}, got ${res.status}: ${body}`);
  return body ? JSON.parse(body) as Json : {};
}
const post = (path: string, json: unknown, api: TestApp['api'] = t.api) => api(path, { method: 'POST', json });

/** A subscription to the receiver at its own path, the receiver verifying with its secret. */
async function subscribe(events: string[], path: string, receiver = rx): Promise<Json> {
  const created = await ok(await post('/api/v1/webhooks', { url: `${receiver.url}${path}`, events, description: path }), 201);
  receiver.secret = created.secret as string;
  return created;
}
const at = (path: string) => rx.received.filter((r) => r.path === path);
const log = async (id: string) => (await ok(await t.api(`/api/v1/webhooks/${id}/deliveries`))).items as Json[];

beforeAll(async () => {
  t = await startTestApp({
    env: {
      SAPA_SECRET_KEY: 'webhooks-test-secret-key-0123456789abcdef',
      SAPA_WEBHOOK_INTERVAL_MS: '50', SAPA_WEBHOOK_TIMEOUT_MS: '1000',
      SAPA_WEBHOOK_RETRY_DELAYS_MS: '300,300,300,300,300,300', SAPA_WEBHOOK_PAUSE_AFTER_FAILURES: '3',
    },
  });
  rx = await startWebhookReceiver();
  const { store, passwords } = t.rt.deps;
  const ws = await store.workspaces.create({ name: 'Toko Sebelah' });
  await store.users.create({ workspaceId: ws.id, email: 'sebelah@toko.test', name: 'Sebelah', role: 'owner', passwordHash: await passwords.hash('password-sebelah-1') });
  const login = await t.client(null)('/api/v1/auth/login', { method: 'POST', json: { email: 'sebelah@toko.test', password: 'password-sebelah-1' } });
  other = t.client((login.headers.get('set-cookie') ?? '').split(';')[0]!);
});
afterAll(async () => {
  await t?.close();
  await rx?.close();
});

describe('outbound webhooks', () => {
  it('signs each delivery per Standard Webhooks and logs it; the secret is answered once', async () => {
    rx.answer = () => 200;
    const sub = await subscribe(['contact.created', 'contact.updated'], '/signed');
    expect(sub.secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    expect(Buffer.from((sub.secret as string).slice(6), 'base64').length).toBe(24);
    const listed = await ok(await t.api('/api/v1/webhooks'));
    expect(listed.items.find((w: Json) => w.id === sub.id)).not.toHaveProperty('secret');
    expect(listed.eventTypes).toContain('referral.reward_earned');
    expect(await ok(await t.api(`/api/v1/webhooks/${sub.id}`))).not.toHaveProperty('secret');

    const contact = await ok(await post('/api/v1/contacts', { name: 'Budi', phone: '081234567890' }), 201);
    const got = await eventually(async () => at('/signed')[0], 10_000, 'the delivery');
    expect(got.verified).toBe(true);
    const body = JSON.parse(got.body) as Json;
    expect(body).toMatchObject({ type: 'contact.created', data: { contactId: contact.id, name: 'Budi', phone: '+6281234567890' } });
    expect(Date.parse(body.timestamp as string)).not.toBeNaN();

    const [entry] = await eventually(async () => {
      const items = await log(sub.id as string);
      return items[0]?.status === 'delivered' ? items : undefined;
    }, 10_000, 'the log entry');
    expect(entry).toMatchObject({ eventType: 'contact.created', status: 'delivered', attempts: 1, responseStatus: 200, webhookId: got.id, body: got.body });
    expect(entry!.responseMs).toBeGreaterThanOrEqual(0);

    // A change a subscriber sees is an update; the same PATCH again changes nothing and sends nothing.
    await ok(await t.api(`/api/v1/contacts/${contact.id}`, { method: 'PATCH', json: { name: 'Budi Santoso' } }));
    await ok(await t.api(`/api/v1/contacts/${contact.id}`, { method: 'PATCH', json: { name: 'Budi Santoso' } }));
    const updated = await eventually(async () => at('/signed').find((r) => r.body.includes('contact.updated')), 10_000, 'the update');
    expect(updated.verified).toBe(true);
    expect(JSON.parse(updated.body).data.name).toBe('Budi Santoso');
    await new Promise((r) => setTimeout(r, 300));
    expect(at('/signed').filter((r) => r.body.includes('contact.updated'))).toHaveLength(1);
    await ok(await t.api(`/api/v1/webhooks/${sub.id}`, { method: 'DELETE' }), 204);
  });

  it('tries again after a 500 with the same webhook-id, then logs the success', async () => {
    rx.answer = ({ n }) => (at('/retry').length === 0 && n > 0 ? 500 : 200);
    const sub = await subscribe(['contact.created'], '/retry');
    await ok(await post('/api/v1/contacts', { name: 'Sari', email: 'sari@example.com' }), 201);
    const both = await eventually(async () => (at('/retry').length >= 2 ? at('/retry') : undefined), 10_000, 'the retry');
    expect(both.map((r) => r.answered)).toEqual([500, 200]);
    expect(both[1]!.id).toBe(both[0]!.id);
    expect(both.every((r) => r.verified)).toBe(true);
    expect(both[1]!.body).toBe(both[0]!.body);
    const [entry] = await eventually(async () => {
      const items = await log(sub.id as string);
      return items[0]?.status === 'delivered' ? items : undefined;
    }, 10_000, 'delivered');
    expect(entry).toMatchObject({ attempts: 2, responseStatus: 200 });
    await ok(await t.api(`/api/v1/webhooks/${sub.id}`, { method: 'DELETE' }), 204);
  });

  it('treats a redirect and a receiver that does not answer in time as failures, and tries again', async () => {
    // First a 302 (never followed), then an answer after the 1 s timeout, then 200.
    let calls = 0;
    rx.answer = async () => {
      calls += 1;
      if (calls === 1) return 302;
      if (calls === 2) await new Promise((r) => setTimeout(r, 1500));
      return 200;
    };
    const sub = await subscribe(['contact.created'], '/flaky');
    await ok(await post('/api/v1/contacts', { name: 'Lambat' }), 201);
    const [entry] = await eventually(async () => {
      const items = await log(sub.id as string);
      return items[0]?.status === 'delivered' ? items : undefined;
    }, 15_000, 'delivered after a redirect and a timeout');
    expect(entry).toMatchObject({ attempts: 3, responseStatus: 200 });
    expect(at('/flaky').map((r) => r.id).every((id) => id === entry!.webhookId)).toBe(true);
    await ok(await t.api(`/api/v1/webhooks/${sub.id}`, { method: 'DELETE' }), 204);
  });

  it('pauses a subscription that keeps failing, keeps its events, and delivers them on resume', async () => {
    rx.answer = () => 500;
    const sub = await subscribe(['contact.created'], '/down');
    for (const name of ['A', 'B']) await ok(await post('/api/v1/contacts', { name: `Gagal ${name}` }), 201);
    const paused = await eventually(async () => {
      const w = await ok(await t.api(`/api/v1/webhooks/${sub.id}`));
      return w.status === 'paused' ? w : undefined;
    }, 15_000, 'the pause');
    expect(paused).toMatchObject({ status: 'paused', pauseReason: 'failing' });
    expect(paused.consecutiveFailures).toBeGreaterThanOrEqual(3);
    const failedSoFar = at('/down').length;
    await new Promise((r) => setTimeout(r, 800));
    expect(at('/down').length).toBe(failedSoFar);
    expect((await log(sub.id as string)).map((d) => d.status)).toEqual(['pending', 'pending']);

    rx.answer = () => 200;
    const resumed = await ok(await post(`/api/v1/webhooks/${sub.id}/resume`, {}));
    expect(resumed).toMatchObject({ status: 'active', consecutiveFailures: 0, pauseReason: null });
    await eventually(async () => ((await log(sub.id as string)).every((d) => d.status === 'delivered') ? true : undefined), 10_000, 'delivered after resume');
    const ok200 = at('/down').filter((r) => r.answered === 200);
    expect(new Set(ok200.map((r) => r.id)).size).toBe(2);
    expect(ok200.every((r) => r.verified)).toBe(true);
    await ok(await t.api(`/api/v1/webhooks/${sub.id}`, { method: 'DELETE' }), 204);
  });

  it('redelivers a delivery on request with the same webhook-id', async () => {
    rx.answer = () => 200;
    const sub = await subscribe(['contact.created'], '/again');
    await ok(await post('/api/v1/contacts', { name: 'Ulang' }), 201);
    const first = await eventually(async () => at('/again')[0], 10_000, 'the first');
    const [entry] = await eventually(async () => {
      const items = await log(sub.id as string);
      return items[0]?.status === 'delivered' ? items : undefined;
    }, 10_000, 'delivered');
    const redone = await ok(await post(`/api/v1/webhooks/deliveries/${entry!.id}/redeliver`, {}), 202);
    expect(redone).toMatchObject({ id: entry!.id, status: 'pending', webhookId: first.id });
    const second = await eventually(async () => at('/again')[1], 10_000, 'the redelivery');
    expect(second).toMatchObject({ id: first.id, body: first.body, verified: true });
    expect((await post(`/api/v1/webhooks/deliveries/${entry!.id}/redeliver`, {}, other)).status).toBe(404);
    await ok(await t.api(`/api/v1/webhooks/${sub.id}`, { method: 'DELETE' }), 204);
  });

  it('prunes finished deliveries older than the log keeps, never a pending one', async () => {
    rx.answer = () => 200;
    const sub = await subscribe(['contact.created'], '/old');
    await ok(await post('/api/v1/contacts', { name: 'Lama' }), 201);
    await eventually(async () => ((await log(sub.id as string))[0]?.status === 'delivered' ? true : undefined), 10_000, 'delivered');
    const sql = async (text: string, values: unknown[] = []) => (await t.rt.db.executeSql(text, values)).rows;
    // Another event, still pending (paused subscription), just as old.
    const paused = await subscribe(['contact.created'], '/old-paused');
    await ok(await post(`/api/v1/webhooks/${paused.id}/pause`, {}));
    await ok(await post('/api/v1/contacts', { name: 'Tertahan' }), 201);
    const events = async (subId: string) => Number((await sql(`select count(*)::int as n from webhook_deliveries where subscription_id = $1`, [subId]))[0]!.n);
    const about = async (name: string) => Number((await sql(`select count(*)::int as n from webhook_events where type = 'contact.created' and body like $1`, [`%"name": "${name}"%`]))[0]!.n);
    expect(await events(paused.id as string)).toBe(1);
    expect([await about('Lama'), await about('Tertahan')]).toEqual([1, 1]);
    await sql(`update webhook_events set created_at = now() - interval '40 days' where id in (select event_id from webhook_deliveries where subscription_id = any($1::uuid[]))`, [[sub.id, paused.id]]);
    const pruned = await pruneWebhookLog({ store: t.rt.deps.store, clock: { now: () => new Date() } }, 30);
    expect(pruned).toBeGreaterThanOrEqual(1);
    // Lama's event went with its one delivery; Tertahan's stays, with both its deliveries (one is pending).
    expect([await about('Lama'), await about('Tertahan')]).toEqual([0, 1]);
    expect(await events(paused.id as string)).toBe(1);
    expect(await events(sub.id as string)).toBe(1);
    for (const id of [sub.id, paused.id]) await ok(await t.api(`/api/v1/webhooks/${String(id)}`, { method: 'DELETE' }), 204);
  });

  it('tells of opt-outs and enqueues events from code (the referral hook) inside its transaction', async () => {
    rx.answer = () => 200;
    const sub = await subscribe(['contact.opted_out', 'referral.reward_earned'], '/more');
    const c = await ok(await post('/api/v1/contacts', { name: 'Opt', phone: '081299990000', consent: { whatsapp: 'opted_in' } }), 201);
    await ok(await t.api(`/api/v1/contacts/${c.id}`, { method: 'PATCH', json: { consent: { whatsapp: 'opted_out' } } }));
    const ws = (await t.rt.deps.store.workspaces.first())!.id;
    expect(await t.rt.deps.store.webhooks.enqueue(ws, 'referral.reward_earned', { contactId: c.id, reward: 'VOUCHER10' })).toBe(1);
    const got = await eventually(async () => (at('/more').length >= 2 ? at('/more') : undefined), 10_000, 'both events');
    const bodies = got.map((r) => JSON.parse(r.body) as Json);
    expect(bodies.map((b) => b.type).sort()).toEqual(['contact.opted_out', 'referral.reward_earned']);
    expect(bodies.find((b) => b.type === 'contact.opted_out')!.data).toMatchObject({ contactId: c.id, channel: 'whatsapp' });
    expect(got.every((r) => r.verified)).toBe(true);
    await ok(await t.api(`/api/v1/webhooks/${sub.id}`, { method: 'DELETE' }), 204);
  });

  it('tells of a message sent by an automation and of a conversation assigned', async () => {
    rx.answer = () => 200;
    const sub = await subscribe(['message.sent', 'conversation.assigned'], '/engine');
    const tpl = await ok(await post('/api/v1/templates', { code: 'Webhook', message: 'Halo {contactname}, pesanan {documentnumber} kami terima.' }), 201);
    await ok(await post('/api/v1/automations', { name: 'wh', trigger: 'order.created', templateId: tpl.id }), 201);
    const accepted = await ok(await post('/api/v1/events', {
      id: 'evt-webhook-1', type: 'order.created', contact: { externalId: 'C-WH', name: 'Wati', phone: '081277778888' },
      order: { number: 'SO-WH-1', items: [{ name: 'Kopi', quantity: 1, price: 50000 }], total: 50000, currency: 'IDR' },
    }), 202);
    const sent = await eventually(async () => at('/engine').find((r) => r.body.includes('"message.sent"')), 15_000, 'message.sent');
    expect(sent.verified).toBe(true);
    expect(JSON.parse(sent.body).data).toMatchObject({ contactId: accepted.contactId, channel: 'whatsapp', status: 'sent' });
    // Automation sends open no inbox conversation; an inbound message would (its trigger is another issue's): one is made here.
    const ws = (await t.rt.deps.store.workspaces.first())!.id;
    const conv = { id: String((await t.rt.db.executeSql(`insert into conversations (workspace_id, contact_id, channel, last_message_at, last_message_direction)
      values ($1, $2, 'whatsapp', now(), 'in') returning id`, [ws, accepted.contactId])).rows[0]!.id) };
    const me = await ok(await t.api('/api/v1/auth/session'));
    await ok(await t.api(`/api/v1/conversations/${conv.id}`, { method: 'PATCH', json: { assigneeId: me.user.id } }));
    const assigned = await eventually(async () => at('/engine').find((r) => r.body.includes('conversation.assigned')), 10_000, 'conversation.assigned');
    expect(JSON.parse(assigned.body).data).toMatchObject({ conversationId: conv.id, assigneeId: me.user.id });
    await ok(await t.api(`/api/v1/webhooks/${sub.id}`, { method: 'DELETE' }), 204);
  });

  it('refuses hostile input with a 4xx naming the field, and hides one workspace from another', async () => {
    const bad: [string, unknown, number, string?][] = [
      ['nul in url', { url: 'https://example.com/\u0000', events: ['contact.created'] }, 400, 'url'],
      ['lone surrogate description', { url: 'https://example.com/h', description: 'x\ud800', events: ['contact.created'] }, 400, 'description'],
      ['unknown event', { url: 'https://example.com/h', events: ['contact.exploded'] }, 400],
      ['no events', { url: 'https://example.com/h', events: [] }, 400, 'events'],
      ['number url', { url: 1e300, events: ['contact.created'] }, 400, 'url'],
      ['extra field', { url: 'https://example.com/h', events: ['contact.created'], secret: 'whsec_mine' }, 400],
      ['plain http to the internet', { url: 'http://example.com/h', events: ['contact.created'] }, 422, 'url'],
      ['private network', { url: 'https://10.0.0.5/h', events: ['contact.created'] }, 422, 'url'],
      ['cloud metadata', { url: 'https://169.254.169.254/latest', events: ['contact.created'] }, 422, 'url'],
      ['IPv6 unique local', { url: 'https://[fd00::1]/h', events: ['contact.created'] }, 422, 'url'],
      ['IPv4-mapped private', { url: 'https://[::ffff:192.168.1.1]/h', events: ['contact.created'] }, 422, 'url'],
      ['credentials in url', { url: 'https://user:pw@example.com/h', events: ['contact.created'] }, 422, 'url'],
      ['not a url', { url: 'nowhere', events: ['contact.created'] }, 422, 'url'],
      ['file scheme', { url: 'file:///etc/passwd', events: ['contact.created'] }, 422, 'url'],
    ];
    for (const [what, body, status, field] of bad) {
      const res = await post('/api/v1/webhooks', body);
      const problem = await res.json() as Json;
      expect(res.status, what).toBe(status);
      if (field) expect(JSON.stringify(problem.errors ?? []), what).toContain(field);
    }
    const sub = await ok(await post('/api/v1/webhooks', { url: 'https://example.com/hook', events: ['broadcast.done'] }), 201);
    await ok(await post(`/api/v1/webhooks/${sub.id}/pause`, {}));
    expect((await t.api('/api/v1/webhooks/not-a-uuid')).status).toBe(404);
    expect((await t.api(`/api/v1/webhooks/${sub.id}/deliveries?limit=1e300`)).status).toBe(400);
    expect((await t.api(`/api/v1/webhooks/${sub.id}/deliveries?cursor=bogus`)).status).toBe(400);
    expect((await t.api('/api/v1/webhooks/deliveries/00000000-0000-4000-8000-000000000000/redeliver', { method: 'POST' })).status).toBe(404);
    for (const path of [`/api/v1/webhooks/${sub.id}`, `/api/v1/webhooks/${sub.id}/deliveries`]) expect((await other(path)).status, path).toBe(404);
    expect((await post(`/api/v1/webhooks/${sub.id}/resume`, {}, other)).status).toBe(404);
    expect((await other(`/api/v1/webhooks/${sub.id}`, { method: 'DELETE' })).status).toBe(404);
    expect((await ok(await other('/api/v1/webhooks'))).items).toEqual([]);
    expect((await ok(await t.api(`/api/v1/webhooks/${sub.id}`))).status).toBe('paused');
    await ok(await t.api(`/api/v1/webhooks/${sub.id}`, { method: 'DELETE' }), 204);
  });
});
