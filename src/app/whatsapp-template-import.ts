/**
 * Importing the message templates a WhatsApp Business Account already has (made by hand in
 * WhatsApp Manager, or before Sapa): each is linked to the Template Chat with its WhatsApp name
 * and language, or becomes a new Template Chat from its body. Positional `{{n}}` say nothing of
 * what they hold, so those need the caller to name Sapa's variable for each (`variables`); named
 * `{{contactname}}` map by name; a body without placeholders needs nothing.
 *
 * Headers and buttons: QUICK_REPLY labels become the Template Chat's buttons. An IMAGE or DOCUMENT
 * header needs a file on every send, and Meta gives only its example (`header_handle`, a URL on its
 * CDN holding the file the shop submitted for review): Sapa fetches that example and keeps it as
 * the template's header upload, so the imported template sends the image the shop had approved
 * and can be changed in the editor like any other. A template whose example cannot be fetched,
 * or with parts Sapa cannot send (domain/whatsapp-import.ts), is skipped with the reason.
 */
import { MEDIA_MAX_BYTES } from '../domain/media.js';
import { categoryFromWhatsApp, fromWhatsAppBody, importShape, positionalPlaceholders, whatsappStatusFromMeta } from '../domain/index.js';
import type { WhatsAppTemplateStatus } from '../domain/vocabulary.js';
import { audit } from './audit.js';
import { AppError } from './errors.js';
import { uploadMedia } from './media.js';
import type { Deps } from './ports.js';
import type { MediaRecord, Principal, TemplateRecord } from './records.js';
import type { MetaTemplate, WhatsAppTemplateApi } from './whatsapp-template.port.js';
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
export interface SkippedItem { name: string; language: string; reason: string; placeholders?: number; part?: string }
export interface ImportResult { linked: ImportedItem[]; created: ImportedItem[]; skipped: SkippedItem[]; complete: boolean }

const keyOf = (name: string, language: string) => `${name}\u0000${language}`;

/** Links or creates a Template Chat for every template of the workspace's WABA. */
export async function importWhatsAppTemplates(deps: TemplateDeps & Pick<Deps, 'random'>, principal: Principal, input: ImportInput): Promise<ImportResult> {
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
      const shape = importShape(meta.shape);
      if (!shape.ok) { skip(shape.reason, shape.part ? { part: shape.part } : {}); continue; }
      const mapped = fromWhatsAppBody(meta.body, mappings.get(key) ?? []);
      if (mapped === null) { skip('variables_unmapped', { placeholders: positionalPlaceholders(meta.body) }); continue; }
      let created: TemplateRecord;
      try {
        const header = shape.header ? await headerFile(deps, principal, account.api, meta, shape.header) : null;
        if (header === 'unavailable') { skip('header_example_unavailable'); continue; }
        created = await createTemplate(deps, principal, {
          code: meta.name.slice(0, 100), message: mapped.message, category, whatsappName: meta.name, whatsappLanguage: meta.language.slice(0, 10),
          header: header ? { mediaId: header.id } : null, buttons: shape.buttons.map((text) => ({ text })),
        });
      } catch (err) {
        if (err instanceof AppError) { skip(err.code); continue; }
        throw err;
      }
      const saved = await deps.store.templates.setWhatsApp(workspaceId, created.id, { ...link, whatsappSubmittedButtons: [...shape.buttons] }, deps.clock.now());
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

/** The header's example fetched from Meta and kept as an upload; `unavailable` when it cannot be fetched or is not an image/PDF of that kind. */
async function headerFile(
  deps: Pick<Deps, 'store' | 'random' | 'log'>, principal: Principal, api: WhatsAppTemplateApi, meta: MetaTemplate, header: { type: 'image' | 'document'; example: string },
): Promise<MediaRecord | 'unavailable'> {
  const got = await api.download(header.example, MEDIA_MAX_BYTES);
  if (!got.ok) {
    deps.log.warn({ workspaceId: principal.workspaceId, template: meta.name, reason: got.reason }, 'template import: header example not fetched');
    return 'unavailable';
  }
  const extension = header.type === 'image' ? (got.value.contentType?.includes('png') ? 'png' : 'jpg') : 'pdf';
  try {
    const media = await uploadMedia(deps, principal, { bytes: got.value.bytes, declaredType: got.value.contentType, filename: `${meta.name}.${extension}` });
    return media.kind === header.type ? media : 'unavailable';
  } catch (err) {
    if (err instanceof AppError) return 'unavailable';
    throw err;
  }
}
