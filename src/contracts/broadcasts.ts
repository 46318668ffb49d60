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

/** A/B test metrics (app/broadcast.port.ts AB_METRICS). */
export const AbMetric = z.enum(['conversion', 'read', 'click']);

/**
 * One variant of an A/B test: a template (default: the broadcast's), or that template with its text
 * or subject changed, optionally on another channel; weight in percent (the variants sum to 100).
 * A changed text may not go on WhatsApp (422 ab_test.whatsapp_text_change: WhatsApp sends the
 * approved template; app/ab-tests.ts).
 */
export const BroadcastVariantInput = z.object({
  templateId: z.uuid().optional(),
  weight: z.number().int().min(1).max(99),
  message: text().trim().min(1).max(4096).optional(),
  subject: text().trim().min(1).max(998).optional(),
  channel: BroadcastChannel.optional(),
}).strict();

/** 2–4 variants whose weights sum to 100; the first is the control A. */
export const BroadcastVariants = z.array(BroadcastVariantInput).min(2).max(4)
  .refine((list) => list.reduce((s, v) => s + v.weight, 0) === 100, { message: 'the variants\' weights must sum to 100' });

/**
 * The test's settings: the metric (conversion by default: an order within the attribution window),
 * and optionally "test on testPercent% of the audience, then send the winner to the rest after
 * decideAfterHours" (both or neither). More than one change between variants is refused unless
 * allowMultipleChanges (playbook q39).
 */
export const AbTestInput = z.object({
  metric: AbMetric.default('conversion'),
  testPercent: z.number().int().min(1).max(99).optional(),
  decideAfterHours: z.number().int().min(1).max(720).optional(),
  allowMultipleChanges: z.boolean().optional(),
}).strict().refine((t) => (t.testPercent === undefined) === (t.decideAfterHours === undefined), {
  message: 'give testPercent and decideAfterHours together', path: ['testPercent'],
});

const broadcastFields = {
  name: text().trim().min(1).max(200),
  templateId: z.uuid(),
  channel: BroadcastChannel.describe('The preferred channel (default whatsapp); the first of `channels` when both are given.'),
  channels: ChannelPreference.optional(),
  segmentId: z.uuid().nullish(),
  contactIds: z.array(z.uuid()).min(1).max(MAX_BROADCAST_CONTACT_IDS).nullish(),
  /** Email: add an open pixel and route links through Sapa to record reads and clicks (default off). */
  trackEmail: z.boolean().optional(),
  /** An A/B test: 2–4 variants (null removes the test). */
  variants: BroadcastVariants.nullish(),
  abTest: AbTestInput.nullish(),
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
  /** The A/B test's variants (null without a test). */
  variants: z.array(z.object({
    key: z.string(), templateId: z.uuid(), weight: z.number().int(),
    message: z.string().nullable(), subject: z.string().nullable(), channel: BroadcastChannel.nullable(),
  })).nullable(),
  abTest: z.object({
    metric: AbMetric, testPercent: z.number().int().nullable(), decideAfterHours: z.number().int().nullable(), allowMultipleChanges: z.boolean(),
    /** When the test group is judged; the variant the rest got (the winner, or A without one). */
    decideAt: z.string().nullable(), winner: z.string().nullable(), decidedAt: z.string().nullable(),
  }).nullable(),
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

const Interval = z.tuple([z.number(), z.number()]);

/** GET /api/v1/broadcasts/:id/ab-results (`?format=csv` for the same as CSV). */
export const AbResults = z.object({
  broadcastId: z.uuid(),
  metric: AbMetric,
  attributionWindowHours: z.number().int(),
  currency: z.literal('IDR'),
  variants: z.array(z.object({
    key: z.string(),
    templateId: z.uuid(),
    weight: z.number().int(),
    /** Contacts given this variant (a message each, skipped ones included). */
    recipients: z.number().int(),
    /** Messages that reached the channel: the rate's denominator. */
    sent: z.number().int(),
    /** Sent messages with the metric (converted, read or clicked). */
    metricCount: z.number().int(),
    rate: z.number(),
    orders: z.number().int(),
    revenue: z.number(),
  })),
  test: z.object({
    kind: z.enum(['z', 'chi_square']),
    statistic: z.number().nullable(),
    df: z.number().int().nullable(),
    pValue: z.number().nullable(),
    alpha: z.number(),
    confidence: z.number(),
    /** Each variant's rate minus A's, with its confidence interval (Newcombe's hybrid score interval, domain/insights/ab-test.ts). */
    versusControl: z.array(z.object({ key: z.string(), difference: z.number(), interval: Interval, pValue: z.number() })),
    smallSample: z.boolean(),
  }),
  verdict: z.enum(['winner', 'no_significant_difference', 'not_enough_data']),
  winner: z.string().nullable(),
  /** Test then winner: where it stands. */
  phase: z.enum(['single', 'testing', 'waiting', 'sending_winner', 'done']),
  decideAt: z.string().nullable(),
  sentToRest: z.string().nullable(),
});
export type AbResults = z.infer<typeof AbResults>;
