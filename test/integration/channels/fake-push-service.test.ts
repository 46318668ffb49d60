/**
 * The fake push service against the real `web-push` library: a notification sent with VAPID and
 * aes128gcm is decrypted back to the exact text; 404/410 for an expired subscription reach the
 * sender as WebPushError; and each check refuses what it should (a JWT for another origin, one
 * expiring beyond 24 h, a forged signature, a different applicationServerKey, no TTL, another
 * content coding, a flipped ciphertext byte).
 */
import { createPrivateKey, sign } from 'node:crypto';
import https from 'node:https';
import webPush from 'web-push';
import { afterEach, describe, expect, it } from 'vitest';
import { startFakePushService, type FakePushService } from '../../support/fake-push-service.js';

let push: FakePushService | undefined;
afterEach(async () => {
  await push?.close();
  push = undefined;
});

const vapidKeys = webPush.generateVAPIDKeys();
const vapidDetails = { subject: 'mailto:halo@toko.example', publicKey: vapidKeys.publicKey, privateKey: vapidKeys.privateKey };
const agentFor = (p: FakePushService) => new https.Agent({ ca: p.ca });

/** POSTs a prepared request (from web-push's generateRequestDetails), possibly tampered with. */
function post(p: FakePushService, endpoint: string, headers: Record<string, string | number>, body: Buffer | null): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = https.request(endpoint, { method: 'POST', headers, agent: agentFor(p) }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(body ?? undefined);
  });
}

/** An ES256 VAPID JWT with arbitrary claims, signed with the VAPID private key. */
function vapidJwt(claims: Record<string, unknown>): string {
  const pub = Buffer.from(vapidKeys.publicKey, 'base64url');
  const key = createPrivateKey({
    key: { kty: 'EC', crv: 'P-256', d: vapidKeys.privateKey, x: pub.subarray(1, 33).toString('base64url'), y: pub.subarray(33).toString('base64url') },
    format: 'jwk',
  });
  const enc = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const input = `${enc({ typ: 'JWT', alg: 'ES256' })}.${enc(claims)}`;
  return `${input}.${sign('sha256', Buffer.from(input), { key, dsaEncoding: 'ieee-p1363' }).toString('base64url')}`;
}

describe('fake-push-service', () => {
  it('decrypts a notification sent with web-push back to its exact text', async () => {
    push = await startFakePushService();
    const sub = push.createSubscription({ applicationServerKey: vapidKeys.publicKey });
    expect(Buffer.from(sub.keys.p256dh, 'base64url')).toHaveLength(65);
    expect(Buffer.from(sub.keys.auth, 'base64url')).toHaveLength(16);

    const payload = JSON.stringify({ title: 'Toko Sapa', body: 'Rina, paketmu sudah dikirim 📦', url: 'https://toko.example/o/12' });
    const result = await webPush.sendNotification(sub, payload, { vapidDetails, TTL: 3600, urgency: 'high', topic: 'order-12', agent: agentFor(push) });
    expect(result.statusCode).toBe(201);
    expect(result.headers['location']).toMatch(new RegExp(`^${push.origin}/message/`));

    const [got] = await push.waitFor(1);
    expect(got!.text).toBe(payload);
    expect(got!.endpoint).toBe(sub.endpoint);
    expect(got!.ttl).toBe(3600);
    expect(got!.urgency).toBe('high');
    expect(got!.topic).toBe('order-12');
    expect(got!.vapid).toMatchObject({ aud: push.origin, sub: 'mailto:halo@toko.example', k: vapidKeys.publicKey });
    expect(push.rejected()).toEqual([]);
  });

  it('decrypts several payloads, a one-byte and a 3 KB one', async () => {
    push = await startFakePushService();
    const sub = push.createSubscription();
    for (const text of ['x', 'é'.repeat(1500)]) await webPush.sendNotification(sub, text, { vapidDetails, agent: agentFor(push) });
    expect(push.received().map((r) => r.text)).toEqual(['x', 'é'.repeat(1500)]);
  });

  it('answers 410 or 404 for an expired subscription, which web-push reports as WebPushError', async () => {
    push = await startFakePushService();
    const gone = push.createSubscription();
    const missing = push.createSubscription();
    push.expire(gone.endpoint, 410);
    push.expire(missing.endpoint, 404);
    await expect(webPush.sendNotification(gone, 'Halo', { vapidDetails, agent: agentFor(push) })).rejects.toMatchObject({ statusCode: 410, endpoint: gone.endpoint });
    await expect(webPush.sendNotification(missing, 'Halo', { vapidDetails, agent: agentFor(push) })).rejects.toMatchObject({ statusCode: 404 });
    expect(push.received()).toEqual([]);
  });

  it('refuses what does not verify', async () => {
    push = await startFakePushService();
    const sub = push.createSubscription({ applicationServerKey: vapidKeys.publicKey });
    const details = webPush.generateRequestDetails(sub, 'Halo', { vapidDetails, TTL: 60 });
    const headers = details.headers as Record<string, string | number>;
    const body = details.body as Buffer;
    const now = Math.floor(Date.now() / 1000);
    const withAuth = (t: string, k = vapidKeys.publicKey) => ({ ...headers, Authorization: `vapid t=${t}, k=${k}` });

    // The untouched request is accepted: the refusals below are the tampering's doing.
    expect((await post(push, sub.endpoint, headers, body)).status).toBe(201);

    const cases: [string, Record<string, string | number>, Buffer, number, RegExp][] = [
      ['no Authorization', { ...headers, Authorization: '' }, body, 401, /missing vapid/],
      ['another origin', withAuth(vapidJwt({ aud: 'https://push.example', exp: now + 600, sub: 'mailto:a@b.example' })), body, 403, /aud/],
      ['exp beyond 24 h', withAuth(vapidJwt({ aud: push.origin, exp: now + 25 * 3600, sub: 'mailto:a@b.example' })), body, 403, /24 hours/],
      ['exp past', withAuth(vapidJwt({ aud: push.origin, exp: now - 1, sub: 'mailto:a@b.example' })), body, 403, /past/],
      ['forged signature', withAuth(vapidJwt({ aud: push.origin, exp: now + 600 }).replace(/\.[^.]+$/, '.' + Buffer.alloc(64, 1).toString('base64url'))), body, 403, /signature/],
      ['another key', withAuth(vapidJwt({ aud: push.origin, exp: now + 600 }), webPush.generateVAPIDKeys().publicKey), body, 403, /signature/],
      ['no TTL', Object.fromEntries(Object.entries(headers).filter(([k]) => k.toLowerCase() !== 'ttl')), body, 400, /TTL/],
      ['aesgcm coding', { ...headers, 'Content-Encoding': 'aesgcm' }, body, 415, /aes128gcm/],
      ['flipped ciphertext byte', headers, Buffer.from(body.map((b, i) => (i === body.length - 20 ? b ^ 1 : b))), 400, /authentication tag/],
    ];
    for (const [name, h, b, status, reason] of cases) {
      const res = await post(push, sub.endpoint, h, b);
      expect(res.status, name).toBe(status);
      expect(res.text, name).toMatch(reason);
    }
    expect(push.received()).toHaveLength(1);
    // A subscription bound to one VAPID key refuses a push correctly signed with another.
    const other = webPush.generateVAPIDKeys();
    await expect(webPush.sendNotification(sub, 'Halo', { vapidDetails: { ...vapidDetails, publicKey: other.publicKey, privateKey: other.privateKey }, agent: agentFor(push) }))
      .rejects.toMatchObject({ statusCode: 403 });
  });

  it('answers 404 for an endpoint it never issued', async () => {
    push = await startFakePushService();
    const sub = { endpoint: `${push.origin}/push/unknown`, keys: push.createSubscription().keys };
    await expect(webPush.sendNotification(sub, 'Halo', { vapidDetails, agent: agentFor(push) })).rejects.toMatchObject({ statusCode: 404 });
  });
});
