/**
 * The import's preview, in the browser: the first rows of the file parsed with papaparse and the
 * column mapping the server will apply (the same domain rules), so a wrong header shows before
 * anything is sent.
 */
import Papa from 'papaparse';
import { detectDelimiter, mapColumns, unguardFormulaCell, type ColumnMapping } from '../../../../../src/domain/contact-import.js';

/** Bytes read from the start of the file for the preview: enough for the header and a few rows. */
export const PREVIEW_BYTES = 256 * 1024;
/** Data rows shown. */
export const PREVIEW_ROWS = 5;

export interface CsvPreview {
  headers: string[];
  rows: string[][];
  delimiter: ',' | ';';
  mapping: ColumnMapping;
}

/** Previews the start of a file (its first PREVIEW_BYTES at most; `complete` when that is the whole file); null when it holds no header. */
export function previewCsv(start: string, complete: boolean): CsvPreview | null {
  let text = start.replace(/^\uFEFF/, '');
  // A cut file ends mid-row: show only whole lines.
  if (!complete && text.includes('\n')) text = text.slice(0, text.lastIndexOf('\n') + 1);
  const delimiter = detectDelimiter(text);
  const parsed = Papa.parse<string[]>(text, { delimiter, preview: PREVIEW_ROWS + 1, skipEmptyLines: true });
  const [headers, ...rows] = parsed.data;
  if (!headers || headers.every((h) => h.trim() === '')) return null;
  // Shown as they will be imported: the `'` an export put before a would-be formula is not part of the value.
  return { headers, rows: rows.map((row) => row.map(unguardFormulaCell)), delimiter, mapping: mapColumns(headers) };
}

/** Reads the file's start and previews it. */
export async function previewFile(file: Blob): Promise<CsvPreview | null> {
  const start = await file.slice(0, PREVIEW_BYTES).text();
  return previewCsv(start, file.size <= PREVIEW_BYTES);
}
