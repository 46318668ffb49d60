/**
 * Contacts CSV import (product.md §3): records in, counts and per-row errors out. Rows are read
 * as they arrive and written in chunks of one transaction each, so a file of any size needs the
 * memory of one chunk plus a few tens of bytes per key already seen (FileKeys); a bad row is
 * reported and skipped, never written in part, and never stops the good ones.
 */
import { hash } from 'node:crypto';
import { FileKeys, mapColumns, readImportRow, type ImportRowReason } from '../domain/contact-import.js';
import { audit } from './audit.js';
import { consentActor } from './contacts.js';
import { AppError } from './errors.js';
import type { Deps, ImportChunkRow } from './ports.js';
import type { Principal } from './records.js';

/** One record of the file: the header is row 0, data rows count from 1; `malformed` when the CSV itself is broken there. */
export type CsvRecord = { readonly row: number; readonly cells: readonly string[] } | { readonly row: number; readonly malformed: true };

export interface ImportError { row: number; field: string; reason: ImportRowReason }
export interface ImportResult { created: number; updated: number; failed: number; errors: ImportError[]; errorsOmitted: number }

export interface ImportOptions {
  /** Rows per transaction. */
  chunkSize: number;
  /** Errors listed in the answer; past it they are only counted. */
  maxErrors: number;
}

export const DEFAULT_IMPORT_OPTIONS: ImportOptions = { chunkSize: 2000, maxErrors: 1000 };

/** Headers longer than this are cut in the 422's error list (the header itself may be the attack). */
const HEADER_ECHO = 100;

/** Imports a CSV's records; throws import.empty / import.invalid_header (nothing written) before the first row. */
export async function importContacts(
  deps: Pick<Deps, 'store' | 'clock' | 'random'>,
  principal: Principal,
  records: AsyncIterable<CsvRecord>,
  options: ImportOptions = DEFAULT_IMPORT_OPTIONS,
): Promise<ImportResult> {
  const it = records[Symbol.asyncIterator]();
  const first = await it.next();
  if (first.done) throw new AppError('import.empty', 'The file is empty: its first line must name the columns (name, phone, email, external_id, …)');
  if ('malformed' in first.value) throw new AppError('import.invalid_header', 'The header line is not valid CSV', [{ field: 'header', reason: 'import.malformed_row' }]);
  const mapping = mapColumns(first.value.cells);
  if (!mapping.ok) {
    if (mapping.reason === 'import.no_key_column') {
      throw new AppError('import.invalid_header', 'The file needs a phone, email or external_id column to match contacts by', [{ field: 'header', reason: mapping.reason }]);
    }
    if (mapping.reason === 'import.too_many_columns') throw new AppError('import.invalid_header', 'The file has too many columns', [{ field: 'header', reason: mapping.reason }]);
    const named = mapping.problems.map((p) => `"${p.header.slice(0, HEADER_ECHO)}"`).join(', ');
    throw new AppError('import.invalid_header', `These column names cannot become fields: ${named}. Use letters, digits and spaces, starting with a letter.`,
      mapping.problems.map((p) => ({ field: p.header.slice(0, HEADER_ECHO), reason: p.reason, index: p.column })));
  }

  const result: ImportResult = { created: 0, updated: 0, failed: 0, errors: [], errorsOmitted: 0 };
  const report = (row: number, field: string, reason: ImportRowReason) => {
    if (result.errors.length < options.maxErrors) result.errors.push({ row, field, reason });
    else result.errorsOmitted++;
  };
  // SHA-256 (not a faster non-cryptographic hash): a file's author cannot make two keys collide, so a repeat is only ever a real one.
  const keys = new FileKeys((key) => hash('sha256', key, 'buffer'));
  const actor = consentActor(principal);
  let chunk: ImportChunkRow[] = [];
  // One chunk is written while the next is read and checked: the file's parsing (phone numbers
  // above all) overlaps the database's work. Chunks still commit one after another, in file order.
  let writing: Promise<void> = Promise.resolve();
  const flush = async () => {
    if (chunk.length === 0) return;
    const rows = chunk;
    chunk = [];
    await writing;
    writing = deps.store.contactBulk.importChunk(principal.workspaceId, rows, deps.clock.now(), actor).then((written) => {
      result.created += written.created;
      result.updated += written.updated;
      result.failed += written.refused.length;
      for (const r of written.refused) report(r.row, r.field, r.reason);
    });
    // Seen when awaited (next flush or the end); until then it must not count as unhandled.
    writing.catch(() => undefined);
  };

  for (let next = await it.next(); !next.done; next = await it.next()) {
    const record = next.value;
    if ('malformed' in record) {
      result.failed++;
      report(record.row, 'row', 'import.malformed_row');
      continue;
    }
    const outcome = readImportRow(mapping.columns, record.cells);
    if (!outcome.ok) {
      result.failed++;
      for (const p of outcome.problems) report(record.row, p.field, p.reason);
      continue;
    }
    const duplicate = keys.claim(outcome.contact);
    if (duplicate !== null) {
      result.failed++;
      report(record.row, duplicate, 'import.duplicate_in_file');
      continue;
    }
    chunk.push({ row: record.row, newId: deps.random.uuid(), contact: outcome.contact });
    if (chunk.length >= options.chunkSize) await flush();
  }
  await flush();
  await writing;
  // Refusals by the store arrive per chunk, after that chunk's own row errors: the list reads in file order.
  result.errors.sort((a, b) => a.row - b.row);
  await audit(deps, principal, 'contacts.imported', null, { created: result.created, updated: result.updated, failed: result.failed });
  return result;
}
