/**
 * Shop platform connections (Pengaturan → Toko online): one per workspace and platform, with the
 * webhook secret sealed at rest (answered masked) and an unguessable token that makes the webhook
 * URL. The tester maps a pasted payload exactly as the webhook would, and sends nothing.
 */
import { SHOP_MAPPERS, type ShopMapping, type ShopOrderEvent, type ShopPlatform } from '../domain/shop/index.js';
import { EventInput } from '../contracts/events.js';
import type { ShopPreview } from '../contracts/shop.js';
import { audit } from './audit.js';
import { maskSecret } from './channel-accounts.js';
import { AppError, found, type ErrorItem } from './errors.js';
import type { Deps } from './ports.js';
import type { Principal } from './records.js';
import type { SecretBox } from './secret-box.port.js';
import { shopSecretContext, type ShopConnectionRecord } from './shop.port.js';

type ShopDeps = Pick<Deps, 'store' | 'clock' | 'random'> & { box: SecretBox | null };

/** Bytes of randomness in a webhook URL's token (base64url: 43 characters). */
const TOKEN_BYTES = 32;

/** A connection as the API answers it, its URL built on `baseUrl` (SAPA_PUBLIC_URL or the request's own). */
export function shopConnectionView(deps: { box: SecretBox | null }, c: ShopConnectionRecord, baseUrl: string) {
  let secret = '••••';
  try {
    if (deps.box) secret = maskSecret(deps.box.open(c.secretSealed, shopSecretContext(c.workspaceId, c.id)));
  } catch {
    // A secret sealed with a key this server lacks shows as set; saving it again repairs it.
  }
  return {
    id: c.id, platform: c.platform, webhookUrl: `${baseUrl.replace(/\/+$/, '')}/webhooks/shop/${c.platform}/${c.token}`, secret,
    topics: [...SHOP_MAPPERS[c.platform].topics], lastReceivedAt: c.lastReceivedAt?.toISOString() ?? null, createdAt: c.createdAt.toISOString(),
  };
}

function boxOrThrow(box: SecretBox | null): SecretBox {
  if (!box) {
    throw new AppError('channels.secret_key_missing', 'Saving a shop connection needs SAPA_SECRET_KEY on this server: set it on every Sapa process '
      + '(e.g. the output of `openssl rand -base64 32`) and restart.');
  }
  return box;
}

/** Creates the workspace's connection to a platform; 409 when it has one (change its secret instead). */
export async function createShopConnection(deps: ShopDeps, principal: Principal, input: { platform: ShopPlatform; secret: string }): Promise<ShopConnectionRecord> {
  const box = boxOrThrow(deps.box);
  const id = deps.random.uuid();
  const created = await deps.store.shopConnections.create(principal.workspaceId, {
    id, platform: input.platform, token: deps.random.token(TOKEN_BYTES), secretSealed: box.seal(input.secret, shopSecretContext(principal.workspaceId, id)),
  });
  if (created === 'duplicate_platform') {
    throw new AppError('shop.duplicate_platform', `This workspace is already connected to ${SHOP_MAPPERS[input.platform].label}; change its secret instead`,
      [{ field: 'platform', reason: 'shop.duplicate_platform' }]);
  }
  await audit(deps, principal, 'shop_connection.created', { type: 'shop_connection', id }, { platform: input.platform });
  return created;
}

/** Replaces a connection's webhook secret (the URL stays). */
export async function changeShopSecret(deps: ShopDeps, principal: Principal, id: string, secret: string): Promise<ShopConnectionRecord> {
  const box = boxOrThrow(deps.box);
  const updated = found(await deps.store.shopConnections.setSecret(principal.workspaceId, id, box.seal(secret, shopSecretContext(principal.workspaceId, id))), 'Shop connection');
  await audit(deps, principal, 'shop_connection.updated', { type: 'shop_connection', id }, { platform: updated.platform });
  return updated;
}

export async function deleteShopConnection(deps: ShopDeps, principal: Principal, id: string): Promise<void> {
  const c = found(await deps.store.shopConnections.get(principal.workspaceId, id), 'Shop connection');
  await deps.store.shopConnections.delete(principal.workspaceId, id);
  await audit(deps, principal, 'shop_connection.deleted', { type: 'shop_connection', id }, { platform: c.platform });
}

/** The event contract's problems with a mapped event (text that cannot be stored, an email it refuses, lengths), named by field. */
export function eventProblems(event: ShopOrderEvent, index: number): ErrorItem[] {
  const parsed = EventInput.safeParse(event);
  if (parsed.success) return [];
  return parsed.error.issues.map((i) => {
    const own = (i as { params?: { reason?: unknown } }).params?.reason;
    return { field: [`events[${index}]`, ...i.path.map(String)].join('.'), reason: typeof own === 'string' ? own : i.code, message: i.message };
  });
}

/** Parses and maps a body exactly as the webhook does. */
export function mapShopBody(platform: ShopPlatform, topic: string | null, body: string): ShopPreview {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return { ok: false, events: [], reason: 'invalid_json', detail: 'The payload is not JSON', errors: [] };
  }
  const mapping: ShopMapping = SHOP_MAPPERS[platform].map({ topic, body: json });
  if (!mapping.ok) return { ok: false, events: [], reason: mapping.reason, detail: mapping.detail, errors: [] };
  const errors = mapping.events.flatMap(eventProblems);
  if (errors.length > 0) return { ok: false, events: [], reason: 'invalid_event', detail: 'The order maps to an event Sapa cannot store', errors };
  return { ok: true, events: mapping.events.map((e) => ({ ...e, contact: { ...e.contact }, order: { ...e.order, items: e.order.items.map((i) => ({ ...i })) } })), reason: null, detail: null, errors: [] };
}
