/**
 * Web push end to end against the local push service: a shop's page subscribes a browser with
 * the workspace's VAPID key and a signed contact token; an automation's push reaches the push
 * service, which checks the VAPID JWT and decrypts the aes128gcm payload back to the title and
 * text; a 410 removes the subscription; the public endpoints answer hostile input with 4xx.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakePushService, type FakePushService, type PushSubscriptionJSON } from '../../support/fake-push-service.js';
import { eventually, marketingAtAnyHour, startTestApp, type TestApp } from '../../support/test-app.js';
import { storeKindUnderTest } from '../../support/test-store.js';

let t: TestApp;
let push: FakePushService;
let workspaceId: string;
let publicKey: string;
let seq = 0;

beforeAll(async () => {
  push = await startFakePushService();
  t = await startTestApp({ pushCa: push.ca, env: {
    VAPID_SUBJECT: 'mailto:halo@toko.example',
    // The local push service stands in for FCM/Mozilla/Apple: it is the one push host allowed here.
    SAPA_PUSH_ENDPOINT_HOSTS: '127.0.0.1',
    ...(storeKindUnderTest() === 'postgres' ? { SAPA_SECRET_KEY: 'cGFzc3BocmFzZS1mb3ItdGhlLXNhcGEtdGVzdC1rZXk=' } : {}),
  } });
  workspaceId = (await (await t.api('/api/v1/auth/session')).json()).workspace.id;
  const tpl = await json(await post('/api/v1/templates', { code: 'Push Pesanan', message: 'Halo {contactname}, pesanan {documentnumber} sudah dikirim 📦', title: 'Pesanan {documentnumber}', link: 'https://toko.id/pesanan/{documentnumber}?dari=push' }), 201);
  await json(await post('/api/v1/automations', { name: 'push order', trigger: 'order.created', templateId: tpl.id, channel: 'push' }), 201);
}, 60_000);
afterAll(async () => {
  await t?.close();
  await push?.close();
});

async function json(res: Response, status: number) {
  const body = await res.json();
  if (res.status !== status) throw new Error(`${res.status}: ${JSON.stringify(body)}`);
  return body;
}
const post = (path: string, body: unknown) => t.api(path, { method: 'POST', json: body });
const settled = (id: string) => eventually(async () => {
  const m = await json(await t.api(`/api/v1/messages/${id}`), 200);
  return m.status === 'queued' || m.status === 'sending' ? undefined : m;
}, 20_000, `message ${id} settled`);

/** A contact with push consent, and a token for it from the shop's server. */
async function contactWithToken(): Promise<{ contactId: string; externalId: string; token: string }> {
  const externalId = `PUSH-${++seq}`;
  const contact = await json(await post('/api/v1/contacts', { externalId, name: 'Rina', consent: { push: 'opted_in' } }), 201);
  const { token } = await json(await post(`/api/v1/contacts/${contact.id}/token`, { ttlSeconds: 600 }), 201);
  return { contactId: contact.id, externalId, token };
}

/** What the shop's page does: subscribe with the workspace's key, send the subscription with the token. */
const subscribe = (token: string, subscription: unknown, headers: Record<string, string> = {}) => fetch(`${t.url}/push/subscribe`, {
  method: 'POST', headers: { 'content-type': 'application/json', origin: 'https://toko.example', ...headers }, body: JSON.stringify({ token, subscription }),
});

async function order(externalId: string): Promise<string> {
  const n = ++seq;
  const res = await json(await post('/api/v1/events', {
    id: `push-evt-${n}`, type: 'order.created', contact: { externalId },
    order: { number: `SO-P-${n}`, items: [{ name: 'Kopi', quantity: 1, price: 1000 }], total: 1000, currency: 'IDR' },
  }), 202);
  return res.messages[0].id as string;
}

describe('web push', () => {
  it('serves the workspace’s VAPID key (made on first start), with CORS for the shop’s page', async () => {
    const res = await fetch(`${t.url}/push/${workspaceId}/config`, { headers: { origin: 'https://toko.example' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    const body = await res.json();
    expect(Buffer.from(body.publicKey, 'base64url')).toHaveLength(65);
    expect(body).toMatchObject({ subscribeUrl: `${t.url}/push/subscribe`, serviceWorkerUrl: `${t.url}/push/sw.js` });
    publicKey = body.publicKey;
    // The same key every time (it is kept in the store, not made per process or per request).
    expect((await (await fetch(`${t.url}/push/${workspaceId}/config`)).json()).publicKey).toBe(publicKey);
    // Pengaturan shows the same, and that pushes are live.
    expect(await json(await t.api('/api/v1/channels/push'), 200)).toEqual({
      live: true, workspaceId, publicKey, configUrl: `${t.url}/push/${workspaceId}/config`, serviceWorkerUrl: `${t.url}/push/sw.js`,
    });
  });

  it('an automation’s push reaches the browser: VAPID verified, payload decrypted to the title and text', async () => {
    const { externalId, token } = await contactWithToken();
    const sub = push.createSubscription({ applicationServerKey: publicKey });
    const res = await subscribe(token, sub, { 'user-agent': 'Mozilla/5.0 Test' });
    expect(res.status).toBe(201);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');

    const id = await order(externalId);
    expect(await settled(id)).toMatchObject({ channel: 'push', status: 'sent' });
    const [received] = await push.waitFor(1);
    expect(received!.endpoint).toBe(sub.endpoint);
    expect(JSON.parse(received!.text)).toEqual({ title: `Pesanan SO-P-${seq}`, body: `Halo Rina, pesanan SO-P-${seq} sudah dikirim 📦`, url: `https://toko.id/pesanan/SO-P-${seq}?dari=push` });
    expect(received!.vapid).toMatchObject({ aud: push.origin, sub: 'mailto:halo@toko.example', k: publicKey });
    expect(received!.ttl).toBeGreaterThan(0);
  });

  it('every push is recorded as sent, not only the first of its kind (each its own provider id)', async () => {
    // Two contacts with one browser each, two pushes each: four outcomes that once shared 'push:1/1'.
    const a = await contactWithToken();
    const b = await contactWithToken();
    for (const c of [a, b]) expect((await subscribe(c.token, push.createSubscription({ applicationServerKey: publicKey }))).status).toBe(201);
    const ids = [await order(a.externalId), await order(b.externalId), await order(a.externalId), await order(b.externalId)];
    const settledAll = await Promise.all(ids.map(settled));
    expect(settledAll.map((m) => m.status)).toEqual(['sent', 'sent', 'sent', 'sent']);
    expect(new Set(settledAll.map((m) => m.providerMessageId)).size).toBe(4);
  });

  it('a 410 from the push service removes the subscription: that send fails, the next is skipped for no recipient', async () => {
    const { externalId, token } = await contactWithToken();
    const sub: PushSubscriptionJSON = push.createSubscription({ applicationServerKey: publicKey });
    expect((await subscribe(token, sub)).status).toBe(201);
    push.expire(sub.endpoint, 410);
    expect(await settled(await order(externalId))).toMatchObject({ status: 'failed', failureReason: 'push:subscription_gone' });
    expect(await settled(await order(externalId))).toMatchObject({ status: 'skipped', failureReason: 'no_recipient' });
  });

  it('refuses a push link whose place is not the shop\'s own words, naming the field', async () => {
    for (const link of ['{custom_url}', 'javascript:alert(1)', 'https://{custom_host}/promo']) {
      const res = await post('/api/v1/templates', { code: `Tautan ${link}`, message: 'Halo {contactname}', link });
      expect(res.status, link).toBe(422);
      expect((await res.json()).errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'link', reason: 'template.link_invalid' })]));
    }
  });

  it('a contact without a subscribed browser is skipped (no_recipient)', async () => {
    const { externalId } = await contactWithToken();
    expect(await settled(await order(externalId))).toMatchObject({ status: 'skipped', failureReason: 'no_recipient' });
  });

  it('channel choice push then in-app: no browser subscribed hands the intent to in-app (one message each); a subscribed one keeps it on push', async () => {
    // Issue 9 part 5: "no address" for push is no subscribed browser, known only when sending.
    const tpl = await json(await post('/api/v1/templates', { code: 'Push lalu inapp', message: 'Halo {contactname}, ada kabar baru', title: 'Kabar' }), 201);
    await marketingAtAnyHour(t);
    const bare = await contactWithToken();
    const subscribed = await contactWithToken();
    const sub = push.createSubscription({ applicationServerKey: publicKey });
    expect((await subscribe(subscribed.token, sub)).status).toBe(201);
    const before = push.received().length;
    const b = await json(await post('/api/v1/broadcasts', { name: 'push lalu inapp', templateId: tpl.id, channels: ['push', 'inapp'], contactIds: [bare.contactId, subscribed.contactId] }), 201);
    await json(await post(`/api/v1/broadcasts/${b.id}/send`, {}), 202);
    const items = await eventually(async () => {
      const list = (await json(await t.api(`/api/v1/messages?broadcastId=${b.id}`), 200)).items as { id: string; contactId: string; channel: string; status: string; failureReason: string | null; fallbackOf: string | null }[];
      return list.length === 3 && list.every((m) => m.status !== 'queued' && m.status !== 'sending') ? list : undefined;
    }, 30_000, 'three settled messages');
    const ofBare = items.filter((m) => m.contactId === bare.contactId);
    const skipped = ofBare.find((m) => m.channel === 'push')!;
    expect(skipped).toMatchObject({ status: 'skipped', failureReason: 'no_recipient' });
    expect(ofBare.find((m) => m.channel === 'inapp')).toMatchObject({ status: 'sent', fallbackOf: skipped.id });
    expect(await json(await t.api(`/api/v1/messages/${skipped.id}`), 200)).toMatchObject({ fallbackAs: ofBare.find((m) => m.channel === 'inapp')!.id });
    expect(items.filter((m) => m.contactId === subscribed.contactId)).toEqual([expect.objectContaining({ channel: 'push', status: 'sent', fallbackOf: null })]);
    await push.waitFor(before + 1);
    // One per intent: the broadcast counts two sent, and not the skip its fallback replaced.
    expect((await json(await t.api(`/api/v1/broadcasts/${b.id}`), 200)).stats).toMatchObject({ total: 2, sent: 2, skipped: {} });
  });

  it('answers the CORS preflight and serves the service worker as JavaScript', async () => {
    const pre = await fetch(`${t.url}/push/subscribe`, { method: 'OPTIONS', headers: { origin: 'https://toko.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' } });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe('*');
    expect(pre.headers.get('access-control-allow-methods')).toBe('POST');
    expect(pre.headers.get('access-control-allow-credentials')).toBeNull();
    const sw = await fetch(`${t.url}/push/sw.js`);
    expect(sw.status).toBe(200);
    expect(sw.headers.get('content-type')).toMatch(/^text\/javascript/);
    const code = await sw.text();
    expect(code).toContain("addEventListener('push'");
    expect(code).toContain('showNotification');
    expect(code).toContain('openWindow');
  });

  it('refuses hostile subscriptions and tokens with 4xx problem JSON, never 5xx', async () => {
    const { token, contactId } = await contactWithToken();
    const good = push.createSubscription({ applicationServerKey: publicKey });
    const [head, payload, sig] = token.split('.');
    // The payload is `<workspace>:<contact>:<expiry>` (app/contact-token.ts): another contact under the same signature.
    const [ws, , exp] = Buffer.from(payload!, 'base64url').toString().split(':');
    const forged = `${head}.${Buffer.from(`${ws}:00000000-0000-4000-8000-000000000000:${exp}`).toString('base64url')}.${sig}`;
    const cases: [string, unknown, unknown][] = [
      ['no token', '', good],
      ['garbage token', 'ct1.x.y', good],
      ['forged contact', forged, good],
      ['bad signature', `${token.slice(0, -2)}AA`, good],
      ['NUL in token', `${token}\u0000`, good],
      ['lone surrogate', `${token}\ud800`, good],
      ['http endpoint', token, { ...good, endpoint: 'http://127.0.0.1:1/x' }],
      ['endpoint not at a push service', token, { ...good, endpoint: 'https://10.0.0.1/admin' }],
      ['endpoint at a look-alike host', token, { ...good, endpoint: 'https://127.0.0.1.evil.example/x' }],
      ['NUL in endpoint', token, { ...good, endpoint: `${good.endpoint}\u0000` }],
      ['no keys', token, { endpoint: good.endpoint }],
      ['short key', token, { ...good, keys: { p256dh: 'AAAA', auth: good.keys.auth } }],
      ['huge expiration', token, { ...good, expirationTime: '9'.repeat(400) }],
      ['array', token, [good]],
    ];
    for (const [what, tok, subscription] of cases) {
      const res = await subscribe(tok as string, subscription);
      expect(res.status, what).toBeGreaterThanOrEqual(400);
      expect(res.status, what).toBeLessThan(500);
      expect(res.headers.get('content-type'), what).toMatch(/problem\+json/);
    }
    const huge = await fetch(`${t.url}/push/subscribe`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token, subscription: good, pad: 'x'.repeat(20_000) }) });
    expect(huge.status).toBe(413);
    for (const bad of ['not-a-uuid', '%00', '%ED%A0%80', '9'.repeat(5000), '00000000-0000-4000-8000-000000000000']) {
      const res = await fetch(`${t.url}/push/${bad}/config`);
      expect(res.status, bad).toBeGreaterThanOrEqual(400);
      expect(res.status, bad).toBeLessThan(500);
    }
    // Another workspace's contact, or none: 404 from the token endpoint.
    expect((await post('/api/v1/contacts/00000000-0000-4000-8000-000000000000/token', {})).status).toBe(404);
    expect((await post(`/api/v1/contacts/${contactId}/token`, { ttlSeconds: 1e308 })).status).toBe(400);
    expect((await t.client(null)(`/api/v1/contacts/${contactId}/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).status).toBe(401);
  });
});
