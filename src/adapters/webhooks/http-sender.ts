/**
 * Sends one signed webhook over HTTP(S) with node's client: keep-alive agents (one worker reuses
 * connections to the same receivers), a hard timeout from the first byte sent to the end of the
 * answer, redirects never followed (a 3xx is the answer), the answer's body read and dropped (at
 * most 64 KiB: a receiver cannot make the worker buffer without bound), and the target's address
 * checked at connect time by the target policy.
 */
import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import type { WebhookSender } from '../../app/webhook.port.js';
import { secretKeyOf, signedHeaders } from './standard-webhooks.js';
import type { TargetPolicy } from './target-policy.js';

const MAX_ANSWER_BYTES = 64 * 1024;

export function createWebhookSender(options: { timeoutMs: number; policy: TargetPolicy; maxSockets?: number; userAgent?: string }): WebhookSender & { close(): void } {
  const agentOptions = { keepAlive: true, maxSockets: options.maxSockets ?? 32, lookup: options.policy.lookup };
  const httpAgent = new http.Agent(agentOptions);
  const httpsAgent = new https.Agent(agentOptions);
  return {
    close() {
      httpAgent.destroy();
      httpsAgent.destroy();
    },
    send({ url, id, timestamp, body, secret }) {
      const started = performance.now();
      const elapsed = () => Math.round(performance.now() - started);
      return new Promise((resolve) => {
        let target: URL;
        try {
          target = new URL(url);
        } catch {
          resolve({ statusCode: null, ms: 0, error: 'invalid url' });
          return;
        }
        // A literal address is never looked up, so the policy is asked here.
        const host = target.hostname.replace(/^\[|\]$/g, '');
        if (isIP(host) !== 0 && !options.policy.allowsAddress(host)) {
          resolve({ statusCode: null, ms: 0, error: `address ${host} is not allowed` });
          return;
        }
        const client = target.protocol === 'https:' ? https : http;
        let settled = false;
        const finish = (statusCode: number | null, error: string | null) => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          resolve({ statusCode, ms: elapsed(), error });
        };
        const req = client.request(target, {
          method: 'POST',
          agent: target.protocol === 'https:' ? httpsAgent : httpAgent,
          headers: {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
            'user-agent': options.userAgent ?? 'Sapa-Webhooks/1',
            ...signedHeaders(secretKeyOf(secret), id, timestamp, body),
          },
        }, (res) => {
          let seen = 0;
          res.on('data', (chunk: Buffer) => {
            seen += chunk.length;
            if (seen > MAX_ANSWER_BYTES) {
              res.destroy();
              finish(res.statusCode ?? null, null);
            }
          });
          res.on('end', () => finish(res.statusCode ?? null, null));
          res.on('error', (err) => finish(res.statusCode ?? null, err.message));
        });
        const timer = setTimeout(() => {
          req.destroy(new Error(`no answer within ${options.timeoutMs} ms`));
        }, options.timeoutMs);
        req.on('error', (err) => finish(null, err.message.slice(0, 300)));
        req.end(body);
      });
    },
  };
}
