/**
 * A message's channel content, rendered from its Template Chat with the same values as its text:
 * WhatsApp's approved template and parameters, an email's subject and HTML body, a push
 * notification's title. Subject, title and HTML are written in the same template language as the
 * message, so `{customername}` works in a subject too; a value missing there fails the message
 * like one missing in the text, never a hole.
 */
import type { MessageContent } from './message-content.js';
import { emptyContent, whatsappTemplateContent } from './message-content.js';
import type { TemplateButton, TemplateHeader } from './template-extras.js';
import { compileTemplate, parseTemplate, renderTemplate, type CompiledTemplate } from './template/index.js';
import type { ChannelKind } from './vocabulary.js';

/** What a Template Chat holds for the channels besides its text. */
export interface ChannelTemplate {
  readonly code: string;
  readonly whatsappName: string | null;
  readonly whatsappLanguage: string;
  readonly header?: TemplateHeader | null;
  readonly buttons?: readonly TemplateButton[];
  /** Email subject (template language); an email needs one. */
  readonly subject?: string | null;
  /** Email HTML body (template language; values are HTML-escaped); null: plain text only. */
  readonly html?: string | null;
  /** Push notification title (template language); null: the shop's name is shown. */
  readonly title?: string | null;
  /** The page a push opens (template language, values URL-encoded); null: the shop's site. */
  readonly link?: string | null;
}

export type ContentResult =
  | { readonly ok: true; readonly content: MessageContent }
  /** `missing`: variables without a value; `reason`: a field the channel needs is empty. */
  | { readonly ok: false; readonly missing: readonly string[]; readonly reason?: 'email_subject_missing' };

/** The channel's content for a message whose text rendered with `values` (`params`: the text's slot values in order). */
export function renderChannelContent(
  channel: ChannelKind, template: ChannelTemplate, values: Readonly<Record<string, string | undefined>>, params: readonly string[],
): ContentResult {
  switch (channel) {
    case 'whatsapp':
      return { ok: true, content: whatsappTemplateContent(template, params) };
    case 'email': {
      if (!template.subject || template.subject.trim() === '') return { ok: false, missing: [], reason: 'email_subject_missing' };
      const subject = renderField(template.subject, values);
      if (!subject.ok) return subject;
      let html: string | null = null;
      if (template.html) {
        const rendered = renderField(template.html, escapedValues(values));
        if (!rendered.ok) return rendered;
        html = rendered.text;
      }
      return { ok: true, content: { channel, subject: oneLine(subject.text), html } };
    }
    case 'push': {
      let title = '';
      if (template.title) {
        const rendered = renderField(template.title, values);
        if (!rendered.ok) return rendered;
        title = oneLine(rendered.text);
      }
      let url: string | null = null;
      if (template.link) {
        const rendered = renderField(template.link, encodedValues(values));
        if (!rendered.ok) return rendered;
        url = rendered.text.trim();
      }
      return { ok: true, content: { channel, title, url } };
    }
    case 'sms':
    case 'inapp':
      return { ok: true, content: emptyContent(channel) };
  }
}

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}
const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

function escapedValues(values: Readonly<Record<string, string | undefined>>): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(values)) out[k] = v === undefined ? undefined : escapeHtml(v);
  return out;
}

function encodedValues(values: Readonly<Record<string, string | undefined>>): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(values)) out[k] = v === undefined ? undefined : encodeURIComponent(v);
  return out;
}

/**
 * Whether a push link's text starts with its own scheme and host — `https://toko.id/…` — before
 * any variable: a value fills a path or a query (URL-encoded), never the place the link goes.
 */
export function pushLinkStartsWell(link: string): boolean {
  return /^https?:\/\/[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*(:\d{1,5})?([/?#]|$)/.test(link.trim());
}

/** Header lines cannot carry line breaks (they would end the header). */
function oneLine(s: string): string {
  return s.replace(/[\r\n]+/g, ' ').trim();
}

// Subjects and titles repeat across a broadcast's messages: compiled once per text.
const compiledFields = new Map<string, CompiledTemplate | null>();
const MAX_COMPILED = 500;

function renderField(text: string, values: Readonly<Record<string, string | undefined>>):
  { ok: true; text: string } | { ok: false; missing: readonly string[] } {
  let compiled = compiledFields.get(text);
  if (compiled === undefined) {
    const parsed = parseTemplate(text);
    compiled = parsed.errors.length > 0 ? null : compileTemplate(parsed);
    if (compiledFields.size >= MAX_COMPILED) compiledFields.clear();
    compiledFields.set(text, compiled);
  }
  // Saved fields were checked on save; one that no longer parses is sent as written.
  if (compiled === null) return { ok: true, text };
  const rendered = renderTemplate(compiled, values);
  return rendered.ok ? { ok: true, text: rendered.text } : { ok: false, missing: rendered.missing };
}
