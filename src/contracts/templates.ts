import { z } from 'zod';
import { TEMPLATE_CATEGORIES } from '../domain/vocabulary.js';
import { TRIGGER_KEYS } from '../domain/triggers.js';
import type { TemplateError } from '../domain/template/types.js';
import { FieldError, text } from './common.js';

export const TemplateCategory = z.enum(TEMPLATE_CATEGORIES);

export const TemplateInput = z.object({
  code: text().trim().min(1).max(100),
  message: text().min(1).max(4096),
  category: TemplateCategory.default('utility'),
  /** Approved WhatsApp template name used outside the 24-hour window; defaults to a slug of code. */
  whatsappName: text().trim().regex(/^[a-z0-9_]{1,512}$/).nullish(),
  whatsappLanguage: text().trim().min(2).max(10).default('id'),
});
export type TemplateInput = z.input<typeof TemplateInput>;

export const TemplatePatch = TemplateInput.partial().strict();
export type TemplatePatch = z.input<typeof TemplatePatch>;

export const Template = z.object({
  id: z.uuid(),
  code: z.string(),
  message: z.string(),
  category: TemplateCategory,
  whatsappName: z.string(),
  whatsappLanguage: z.string(),
  /** Variables used, in order of first appearance. */
  variables: z.array(z.string()),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Template = z.infer<typeof Template>;

export const TemplateList = z.object({ items: z.array(Template) });
export const TemplateListQuery = z.object({ q: text().max(200).optional() });

export const PreviewInput = z.object({
  message: text().max(4096).optional(),
  templateId: z.uuid().optional(),
  trigger: z.enum(TRIGGER_KEYS).optional(),
  /** Values by variable name; missing ones get the trigger's sample data. */
  sample: z.record(text().max(100), text().max(4096)).optional(),
}).refine((v) => v.message !== undefined || v.templateId !== undefined, { message: 'message or templateId is required', path: ['message'] });
export type PreviewInput = z.input<typeof PreviewInput>;

export const PreviewResult = z.object({
  /** Rendered text, or null when the message has errors. */
  text: z.string().nullable(),
  variables: z.array(z.string()),
  errors: z.array(FieldError),
});
export type PreviewResult = z.infer<typeof PreviewResult>;

/** Template-language errors as API `errors[]` items on a field: one mapping for the server and the editor. */
export function templateFieldErrors(errors: readonly TemplateError[], field = 'message'): FieldError[] {
  return errors.map((e) => ({
    field,
    reason: e.code,
    message: e.message,
    index: e.index,
    length: e.length,
    ...(e.variable !== undefined ? { variable: e.variable } : {}),
    ...(e.suggestion !== undefined ? { suggestion: e.suggestion } : {}),
    ...(e.trigger !== undefined ? { trigger: e.trigger } : {}),
  }));
}
