/**
 * Contacts in bulk: POST /api/v1/contacts/import (text/csv, read as it arrives) and
 * GET /api/v1/contacts/export (text/csv, written as it is read). This scope parses no body
 * itself: the import hands the request stream to csv-parse, and refuses every other type.
 */
import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { AppError } from '../../../app/errors.js';
import { exportContacts } from '../../../app/export-contacts.js';
import { importContacts } from '../../../app/import-contacts.js';
import { ContactExportQuery, ImportResult } from '../../../contracts/index.js';
import type { HttpDeps } from '../context.js';
import { csvLine, csvRecords } from '../csv-stream.js';
import { principalOf } from './auth.route.js';

/** Largest import accepted: a million contacts with a few custom fields fit well within it. */
export const IMPORT_MAX_BYTES = 200 * 1024 * 1024;

const CSV_TYPES = ['text/csv', 'application/csv'];

export async function contactBulkRoutes(app: FastifyInstance, deps: HttpDeps): Promise<void> {
  app.removeAllContentTypeParsers();
  // The stream itself is the body: nothing is buffered, and the handler decides how much to read.
  app.addContentTypeParser(CSV_TYPES, (_request, payload, done) => done(null, payload));
  app.addContentTypeParser('*', (request, _payload, done) => {
    done(new AppError('import.unsupported_media_type', `Send the file as text/csv (got ${String(request.headers['content-type'] ?? 'no Content-Type').slice(0, 100)})`), undefined);
  });
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post('/api/v1/contacts/import', {
    config: { permission: 'contacts:import' },
    schema: {
      tags: ['contacts'],
      summary: 'Import contacts from CSV',
      description: 'text/csv (UTF-8, optional BOM, `,` or `;`). Columns name, phone, email, external_id, tags (`|`), consent_<channel>; any other column is a custom field.',
      response: { 200: ImportResult },
    },
  }, async (request, reply) => {
    const length = Number(request.headers['content-length'] ?? 0);
    // No body at all never reaches a content-type parser: answer as for a wrong type.
    if (!(request.body instanceof Readable)) {
      throw new AppError('import.unsupported_media_type', `Send the file as text/csv (got ${String(request.headers['content-type'] ?? 'no Content-Type').slice(0, 100)} and no body)`);
    }
    const body = request.body;
    try {
      if (length > IMPORT_MAX_BYTES) throw new AppError('import.too_large', `The file is larger than ${IMPORT_MAX_BYTES / 1024 / 1024} MB; split it into smaller files`);
      return await importContacts(deps, principalOf(request), csvRecords(body, IMPORT_MAX_BYTES));
    } catch (err) {
      // Stopped before the end of the body: a huge one is cut off, anything else is read to its end
      // (node discards it) so the client, still sending, gets the answer.
      if (err instanceof AppError && err.code === 'import.too_large') reply.header('connection', 'close');
      body.resume();
      throw err;
    }
  });

  r.get('/api/v1/contacts/export', {
    // Every contact's personal data at once (UU PDP): the same people as one contact's export.
    config: { permission: 'contacts:export' },
    schema: { tags: ['contacts'], summary: 'Export contacts as CSV (the import\'s columns, UTF-8 with BOM); ?segmentId= for one segment\'s', querystring: ContactExportQuery },
  }, async (request, reply) => {
    const rows = exportContacts(deps, principalOf(request), request.query.segmentId ? { segmentId: request.query.segmentId } : {});
    // The first row (the header) is read before answering, so a failure to start is still a problem document.
    const first = await rows.next();
    const lines = (async function* () {
      // The BOM makes Excel read the file as UTF-8.
      if (!first.done) yield '\uFEFF' + csvLine(first.value);
      for await (const cells of rows) yield csvLine(cells);
    })();
    const day = deps.clock.now().toISOString().slice(0, 10);
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="kontak-${day}.csv"`)
      .header('cache-control', 'no-store')
      .send(Readable.from(lines));
  });
}
