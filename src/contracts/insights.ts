/** Insights (product.md §3): lifecycle stages, their flows and thresholds, and the KPI dashboard. */
import { z } from 'zod';
import { LIFECYCLE_STAGES } from '../domain/insights/lifecycle.js';
import { CHANNEL_KINDS } from '../domain/vocabulary.js';

const Stage = z.enum(LIFECYCLE_STAGES);
/** A calendar date in the workspace's time zone. */
const LocalDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD');

/** GET /api/v1/insights/lifecycle: contacts per stage (every stage listed, zero included). */
export const LifecycleCounts = z.object({ stages: z.array(z.object({ stage: Stage, count: z.number().int() })) });

/** from/to: calendar dates, inclusive (default: the 30 days up to today); interval: day or ISO week (Monday). */
export const InsightRangeQuery = z.object({
  from: LocalDate.optional(),
  to: LocalDate.optional(),
  interval: z.enum(['day', 'week']).default('day'),
  format: z.enum(['json', 'csv']).default('json'),
});

/** GET /api/v1/insights/lifecycle/flows: transitions per period and from → to (from null: a contact's first stage). */
export const LifecycleFlows = z.object({
  from: z.string(), to: z.string(), interval: z.enum(['day', 'week']),
  flows: z.array(z.object({ period: z.string(), from: Stage.nullable(), to: Stage, count: z.number().int() })),
});
export type LifecycleFlows = z.infer<typeof LifecycleFlows>;

/** GET/PUT /api/v1/settings/lifecycle: whole days; at risk must come before lost. */
export const LifecycleSettings = z.object({
  dormantAfterDays: z.number().int().min(1).max(3650),
  atRiskAfterDays: z.number().int().min(1).max(3650),
  lostAfterDays: z.number().int().min(1).max(3650),
}).strict();
export type LifecycleSettings = z.infer<typeof LifecycleSettings>;

/** KPIs of a period or channel: conversions first (playbook 25–26), then how far messages got; rates are shares of `sent` (0 when none). */
export const Kpis = z.object({
  /** Orders credited to a message by the attribution rule, and their revenue (IDR). */
  conversions: z.number().int(),
  revenue: z.number(),
  conversionRate: z.number(),
  sent: z.number().int(),
  delivered: z.number().int(),
  read: z.number().int(),
  clicked: z.number().int(),
  deliveryRate: z.number(),
  readRate: z.number(),
  clickRate: z.number(),
});
export type Kpis = z.infer<typeof Kpis>;

/** GET /api/v1/insights/dashboard: the workspace's KPIs over time and channel by channel (`?format=csv`: both tables in one file). */
export const Dashboard = z.object({
  from: z.string(), to: z.string(), interval: z.enum(['day', 'week']), timezone: z.string(),
  attributionWindowHours: z.number().int(),
  currency: z.literal('IDR'),
  total: Kpis,
  /** Every period of the range, oldest first (zeros included). */
  series: z.array(Kpis.extend({ period: z.string() })),
  /** Every channel (WhatsApp, email, SMS, push, in-app), by revenue then sent. */
  byChannel: z.array(Kpis.extend({ channel: z.enum(CHANNEL_KINDS) })),
});
export type Dashboard = z.infer<typeof Dashboard>;
