/**
 * Orders from shop platforms (issue 11 part 3): the small interface every platform implements.
 *
 * A platform is ONE file in this folder exporting a `ShopPlatformMapper` (see woocommerce.ts and
 * shopify.ts), listed in index.ts's SHOP_MAPPERS. The mapper is pure: it turns the platform's own
 * notification (its topic header and parsed JSON body) into Sapa business events — the trigger
 * table's `order.created`, `order.paid`, `order.delivery` (with the tracking number) and
 * `order.received` — or a named refusal. It never throws, whatever JSON it is given.
 *
 * How to add one: docs/shop-platforms.md.
 *
 * Everything else is shared and platform-neutral: the URL `/webhooks/shop/:platform/:token`, the
 * signature check (`hmac-sha256-base64`: base64 HMAC-SHA256 of the raw body with the connection's
 * secret, compared in constant time), the event contract check, and the intake.
 *
 * Idempotency: each event's id is `<platform>:<the platform's order id>:<trigger>`, so a webhook
 * delivered twice, or an order updated twice with the same status, makes no second event; each
 * stage of an order happens at most once.
 */
import { normalizePhone } from '../phone.js';

export const SHOP_PLATFORMS = ['woocommerce', 'shopify'] as const;
export type ShopPlatform = (typeof SHOP_PLATFORMS)[number];

export function isShopPlatform(value: string): value is ShopPlatform {
  return (SHOP_PLATFORMS as readonly string[]).includes(value);
}

/** The trigger keys a shop notification can become. */
export const SHOP_EVENT_TYPES = ['order.created', 'order.paid', 'order.delivery', 'order.received'] as const;
export type ShopEventType = (typeof SHOP_EVENT_TYPES)[number];

/** A business event as POST /api/v1/events takes it (structurally the event contract). */
export interface ShopOrderEvent {
  readonly id: string;
  readonly type: ShopEventType;
  readonly occurredAt?: string;
  readonly contact: { readonly name?: string; readonly phone?: string; readonly email?: string };
  readonly order: {
    readonly number: string;
    /** What `{documentnumber}` is on order.paid: the platforms have no invoice numbers of their own, so the order's unless a plugin gives one. */
    readonly invoiceNumber?: string;
    readonly trackingNumber?: string;
    readonly items: readonly { readonly name: string; readonly quantity: number; readonly price?: number }[];
    readonly total?: number;
    readonly currency: string;
  };
}

/**
 * Why a notification becomes no event. `not_an_order`, `no_contact` are the sender's mistakes
 * (the webhook answers 422); `unsupported_topic`, `ignored_status`, `nothing_to_do` are
 * notifications Sapa has no trigger for (answered 200, so the platform does not retry them).
 */
export const SHOP_REFUSALS = ['not_an_order', 'no_contact', 'unsupported_topic', 'ignored_status', 'nothing_to_do'] as const;
export type ShopRefusalReason = (typeof SHOP_REFUSALS)[number];

/** Whether a refusal is the sender's mistake (4xx) rather than something Sapa just does not act on. */
export function isShopInputError(reason: ShopRefusalReason): boolean {
  return reason === 'not_an_order' || reason === 'no_contact';
}

export type ShopMapping =
  | { readonly ok: true; readonly events: readonly ShopOrderEvent[] }
  | { readonly ok: false; readonly reason: ShopRefusalReason; readonly detail: string };

/** One row of the mapping table the UI shows: what the platform sends → the trigger it becomes. */
export interface ShopMappingRow { readonly when: string; readonly trigger: ShopEventType; readonly documentNumber: string }

/** A notification as the webhook received it: the platform's topic header (null: not sent) and the parsed body. */
export interface ShopNotification { readonly topic: string | null; readonly body: unknown }

/** What one platform file provides. */
export interface ShopPlatformMapper {
  readonly platform: ShopPlatform;
  /** The name people know it by. */
  readonly label: string;
  /** Request headers (lower case) carrying the signature, the topic and the delivery's own id. */
  readonly headers: { readonly signature: string; readonly topic: string; readonly deliveryId: string };
  /** The signature scheme the shared webhook checks (the only one so far). */
  readonly signature: 'hmac-sha256-base64';
  /** Topics the shop should subscribe the webhook URL to. */
  readonly topics: readonly string[];
  /** The mapping, for the UI's table. */
  readonly table: readonly ShopMappingRow[];
  /** Maps one notification; pure and total (never throws). */
  map(notification: ShopNotification): ShopMapping;
}

// ---- Helpers for the platform files: read untrusted JSON without throwing. ----

export type JsonObject = Readonly<Record<string, unknown>>;

export const refuse = (reason: ShopRefusalReason, detail: string): ShopMapping => ({ ok: false, reason, detail });

export function objectOf(value: unknown): JsonObject | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as JsonObject) : null;
}

export function arrayOf(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

/** A trimmed non-empty string (numbers written as text too), cut to `max` characters; else undefined. */
export function textOf(value: unknown, max = 200): string | undefined {
  const raw = typeof value === 'string' ? value : typeof value === 'number' && Number.isFinite(value) ? String(value) : undefined;
  const trimmed = raw?.trim();
  return trimmed ? [...trimmed].slice(0, max).join('') : undefined;
}

/** An amount (a JSON number or a decimal string like "150000.00") that is finite and not negative. */
export function amountOf(value: unknown): number | undefined {
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(value) ? Number(value) : NaN;
  return Number.isFinite(n) && n >= 0 && n < 1e15 ? n : undefined;
}

/** A whole quantity of at least 1 (a platform never sends 0 for a bought line; a missing one counts 1). */
export function quantityOf(value: unknown): number {
  const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : NaN;
  return Number.isInteger(n) && n >= 1 && n <= 2_147_483_647 ? n : 1;
}

/** ISO 4217-looking currency, upper case; IDR when absent or odd. */
export function currencyOf(value: unknown): string {
  return typeof value === 'string' && /^[A-Za-z]{3}$/.test(value) ? value.toUpperCase() : 'IDR';
}

/** A timestamp as ISO UTC; `assumeUtc` for platforms writing UTC without an offset (WooCommerce's *_gmt). */
export function instantOf(value: unknown, assumeUtc = false): string | undefined {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?$/.test(value)) return undefined;
  const hasOffset = /(Z|[+-]\d{2}:?\d{2})$/.test(value);
  if (!hasOffset && !assumeUtc) return undefined;
  const ms = Date.parse(hasOffset ? value : `${value}Z`);
  if (!Number.isFinite(ms)) return undefined;
  const year = new Date(ms).getUTCFullYear();
  return year >= 2000 && year <= 2999 ? new Date(ms).toISOString() : undefined;
}

const EMAIL = /^[^\s@"(),:;<>[\\\]]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$/;

/**
 * The customer as the event's contact: the first phone that is a valid number (national numbers
 * read in the order's country, Indonesia by default: `0812…` → `+62812…`) and a plausible email.
 * An unusable phone is dropped rather than refusing the order when an email remains.
 */
export function contactOf(candidates: { name?: string | undefined; phones: readonly unknown[]; email?: unknown; country?: unknown }): ShopOrderEvent['contact'] | null {
  const region = typeof candidates.country === 'string' && /^[A-Za-z]{2}$/.test(candidates.country) ? candidates.country.toUpperCase() : 'ID';
  let phone: string | undefined;
  for (const p of candidates.phones) {
    const t = textOf(p, 40);
    if (!t) continue;
    const n = normalizePhone(t, region);
    if (n.ok) { phone = n.e164; break; }
  }
  const e = textOf(candidates.email, 254)?.toLowerCase();
  const email = e && EMAIL.test(e) ? e : undefined;
  if (!phone && !email) return null;
  return { ...(candidates.name ? { name: candidates.name } : {}), ...(phone ? { phone } : {}), ...(email ? { email } : {}) };
}

/** First and last name joined, or undefined when both are empty. */
export function fullName(first: unknown, last: unknown): string | undefined {
  return textOf([textOf(first), textOf(last)].filter(Boolean).join(' '));
}

/** Order lines: those with a name, at most 500. */
export function itemsOf(lines: unknown, nameKeys: readonly string[]): ShopOrderEvent['order']['items'] {
  const out: { name: string; quantity: number; price?: number }[] = [];
  for (const line of arrayOf(lines)) {
    const o = objectOf(line);
    if (!o) continue;
    const name = nameKeys.map((k) => textOf(o[k], 300)).find(Boolean);
    if (!name) continue;
    const price = amountOf(o.price);
    out.push({ name, quantity: quantityOf(o.quantity), ...(price !== undefined ? { price } : {}) });
    if (out.length >= 500) break;
  }
  return out;
}

/** The events for the given stages of one order, keyed `<platform>:<orderId>:<stage>`. */
export function stageEvents(platform: ShopPlatform, orderId: string, stages: readonly { type: ShopEventType; at?: string | undefined }[],
  contact: ShopOrderEvent['contact'], order: ShopOrderEvent['order']): ShopOrderEvent[] {
  const seen = new Set<ShopEventType>();
  const out: ShopOrderEvent[] = [];
  for (const s of stages) {
    if (seen.has(s.type)) continue;
    seen.add(s.type);
    out.push({ id: `${platform}:${orderId}:${s.type}`, type: s.type, ...(s.at ? { occurredAt: s.at } : {}), contact, order });
  }
  return out;
}
