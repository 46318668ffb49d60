/**
 * The web push channel: a message to a contact (recipient = contact id) goes to every browser
 * subscribed to that contact, through each browser's push service, with `web-push`: VAPID
 * (RFC 8292) signed with the workspace's key, payload encrypted aes128gcm (RFC 8291), a TTL.
 *
 * The payload is JSON `{ title, body, url? }` that the service worker of /push/sw.js shows.
 * Outcomes: sent when at least one browser took it; a push service answering 404/410 says the
 * subscription is gone, so it is deleted; no subscription at all skips the message
 * (`no_recipient`); every browser failing fails it with the reasons.
 *
 * Push services honour no idempotency key and send no receipts. A push carries the message id as
 * its RFC 8030 `Topic`, so a repeat replaces a push still waiting at the push service for an
 * offline browser; one already shown can show again. The channel says `idempotent: true` so
 * that a send left by a dead worker is resent after the lease rather than held for a receipt
 * that never comes: for a notification, a rare duplicate is judged better than a loss.
 */
import type { Agent } from 'node:https';
import webPush from 'web-push';
import type { Channel, OutboundMessage, SendResult } from '../../app/channel.port.js';
import type { PushSubscriptionRecord, PushSubscriptionRepo } from '../../app/push.port.js';

/** Push services refuse bodies over 4096 bytes; aes128gcm adds 103 (header 86, tag 16, delimiter 1). */
export const MAX_PUSH_PAYLOAD_BYTES = 3993;
/** Browsers a message goes to at most (newest subscriptions first). */
const MAX_SUBSCRIPTIONS = 20;

export interface PushConfig {
  readonly vapid: { readonly subject: string; readonly publicKey: string; readonly privateKey: string };
  /** How long a push service keeps a push for an offline browser (seconds). */
  readonly ttlSeconds?: number;
  readonly timeoutMs?: number;
  /** The https.Agent pushes go through (keep-alive; a test's push service's CA). */
  readonly agent?: Agent;
}

/**
 * The JSON payload, within the push services' size: the body is cut (with `…`) until it fits,
 * by whole characters; the title too if it alone is too long.
 */
export function buildPushPayload(content: { title: string; body: string; url?: string | null }): string {
  const encode = (title: string, body: string) => JSON.stringify({ title, body, ...(content.url ? { url: content.url } : {}) });
  let title = content.title;
  let body = content.body;
  const fits = () => Buffer.byteLength(encode(title, body)) <= MAX_PUSH_PAYLOAD_BYTES;
  const cut = (s: string, room: number) => {
    const chars = [...s];
    return `${chars.slice(0, Math.max(0, room)).join('')}…`;
  };
  if (fits()) return encode(title, body);
  // Halving the overflow's worth of characters each round keeps this to a few encodings.
  let chars = [...body].length;
  while (!fits() && chars > 0) {
    const over = Buffer.byteLength(encode(title, body)) - MAX_PUSH_PAYLOAD_BYTES;
    chars = Math.max(0, chars - Math.max(1, Math.ceil(over / 4)));
    body = cut(content.body, chars);
  }
  chars = [...title].length;
  while (!fits() && chars > 0) {
    chars = Math.max(0, chars - 16);
    title = cut(content.title, chars);
  }
  return encode(title, body);
}

export function createPushChannel(config: PushConfig, deps: { subscriptions: PushSubscriptionRepo; now: () => Date }): Channel {
  const options = {
    vapidDetails: { ...config.vapid },
    TTL: config.ttlSeconds ?? 24 * 3600,
    contentEncoding: 'aes128gcm' as const,
    timeout: config.timeoutMs ?? 15_000,
    ...(config.agent ? { agent: config.agent } : {}),
  };

  async function pushTo(sub: PushSubscriptionRecord, payload: string, topic: string): Promise<{ ok: true } | { ok: false; gone: boolean; status: number; detail: string }> {
    try {
      await webPush.sendNotification({ endpoint: sub.endpoint, keys: { p256dh: sub.p256dh, auth: sub.auth } }, payload, { ...options, topic });
      return { ok: true };
    } catch (err) {
      if (err instanceof webPush.WebPushError) {
        return { ok: false, gone: err.statusCode === 404 || err.statusCode === 410, status: err.statusCode, detail: `HTTP ${err.statusCode} ${err.body.slice(0, 200)}`.trim() };
      }
      return { ok: false, gone: false, status: 0, detail: err instanceof Error ? err.message : String(err) };
    }
  }

  async function send(message: OutboundMessage): Promise<SendResult> {
    const subs = await deps.subscriptions.forContact(message.workspaceId, message.to, MAX_SUBSCRIPTIONS);
    if (subs.length === 0) return { ok: false, reason: 'no_recipient', failureClass: 'permanent', detail: 'The contact has no browser subscribed to web push', skip: true };
    const title = message.content.channel === 'push' ? message.content.title : '';
    const url = message.content.channel === 'push' ? (message.content.url ?? null) : null;
    const payload = buildPushPayload({ title, body: message.body, url });
    // RFC 8030 Topic (≤ 32 base64url characters): a retried push replaces the one still waiting.
    const topic = message.id.replace(/-/g, '').slice(0, 32);
    const results = await Promise.all(subs.map((s) => pushTo(s, payload, topic)));
    const gone = subs.filter((_, i) => { const r = results[i]!; return !r.ok && r.gone; }).map((s) => s.id);
    const delivered = subs.filter((_, i) => results[i]!.ok).map((s) => s.id);
    await deps.subscriptions.remove(message.workspaceId, gone);
    if (delivered.length > 0) {
      await deps.subscriptions.touch(delivered, deps.now());
      // Unique per message: messages_provider_uq is (channel, provider_message_id), and a shared
      // value ('push:1/1') made every later push's outcome fail to record (left `sending`, resent).
      return { ok: true, providerMessageId: `push:${message.id}:${delivered.length}/${subs.length}` };
    }
    const failures = results.flatMap((r) => (r.ok ? [] : [r]));
    if (gone.length === subs.length) {
      return { ok: false, reason: 'push:subscription_gone', failureClass: 'permanent', detail: `Every browser of the contact has unsubscribed (${failures.map((f) => f.status).join(', ')}); their subscriptions are removed` };
    }
    // Some browser may take it later (its push service was down or refused us for now).
    const retryable = failures.some((f) => !f.gone && (f.status === 0 || f.status === 429 || f.status >= 500));
    return {
      ok: false,
      reason: `push:${failures.find((f) => !f.gone)?.status ?? 'failed'}`,
      failureClass: retryable ? 'transient' : 'permanent',
      detail: failures.map((f) => f.detail).join('; ').slice(0, 500),
    };
  }

  return { kind: 'push', transport: 'web-push', idempotent: true, send };
}
