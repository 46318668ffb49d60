/**
 * Broadcasts (product.md §3): one template to a segment or a list of contacts, created as a draft,
 * tried with a test send, then sent now or at a time, with live counts.
 */
import { z } from 'zod';
import { AUTOMATION_CHANNELS, BROADCAST_STATUSES } from '../domain/vocabulary.js';
import { dateTime, text } from './common.js';
import { Cursor } from './cursor.js';
import { ChannelPreference } from './automations.js';

export const BroadcastStatus = z.enum(BROADCAST_STATUSES);
/** Channels a broadcast can go out on today (the others arrive with their adapters). */
export const BroadcastChannel = z.enum(AUTOMATION_CHANNELS);

/** An explicit audience is bounded; a bigger one is a segment. */
export const MAX_BROADCAST_CONTACT_IDS = 10_000;

const broadcastFields = {
  name: text().trim().min(1).max(200),
  templateId: z.uuid(),
  channel: BroadcastChannel.describe('The preferred channel (default whatsapp); the first of `channels` when both are given.'),
  channels: ChannelPreference.optional(),
  segmentId: z.uuid().nullish(),
  contactIds: z.array(z.uuid()).min(1).max(MAX_BROADCAST_CONTACT_IDS).nullish(),
  /** Email: add an open pixel and route links through Sapa to record reads and clicks (default off). */
  trackEmail: z.boolean().optional(),
};

const oneAudience = (b: { segmentId?: string | null | undefined; contactIds?: readonly string[] | null | undefined }) =>
  (b.segmentId ? 1 : 0) + (b.contactIds ? 1 : 0) === 1;

export const BroadcastInput = z.object({ ...broadcastFields, channel: broadcastFields.channel.optional() })
  .strict()
  .refine(oneAudience, { message: 'give either segmentId or contactIds', path: ['segmentId'] });
export type BroadcastInput = z.input<typeof BroadcastInput>;

/** Changes to a draft (a sent or scheduled broadcast cannot change its content or audience). */
export const BroadcastPatch = z.object(broadcastFields).partial().strict();
export type BroadcastPatch = z.input<typeof BroadcastPatch>;

/** Send now, or at `scheduledAt` (the API takes any offset; the UI picks a time in the workspace's time zone). */
export const BroadcastSend = z.object({ scheduledAt: dateTime().nullish() }).strict();
export const BroadcastTest = z.object({ contactId: z.uuid() }).strict();

/** Counts by status; `skipped` and `failedBy` by reason (e.g. opted_out, frequency_cap, no_recipient). */
export const BroadcastStats = z.object({
  total: z.number().int(),
  queued: z.number().int(),
  sending: z.number().int(),
  sent: z.number().int(),
  delivered: z.number().int(),
  read: z.number().int(),
  failed: z.number().int(),
  skipped: z.record(z.string(), z.number().int()),
  failedBy: z.record(z.string(), z.number().int()),
});
export type BroadcastStats = z.infer<typeof BroadcastStats>;

/** Something the sender should know before sending; never blocks. */
export const BroadcastWarning = z.object({ code: z.enum(['marketing_on_whatsapp', 'whatsapp_template_not_approved']), message: z.string() });

export const Broadcast = z.object({
  id: z.uuid(),
  name: z.string(),
  templateId: z.uuid(),
  templateCode: z.string(),
  channel: BroadcastChannel,
  channels: z.array(BroadcastChannel),
  segmentId: z.uuid().nullable(),
  segmentName: z.string().nullable(),
  /** Size of an explicit audience (null when the audience is a segment). */
  contactCount: z.number().int().nullable(),
  status: BroadcastStatus,
  scheduledAt: z.string().nullable(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  cancelledAt: z.string().nullable(),
  createdAt: z.string(),
  trackEmail: z.boolean(),
  stats: BroadcastStats,
  warnings: z.array(BroadcastWarning),
});
export type Broadcast = z.infer<typeof Broadcast>;

export const BroadcastList = z.object({ items: z.array(Broadcast), nextCursor: z.string().nullable() });
export const BroadcastListQuery = z.object({
  status: BroadcastStatus.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: Cursor.optional(),
});

/** What a test send produced: the message as stored (see GET /api/v1/messages/:id). */
export const BroadcastTestResult = z.object({ messageId: z.uuid(), status: z.string(), failureReason: z.string().nullable(), body: z.string() });
