import { z } from 'zod';
import { text } from './common.js';
import { Cursor } from './cursor.js';
import { CHANNEL_KINDS, MESSAGE_STATUSES } from '../domain/vocabulary.js';

export const MessageStatus = z.enum(MESSAGE_STATUSES);
export const Channel = z.enum(CHANNEL_KINDS);

const Words = z.object({ id: z.string(), en: z.string() });
export const FailureWords = z.object({ code: z.string(), text: Words, hint: Words, detail: z.string() });

export const Message = z.object({
  id: z.uuid(),
  contactId: z.uuid().nullable(),
  contactName: z.string().nullable(),
  channel: Channel,
  recipient: z.string().nullable(),
  templateId: z.uuid().nullable(),
  automationId: z.uuid().nullable(),
  eventId: z.uuid().nullable(),
  body: z.string(),
  status: MessageStatus,
  failureReason: z.string().nullable(),
  failureDetail: z.string().nullable(),
  providerMessageId: z.string().nullable(),
  attempts: z.number().int(),
  scheduledAt: z.string(),
  sentAt: z.string().nullable(),
  deliveredAt: z.string().nullable(),
  readAt: z.string().nullable(),
  /** First click on a tracked link (email broadcasts with tracking). */
  clickedAt: z.string().nullable().optional(),
  failedAt: z.string().nullable(),
  createdAt: z.string(),
  history: z.array(z.object({ status: MessageStatus, reason: z.string().nullable(), at: z.string() })).optional(),
  /** The order the message is about (its event's), for the link to it. */
  orderNumber: z.string().nullable(),
  /** The event type (trigger) that produced it. */
  trigger: z.string().nullable(),
  /** The failed message this one sends again, and the message that sent this one again. */
  resendOf: z.uuid().nullable(),
  resentAs: z.uuid().nullable(),
  /** Channel choice: the message that failed permanently before this one took over its intent on the next channel. */
  fallbackOf: z.uuid().nullable(),
  /** Channel choice: the message that took over this one's intent on the next channel after it failed permanently. */
  fallbackAs: z.uuid().nullable(),
  /** The channels this message's intent may still fall back to, in order. */
  fallbackChannels: z.array(z.enum(CHANNEL_KINDS)),
  /** The failure reason in words (domain/failure-reasons.ts), when there is one; the raw code stays in failureReason. */
  failure: FailureWords.nullable(),
});
export type Message = z.infer<typeof Message>;

/** A calendar day `YYYY-MM-DD` that exists (no 2026-02-30), between 1970 and 2199. */
export const Day = text().regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'must be a date YYYY-MM-DD' }).refine((d) => {
  const t = Date.parse(`${d}T00:00:00Z`);
  return !Number.isNaN(t) && new Date(t).toISOString().startsWith(d) && d >= '1970-01-01' && d <= '2199-12-31';
}, { message: 'is not a date between 1970-01-01 and 2199-12-31' });

export const MessageListQuery = z.object({
  contactId: z.uuid().optional(),
  status: MessageStatus.optional(),
  automationId: z.uuid().optional(),
  broadcastId: z.uuid().optional(),
  /** A contact's name, a phone number as typed (0812…, 62812…, +62 812…) or an order number. */
  q: text().trim().max(200).optional(),
  /** First and last day (inclusive) of the message's creation, in the workspace's time zone (Asia/Jakarta by default). */
  from: Day.optional(),
  to: Day.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: Cursor.optional(),
}).refine((q) => q.from === undefined || q.to === undefined || q.from <= q.to, { message: 'must not be before from', path: ['to'] });
export const MessageList = z.object({ items: z.array(Message), nextCursor: z.string().nullable() });

/** Today's messages by status, "today" in the workspace's time zone (GET /api/v1/messages/today). */
export const MessageCounts = z.object({
  date: z.string(),
  timezone: z.string(),
  /** Sent, delivered and read today (each counts the step taken today, so sent ≥ delivered ≥ read on a normal day). */
  sent: z.number().int(),
  delivered: z.number().int(),
  read: z.number().int(),
  /** Failed today and still failed: not delivered after all, not sent again. */
  failed: z.number().int(),
});
export type MessageCounts = z.infer<typeof MessageCounts>;

export const SandboxEntry = z.object({
  id: z.uuid(),
  messageId: z.uuid(),
  channel: Channel,
  recipient: z.string().nullable(),
  body: z.string(),
  /** The exact request the real provider would have received. */
  payload: z.record(z.string(), z.unknown()),
  createdAt: z.string(),
});
export const SandboxOutbox = z.object({ items: z.array(SandboxEntry) });
