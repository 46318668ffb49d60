/**
 * Importing the message templates a WhatsApp Business Account already has (made by hand in
 * WhatsApp Manager, or before Sapa): each is linked to the Template Chat with its WhatsApp name
 * and language, or becomes a new Template Chat from its body. Positional `{{n}}` say nothing of
 * what they hold, so those need the caller to name Sapa's variable for each (`variables`); named
 * `{{contactname}}` map by name; a body without placeholders needs nothing.
 */
import { categoryFromWhatsApp, fromWhatsAppBody, positionalPlaceholders, whatsappStatusFromMeta } from '../domain/index.js';
import type { WhatsAppTemplateStatus } from '../domain/vocabulary.js';
import { audit } from './audit.js';
import { AppError } from './errors.js';
import type { Principal, TemplateRecord } from './records.js';
import { createTemplate } from './templates.js';
import { metaFailure, reasonFor, templateAccount, whatsappNameOf, type TemplateDeps } from './whatsapp-templates.js';

/** Pages of 100 read at most per import: 1,000 templates (Meta allows a WABA 250 by default). */
const MAX_PAGES = 10;
const PAGE_SIZE = 100;

export interface ImportInput {
  /** For templates with positional placeholders: Sapa's variable behind each `{{n}}`, in order. */
  variables?: readonly { name: string; language: string; variables: readonly string[] }[];
}

export interface ImportedItem { templateId: string; code: string; name: string; language: string; status: WhatsAppTemplateStatus | null }
export interface SkippedItem { name: string; language: string; reason: string; placeholders?: number }
export interface ImportResult { linked: ImportedItem[]; created: ImportedItem[]; skipped: SkippedItem[]; complete: boolean }

const keyOf = (name: string, language: string) => `${name}\u0000${language}`;

/** Links or creates a Template Chat for every template of the workspace's WABA. */
export async function importWhatsAppTemplates(deps: TemplateDeps, principal: Principal, input: ImportInput): Promise<ImportResult> {
  const workspaceId = principal.workspaceId;
  const account = await templateAccount(deps, workspaceId);
  const mine = new Map<string, TemplateRecord>();
  for (const t of await deps.store.templates.list(workspaceId)) mine.set(keyOf(whatsappNameOf(t), t.whatsappLanguage), t);
  const mappings = new Map((input.variables ?? []).map((v) => [keyOf(v.name, v.language), v.variables]));
  const result: ImportResult = { linked: [], created: [], skipped: [], complete: false };
  let after: string | null = null;
  for (let page = 0; page < MAX_PAGES; page++) {
    const listed = await account.api.list({ limit: PAGE_SIZE, after });
    if (!listed.ok) metaFailure(listed);
    for (const meta of listed.value.items) {
      const status = whatsappStatusFromMeta(meta.status);
      const link = { whatsappTemplateId: meta.id, whatsappStatus: status, whatsappRejectionReason: reasonFor(status, meta.rejectedReason), whatsappSubmittedBody: meta.body };
      const key = keyOf(meta.name, meta.language);
      const existing = mine.get(key);
      if (existing) {
        await deps.store.templates.setWhatsApp(workspaceId, existing.id, link, deps.clock.now());
        result.linked.push({ templateId: existing.id, code: existing.code, name: meta.name, language: meta.language, status });
        continue;
      }
      const skip = (reason: string, extra: Partial<SkippedItem> = {}) => result.skipped.push({ name: meta.name, language: meta.language, reason, ...extra });
      const category = categoryFromWhatsApp(meta.category);
      if (category === null) { skip('unsupported_category'); continue; }
      if (meta.body === null) { skip('no_body'); continue; }
      const mapped = fromWhatsAppBody(meta.body, mappings.get(key) ?? []);
      if (mapped === null) { skip('variables_unmapped', { placeholders: positionalPlaceholders(meta.body) }); continue; }
      let created: TemplateRecord;
      try {
        created = await createTemplate(deps, principal, {
          code: meta.name.slice(0, 100), message: mapped.message, category, whatsappName: meta.name, whatsappLanguage: meta.language.slice(0, 10),
        });
      } catch (err) {
        if (err instanceof AppError) { skip(err.code); continue; }
        throw err;
      }
      const saved = await deps.store.templates.setWhatsApp(workspaceId, created.id, link, deps.clock.now());
      mine.set(key, saved ?? created);
      result.created.push({ templateId: created.id, code: created.code, name: meta.name, language: meta.language, status });
    }
    after = listed.value.after;
    if (after === null) { result.complete = true; break; }
  }
  await audit(deps, principal, 'templates.imported_from_whatsapp', null, {
    linked: result.linked.length, created: result.created.length, skipped: result.skipped.length, complete: result.complete,
  });
  return result;
}
