import { z } from 'zod';
import { Cursor } from './cursor.js';
import { CHANNEL_KINDS, MESSAGE_STATUSES } from '../domain/vocabulary.js';

export const MessageStatus = z.enum(MESSAGE_STATUSES);
export const Channel = z.enum(CHANNEL_KINDS);

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
  failedAt: z.string().nullable(),
  createdAt: z.string(),
  history: z.array(z.object({ status: MessageStatus, reason: z.string().nullable(), at: z.string() })).optional(),
});
export type Message = z.infer<typeof Message>;

export const MessageListQuery = z.object({
  contactId: z.uuid().optional(),
  status: MessageStatus.optional(),
  automationId: z.uuid().optional(),
  broadcastId: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: Cursor.optional(),
});
export const MessageList = z.object({ items: z.array(Message), nextCursor: z.string().nullable() });

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
