/**
 * CSV over HTTP, streamed both ways. Reading: the request body goes through a byte counter into
 * csv-parse as it arrives; the delimiter (`,` or `;`) is decided from the header line before
 * parsing starts. Writing: RFC 4180 lines, quoted where a cell needs it.
 */
import { Readable, Transform, pipeline } from 'node:stream';
import { parse } from 'csv-parse';
import { AppError } from '../../app/errors.js';
import type { CsvRecord } from '../../app/import-contacts.js';
import { detectDelimiter } from '../../domain/contact-import.js';

/** Largest record csv-parse buffers (characters): bounds memory per row whatever the file holds. */
const MAX_RECORD_CHARS = 1_000_000;
/** How far to look for the end of the header line when choosing the delimiter. */
const HEADER_PEEK_BYTES = 64 * 1024;

/**
 * The file's records, row 0 the header. A record csv-parse cannot read (a stray quote, one over
 * MAX_RECORD_CHARS) comes back as `malformed` in its place and reading goes on. A body over
 * maxBytes fails the iteration with import.too_large. The body itself is piped, never destroyed
 * here: when reading stops early, the caller lets it drain so the client still gets the answer.
 */
export async function* csvRecords(body: Readable, maxBytes: number): AsyncGenerator<CsvRecord> {
  let bytes = 0;
  const counted = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      bytes += chunk.length;
      if (bytes > maxBytes) done(new AppError('import.too_large', `The file is larger than ${Math.round(maxBytes / 1024 / 1024)} MB; split it into smaller files`));
      else done(null, chunk);
    },
  });
  const onBodyError = (err: Error) => counted.destroy(err);
  body.on('error', onBodyError);
  body.pipe(counted);
  const chunks = counted[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  try {
    const head: Buffer[] = [];
    let headBytes = 0;
    for (;;) {
      const next = await chunks.next();
      if (next.done) break;
      head.push(next.value);
      headBytes += next.value.length;
      if (next.value.includes(0x0a) || headBytes >= HEADER_PEEK_BYTES) break;
    }
    const delimiter = detectDelimiter(Buffer.concat(head).subarray(0, HEADER_PEEK_BYTES).toString('utf8').replace(/^\uFEFF/, ''));
    const source = Readable.from((async function* () {
      yield* head;
      for (let next = await chunks.next(); !next.done; next = await chunks.next()) yield next.value;
    })());

    let row = 0;
    const skipped: number[] = [];
    // Row numbers are given as the parser meets records, so a skipped one keeps its place.
    const rowOf = new WeakMap<string[], number>();
    const parser = parse({
      delimiter,
      bom: true,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      max_record_size: MAX_RECORD_CHARS,
      skip_records_with_error: true,
      on_record: (cells: string[]) => { rowOf.set(cells, row++); return cells; },
      on_skip: () => { skipped.push(row++); },
    });
    pipeline(source, parser, () => { /* errors surface through the iteration below */ });
    for await (const cells of parser as AsyncIterable<string[]>) {
      const at = rowOf.get(cells) ?? row;
      while (skipped.length > 0 && skipped[0]! < at) yield { row: skipped.shift()!, malformed: true };
      yield { row: at, cells };
    }
    for (const r of skipped) yield { row: r, malformed: true };
  } finally {
    body.off('error', onBodyError);
    body.unpipe(counted);
    counted.destroy();
  }
}

const NEEDS_QUOTES = /[",;\r\n]|^\s|\s$/;

/** One CSV line (CRLF-terminated), a cell quoted when it holds a delimiter, a quote, a line break or edge spaces. */
export function csvLine(cells: readonly string[]): string {
  return cells.map((c) => (NEEDS_QUOTES.test(c) ? `"${c.replaceAll('"', '""')}"` : c)).join(',') + '\r\n';
}
