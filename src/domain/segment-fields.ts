/**
 * The segment fields of product.md §3, each with the ops it allows and the kind of value it takes.
 * One table for the checker (segment.ts), the SQL compiler (adapters/db/segment.sql.ts) and the
 * web rule builder: a field that is not here does not exist.
 */
import type { SegmentOp } from './segment.js';
import { CONSENT_CHANNELS, type ConsentChannel } from './vocabulary.js';
import { LIFECYCLE_STAGES } from './insights/lifecycle.js';

/** The values a `stage` field takes (lifecycle.stage). */
export const SEGMENT_STAGES = LIFECYCLE_STAGES;

/**
 * What a field holds, which decides its value input and its SQL:
 * text (name, phone, email), tags (a set of labels), days (whole days before now), count and
 * amount (numbers over stored orders), consent (a status per channel), custom (a contact's own
 * field, text that may hold a number), product (names of ordered items), rfm_segment (one of the
 * 11 RFM segment names, insights/rfm-segments.ts), score (an RFM score 1–5) and stage (the
 * contact's lifecycle stage as stored, insights/lifecycle.ts).
 */
export type SegmentFieldKind = 'text' | 'tags' | 'days' | 'count' | 'amount' | 'consent' | 'custom' | 'product' | 'rfm_segment' | 'score' | 'stage';

const NUMBER_OPS = ['eq', 'neq', 'gt', 'gte', 'lt', 'lte'] as const satisfies readonly SegmentOp[];

/** The ops each kind allows, in the order the rule builder offers them. */
export const OPS_BY_KIND: Readonly<Record<SegmentFieldKind, readonly SegmentOp[]>> = {
  text: ['contains', 'eq', 'neq', 'in', 'exists'],
  // `neq` on tags: the contact does not carry this tag.
  tags: ['contains', 'neq', 'in', 'exists'],
  days: NUMBER_OPS,
  count: NUMBER_OPS,
  amount: NUMBER_OPS,
  consent: ['eq', 'neq', 'in'],
  custom: ['eq', 'neq', 'contains', 'in', 'exists', 'gt', 'gte', 'lt', 'lte'],
  // `neq` on products: never ordered an item of this name.
  product: ['contains', 'eq', 'neq', 'in', 'exists'],
  // `exists`: the contact has RFM at all (a paid order).
  rfm_segment: ['eq', 'neq', 'in', 'exists'],
  score: NUMBER_OPS,
  stage: ['eq', 'neq', 'in'],
};

/** Fields with a fixed name. `consent.<channel>` and `custom.<key>` are families (see parseSegmentField). */
export const FIXED_SEGMENT_FIELDS = {
  'name': 'text',
  'phone': 'text',
  'email': 'text',
  'tags': 'tags',
  'created_days_ago': 'days',
  'orders.count': 'count',
  'orders.total_spent': 'amount',
  'orders.last_days_ago': 'days',
  'orders.product': 'product',
  'rfm.segment': 'rfm_segment',
  'rfm.r': 'score',
  'rfm.f': 'score',
  'rfm.m': 'score',
  /** Predicted 12-month value (IDR) from the workspace's fitted model; 0 without one. */
  'clv.predicted': 'amount',
  /** Revenue from paid orders so far (IDR), as the last RFM update stored it. */
  'clv.historical': 'amount',
  'lifecycle.stage': 'stage',
} as const satisfies Record<string, SegmentFieldKind>;
export type FixedSegmentField = keyof typeof FIXED_SEGMENT_FIELDS;

/** A parsed field: the only form the SQL compiler accepts. */
export type SegmentFieldRef =
  | { readonly field: FixedSegmentField; readonly kind: SegmentFieldKind }
  | { readonly field: 'consent'; readonly kind: 'consent'; readonly channel: ConsentChannel }
  | { readonly field: 'custom'; readonly kind: 'custom'; readonly key: string };

/** A contact's custom field key, as contacts store them. */
export const CUSTOM_KEY = /^[a-z][a-z0-9_]{0,62}$/;

/** The field a rule names, or null when there is no such field. */
export function parseSegmentField(name: string): SegmentFieldRef | null {
  if (Object.hasOwn(FIXED_SEGMENT_FIELDS, name)) {
    const field = name as FixedSegmentField;
    return { field, kind: FIXED_SEGMENT_FIELDS[field] };
  }
  if (name.startsWith('consent.')) {
    const channel = name.slice('consent.'.length);
    return (CONSENT_CHANNELS as readonly string[]).includes(channel) ? { field: 'consent', kind: 'consent', channel: channel as ConsentChannel } : null;
  }
  if (name.startsWith('custom.')) {
    const key = name.slice('custom.'.length);
    return CUSTOM_KEY.test(key) ? { field: 'custom', kind: 'custom', key } : null;
  }
  return null;
}

/** Every field name a suggestion may point at (custom keys are the workspace's own, so not listed). */
export const KNOWN_FIELD_NAMES: readonly string[] = [...Object.keys(FIXED_SEGMENT_FIELDS), ...CONSENT_CHANNELS.map((c) => `consent.${c}`)];

/** Fields that allow more than their kind: whether a contact has ordered at all. */
const EXTRA_OPS: Partial<Record<FixedSegmentField, readonly SegmentOp[]>> = { 'orders.last_days_ago': ['exists'] };

/** The ops a field allows. */
export function opsOf(ref: SegmentFieldRef): readonly SegmentOp[] {
  const extra = ref.field === 'consent' || ref.field === 'custom' ? undefined : EXTRA_OPS[ref.field];
  return extra ? [...OPS_BY_KIND[ref.kind], ...extra] : OPS_BY_KIND[ref.kind];
}

/** Bounds of values, so every number fits its column and every list stays small. */
export const SEGMENT_LIMITS = {
  /** Groups nested in groups, the top one included. */
  maxDepth: 5,
  /** Rules and groups in the whole definition. */
  maxRules: 100,
  maxTextLength: 200,
  maxInValues: 100,
  /** About a hundred years. */
  maxDays: 36_500,
  maxCount: 1_000_000_000,
  /** NUMERIC(18,2) order totals stay below 10^16. */
  maxAmount: 1e16,
  /** A custom field compared as a number: beyond this a double cannot tell integers apart. */
  maxCustomNumber: 1e15,
} as const;
