/**
 * A Template Chat as a WhatsApp message template, and back (Cloud API `message_templates`).
 *
 * Mapping of Sapa's language to Meta's body text (decided here, once):
 * - every variable SLOT becomes `{{1}}`, `{{2}}`… in order of appearance — the same order the
 *   delivery engine sends body parameters in (render.ts `params`), so `{contactname}` used twice
 *   is two parameters;
 * - `{name|fallback}` is `{{n}}` too: the fallback is applied by Sapa before sending, Meta only
 *   ever sees the filled-in value;
 * - `{{` / `}}` (Sapa's literal braces) are a single `{` / `}` in Meta's text; text that would put
 *   two braces together, or a brace against a placeholder, would read as (part of) a placeholder
 *   to Meta, so such a template is refused for submission rather than guessed at.
 * Meta's body text holds at most 1024 characters.
 */
import { escapeTemplateText } from './template/serialize.js';
import { parseTemplate } from './template/parse.js';
import type { TemplateCategory, WhatsAppTemplateStatus } from './vocabulary.js';

/** Meta's limit on a template's BODY text. */
export const WHATSAPP_BODY_MAX = 1024;

export interface WhatsAppBodyProblem { readonly code: 'template.invalid' | 'whatsapp.literal_braces' | 'whatsapp.body_too_long'; readonly message: string }

export type WhatsAppBody =
  | {
    readonly ok: true;
    /** Meta's BODY text with `{{1}}`…`{{n}}`. */
    readonly text: string;
    /** The variable behind each placeholder, in order. */
    readonly slots: readonly string[];
    /** One example value per placeholder (Meta's `example.body_text[0]`). */
    readonly examples: readonly string[];
    /** The body starts or ends with a placeholder: Meta's review commonly rejects that (INVALID_FORMAT). */
    readonly dangling: boolean;
  }
  | { readonly ok: false; readonly problems: readonly WhatsAppBodyProblem[] };

/** Meta's BODY text and examples for a message; `sample` gives example values by variable name. */
export function toWhatsAppBody(message: string, sample: Readonly<Record<string, string>>): WhatsAppBody {
  const parsed = parseTemplate(message);
  if (parsed.errors.length > 0) return { ok: false, problems: [{ code: 'template.invalid', message: parsed.errors[0]!.message }] };
  const problems: WhatsAppBodyProblem[] = [];
  const slots: string[] = [];
  const examples: string[] = [];
  let text = '';
  const nodes = parsed.nodes;
  for (let i = 0; i < nodes.length; i++) {
    const node = nodes[i]!;
    if (node.kind === 'text') {
      const before = nodes[i - 1]?.kind === 'variable';
      const after = nodes[i + 1]?.kind === 'variable';
      if (node.value.includes('{{') || node.value.includes('}}') || (after && node.value.endsWith('{')) || (before && node.value.startsWith('}'))) {
        problems.push({ code: 'whatsapp.literal_braces', message: 'Literal braces next to each other or next to a variable would read as a placeholder to WhatsApp; put a space or other text between them.' });
      }
      text += node.value;
      continue;
    }
    slots.push(node.name);
    const example = sample[node.name]?.trim() || node.fallback?.trim() || node.name;
    examples.push(example);
    text += `{{${slots.length}}}`;
  }
  if (text.length > WHATSAPP_BODY_MAX) {
    problems.push({ code: 'whatsapp.body_too_long', message: `WhatsApp allows at most ${WHATSAPP_BODY_MAX} characters in a template's body; this one has ${text.length}.` });
  }
  if (problems.length > 0) return { ok: false, problems: dedupe(problems) };
  const first = nodes[0];
  const last = nodes.at(-1);
  const blank = (n: typeof first) => n?.kind === 'text' && n.value.trim() === '';
  const dangling = slots.length > 0 && (first?.kind === 'variable' || last?.kind === 'variable'
    || (blank(first) && nodes[1]?.kind === 'variable') || (blank(last) && nodes.at(-2)?.kind === 'variable'));
  return { ok: true, text, slots, examples, dangling };
}

function dedupe(problems: WhatsAppBodyProblem[]): WhatsAppBodyProblem[] {
  return problems.filter((p, i) => problems.findIndex((q) => q.code === p.code) === i);
}

const PLACEHOLDER = /\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g;

/**
 * Sapa's message for a Meta BODY text: positional `{{n}}` become the n-th of `variables`, named
 * `{{name}}` become `{name}`; literal braces are escaped. Null when a positional placeholder has
 * no variable given for it (Meta's text does not say what `{{1}}` means).
 */
export function fromWhatsAppBody(text: string, variables: readonly string[] = []): { message: string; placeholders: number } | null {
  let message = '';
  let last = 0;
  let placeholders = 0;
  for (const match of text.matchAll(PLACEHOLDER)) {
    message += escapeTemplateText(text.slice(last, match.index));
    last = match.index + match[0].length;
    placeholders++;
    const key = match[1]!;
    const name = /^\d+$/.test(key) ? variables[Number(key) - 1] : key.toLowerCase();
    if (name === undefined || !/^[a-z0-9_]+$/.test(name)) return null;
    message += `{${name}}`;
  }
  message += escapeTemplateText(text.slice(last));
  return { message, placeholders };
}

/**
 * True when a template no longer is what Meta has (it must be submitted again): a different BODY,
 * or other quick-reply labels where Sapa knows the submitted ones — not any edit: a changed
 * fallback or payload alone changes nothing at Meta.
 */
export function whatsappNeedsResubmit(t: {
  readonly message: string; readonly whatsappStatus: WhatsAppTemplateStatus | null; readonly whatsappSubmittedBody: string | null;
  readonly buttons?: readonly { readonly text: string }[]; readonly whatsappSubmittedButtons?: readonly string[] | null;
}): boolean {
  if (t.whatsappStatus === null || t.whatsappSubmittedBody === null) return false;
  const body = toWhatsAppBody(t.message, {});
  if (!body.ok || body.text !== t.whatsappSubmittedBody) return true;
  const submitted = t.whatsappSubmittedButtons ?? null;
  return submitted !== null && JSON.stringify((t.buttons ?? []).map((b) => b.text)) !== JSON.stringify(submitted);
}

/** The number of placeholders in a Meta BODY text that are positional (`{{1}}`). */
export function positionalPlaceholders(text: string): number {
  return [...text.matchAll(PLACEHOLDER)].filter((m) => /^\d+$/.test(m[1]!)).length;
}

/**
 * Sapa's status for Meta's template `status` (list/get) or webhook `event`; null for an event
 * that does not change whether the template may be sent (FLAGGED, LOCKED, LIMIT_EXCEEDED…).
 */
export function whatsappStatusFromMeta(value: string): WhatsAppTemplateStatus | null {
  switch (value.toUpperCase()) {
    case 'APPROVED':
    case 'REINSTATED':
    case 'UNARCHIVED':
      return 'approved';
    case 'PENDING':
    case 'IN_APPEAL':
      return 'pending';
    case 'REJECTED':
      return 'rejected';
    case 'PAUSED':
      return 'paused';
    // Deleted or archived at Meta: it can no longer be sent, like a disabled one.
    case 'DISABLED':
    case 'DELETED':
    case 'PENDING_DELETION':
    case 'ARCHIVED':
      return 'disabled';
    default:
      return null;
  }
}

/** Meta's `reason` as Sapa keeps it: `NONE` (and nothing) is no reason. */
export function whatsappReasonFromMeta(reason: string | null | undefined): string | null {
  const r = reason?.trim();
  return r && r.toUpperCase() !== 'NONE' ? r.slice(0, 500) : null;
}

/** Meta's category for a Template Chat's. */
export function whatsappCategory(category: TemplateCategory): 'UTILITY' | 'MARKETING' {
  return category === 'marketing' ? 'MARKETING' : 'UTILITY';
}

/** A Template Chat's category for Meta's; null for the ones Sapa does not send (AUTHENTICATION). */
export function categoryFromWhatsApp(category: string): TemplateCategory | null {
  const c = category.toUpperCase();
  return c === 'MARKETING' ? 'marketing' : c === 'UTILITY' ? 'utility' : null;
}

/**
 * Why a WhatsApp message may not go out as a template, or null when it may. Only where the
 * workspace sends through its own WhatsApp Business Account (`strict`); only outside the 24-hour
 * window (inside it the text goes free-form); only for messages made from a Template Chat.
 */
export function unapprovedTemplateReason(input: { strict: boolean; windowOpen: boolean; templateId: string | null; status: WhatsAppTemplateStatus | null }): string | null {
  if (!input.strict || input.windowOpen || input.templateId === null || input.status === 'approved') return null;
  return `whatsapp_template_not_approved: ${input.status ?? 'not_submitted'}`;
}
