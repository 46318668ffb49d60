/**
 * Contacts export: every contact of the workspace as rows of the import's columns, so an exported
 * file imports back as it is. Read in pages, handed on as they are read: memory stays one page.
 */
import { exportHeader, guardFormulaCell, KNOWN_COLUMNS, TAG_SEPARATOR } from '../domain/contact-import.js';
import type { ConsentChannel } from '../domain/vocabulary.js';
import { audit } from './audit.js';
import { found } from './errors.js';
import type { Deps, ExportContact, ExportCursor } from './ports.js';
import type { Principal } from './records.js';

/** Contacts read per page. */
export const EXPORT_PAGE = 1000;

function cells(contact: ExportContact, customKeys: readonly string[]): string[] {
  const known: Record<(typeof KNOWN_COLUMNS)[number], string> = {
    name: contact.name,
    phone: contact.phone ?? '',
    email: contact.email ?? '',
    external_id: contact.externalId ?? '',
    tags: contact.tags.join(TAG_SEPARATOR),
    consent_whatsapp: consent(contact, 'whatsapp'),
    consent_email: consent(contact, 'email'),
    consent_sms: consent(contact, 'sms'),
    consent_push: consent(contact, 'push'),
  };
  return [...KNOWN_COLUMNS.map((k) => known[k]), ...customKeys.map((k) => contact.customFields[k] ?? '')].map(guardFormulaCell);
}

const consent = (contact: ExportContact, channel: ConsentChannel) => contact.consent[channel] ?? '';

/**
 * The header, then one row per contact (of the segment, when one is named), oldest first; audited
 * when it starts. An unknown segment (or another workspace's) is not_found before the first row.
 */
export async function* exportContacts(deps: Pick<Deps, 'store' | 'clock'>, principal: Principal, options: { segmentId?: string } = {}): AsyncGenerator<string[]> {
  const segment = options.segmentId === undefined ? undefined
    : { definition: found(await deps.store.segments.get(principal.workspaceId, options.segmentId), 'Segment').definition, now: deps.clock.now() };
  const header = exportHeader(await deps.store.contactBulk.customFieldKeys(principal.workspaceId));
  const customKeys = header.slice(KNOWN_COLUMNS.length);
  await audit(deps, principal, 'contacts.exported', options.segmentId ? { type: 'segment', id: options.segmentId } : null, {});
  yield header;
  let after: ExportCursor | null = null;
  for (;;) {
    const page: ExportContact[] = await deps.store.contactBulk.exportPage(principal.workspaceId, after, EXPORT_PAGE, segment);
    for (const contact of page) yield cells(contact, customKeys);
    const last = page.at(-1);
    if (!last || page.length < EXPORT_PAGE) return;
    after = last.cursor;
  }
}
