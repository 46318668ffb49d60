import { z } from 'zod';
import { CHANNEL_KINDS, MEDIA_KINDS, TEMPLATE_CATEGORIES, WHATSAPP_TEMPLATE_STATUSES } from '../domain/vocabulary.js';
import { BUTTON_PAYLOAD_MAX, BUTTON_TEXT_MAX, TEMPLATE_BUTTONS_MAX } from '../domain/template-extras.js';
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
  /** An image or PDF uploaded with POST /api/v1/media, shown above the text; null removes it. */
  header: z.object({ mediaId: z.uuid() }).strict().nullish(),
  /** Quick-reply buttons (WhatsApp: a tap comes back as an inbound message with the payload). */
  buttons: z.array(z.object({
    text: text().trim().min(1).max(BUTTON_TEXT_MAX),
    /** What a tap sends back; defaults to the text. */
    payload: text().trim().min(1).max(BUTTON_PAYLOAD_MAX).optional(),
  }).strict()).max(TEMPLATE_BUTTONS_MAX).optional(),
  /** Email subject (template language; one line). An email from this template needs one. */
  subject: text().max(998).nullish(),
  /** Email HTML body (template language; values are HTML-escaped). The plain-text part is `message`. */
  html: text().max(100_000).nullish(),
  /** Web push notification title (template language). */
  title: text().max(200).nullish(),
  /** The page a web push notification opens when clicked: https://… in the template language (values URL-encoded); none: the shop's site. */
  link: text().max(2000).nullish(),
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
  header: z.object({ type: z.enum(MEDIA_KINDS), mediaId: z.uuid(), filename: z.string(), url: z.string() }).nullable(),
  buttons: z.array(z.object({ text: z.string(), payload: z.string() })),
  subject: z.string().nullable(),
  html: z.string().nullable(),
  title: z.string().nullable(),
  link: z.string().nullable(),
  /** Meta's review of the template submitted (or imported) as a WhatsApp message template; null: neither. */
  whatsappStatus: z.enum(WHATSAPP_TEMPLATE_STATUSES).nullable(),
  /** Meta's reason for a rejection or pause (e.g. INVALID_FORMAT). */
  whatsappRejectionReason: z.string().nullable(),
  /** Meta's id of the message template. */
  whatsappTemplateId: z.string().nullable(),
  /** The text was edited since Meta got it: submit again (Meta still has, and sends, the old text). */
  whatsappNeedsResubmit: z.boolean(),
  /** Spam lint (never blocks): the subject always, message and title of a marketing template; `excerpt` is the part concerned. */
  spamWarnings: z.array(z.object({ field: z.enum(['subject', 'message', 'title']), code: z.string(), excerpt: z.string() })),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Template = z.infer<typeof Template>;
export const WhatsAppTemplateStatus = z.enum(WHATSAPP_TEMPLATE_STATUSES);

export const TemplateWarning = z.object({ code: z.enum(['whatsapp_dangling_variable']), message: z.string() });
/** POST /api/v1/templates/:id/whatsapp: the template as it now stands, and what Meta's review may trip on. */
export const TemplateSubmitResult = Template.extend({ warnings: z.array(TemplateWarning) });
export type TemplateSubmitResult = z.infer<typeof TemplateSubmitResult>;

const VariableName = text().trim().regex(/^[a-z0-9_]{1,64}$/);
export const TemplateImportInput = z.object({
  /** For Meta templates with positional `{{n}}`: Sapa's variable behind each, in order. */
  variables: z.array(z.object({
    name: text().trim().regex(/^[a-z0-9_]{1,512}$/),
    language: text().trim().min(2).max(10),
    variables: z.array(VariableName).max(100),
  }).strict()).max(1000).optional(),
}).strict();
export type TemplateImportInput = z.input<typeof TemplateImportInput>;

const ImportedTemplate = z.object({ templateId: z.uuid(), code: z.string(), name: z.string(), language: z.string(), status: WhatsAppTemplateStatus.nullable() });
export const TemplateImportResult = z.object({
  linked: z.array(ImportedTemplate),
  created: z.array(ImportedTemplate),
  /**
   * Reasons: `variables_unmapped` (give `variables` for it), `unsupported_category`, `no_body`, `template.duplicate_code`,
   * `template.invalid`; parts Sapa cannot send (`part` names it as Meta does): `unsupported_header` (TEXT, VIDEO, LOCATION),
   * `unsupported_button` (URL, PHONE_NUMBER, COPY_CODE…), `unsupported_footer`, `unsupported_component` (CAROUSEL…),
   * `too_many_buttons`; a media header: `header_example_missing`, `header_example_unavailable` (Meta's example could not be fetched).
   */
  skipped: z.array(z.object({ name: z.string(), language: z.string(), reason: z.string(), placeholders: z.number().int().optional(), part: z.string().optional() })),
  /** False when the account has more templates than one import reads (1,000): import again. */
  complete: z.boolean(),
});
export type TemplateImportResult = z.infer<typeof TemplateImportResult>;

export const TemplateList = z.object({ items: z.array(Template) });
export const TemplateListQuery = z.object({ q: text().max(200).optional() });

export const PreviewInput = z.object({
  message: text().max(4096).optional(),
  templateId: z.uuid().optional(),
  trigger: z.enum(TRIGGER_KEYS).optional(),
  /** Values by variable name; missing ones get the trigger's sample data. */
  sample: z.record(text().max(100), text().max(4096)).optional(),
  /** The channel the message is for: `sms` adds the rendered text's segment count. */
  channel: z.enum(CHANNEL_KINDS).optional(),
}).refine((v) => v.message !== undefined || v.templateId !== undefined, { message: 'message or templateId is required', path: ['message'] });
export type PreviewInput = z.input<typeof PreviewInput>;

export const PreviewResult = z.object({
  /** Rendered text, or null when the message has errors. */
  text: z.string().nullable(),
  variables: z.array(z.string()),
  errors: z.array(FieldError),
  /** For channel sms, what the rendered text costs (3GPP GSM-7 160/153, UCS-2 70/67); absent otherwise or with errors. */
  sms: z.object({ encoding: z.enum(['gsm7', 'ucs2']), units: z.number(), segments: z.number(), perSegment: z.number(), remaining: z.number() }).optional(),
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
