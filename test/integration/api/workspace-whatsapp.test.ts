// Two workspaces, two WhatsApp numbers, one Sapa process: the first workspace uses the server's
// WHATSAPP_* number, the second saves its own through PUT /api/v1/channels/whatsapp. Each number
// is a fake Cloud API server behind one Graph host. Sends go out with the sending workspace's own
// number and token; webhooks, signed with each number's own app secret, change only the data of the
// workspace that owns the number; secrets appear in no API answer and no log line (trace level).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../../src/adapters/db/client.js';
import { createRepoStore } from '../../../src/adapters/db/store.js';
import { createScryptHasher } from '../../../src/adapters/security/password.js';
import { startGraphRouter, type GraphRouter } from '../../support/fake-whatsapp/graph-router.js';
import { buildInboundWebhook, signWebhook, startFakeWhatsApp, type FakeWhatsApp } from '../../support/fake-whatsapp/server.js';
import { createTestLocation, startSapaProcess, type SapaProcess } from '../../support/sapa-process.js';
import { storeKindUnderTest } from '../../support/test-store.js';
import { eventually } from '../../support/test-app.js';

const OWNER_A = { email: 'owner@toko-a.test', password: 'password-toko-a-1' };
const OWNER_B = { email: 'owner@toko-b.test', password: 'password-toko-b-1' };
const AGENT_B = { email: 'agent@toko-b.test', password: 'password-agent-b-1' };
const ENV_VERIFY = 'verify-toko-a-env';
const B = { phoneNumberId: '207650463353033', wabaId: '203390230451409', accessToken: 'EAAG-token-of-toko-b-7788', appSecret: 'app-secret-of-toko-b-5566', verifyToken: 'verify-toko-b-4433' };
/** The same customer shops at both stores. */
const CUSTOMER = { phone: '0812-3456-7001', e164: '+6281234567001', digits: '6281234567001' };

let waA: FakeWhatsApp;
let waB: FakeWhatsApp;
let graph: GraphRouter;
let location: Awaited<ReturnType<typeof createTestLocation>>;
let sapa: SapaProcess;
/** Every API answer's body, to prove no secret is ever in one. */
const answers: string[] = [];

type Api = (path: string, init?: { method?: string; json?: unknown; body?: string; headers?: Record<string, string> }) => Promise<{ status: number; body: any }>; // eslint-disable-line @typescript-eslint/no-explicit-any

function client(cookie: string | null): Api {
  return async (path, init = {}) => {
    const headers: Record<string, string> = { ...(cookie ? { cookie } : {}), ...init.headers };
    let body = init.body;
    if (init.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(init.json);
    }
    const res = await fetch(sapa.url + path, { method: init.method ?? (body === undefined ? 'GET' : 'POST'), headers, ...(body !== undefined ? { body } : {}) });
    const text = await res.text();
    answers.push(text);
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // text answers (the handshake's challenge) stay text
    }
    return { status: res.status, body: parsed };
  };
}

async function login(who: { email: string; password: string }): Promise<Api> {
  const res = await fetch(`${sapa.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(who) });
  if (res.status !== 200) throw new Error(`login ${who.email}: ${res.status} ${await res.text()}`);
  return client((res.headers.get('set-cookie') ?? '').split(';')[0]!);
}

let a: Api;
let b: Api;
let agentB: Api;
const anonymous = () => client(null);
const hook = () => `${sapa.url}/webhooks/whatsapp`;

beforeAll(async () => {
  waA = await startFakeWhatsApp({ phoneNumberId: '106540352242922', accessToken: 'EAAG-token-of-toko-a-1122', appSecret: 'app-secret-of-toko-a-3344' });
  waB = await startFakeWhatsApp({ phoneNumberId: B.phoneNumberId, accessToken: B.accessToken, appSecret: B.appSecret, wabaId: B.wabaId, displayPhoneNumber: '6281100000002' });
  // B's template was made and approved by hand in WhatsApp Manager: B imports it once its number is saved.
  waB.addTemplate({ name: 'terima_kasih_b', body: 'Halo {{1}}, pesanan {{2}} kami terima.', examples: ['Dewi', 'SO-1'] });
  graph = await startGraphRouter([waA, waB]);
  location = await createTestLocation();

  // The two workspaces and their people, written before the server starts (the embedded store is one process's).
  const store = await openStore({ dataDir: location.env.SAPA_DATA_DIR ?? '/nonexistent', ...(location.env.DATABASE_URL ? { databaseUrl: location.env.DATABASE_URL } : {}) });
  try {
    const repos = createRepoStore(store.db, store.sql, { insert: async () => undefined, committed: () => undefined });
    const hasher = createScryptHasher();
    const wsA = await repos.workspaces.create({ name: 'Toko A' });
    await repos.users.create({ workspaceId: wsA.id, email: OWNER_A.email, name: 'Ani', role: 'owner', passwordHash: await hasher.hash(OWNER_A.password) });
    const wsB = await repos.workspaces.create({ name: 'Toko B' });
    await repos.users.create({ workspaceId: wsB.id, email: OWNER_B.email, name: 'Budi', role: 'owner', passwordHash: await hasher.hash(OWNER_B.password) });
    await repos.users.create({ workspaceId: wsB.id, email: AGENT_B.email, name: 'Citra', role: 'agent', passwordHash: await hasher.hash(AGENT_B.password) });
  } finally {
    await store.close();
  }

  sapa = await startSapaProcess({
    ...location.env,
    // Every line Sapa can write, searched for secrets at the end.
    SAPA_LOG_LEVEL: 'trace',
    WHATSAPP_API_BASE: graph.baseUrl,
    WHATSAPP_PHONE_NUMBER_ID: waA.phoneNumberId,
    WHATSAPP_ACCESS_TOKEN: waA.accessToken,
    WHATSAPP_APP_SECRET: waA.appSecret,
    WHATSAPP_VERIFY_TOKEN: ENV_VERIFY,
    // The embedded store makes its own key in the data folder; PostgreSQL needs one given.
    ...(storeKindUnderTest() === 'postgres' ? { SAPA_SECRET_KEY: 'cGFzc3BocmFzZS1mb3ItdGhlLXNhcGEtdGVzdC1rZXk=' } : {}),
  });
  a = await login(OWNER_A);
  b = await login(OWNER_B);
  agentB = await login(AGENT_B);
  for (const [api, code] of [[a, 'Terima Kasih A'], [b, 'Terima Kasih B']] as const) {
    const tpl = await api('/api/v1/templates', { json: { code, message: 'Halo {contactname}, pesanan {documentnumber} kami terima.' } });
    const auto = await api('/api/v1/automations', { json: { name: `${code} auto`, trigger: 'order.created', templateId: tpl.body.id } });
    if (auto.status !== 201) throw new Error(JSON.stringify(auto.body));
  }
}, 180_000);

afterAll(async () => {
  await sapa?.kill('SIGTERM');
  await graph?.close();
  await waA?.close();
  await waB?.close();
  await location?.drop();
});

let seq = 0;
function orderEvent(prefix: string) {
  seq++;
  return {
    id: `evt-${prefix}-${seq}`,
    type: 'order.created',
    contact: { externalId: `C-${prefix}-1`, name: 'Dewi', phone: CUSTOMER.phone },
    order: { number: `SO-${prefix}-${seq}`, items: [{ name: 'Kopi', quantity: 1 }] },
  };
}

async function sentMessage(api: Api, prefix: string): Promise<{ id: string; providerMessageId: string; contactId: string }> {
  const ev = await api('/api/v1/events', { json: orderEvent(prefix) });
  expect(ev.status, JSON.stringify(ev.body)).toBe(202);
  const id = ev.body.messages[0].id as string;
  return eventually(async () => {
    const m = (await api(`/api/v1/messages/${id}`)).body;
    return m.status === 'sent' ? { id, providerMessageId: m.providerMessageId as string, contactId: ev.body.contactId as string } : undefined;
  }, 20_000, `message ${id} sent`);
}

const messageOf = async (api: Api, id: string) => (await api(`/api/v1/messages/${id}`)).body;
const contactOf = async (api: Api, id: string) => (await api(`/api/v1/contacts/${id}`)).body;
const contactsOf = async (api: Api) => (await api('/api/v1/contacts?limit=200')).body.items as { id: string; phone: string; consent: Record<string, { status: string }>; whatsappLastInboundAt: string | null }[];
const postedBy = (wa: FakeWhatsApp, messageId: string) => wa.requests.filter((r) => (r.body as { biz_opaque_callback_data?: string } | null)?.biz_opaque_callback_data === messageId);

describe('a second workspace with its own WhatsApp number', () => {
  let messageA: { id: string; providerMessageId: string; contactId: string };
  let messageB: { id: string; providerMessageId: string; contactId: string };

  it('starts on the sandbox, while the first workspace shows the environment number, masked', async () => {
    expect((await b('/api/v1/channels/whatsapp')).body).toMatchObject({ configured: false, source: 'sandbox', phoneNumberId: null, accessToken: null });
    expect((await b('/api/v1/auth/session')).body.whatsappTransport).toBe('sandbox');
    const envView = (await a('/api/v1/channels/whatsapp')).body;
    expect(envView).toMatchObject({ configured: true, source: 'environment', phoneNumberId: waA.phoneNumberId, accessToken: '••••1122', appSecret: '••••3344', verifyToken: '••••-env', ratePerSecond: 80 });
    // Its number is not known yet: a notification for it is acknowledged and ignored.
    const early = await waB.postWebhook(hook(), waB.inboundWebhook({ from: CUSTOMER.digits, text: 'halo' }));
    expect(early.status).toBe(200);
    expect(await early.json()).toMatchObject({ ignored: true });
    expect(await contactsOf(b)).toEqual([]);
  });

  it('saves the number through the API (owners and admins only) and answers it masked, never in clear', async () => {
    expect((await agentB('/api/v1/channels/whatsapp', { method: 'PUT', json: { ...B } })).status).toBe(403);
    expect((await agentB('/api/v1/channels/whatsapp')).status).toBe(403);
    expect((await anonymous()('/api/v1/channels/whatsapp', { method: 'PUT', json: { ...B } })).status).toBe(401);
    // The Meta app's id (for media header examples) is an optional, non-secret setting: digits only.
    expect((await b('/api/v1/channels/whatsapp', { method: 'PUT', json: { ...B, appId: 'app-b' } })).status).toBe(400);
    const saved = await b('/api/v1/channels/whatsapp', { method: 'PUT', json: { ...B, appId: '584544743160775', ratePerSecond: 20 } });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    expect(saved.body).toEqual({
      configured: true, source: 'workspace', phoneNumberId: B.phoneNumberId, wabaId: B.wabaId, appId: '584544743160775',
      accessToken: '••••7788', appSecret: '••••5566', verifyToken: '••••4433', ratePerSecond: 20, webhookUrl: null,
    });
    expect((await b('/api/v1/channels/whatsapp')).body).toEqual(saved.body);
    expect((await b('/api/v1/auth/session')).body.whatsappTransport).toBe('whatsapp-cloud');
    // A save that leaves the secrets empty keeps them (checked below: sends still carry B's token).
    const again = await b('/api/v1/channels/whatsapp', { method: 'PUT', json: { phoneNumberId: B.phoneNumberId, wabaId: B.wabaId, appId: '584544743160775', accessToken: '', appSecret: '', verifyToken: '' } });
    expect(again.body).toEqual(saved.body);
    // With a WABA id only approved templates go out of the 24-hour window: B links the one approved by hand.
    const imported = await b('/api/v1/templates/whatsapp/import', { method: 'POST', json: {} });
    expect(imported.status, JSON.stringify(imported.body)).toBe(200);
    expect(imported.body.linked).toEqual([expect.objectContaining({ code: 'Terima Kasih B', name: 'terima_kasih_b', status: 'approved' })]);
    expect(waB.requests.at(-1)).toMatchObject({ method: 'GET', headers: { authorization: `Bearer ${B.accessToken}` } });
  });

  it("refuses another workspace's number, and hostile input, with problem documents and no change", async () => {
    const taken = await a('/api/v1/channels/whatsapp', { method: 'PUT', json: { ...B, accessToken: 'EAAG-stolen-0000', appSecret: 'x'.repeat(16), verifyToken: 'y'.repeat(16) } });
    expect(taken.status).toBe(409);
    expect(taken.body).toMatchObject({ code: 'channels.phone_number_in_use', errors: [{ field: 'phoneNumberId' }] });
    const envNumber = await b('/api/v1/channels/whatsapp', { method: 'PUT', json: { ...B, phoneNumberId: waA.phoneNumberId } });
    expect(envNumber.body.code).toBe('channels.phone_number_in_use');

    const hostile: [string, unknown][] = [
      ['NUL in the id', { ...B, phoneNumberId: '2076504\u000063353033' }],
      ['NUL in a secret', { ...B, accessToken: 'EAAG\u0000x' }],
      ['lone surrogate', { ...B, appSecret: 'abc\ud800def' }],
      ['100 kB token', { ...B, accessToken: 'A'.repeat(100_000) }],
      ['an id that is not digits', { ...B, phoneNumberId: '../../me' }],
      ['a number for an id', { ...B, phoneNumberId: 207650463353033 }],
      ['another workspace named', { ...B, workspaceId: '00000000-0000-0000-0000-000000000000' }],
      ['a rate out of range', { ...B, ratePerSecond: 1e9 }],
    ];
    for (const [what, json] of hostile) {
      const res = await b('/api/v1/channels/whatsapp', { method: 'PUT', json });
      expect(res.status, what).toBe(400);
      expect(res.body.code, what).toBe('validation');
      expect(res.body.type, what).toMatch(/^https:\/\/sapa\.dev\/problems\//);
    }
    expect((await b('/api/v1/channels/whatsapp', { method: 'PUT', body: '{"phoneNumberId":', headers: { 'content-type': 'application/json' } })).status).toBe(400);
    expect((await b('/api/v1/channels/whatsapp')).body).toMatchObject({ phoneNumberId: B.phoneNumberId, accessToken: '••••7788', ratePerSecond: 20 });
  });

  it("sends each workspace's message with its own number and token, to its own server", async () => {
    messageA = await sentMessage(a, 'a');
    messageB = await sentMessage(b, 'b');
    const [reqA] = postedBy(waA, messageA.id);
    const [reqB] = postedBy(waB, messageB.id);
    expect(reqA).toMatchObject({ path: `/v21.0/${waA.phoneNumberId}/messages`, outcome: 'accepted' });
    expect(reqA!.headers.authorization).toBe(`Bearer ${waA.accessToken}`);
    expect(reqB).toMatchObject({ path: `/v21.0/${B.phoneNumberId}/messages`, outcome: 'accepted' });
    expect(reqB!.headers.authorization).toBe(`Bearer ${B.accessToken}`);
    expect(reqB!.body).toMatchObject({ to: CUSTOMER.digits, type: 'template' });
    expect(postedBy(waA, messageB.id)).toEqual([]);
    expect(postedBy(waB, messageA.id)).toEqual([]);
    expect(messageA.contactId).not.toBe(messageB.contactId);
  });

  it("applies a status signed with its own app secret to its own message only; its signature cannot move the other workspace's message", async () => {
    expect((await waB.postWebhook(hook(), waB.statusWebhook({ wamid: messageB.providerMessageId, status: 'delivered' }))).status).toBe(200);
    await eventually(async () => ((await messageOf(b, messageB.id)).status === 'delivered' ? true : undefined), 5_000, 'B delivered');

    // B's number, B's signature, A's message (by wamid and by our id): nothing moves.
    const crossed = waB.statusWebhook({ wamid: messageA.providerMessageId, status: 'read', recipientId: CUSTOMER.digits, ourMessageId: messageA.id });
    expect((await waB.postWebhook(hook(), crossed)).status).toBe(200);
    // A's number in the body but signed with B's secret: refused outright.
    const forged = signWebhook(waB.appSecret, waA.statusWebhook({ wamid: messageA.providerMessageId, status: 'read' }));
    expect((await fetch(hook(), { method: 'POST', headers: forged.headers, body: forged.body })).status).toBe(401);
    // B's number signed with A's secret: refused too.
    const forgedB = signWebhook(waA.appSecret, waB.statusWebhook({ wamid: messageB.providerMessageId, status: 'read' }));
    expect((await fetch(hook(), { method: 'POST', headers: forgedB.headers, body: forgedB.body })).status).toBe(401);
    expect((await messageOf(a, messageA.id)).status).toBe('sent');
    expect((await messageOf(b, messageB.id)).status).toBe('delivered');

    // A's own status still works through the environment's number.
    expect((await waA.postWebhook(hook(), waA.statusWebhook({ wamid: messageA.providerMessageId, status: 'read' }))).status).toBe(200);
    expect((await messageOf(a, messageA.id)).status).toBe('read');
    expect((await messageOf(b, messageB.id)).status).toBe('delivered');
  });

  it('stores inbound messages in its own workspace only, creating contacts there', async () => {
    await waB.postWebhook(hook(), waB.inboundWebhook({ from: CUSTOMER.digits, text: 'Kak, pesanan saya kapan dikirim?', profileName: 'Dewi' }));
    await waB.postWebhook(hook(), waB.inboundWebhook({ from: '6281299990001', text: 'Halo toko B', profileName: 'Eka' }));
    await eventually(async () => ((await contactOf(b, messageB.contactId)).whatsappLastInboundAt ? true : undefined), 5_000, 'B inbound');
    expect((await contactOf(a, messageA.contactId)).whatsappLastInboundAt).toBeNull();
    expect((await contactsOf(b)).map((c) => c.phone).sort()).toEqual(['+6281234567001', '+6281299990001']);
    expect((await contactsOf(a)).map((c) => c.phone)).toEqual(['+6281234567001']);
  });

  it('opts the contact out in its own workspace only when they send STOP to its number', async () => {
    expect((await waB.postWebhook(hook(), waB.inboundWebhook({ from: CUSTOMER.digits, text: 'STOP' }))).status).toBe(200);
    await eventually(async () => ((await contactOf(b, messageB.contactId)).consent.whatsapp?.status === 'opted_out' ? true : undefined), 5_000, 'B opted out');
    expect((await contactOf(a, messageA.contactId)).consent.whatsapp?.status).not.toBe('opted_out');

    const skipped = await b('/api/v1/events', { json: orderEvent('b') });
    expect(skipped.body.messages[0]).toMatchObject({ status: 'skipped', failureReason: 'opted_out' });
    // The same person still gets the other shop's order updates.
    const stillA = await sentMessage(a, 'a');
    expect(postedBy(waA, stillA.id)).toHaveLength(1);
  });

  it('acknowledges a notification for an unknown number and changes nothing', async () => {
    const before = { a: await contactsOf(a), b: await contactsOf(b) };
    const stranger = buildInboundWebhook({ phoneNumberId: '999000999000999', wabaId: '1', displayPhoneNumber: '6289900000000' }, { from: '6281277770001', text: 'STOP' });
    for (const secret of [waA.appSecret, waB.appSecret, 'someone-else']) {
      const signed = signWebhook(secret, stranger);
      const res = await fetch(hook(), { method: 'POST', headers: signed.headers, body: signed.body });
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ received: true, ignored: true });
    }
    expect(await contactsOf(a)).toEqual(before.a);
    expect(await contactsOf(b)).toEqual(before.b);
  });

  it("accepts the subscription handshake with any configured number's verify token", async () => {
    const handshake = (token: string) => anonymous()(`/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=${encodeURIComponent(token)}&hub.challenge=8675309`);
    expect(await handshake(B.verifyToken)).toEqual({ status: 200, body: 8675309 });
    expect(await handshake(ENV_VERIFY)).toEqual({ status: 200, body: 8675309 });
    expect((await handshake('verify-someone-else')).status).toBe(403);
    expect((await anonymous()(`/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=${B.verifyToken}&hub.verify_token=${B.verifyToken}&hub.challenge=1`)).status).toBe(403);
  });

  it('never shows a secret in an API answer or a log line', async () => {
    const secrets = [B.accessToken, B.appSecret, B.verifyToken, waA.accessToken, waA.appSecret, ENV_VERIFY, 'EAAG-stolen-0000'];
    const everything = answers.join('\n');
    const log = sapa.output();
    expect(answers.length).toBeGreaterThan(40);
    expect(log).toContain('channel account saved');
    for (const secret of secrets) {
      expect(everything.includes(secret), `API answer holds ${secret}`).toBe(false);
      expect(log.includes(secret), `log holds ${secret}`).toBe(false);
    }
  });
});
