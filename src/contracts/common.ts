import { z } from 'zod';

/** One problem in a request, as RFC 9457 `errors[]` carries it. */
export const FieldError = z.object({
  field: z.string(),
  /** Machine code, e.g. `template.unknown_variable`; the UI maps it to text. */
  reason: z.string(),
  message: z.string().optional(),
  variable: z.string().optional(),
  /** 0-based character offset into the field's text. */
  index: z.number().int().optional(),
  length: z.number().int().optional(),
  suggestion: z.string().optional(),
  trigger: z.string().optional(),
});
export type FieldError = z.infer<typeof FieldError>;

/** RFC 9457 problem document with Sapa's `code` and `errors[]`. */
export const Problem = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string(),
  code: z.string(),
  instance: z.string().optional(),
  errors: z.array(FieldError).optional(),
});
export type Problem = z.infer<typeof Problem>;

export const IdParams = z.object({ id: z.uuid() });

/**
 * Text a caller may send. PostgreSQL cannot store NUL (text or jsonb), and a lone UTF-16 surrogate
 * is either refused inside jsonb or silently turned into U+FFFD in a text column: both are refused
 * here, at the one boundary, naming the field (`reason` `text.nul` / `text.lone_surrogate`).
 */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why a string cannot be stored as text, or null when it can. */
export function unstorableText(value: string): 'text.nul' | 'text.lone_surrogate' | null {
  if (value.includes('\u0000')) return 'text.nul';
  if (LONE_SURROGATE.test(value)) return 'text.lone_surrogate';
  return null;
}

const LONE_SURROGATES = new RegExp(LONE_SURROGATE.source, 'g');

/**
 * Text we must keep but did not choose (a customer's WhatsApp message, Meta's payloads): NUL
 * dropped, a lone surrogate replaced by U+FFFD, so it can be stored and shown.
 */
export function storableText(value: string): string {
  return unstorableText(value) === null ? value : value.replaceAll('\u0000', '').replace(LONE_SURROGATES, '\uFFFD');
}

/** storableText applied to every string (keys too) of a parsed JSON value. */
export function storableJson(value: unknown): unknown {
  if (typeof value === 'string') return storableText(value);
  if (Array.isArray(value)) return value.map(storableJson);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [storableText(k), storableJson(v)]));
  }
  return value;
}

const TEXT_MESSAGES = {
  'text.nul': 'must not contain the NUL character (\\u0000)',
  'text.lone_surrogate': 'must be well-formed Unicode (a lone surrogate is not a character)',
} as const;

/** A string field of any API contract: z.string() that refuses what the database cannot hold. */
export function text() {
  return z.string().check((ctx) => {
    const reason = unstorableText(ctx.value);
    if (reason) ctx.issues.push({ code: 'custom', input: ctx.value, message: TEXT_MESSAGES[reason], params: { reason } });
  });
}

/** NUMERIC(18,2) holds 16 digits before the point: order totals and prices stay below 10^16. */
export const MAX_AMOUNT = 1e16;
/** INTEGER columns (quantities) hold up to 2^31 − 1. */
export const MAX_INT4 = 2_147_483_647;
/** A business timestamp outside these years is a typo or an attack, and year 0 does not exist in PostgreSQL. */
export const EARLIEST_DATE = '1970-01-01T00:00:00Z';
export const LATEST_DATE = '2199-12-31T23:59:59Z';

/** An ISO 8601 date-time with offset, between EARLIEST_DATE and LATEST_DATE. */
export function dateTime() {
  const min = Date.parse(EARLIEST_DATE);
  const max = Date.parse(LATEST_DATE);
  return z.iso.datetime({ offset: true }).refine((v) => {
    const t = Date.parse(v);
    return t >= min && t <= max;
  }, { message: `must be between ${EARLIEST_DATE.slice(0, 4)} and ${LATEST_DATE.slice(0, 4)}`, params: { reason: 'date.out_of_range' } });
}
