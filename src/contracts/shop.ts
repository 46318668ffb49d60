/** Shop platform connections (product.md §3 /api/v1/shop-connections) and the mapping tester. */
import { z } from 'zod';
import { SHOP_EVENT_TYPES, SHOP_PLATFORMS, SHOP_REFUSALS } from '../domain/shop/platform.js';
import { FieldError, text } from './common.js';

export const ShopPlatform = z.enum(SHOP_PLATFORMS);

export const ShopConnectionInput = z.object({
  platform: ShopPlatform,
  /** The webhook secret as the platform shows it (WooCommerce: the webhook's Secret; Shopify: the app's webhook signing secret). */
  secret: text().trim().min(8).max(200),
});
export const ShopConnectionPatch = z.object({ secret: text().trim().min(8).max(200) });

export const ShopConnection = z.object({
  id: z.uuid(),
  platform: ShopPlatform,
  /** Paste into the platform's webhook settings. */
  webhookUrl: z.string(),
  /** Masked: the secret is write-only. */
  secret: z.string(),
  /** Topics to subscribe the URL to. */
  topics: z.array(z.string()),
  lastReceivedAt: z.string().nullable(),
  createdAt: z.string(),
});
export type ShopConnection = z.infer<typeof ShopConnection>;
export const ShopConnectionList = z.object({ items: z.array(ShopConnection) });

export const ShopMappingTable = z.object({
  items: z.array(z.object({
    platform: ShopPlatform,
    label: z.string(),
    signatureHeader: z.string(),
    topicHeader: z.string(),
    topics: z.array(z.string()),
    rows: z.array(z.object({ when: z.string(), trigger: z.enum(SHOP_EVENT_TYPES), documentNumber: z.string() })),
  })),
});

/** A sample notification to map without sending anything. */
export const ShopPreviewInput = z.object({
  platform: ShopPlatform,
  /** The topic header's value (X-WC-Webhook-Topic / X-Shopify-Topic); absent as if not sent. */
  topic: text().trim().max(100).nullish(),
  /** The body as the platform sends it (JSON text). */
  payload: z.string().max(512 * 1024),
});

const ShopEventView = z.object({
  id: z.string(),
  type: z.enum(SHOP_EVENT_TYPES),
  occurredAt: z.string().optional(),
  contact: z.object({ name: z.string().optional(), phone: z.string().optional(), email: z.string().optional() }),
  order: z.object({
    number: z.string(),
    invoiceNumber: z.string().optional(),
    trackingNumber: z.string().optional(),
    items: z.array(z.object({ name: z.string(), quantity: z.number(), price: z.number().optional() })),
    total: z.number().optional(),
    currency: z.string(),
  }),
});

/** The tester's answer: the events the payload becomes, or why none (reason: a refusal, `shop.invalid_json` or `shop.invalid_event`). */
export const ShopPreview = z.object({
  ok: z.boolean(),
  events: z.array(ShopEventView),
  reason: z.enum([...SHOP_REFUSALS, 'invalid_json', 'invalid_event']).nullable(),
  detail: z.string().nullable(),
  errors: z.array(FieldError),
});
export type ShopPreview = z.infer<typeof ShopPreview>;
