import { z } from 'zod';
import { CHANNEL_KINDS } from '../domain/vocabulary.js';

/** One funnel: conversions first (playbook 25–26), then how far the messages got. */
export const Funnel = z.object({
  /** Messages credited with at least one order within the attribution window. */
  converted: z.number().int(),
  /** Orders credited to these messages, and their revenue (IDR). */
  orders: z.number().int(),
  revenue: z.number(),
  /** revenue / sent, whole rupiah. */
  revenuePerMessage: z.number(),
  /** converted / sent (0–1; 0 when nothing was sent). */
  conversionRate: z.number(),
  sent: z.number().int(),
  delivered: z.number().int(),
  read: z.number().int(),
  clicked: z.number().int(),
  /** Contacts who opted out of a message's channel within the window after it. */
  optOuts: z.number().int(),
});
export type Funnel = z.infer<typeof Funnel>;

/** GET /api/v1/broadcasts/:id/report and /api/v1/automations/:id/report (`?format=csv` for the same as CSV). */
export const CampaignReport = z.object({
  campaign: z.object({ kind: z.enum(['broadcast', 'automation', 'journey']), id: z.uuid(), name: z.string() }),
  /** The workspace's attribution window when the report was made (hours). */
  attributionWindowHours: z.number().int(),
  currency: z.literal('IDR'),
  total: Funnel,
  /** The same funnel per channel the campaign used (WhatsApp vs email vs SMS…), busiest first. */
  byChannel: z.array(Funnel.extend({ channel: z.enum(CHANNEL_KINDS) })),
});
export type CampaignReport = z.infer<typeof CampaignReport>;

export const ReportQuery = z.object({ format: z.enum(['json', 'csv']).default('json') });

/** GET/PUT /api/v1/settings/attribution: the window within which a message gets the credit for an order. */
export const AttributionSettings = z.object({ windowHours: z.number().int().min(1).max(720) }).strict();
export type AttributionSettings = z.infer<typeof AttributionSettings>;
