import { z } from 'zod';
import { dateTime, MAX_AMOUNT, MAX_INT4, text } from './common.js';
import { Channel, MessageStatus } from './messages.js';

export const EventInput = z.object({
  /** Idempotency key: the same id twice produces its messages once. */
  id: text().trim().min(1).max(200),
  type: text().trim().regex(/^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$/).max(100),
  /** When it happened; default: when Sapa received it. */
  occurredAt: dateTime().optional(),
  contact: z.object({
    externalId: text().trim().min(1).max(200).optional(),
    name: text().trim().max(200).optional(),
    phone: text().trim().max(40).optional(),
    email: z.email().optional(),
  }).refine((c) => c.externalId || c.phone || c.email, { message: 'contact needs externalId, phone or email' }),
  /**
   * The order the event is about (stored as an order). On `cart.abandoned` / `cart.recovered` it is
   * the cart instead (`number` the shop's cart reference): kept with the event for journeys'
   * {productname}, never stored as an order (app/ingest-events.ts orderOfEvent).
   */
  order: z.object({
    number: text().trim().min(1).max(100),
    invoiceNumber: text().trim().min(1).max(100).optional(),
    trackingNumber: text().trim().min(1).max(100).optional(),
    items: z.array(z.object({
      name: text().trim().min(1).max(300),
      quantity: z.number().int().min(1).max(MAX_INT4).default(1),
      price: z.number().min(0).lt(MAX_AMOUNT).optional(),
    })).max(500).default([]),
    total: z.number().min(0).lt(MAX_AMOUNT).optional(),
    currency: text().length(3).default('IDR'),
  }).optional(),
  user: z.object({ name: text().trim().max(200) }).optional(),
  /**
   * The referral code the customer came with (from the shop's `?ref=` link or typed at checkout):
   * links them to the code's owner. An unknown code is ignored, never refused.
   */
  referralCode: text().trim().max(64).optional(),
});
export type EventInput = z.input<typeof EventInput>;

export const ProducedMessage = z.object({
  id: z.uuid(),
  automationId: z.uuid().nullable(),
  channel: Channel,
  status: MessageStatus,
  failureReason: z.string().nullable(),
  scheduledAt: z.string(),
});
export const EventAccepted = z.object({
  eventId: z.uuid(),
  /** False when this id was seen before: nothing new was produced. */
  created: z.boolean(),
  /** Null only for a repeat of an event whose contact has since been erased. */
  contactId: z.uuid().nullable(),
  messages: z.array(ProducedMessage),
});
export type EventAccepted = z.infer<typeof EventAccepted>;
