/**
 * Order notifications from a shop platform at /webhooks/shop/:platform/:token. The token finds
 * the connection (and so the workspace); the platform's signature header must be the base64
 * HMAC-SHA256 of the raw body with the connection's secret (compared in constant time) before
 * anything is read. The body is mapped by the platform's file in domain/shop/ and each event goes
 * through the same intake as POST /api/v1/events, whose idempotency on the event id makes a
 * redelivered webhook (same order, same stage) produce nothing new.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { isShopInputError, isShopPlatform, SHOP_MAPPERS, type ShopRefusalReason } from '../domain/shop/index.js';
import type { EventIntake } from './event-intake.js';
import type { ErrorItem } from './errors.js';
import type { Deps } from './ports.js';
import type { SecretBox } from './secret-box.port.js';
import { mapShopBody } from './shop-connections.js';
import { shopSecretContext } from './shop.port.js';
import type { ProducedMessage } from './engine.port.js';

export interface ShopWebhookRequest { platform: string; token: string; rawBody: Buffer; headers: Readonly<Record<string, string | string[] | undefined>> }

export type ShopWebhookResult =
  | { kind: 'not_found' }
  | { kind: 'ping' }
  | { kind: 'bad_signature' }
  | { kind: 'secret_unavailable' }
  | { kind: 'refused'; status: 400 | 422; reason: string; detail: string; errors: ErrorItem[] }
  | { kind: 'ignored'; reason: ShopRefusalReason; detail: string }
  | { kind: 'accepted'; events: { eventId: string; type: string; created: boolean; messages: ProducedMessage[] }[] };

type WebhookDeps = Pick<Deps, 'store' | 'clock' | 'log'> & { box: SecretBox | null; intake: EventIntake };

const TOKEN = /^[A-Za-z0-9_-]{20,100}$/;
// WooCommerce's ping when a webhook is saved: an unsigned form post naming the webhook (or, from
// older versions, an empty body). It changes nothing, so answering it 200 lets the shop save the webhook.
const WOO_PING = /^(webhook_id=\d{1,20})?$/;

const header = (headers: ShopWebhookRequest['headers'], name: string): string | null => {
  const v = headers[name];
  return typeof v === 'string' ? v : null;
};

/** Whether `signature` is the base64 HMAC-SHA256 of `body` with `secret`, in constant time. */
export function signatureMatches(secret: string, body: Buffer, signature: string | null): boolean {
  if (signature === null) return false;
  const expected = createHmac('sha256', secret).update(body).digest();
  const given = Buffer.from(signature.trim(), 'base64');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** Handles one notification; the result says what to answer. */
export async function receiveShopWebhook(deps: WebhookDeps, request: ShopWebhookRequest): Promise<ShopWebhookResult> {
  if (!isShopPlatform(request.platform) || !TOKEN.test(request.token)) return { kind: 'not_found' };
  const connection = await deps.store.shopConnections.findByToken(request.platform, request.token);
  if (!connection) return { kind: 'not_found' };
  const mapper = SHOP_MAPPERS[connection.platform];
  const signature = header(request.headers, mapper.headers.signature);
  if (connection.platform === 'woocommerce' && signature === null && WOO_PING.test(request.rawBody.toString('latin1'))) return { kind: 'ping' };

  if (!deps.box) return { kind: 'secret_unavailable' };
  let secret: string;
  try {
    secret = deps.box.open(connection.secretSealed, shopSecretContext(connection.workspaceId, connection.id));
  } catch {
    return { kind: 'secret_unavailable' };
  }
  if (!signatureMatches(secret, request.rawBody, signature)) return { kind: 'bad_signature' };
  await deps.store.shopConnections.touch(connection.id, deps.clock.now());
  if (connection.platform === 'woocommerce' && WOO_PING.test(request.rawBody.toString('latin1'))) return { kind: 'ping' };

  const topic = header(request.headers, mapper.headers.topic);
  const deliveryId = header(request.headers, mapper.headers.deliveryId);
  const mapped = mapShopBody(connection.platform, topic, request.rawBody.toString('utf8'));
  const log = { workspaceId: connection.workspaceId, platform: connection.platform, topic: topic?.slice(0, 100), deliveryId: deliveryId?.slice(0, 100) };
  if (!mapped.ok) {
    const reason = mapped.reason!;
    if (reason === 'invalid_json') return { kind: 'refused', status: 400, reason: 'shop.invalid_json', detail: mapped.detail ?? '', errors: [{ field: 'body', reason: 'shop.invalid_json' }] };
    if (reason === 'invalid_event') return { kind: 'refused', status: 422, reason: 'shop.invalid_event', detail: mapped.detail ?? '', errors: mapped.errors };
    if (isShopInputError(reason)) return { kind: 'refused', status: 422, reason: `shop.${reason}`, detail: mapped.detail ?? '', errors: [{ field: 'body', reason: `shop.${reason}` }] };
    deps.log.info({ ...log, reason }, 'shop webhook ignored');
    return { kind: 'ignored', reason, detail: mapped.detail ?? '' };
  }
  // One after another: the stages of one notification (paid, then delivery) keep their order.
  const events: Extract<ShopWebhookResult, { kind: 'accepted' }>['events'] = [];
  for (const e of mapped.events) {
    const out = await deps.intake.submit(connection.workspaceId, e, null);
    events.push({ eventId: out.eventId, type: e.type, created: out.created, messages: out.messages });
  }
  deps.log.info({ ...log, events: events.map((e) => ({ type: e.type, created: e.created })) }, 'shop webhook');
  return { kind: 'accepted', events };
}
