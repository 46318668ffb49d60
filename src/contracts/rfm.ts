/** Insights (product.md §3): RFM, customer value, and the pages of contacts behind them. */
import { z } from 'zod';
import { RFM_SEGMENTS } from '../domain/insights/rfm-segments.js';
import { Cursor } from './cursor.js';

export const RfmSegmentName = z.enum(RFM_SEGMENTS);
const score = z.number().int().min(1).max(5);

/** A contact's RFM: scores 1–5 by quintiles within the workspace and its named segment; null without a paid order. */
export const ContactRfm = z.object({ r: score, f: score, m: score, segment: RfmSegmentName }).nullable();

/** A contact's value: historical figures from paid orders and the predicted 12-month value (null before the first fit). */
export const ContactValue = z.object({
  revenue: z.number(),
  orders: z.number().int(),
  averageOrderValue: z.number(),
  tenureDays: z.number().int(),
  firstOrderAt: z.string(),
  lastOrderAt: z.string(),
  predicted12m: z.number().nullable(),
}).nullable();

/** GET /api/v1/insights/rfm (and the answer of POST …/recompute). */
export const RfmOverview = z.object({
  segments: z.array(z.object({ name: RfmSegmentName, count: z.number().int(), revenue: z.number() })),
  grid: z.array(z.object({ r: score, f: score, count: z.number().int(), revenue: z.number() })),
  /** When the last full run was; null before the first. */
  computedAt: z.string().nullable(),
  /** Contacts with a paid order (scored). */
  customers: z.number().int(),
});
export type RfmOverview = z.infer<typeof RfmOverview>;

/** GET /api/v1/insights/rfm/contacts: a segment's (`segment`) or a grid cell's (`r` and `f`) contacts. */
export const RfmContactsQuery = z.object({
  segment: RfmSegmentName.optional(),
  r: z.coerce.number().int().min(1).max(5).optional(),
  f: z.coerce.number().int().min(1).max(5).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: Cursor.optional(),
}).refine((q) => (q.segment !== undefined) !== (q.r !== undefined && q.f !== undefined) && ((q.r === undefined) === (q.f === undefined)), {
  message: 'give either segment, or both r and f', path: ['segment'], params: { reason: 'rfm.filter' },
});

export const RfmContactList = z.object({
  items: z.array(z.object({
    id: z.uuid(), name: z.string(), phone: z.string().nullable(), email: z.string().nullable(),
    rfm: ContactRfm.unwrap(), value: ContactValue.unwrap(),
  })),
  nextCursor: z.string().nullable(),
});
export type RfmContactList = z.infer<typeof RfmContactList>;

const bgNbd = z.object({ r: z.number(), alpha: z.number(), a: z.number(), b: z.number() });
const gammaGamma = z.object({ p: z.number(), q: z.number(), gamma: z.number() });

/** GET /api/v1/insights/value: the fitted model with its diagnostics, and the customers in value deciles. */
export const ValueOverview = z.object({
  model: z.object({
    bgNbd, gammaGamma: gammaGamma.nullable(),
    diagnostics: z.object({
      customers: z.number().int(), sampled: z.boolean(),
      bgNbdLogLikelihood: z.number(), bgNbdConverged: z.boolean(), bgNbdIterations: z.number().int(),
      repeatCustomers: z.number().int(),
      gammaGammaLogLikelihood: z.number().nullable(), gammaGammaConverged: z.boolean().nullable(),
      spendFrequencyCorrelation: z.number().nullable(),
      meanRepeatOrders: z.number(),
    }),
    fittedAt: z.string(),
  }).nullable(),
  /** What the deciles rank by: predicted 12-month value once fitted, else historical revenue. */
  basis: z.enum(['predicted', 'historical']),
  deciles: z.array(z.object({ decile: z.number().int(), count: z.number().int(), historical: z.number(), predicted: z.number() })),
});
export type ValueOverview = z.infer<typeof ValueOverview>;
