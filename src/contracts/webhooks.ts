/** Outbound webhooks over the API (product.md §3 /api/v1/webhooks; issue 11 part 2). */
import { z } from 'zod';
import { WEBHOOK_DELIVERY_STATUSES, WEBHOOK_EVENT_TYPES, WEBHOOK_SUBSCRIPTION_STATUSES } from '../domain/webhooks/events.js';
import { text } from './common.js';
import { Cursor } from './cursor.js';

export const WebhookEventType = z.enum(WEBHOOK_EVENT_TYPES);

export const WebhookInput = z.object({
  url: text().min(1).max(2000),
  description: text().max(200).default(''),
  events: z.array(WebhookEventType).min(1).max(WEBHOOK_EVENT_TYPES.length * 2),
}).strict();

export const Webhook = z.object({
  id: z.uuid(),
  url: z.string(),
  description: z.string(),
  events: z.array(WebhookEventType),
  status: z.enum(WEBHOOK_SUBSCRIPTION_STATUSES),
  pausedAt: z.string().nullable(),
  /** `failing` (paused by the worker after repeated failures) or `manual`. */
  pauseReason: z.string().nullable(),
  consecutiveFailures: z.number().int(),
  failingSince: z.string().nullable(),
  createdAt: z.string(),
});

/** The answer to a create: the subscription and its `whsec_…` signing secret, shown this once. */
export const CreatedWebhook = Webhook.extend({ secret: z.string() });

export const WebhookList = z.object({ items: z.array(Webhook), eventTypes: z.array(WebhookEventType) });

export const WebhookDelivery = z.object({
  id: z.uuid(),
  /** The `webhook-id` header the receiver saw (stable across retries and redelivery). */
  webhookId: z.string(),
  eventType: WebhookEventType,
  status: z.enum(WEBHOOK_DELIVERY_STATUSES),
  attempts: z.number().int(),
  nextAttemptAt: z.string().nullable(),
  lastAttemptAt: z.string().nullable(),
  responseStatus: z.number().int().nullable(),
  responseMs: z.number().int().nullable(),
  error: z.string().nullable(),
  deliveredAt: z.string().nullable(),
  createdAt: z.string(),
  /** The exact body sent (signed over these bytes). */
  body: z.string(),
});

export const WebhookDeliveryList = z.object({ items: z.array(WebhookDelivery), nextCursor: z.string().nullable() });

export const WebhookDeliveriesQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: Cursor.optional(),
});

