/**
 * A local browser push service (what FCM or Mozilla autopush are to a browser), for the web push
 * channel's tests: it hands out subscriptions the way a browser's PushManager.subscribe() does,
 * and on each push checks the VAPID authorization and headers, DECRYPTS the payload with the
 * subscription's private key and auth secret, and records the plaintext.
 *
 *   const push = await startFakePushService();
 *   const sub = push.createSubscription();            // { endpoint, keys: { p256dh, auth } }
 *   await webPush.sendNotification(sub, 'Halo', { vapidDetails, agent: new https.Agent({ ca: push.ca }) });
 *   expect(push.received()[0].text).toBe('Halo');
 *   push.expire(sub.endpoint, 410);                   // the next push answers 410 Gone
 *
 * It serves HTTPS (a self-signed certificate for 127.0.0.1, exposed as `ca`) because the
 * `web-push` library only speaks https.
 *
 * Wire formats followed:
 * - RFC 8030 (Generic Event Delivery Using HTTP Push): POST to the subscription's push
 *   resource, `TTL` header required (400 without), optional `Urgency` and `Topic`, 201 Created
 *   with a `Location`; 404/410 for a subscription that is gone; 413 above 4096 bytes.
 * - RFC 8292 (VAPID): `Authorization: vapid t=<JWT>, k=<P-256 public key, base64url>`; the JWT
 *   is ES256 (raw r||s signature), `aud` must be the origin of the push resource, `exp` in the
 *   future and at most 24 hours ahead, `sub` a mailto: or https: URI. 401 without it, 403 when
 *   it does not verify.
 * - RFC 8291 (Message Encryption for Web Push) over RFC 8188 (aes128gcm content coding):
 *   header salt(16) | rs(uint32) | idlen(1) | keyid = the sender's ephemeral public key (65);
 *   ecdh_secret = ECDH(ua private, as public); IKM = HKDF(auth secret, ecdh_secret,
 *   "WebPush: info\0" | ua_public | as_public, 32); CEK = HKDF(salt, IKM, "Content-Encoding:
 *   aes128gcm\0", 16); NONCE = HKDF(salt, IKM, "Content-Encoding: nonce\0", 12); one record,
 *   AES-128-GCM with a 16-byte tag; the plaintext ends with the delimiter 0x02 followed by zero
 *   padding. `Content-Encoding: aes128gcm` required (415 otherwise); 400 when it fails to decrypt.
 */
import {
  createDecipheriv, createECDH, createPublicKey, hkdfSync, randomBytes, randomUUID, verify, type ECDH,
} from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { selfSignedCert } from './self-signed-cert.js';

export interface PushSubscriptionJSON {
  endpoint: string;
  expirationTime: null;
  keys: { p256dh: string; auth: string };
}

export interface ReceivedPush {
  readonly endpoint: string;
  /** The decrypted payload. */
  readonly plaintext: Buffer;
  readonly text: string;
  readonly ttl: number;
  readonly urgency: string | undefined;
  readonly topic: string | undefined;
  /** The verified VAPID claims and the sender's public key (base64url). */
  readonly vapid: { readonly aud: string; readonly exp: number; readonly sub: string | undefined; readonly k: string };
  /** Record size and padding seen in the aes128gcm header and plaintext. */
  readonly rs: number;
  readonly paddingBytes: number;
}

export interface RejectedPush {
  readonly endpoint: string;
  readonly status: number;
  readonly reason: string;
}

export interface FakePushService {
  readonly origin: string;
  /** PEM of the self-signed certificate: `new https.Agent({ ca })` trusts it. */
  readonly ca: string;
  /**
   * A new subscription, as a browser would create it. With `applicationServerKey` (the VAPID
   * public key, base64url), pushes signed with any other key are refused (403), as browsers bind
   * a subscription to the key it was created with.
   */
  createSubscription(opts?: { applicationServerKey?: string }): PushSubscriptionJSON;
  /** From now on, pushes to this endpoint are answered `status` (404 or 410). */
  expire(endpoint: string, status?: 404 | 410): void;
  received(): readonly ReceivedPush[];
  rejected(): readonly RejectedPush[];
  waitFor(n: number, timeoutMs?: number): Promise<readonly ReceivedPush[]>;
  close(): Promise<void>;
}

const b64url = (b: Buffer) => b.toString('base64url');
const fromB64url = (s: string) => Buffer.from(s, 'base64url');
const MAX_BODY = 4096;

interface Subscription {
  ecdh: ECDH;
  auth: Buffer;
  endpoint: string;
  applicationServerKey: string | undefined;
  gone: 404 | 410 | undefined;
}

class PushError extends Error {
  constructor(readonly status: number, reason: string) {
    super(reason);
  }
}

/** RFC 8291 §3.4 + RFC 8188 §2: the plaintext of a single-record aes128gcm body. */
export function decryptAes128gcm(body: Buffer, uaPrivate: ECDH, authSecret: Buffer): { plaintext: Buffer; rs: number; paddingBytes: number } {
  if (body.length < 21) throw new PushError(400, 'aes128gcm: body shorter than its header');
  const salt = body.subarray(0, 16);
  const rs = body.readUInt32BE(16);
  const idlen = body[20]!;
  const keyid = body.subarray(21, 21 + idlen);
  const ciphertext = body.subarray(21 + idlen);
  if (rs < 18) throw new PushError(400, `aes128gcm: record size ${rs} below 18`);
  if (idlen !== 65 || keyid[0] !== 0x04) throw new PushError(400, 'aes128gcm: keyid is not an uncompressed P-256 public key');
  if (ciphertext.length < 17) throw new PushError(400, 'aes128gcm: no record');
  if (ciphertext.length > rs) throw new PushError(400, 'aes128gcm: more than one record (RFC 8291 allows one)');

  const uaPublic = uaPrivate.getPublicKey();
  let ecdhSecret: Buffer;
  try {
    ecdhSecret = uaPrivate.computeSecret(keyid);
  } catch {
    throw new PushError(400, 'aes128gcm: keyid is not a point on P-256');
  }
  const keyInfo = Buffer.concat([Buffer.from('WebPush: info\0'), uaPublic, keyid]);
  const ikm = Buffer.from(hkdfSync('sha256', ecdhSecret, authSecret, keyInfo, 32));
  const cek = Buffer.from(hkdfSync('sha256', ikm, salt, Buffer.from('Content-Encoding: aes128gcm\0'), 16));
  const nonce = Buffer.from(hkdfSync('sha256', ikm, salt, Buffer.from('Content-Encoding: nonce\0'), 12));
  // Record 0: the nonce XOR the sequence number 0 is the nonce itself.
  const decipher = createDecipheriv('aes-128-gcm', cek, nonce);
  decipher.setAuthTag(ciphertext.subarray(ciphertext.length - 16));
  let padded: Buffer;
  try {
    padded = Buffer.concat([decipher.update(ciphertext.subarray(0, ciphertext.length - 16)), decipher.final()]);
  } catch {
    throw new PushError(400, 'aes128gcm: authentication tag does not verify');
  }
  let end = padded.length - 1;
  while (end >= 0 && padded[end] === 0) end -= 1;
  if (end < 0 || padded[end] !== 0x02) throw new PushError(400, 'aes128gcm: last record lacks the 0x02 padding delimiter');
  return { plaintext: padded.subarray(0, end), rs, paddingBytes: padded.length - end - 1 };
}

/** RFC 8292 §2–3: the claims of a valid `vapid t=…, k=…` header for this origin. */
function verifyVapid(header: string | undefined, origin: string, nowSeconds: number): ReceivedPush['vapid'] {
  const m = /^vapid\s+(.+)$/i.exec(header ?? '');
  if (!m) throw new PushError(401, 'missing vapid Authorization');
  const params = Object.fromEntries(m[1]!.split(',').map((p) => p.trim().split('=')).filter((kv) => kv.length === 2).map(([k, v]) => [k!.toLowerCase(), v!]));
  const token = params['t'];
  const k = params['k'];
  if (!token || !k) throw new PushError(401, 'vapid Authorization needs t= and k=');
  const parts = token.split('.');
  if (parts.length !== 3) throw new PushError(401, 'vapid t= is not a JWT');
  const [h, p, s] = parts as [string, string, string];
  let jwtHeader: { alg?: unknown; typ?: unknown };
  let claims: { aud?: unknown; exp?: unknown; sub?: unknown };
  try {
    jwtHeader = JSON.parse(fromB64url(h).toString('utf8')) as typeof jwtHeader;
    claims = JSON.parse(fromB64url(p).toString('utf8')) as typeof claims;
  } catch {
    throw new PushError(401, 'vapid JWT is not JSON');
  }
  if (jwtHeader.alg !== 'ES256') throw new PushError(403, `vapid JWT alg ${String(jwtHeader.alg)}, expected ES256`);
  const raw = fromB64url(k);
  if (raw.length !== 65 || raw[0] !== 0x04) throw new PushError(403, 'vapid k= is not an uncompressed P-256 public key');
  const key = createPublicKey({ key: { kty: 'EC', crv: 'P-256', x: b64url(raw.subarray(1, 33)), y: b64url(raw.subarray(33)) }, format: 'jwk' });
  const signature = fromB64url(s);
  if (signature.length !== 64 || !verify('sha256', Buffer.from(`${h}.${p}`), { key, dsaEncoding: 'ieee-p1363' }, signature)) {
    throw new PushError(403, 'vapid JWT signature does not verify with k=');
  }
  if (claims.aud !== origin) throw new PushError(403, `vapid aud ${String(claims.aud)} is not ${origin}`);
  if (typeof claims.exp !== 'number' || claims.exp <= nowSeconds) throw new PushError(403, 'vapid exp is missing or past');
  if (claims.exp > nowSeconds + 24 * 3600) throw new PushError(403, 'vapid exp is more than 24 hours ahead');
  if (claims.sub !== undefined && (typeof claims.sub !== 'string' || !/^(mailto:|https:)/.test(claims.sub))) {
    throw new PushError(403, 'vapid sub must be a mailto: or https: URI');
  }
  return { aud: claims.aud, exp: claims.exp, sub: claims.sub as string | undefined, k };
}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= limit + 1) chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export async function startFakePushService(opts: { now?: () => Date } = {}): Promise<FakePushService> {
  const now = opts.now ?? (() => new Date());
  const { key, cert } = selfSignedCert('fake-push-service');
  const subscriptions = new Map<string, Subscription>();
  const got: ReceivedPush[] = [];
  const refused: RejectedPush[] = [];
  let origin = '';

  const answer = (res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', ...headers });
    res.end(text);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const endpoint = origin + (req.url ?? '/');
    const sub = subscriptions.get(endpoint);
    if (req.method !== 'POST' || !sub) throw new PushError(404, 'no such subscription');
    if (sub.gone) throw new PushError(sub.gone, sub.gone === 410 ? 'subscription expired' : 'subscription not found');
    const vapid = verifyVapid(req.headers.authorization, origin, Math.floor(now().getTime() / 1000));
    if (sub.applicationServerKey && vapid.k !== sub.applicationServerKey) throw new PushError(403, 'k= is not the subscription\'s applicationServerKey');
    const ttlHeader = req.headers['ttl'];
    if (typeof ttlHeader !== 'string' || !/^\d+$/.test(ttlHeader.trim())) throw new PushError(400, 'TTL header missing or not a non-negative integer');
    if ((req.headers['content-encoding'] ?? '').toLowerCase() !== 'aes128gcm') throw new PushError(415, 'Content-Encoding must be aes128gcm');
    const body = await readBody(req, MAX_BODY);
    if (body.length > MAX_BODY) throw new PushError(413, `payload over ${MAX_BODY} bytes`);
    const { plaintext, rs, paddingBytes } = decryptAes128gcm(body, sub.ecdh, sub.auth);
    got.push({
      endpoint,
      plaintext,
      text: plaintext.toString('utf8'),
      ttl: Number(ttlHeader),
      urgency: req.headers['urgency'] as string | undefined,
      topic: req.headers['topic'] as string | undefined,
      vapid,
      rs,
      paddingBytes,
    });
    answer(res, 201, '', { location: `${origin}/message/${randomUUID()}` });
  };

  const server = createServer({ key, cert }, (req, res) => {
    handle(req, res).catch((err: unknown) => {
      const status = err instanceof PushError ? err.status : 500;
      const reason = err instanceof Error ? err.message : String(err);
      refused.push({ endpoint: origin + (req.url ?? '/'), status, reason });
      req.resume();
      if (!res.headersSent) answer(res, status, reason);
      else res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    origin,
    ca: cert,
    createSubscription(o = {}) {
      const ecdh = createECDH('prime256v1');
      ecdh.generateKeys();
      const auth = randomBytes(16);
      const endpoint = `${origin}/push/${b64url(randomBytes(24))}`;
      subscriptions.set(endpoint, { ecdh, auth, endpoint, applicationServerKey: o.applicationServerKey, gone: undefined });
      return { endpoint, expirationTime: null, keys: { p256dh: b64url(ecdh.getPublicKey()), auth: b64url(auth) } };
    },
    expire(endpoint, status = 410) {
      const sub = subscriptions.get(endpoint);
      if (!sub) throw new Error(`fake-push-service: unknown endpoint ${endpoint}`);
      sub.gone = status;
    },
    received: () => [...got],
    rejected: () => [...refused],
    async waitFor(n, timeoutMs = 5_000) {
      const deadline = Date.now() + timeoutMs;
      while (got.length < n) {
        if (Date.now() > deadline) throw new Error(`fake-push-service: expected ${n} push(es) within ${timeoutMs} ms, got ${got.length}`);
        await new Promise((r) => setTimeout(r, 10));
      }
      return [...got];
    },
    close: () => new Promise<void>((resolve, reject) => {
      server.close((err) => (err ? reject(err) : resolve()));
      server.closeAllConnections();
    }),
  };
}
