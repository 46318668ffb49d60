/**
 * A webhook receiver for tests: a real HTTP server that verifies each request as the Standard
 * Webhooks specification tells a receiver to (written from the spec, not from Sapa's sender):
 * the key is the base64 after `whsec_`; the signed content is `${webhook-id}.${webhook-timestamp}.${raw body}`;
 * `webhook-signature` is a space-separated list of `v1,<base64 HMAC-SHA256>`, any of which may match
 * (compared in constant time); the timestamp must be within 5 minutes of now.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedWebhook {
  id: string;
  timestamp: string;
  body: string;
  /** The signature verified with the receiver's secret and the timestamp was fresh. */
  verified: boolean;
  path: string;
  answered: number;
}

const TOLERANCE_SECONDS = 5 * 60;

/** Verifies one request's headers and raw body against a `whsec_` secret (the spec's receiver algorithm). */
export function verifyStandardWebhook(secret: string, headers: { id?: string; timestamp?: string; signature?: string }, body: string, nowSeconds: number): boolean {
  const { id, timestamp, signature } = headers;
  if (!id || !timestamp || !signature || !secret.startsWith('whsec_')) return false;
  if (!/^\d+$/.test(timestamp) || Math.abs(nowSeconds - Number(timestamp)) > TOLERANCE_SECONDS) return false;
  const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
  const expected = createHmac('sha256', key).update(`${id}.${timestamp}.${body}`, 'utf8').digest();
  return signature.split(' ').some((part) => {
    const [version, sig] = part.split(',', 2);
    if (version !== 'v1' || !sig) return false;
    const given = Buffer.from(sig, 'base64');
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}

export interface WebhookReceiver {
  url: string;
  received: ReceivedWebhook[];
  /** webhook-id of every request as it arrives (before it is answered: held requests count). */
  arrived: string[];
  /** The secret requests are verified with (set after the subscription is made). */
  secret: string;
  /** How to answer the next request (by default 200); may wait to simulate a slow receiver. */
  answer: (r: { id: string; n: number }) => number | Promise<number>;
  close(): Promise<void>;
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const state: WebhookReceiver = { url: '', received: [], arrived: [], secret: '', answer: () => 200, close: async () => undefined };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const h = (name: string) => (typeof req.headers[name] === 'string' ? req.headers[name] as string : undefined);
      const id = h('webhook-id') ?? '';
      state.arrived.push(id);
      const verified = verifyStandardWebhook(state.secret, { id, timestamp: h('webhook-timestamp'), signature: h('webhook-signature') }, body, Math.floor(Date.now() / 1000));
      void Promise.resolve(state.answer({ id, n: state.received.length + 1 })).then((status) => {
        state.received.push({ id, timestamp: h('webhook-timestamp') ?? '', body, verified, path: req.url ?? '', answered: status });
        res.writeHead(status, { 'content-type': 'text/plain' }).end(status < 300 ? 'ok' : 'no');
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  state.close = () => new Promise((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
  return state;
}
