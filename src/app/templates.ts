/** Template Chat: create, edit, delete, list and preview message templates. */
import { checkTemplate, defaultWhatsappName, pushLinkStartsWell, previewTemplate as previewText, sampleValues, smsSegments, type SmsSegments, type ValidateOptions } from '../domain/index.js';
import type { ChannelKind } from '../domain/vocabulary.js';
import { templateFieldErrors } from '../contracts/templates.js';
import { TRIGGERS, VARIABLES, allowedVariables, type TriggerKey } from '../domain/triggers.js';
import { checkButtons, type TemplateHeader } from '../domain/template-extras.js';
import { audit } from './audit.js';
import { AppError, found, type ErrorItem } from './errors.js';
import type { Deps } from './ports.js';
import { NO_WHATSAPP_LINK, type Principal, type TemplateCategory, type TemplateFields, type TemplateRecord } from './records.js';

export interface TemplateInput {
  code: string;
  message: string;
  category: TemplateCategory;
  whatsappName?: string | null;
  whatsappLanguage: string;
  /** An upload of the workspace as the image or document header; null: none. */
  header?: { mediaId: string } | null;
  /** Quick-reply buttons; a button without a payload sends its text back. */
  buttons?: { text: string; payload?: string | undefined }[];
  /** Email subject, email HTML body and push title, in the template language like the message; null: none. */
  subject?: string | null;
  html?: string | null;
  title?: string | null;
  /** The page a web push opens: an http(s) URL in the template language. */
  link?: string | null;
}

/** The fields besides the message that are written in the template language. */
const CHANNEL_FIELDS = ['subject', 'title', 'html', 'link'] as const;

const SEED_VARIABLES = Object.keys(VARIABLES);

/** Errors of a template's text in a context: a trigger's variables, or (no trigger) any known variable or custom field. */
export function checkMessage(message: string, context: { trigger?: TriggerKey; customFields?: readonly string[] }) {
  return checkTemplate(message, validateOptions(context));
}

function validateOptions(context: { trigger?: TriggerKey; customFields?: readonly string[] }): ValidateOptions {
  return context.trigger
    ? { allowed: allowedVariables(context.trigger), trigger: context.trigger }
    : { allowed: [...SEED_VARIABLES, ...(context.customFields ?? [])] };
}

/** The variables a template uses that a trigger lacks, as 422 items naming each. */
export function notAllowedOnTrigger(template: Pick<TemplateRecord, 'variables' | 'code'>, trigger: TriggerKey, field: string): ErrorItem[] {
  const allowed = allowedVariables(trigger) as readonly string[];
  return template.variables.filter((v) => !allowed.includes(v)).map((variable) => ({
    field,
    reason: 'automation.variable_not_allowed',
    variable,
    trigger,
    message: `{${variable}} is not available on trigger ${TRIGGERS[trigger].label} (${trigger})`,
  }));
}

async function prepare(deps: Pick<Deps, 'store'>, principal: Principal, input: TemplateInput, selfId?: string): Promise<TemplateFields> {
  const customFields = await deps.store.contacts.customFieldKeys(principal.workspaceId);
  const { errors, variables } = checkMessage(input.message, { customFields });
  const fieldErrors = templateFieldErrors(errors);
  const channelFields: Record<(typeof CHANNEL_FIELDS)[number], string | null> = { subject: null, title: null, html: null, link: null };
  for (const field of CHANNEL_FIELDS) {
    const value = input[field];
    if (value === undefined || value === null || value.trim() === '') continue;
    channelFields[field] = value;
    const check = checkMessage(value, { customFields });
    fieldErrors.push(...templateFieldErrors(check.errors, field));
    // The scheme and host are the shop's own words: a value can fill a path or a query, never make the link go elsewhere.
    if (field === 'link' && !pushLinkStartsWell(value)) {
      fieldErrors.push({ field, reason: 'template.link_invalid', message: 'The link must start with https:// (or http://) and a host name, before any {variable}' });
    }
    // Variables of the subject, title and HTML count like the message's (an automation's trigger must have them all).
    for (const v of check.variables) if (!variables.includes(v)) variables.push(v);
  }
  if (fieldErrors.length > 0) throw new AppError('template.invalid', `The template has ${fieldErrors.length} error(s)`, fieldErrors);
  if (selfId) {
    // A template already attached to automations must stay valid for each of their triggers.
    const attached = await deps.store.automations.usingTemplate(principal.workspaceId, selfId);
    const items = attached.flatMap((a) => notAllowedOnTrigger({ variables, code: input.code }, a.trigger as TriggerKey, 'message')
      .map((i) => ({ ...i, message: `${i.message}; used by automation "${a.name}"` })));
    if (items.length > 0) throw new AppError('automation.variable_not_allowed', 'The template is used by automations whose trigger lacks these variables', items);
  }
  const buttons = (input.buttons ?? []).map((b) => ({ text: b.text.trim(), payload: (b.payload ?? b.text).trim() }));
  const problems = checkButtons(buttons);
  if (problems.length > 0) {
    throw new AppError('template.invalid', problems[0]!.message, problems.map((p) => ({ field: `buttons.${p.index}`, reason: p.code, message: p.message })));
  }
  return {
    code: input.code.trim(),
    message: input.message,
    category: input.category,
    whatsappName: input.whatsappName ?? null,
    whatsappLanguage: input.whatsappLanguage,
    variables,
    header: input.header ? await headerOf(deps, principal.workspaceId, input.header.mediaId) : null,
    buttons,
    ...channelFields,
  };
}

/** The header for an upload of the workspace (another workspace's id is not found, like any unknown one). */
async function headerOf(deps: Pick<Deps, 'store'>, workspaceId: string, mediaId: string): Promise<TemplateHeader> {
  const m = found(await deps.store.media.get(workspaceId, mediaId), 'Media');
  return { type: m.kind, mediaId: m.id, token: m.token, filename: m.filename };
}

function duplicate(code: string): never {
  throw new AppError('template.duplicate_code', `A template with code "${code}" already exists`, [{ field: 'code', reason: 'template.duplicate_code' }]);
}

/** Creates a template after validating its message. */
export async function createTemplate(deps: Pick<Deps, 'store' | 'clock'>, principal: Principal, input: TemplateInput): Promise<TemplateRecord> {
  const fields = await prepare(deps, principal, input);
  const created = await deps.store.templates.create(principal.workspaceId, fields);
  if (created === 'duplicate_code') duplicate(fields.code);
  await audit(deps, principal, 'template.created', { type: 'template', id: created.id }, { code: created.code });
  return created;
}

/** Applies a partial change to a template, re-validating the whole. */
export async function updateTemplate(deps: Pick<Deps, 'store' | 'clock'>, principal: Principal, id: string, patch: Partial<TemplateInput>): Promise<TemplateRecord> {
  const current = found(await deps.store.templates.get(principal.workspaceId, id), 'Template');
  const merged: TemplateInput = {
    code: patch.code ?? current.code,
    message: patch.message ?? current.message,
    category: patch.category ?? current.category,
    whatsappName: patch.whatsappName === undefined ? current.whatsappName : patch.whatsappName,
    whatsappLanguage: patch.whatsappLanguage ?? current.whatsappLanguage,
    header: patch.header === undefined ? (current.header ? { mediaId: current.header.mediaId } : null) : patch.header,
    buttons: patch.buttons ?? current.buttons,
    subject: patch.subject === undefined ? current.subject : patch.subject,
    html: patch.html === undefined ? current.html : patch.html,
    title: patch.title === undefined ? current.title : patch.title,
    link: patch.link === undefined ? current.link : patch.link,
  };
  const fields = await prepare(deps, principal, merged, id);
  const updated = await deps.store.templates.update(principal.workspaceId, id, fields);
  if (updated === 'duplicate_code') duplicate(fields.code);
  let template = found(updated, 'Template');
  // Another WhatsApp name or language is another template at Meta: the link (and its review) no longer applies.
  // A text edit keeps it: the template then needs resubmitting (whatsappNeedsResubmit), Meta still has the old text.
  const named = (t: Pick<TemplateRecord, 'whatsappName' | 'code'>) => t.whatsappName ?? defaultWhatsappName(t.code);
  if (current.whatsappTemplateId !== null && (named(current) !== named(template) || current.whatsappLanguage !== template.whatsappLanguage)) {
    template = found(await deps.store.templates.setWhatsApp(principal.workspaceId, id, NO_WHATSAPP_LINK, null), 'Template');
  }
  const changed = (Object.keys(merged) as (keyof TemplateInput)[]).filter((k) => JSON.stringify(fields[k as keyof TemplateFields] ?? null) !== JSON.stringify(current[k as keyof TemplateRecord] ?? null));
  await audit(deps, principal, 'template.updated', { type: 'template', id }, { code: template.code, changed });
  return template;
}

/** Deletes a template unless an automation uses it. */
export async function deleteTemplate(deps: Pick<Deps, 'store' | 'clock'>, principal: Principal, id: string): Promise<void> {
  const template = found(await deps.store.templates.get(principal.workspaceId, id), 'Template');
  const result = await deps.store.templates.delete(principal.workspaceId, id);
  if (result === 'not_found') found(null, 'Template');
  if (result === 'in_use') throw new AppError('template.in_use', 'Automations use this template; remove them first');
  await audit(deps, principal, 'template.deleted', { type: 'template', id }, { code: template.code });
}

export interface PreviewResult { text: string | null; variables: string[]; errors: ErrorItem[]; sms?: SmsSegments }

/** Renders a message (or a saved template) with sample values, reporting errors instead of throwing. */
export async function previewTemplate(
  deps: Pick<Deps, 'store'>,
  principal: Principal,
  input: { message?: string; templateId?: string; trigger?: TriggerKey; sample?: Record<string, string>; channel?: ChannelKind },
): Promise<PreviewResult> {
  const message = input.message ?? found(await deps.store.templates.get(principal.workspaceId, input.templateId ?? ''), 'Template').message;
  const customFields = await deps.store.contacts.customFieldKeys(principal.workspaceId);
  const preview = previewText(message, { ...validateOptions({ ...(input.trigger ? { trigger: input.trigger } : {}), customFields }), sample: { ...sampleValues(input.trigger), ...input.sample } });
  return {
    text: preview.text, variables: preview.variables, errors: templateFieldErrors(preview.errors),
    // Sample values stand in for the real ones: the count is what a typical contact's SMS costs.
    ...(input.channel === 'sms' && preview.text !== null ? { sms: smsSegments(preview.text) } : {}),
  };
}

