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
