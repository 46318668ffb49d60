/**
 * Contacts CSV import, the pure part (product.md §3): which column becomes which field, and what
 * one data row says about its contact or why it cannot be imported. Reading the file and writing
 * the store are elsewhere; this decides.
 */
import { Hash128Set } from './hash-set.js';
import { normalizePhone } from './phone.js';
import { CONSENT_STATUSES, type ConsentChannel, type ConsentStatus } from './vocabulary.js';

/** Columns with a meaning of their own; every other column is a custom field. */
export const KNOWN_COLUMNS = ['name', 'phone', 'email', 'external_id', 'tags', 'consent_whatsapp', 'consent_email', 'consent_sms', 'consent_push'] as const;
export type KnownColumn = (typeof KNOWN_COLUMNS)[number];

/** A custom field key, as contracts/contacts.ts accepts it. */
export const CUSTOM_FIELD_KEY = /^[a-z][a-z0-9_]{0,62}$/;

/** Limits per cell, the same as the contacts API's (contracts/contacts.ts). */
export const IMPORT_LIMITS = { name: 200, phone: 40, email: 320, externalId: 200, tag: 100, tags: 100, customValue: 1000, columns: 200 } as const;

/** Tags in one cell are separated by this. */
export const TAG_SEPARATOR = '|';

export type ColumnTarget = { readonly kind: 'known'; readonly field: KnownColumn } | { readonly kind: 'custom'; readonly key: string };

/** Why a header cannot be used; `column` is 0-based, `header` the text as written. */
export interface HeaderProblem { readonly column: number; readonly header: string; readonly reason: 'import.header_not_a_key' | 'import.header_duplicate' }

export type ColumnMapping =
  | { readonly ok: true; readonly columns: readonly ColumnTarget[] }
  | { readonly ok: false; readonly problems: readonly HeaderProblem[]; readonly reason?: 'import.no_key_column' | 'import.too_many_columns' };

/**
 * A header as a field key: lower case, accents dropped, every run of other characters one `_`
 * ("Kota Asal" → `kota_asal`, "No. HP" → `no_hp`); null when no valid key comes out ("123", "").
 */
export function headerKey(header: string): string | null {
  const key = header.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '');
  return CUSTOM_FIELD_KEY.test(key) ? key : null;
}

/** Maps a header row to fields; refuses unusable or repeated headers and a file with no column to match contacts by. */
export function mapColumns(headers: readonly string[]): ColumnMapping {
  if (headers.length > IMPORT_LIMITS.columns) return { ok: false, problems: [], reason: 'import.too_many_columns' };
  const problems: HeaderProblem[] = [];
  const seen = new Set<string>();
  const columns: ColumnTarget[] = [];
  headers.forEach((header, column) => {
    // A header with NUL or a lone surrogate is no name anyone typed: refused rather than cleaned into one.
    const key = unstorable(header) === null ? headerKey(header) : null;
    if (key === null) { problems.push({ column, header, reason: 'import.header_not_a_key' }); return; }
    if (seen.has(key)) { problems.push({ column, header, reason: 'import.header_duplicate' }); return; }
    seen.add(key);
    columns.push((KNOWN_COLUMNS as readonly string[]).includes(key) ? { kind: 'known', field: key as KnownColumn } : { kind: 'custom', key });
  });
  if (problems.length > 0) return { ok: false, problems };
  if (!['phone', 'email', 'external_id'].some((k) => seen.has(k))) return { ok: false, problems: [], reason: 'import.no_key_column' };
  return { ok: true, columns };
}

/**
 * `,` or `;`, whichever the header line has more of outside quotes (Excel in an Indonesian locale
 * writes `;`); `,` when neither or a tie.
 */
export function detectDelimiter(headerLine: string): ',' | ';' {
  let quoted = false;
  let commas = 0;
  let semicolons = 0;
  for (const ch of headerLine) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && ch === ',') commas++;
    else if (!quoted && ch === ';') semicolons++;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
  }
  return semicolons > commas ? ';' : ',';
}

/** Reasons a row or one of its cells is refused (the web app words each in id and en). */
export const IMPORT_ROW_REASONS = [
  'import.invalid_phone', 'import.invalid_email', 'import.invalid_consent', 'import.duplicate_in_file', 'import.no_key',
  'import.too_long', 'import.too_many_tags', 'import.extra_cells', 'import.malformed_row', 'text.nul', 'text.lone_surrogate',
  'import.phone_taken', 'import.external_id_differs',
] as const;
export type ImportRowReason = (typeof IMPORT_ROW_REASONS)[number];

/** One refused cell; `field` is the column's field or custom key (`row` when the row as a whole is refused). */
export interface RowProblem { readonly field: string; readonly reason: ImportRowReason }

/** What a good row says; absent means "leave as stored" (an empty cell never erases). */
export interface ImportedContact {
  readonly externalId?: string;
  readonly name?: string;
  /** E.164. */
  readonly phone?: string;
  /** Lower case. */
  readonly email?: string;
  readonly tags?: readonly string[];
  readonly customFields: Readonly<Record<string, string>>;
  readonly consent: Partial<Record<ConsentChannel, ConsentStatus>>;
}

export type RowOutcome = { readonly ok: true; readonly contact: ImportedContact } | { readonly ok: false; readonly problems: readonly RowProblem[] };

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
// Deliberately plain: one @, something on both sides, a dot in the domain, no spaces. Deliverability is the mail server's call.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function unstorable(value: string): 'text.nul' | 'text.lone_surrogate' | null {
  if (value.includes('\u0000')) return 'text.nul';
  return LONE_SURROGATE.test(value) ? 'text.lone_surrogate' : null;
}

const fieldName = (target: ColumnTarget) => (target.kind === 'known' ? target.field : target.key);

/** Reads one data row against the mapping: the contact it describes, or every problem it has. */
export function readImportRow(columns: readonly ColumnTarget[], cells: readonly string[]): RowOutcome {
  const problems: RowProblem[] = [];
  if (cells.length > columns.length && cells.slice(columns.length).some((c) => c.trim() !== '')) problems.push({ field: 'row', reason: 'import.extra_cells' });
  const customFields: Record<string, string> = {};
  const out: { -readonly [K in keyof ImportedContact]: ImportedContact[K] } = { customFields, consent: {} };
  columns.forEach((target, i) => {
    const raw = unguardFormulaCell(cells[i] ?? '');
    const field = fieldName(target);
    const bad = unstorable(raw);
    if (bad) { problems.push({ field, reason: bad }); return; }
    const value = raw.trim();
    if (value === '') return;
    const tooLong = (max: number) => {
      if (value.length <= max) return false;
      problems.push({ field, reason: 'import.too_long' });
      return true;
    };
    if (target.kind === 'custom') {
      if (!tooLong(IMPORT_LIMITS.customValue)) customFields[target.key] = value;
      return;
    }
    switch (target.field) {
      case 'name':
        if (!tooLong(IMPORT_LIMITS.name)) out.name = value;
        return;
      case 'external_id':
        if (!tooLong(IMPORT_LIMITS.externalId)) out.externalId = value;
        return;
      case 'phone': {
        const phone = normalizePhone(value);
        if (phone.ok) out.phone = phone.e164;
        else problems.push({ field, reason: 'import.invalid_phone' });
        return;
      }
      case 'email':
        if (tooLong(IMPORT_LIMITS.email)) return;
        if (EMAIL.test(value)) out.email = value.toLowerCase();
        else problems.push({ field, reason: 'import.invalid_email' });
        return;
      case 'tags': {
        const tags = [...new Set(value.split(TAG_SEPARATOR).map((t) => t.trim()).filter((t) => t !== ''))];
        if (tags.some((t) => t.length > IMPORT_LIMITS.tag)) problems.push({ field, reason: 'import.too_long' });
        else if (tags.length > IMPORT_LIMITS.tags) problems.push({ field, reason: 'import.too_many_tags' });
        else out.tags = tags;
        return;
      }
      case 'consent_whatsapp': case 'consent_email': case 'consent_sms': case 'consent_push': {
        const channel = target.field.slice('consent_'.length) as ConsentChannel;
        const status = value.toLowerCase();
        if ((CONSENT_STATUSES as readonly string[]).includes(status)) out.consent[channel] = status as ConsentStatus;
        else problems.push({ field, reason: 'import.invalid_consent' });
        return;
      }
    }
  });
  if (problems.length > 0) return { ok: false, problems };
  if (out.phone === undefined && out.email === undefined && out.externalId === undefined) return { ok: false, problems: [{ field: 'row', reason: 'import.no_key' }] };
  return { ok: true, contact: out };
}

/** A 128-bit (or longer) digest of a key, e.g. SHA-256; only its first 16 bytes are kept. */
export type KeyDigest = (key: string) => Uint8Array;

/**
 * Remembers the matching keys (external id, phone, email) of the rows taken so far, so a later row
 * with the same key is refused as a duplicate of the file. Each key is kept as 16 bytes of its
 * digest (field letter + value) in a Hash128Set: ~21–43 bytes a key, ~64–128 bytes a row of
 * three keys, outside the V8 heap (a Set of the strings cost ~280 bytes a row on it).
 *
 * A false duplicate needs two different keys with the same 128 bits. A 200 MB file holds at most
 * 10^8 keys (each takes at least a character and a delimiter), so by the birthday bound the chance
 * in one import is under (10^8)^2 / 2 / 2^128 ≈ 1.5·10^-23; with SHA-256 it also takes breaking
 * the hash's collision resistance (~2^64 work per pair) to make one on purpose.
 */
export class FileKeys {
  private readonly seen = new Hash128Set();

  /** `digest` must be a cryptographic hash (SHA-256): uniform bits are what keeps repeats exact. */
  constructor(private readonly digest: KeyDigest) {}

  /** The field of the first key an earlier row already had, or null after remembering this row's keys. */
  claim(contact: ImportedContact): 'external_id' | 'phone' | 'email' | null {
    // The field letter keeps kinds apart: an external id equal to a phone is no repeat.
    const keys = [
      ['external_id', contact.externalId === undefined ? null : this.digest(`x${contact.externalId}`)],
      ['phone', contact.phone === undefined ? null : this.digest(`p${contact.phone}`)],
      ['email', contact.email === undefined ? null : this.digest(`e${contact.email}`)],
    ] as const;
    for (const [field, key] of keys) if (key !== null && this.seen.has(key)) return field;
    for (const [, key] of keys) if (key !== null) this.seen.add(key);
    return null;
  }

  /** Bytes the remembered keys take. */
  get bytes(): number {
    return this.seen.bytes;
  }
}

/**
 * What a spreadsheet takes for the start of a formula (OWASP's CSV injection list: `= + - @`, tab,
 * CR), behind any number of `'`. A cell that a customer or an import filled could otherwise run
 * `=HYPERLINK(…)` or `=cmd|…` when a shop opens the export in Excel or Google Sheets. Quotes already
 * there get one more, so that taking one off on import is exact.
 */
const QUOTED_FORMULA = /^'*[=+\-@\t\r]/;

/** A cell as an export writes it: one that would start a formula gets a leading `'`, which spreadsheets show as text. */
export function guardFormulaCell(value: string): string {
  return QUOTED_FORMULA.test(value) ? `'${value}` : value;
}

/** A cell as the import reads it: the `'` an export put before a would-be formula comes off again, so an export imports back as it is. */
export function unguardFormulaCell(value: string): string {
  return value.startsWith("'") && QUOTED_FORMULA.test(value.slice(1)) ? value.slice(1) : value;
}

/** The columns an export writes, in order: the known ones, then the workspace's custom field keys. */
export function exportHeader(customKeys: readonly string[]): string[] {
  return [...KNOWN_COLUMNS, ...customKeys.filter((k) => !(KNOWN_COLUMNS as readonly string[]).includes(k))];
}
