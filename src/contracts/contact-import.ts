import { z } from 'zod';
import { IMPORT_ROW_REASONS } from '../domain/contact-import.js';

/** One refused row's cell: `row` counts data rows from 1, `field` is the column's field or custom key (`row`: the row as a whole). */
export const ImportRowError = z.object({ row: z.number().int().min(1), field: z.string(), reason: z.enum(IMPORT_ROW_REASONS) });
export type ImportRowError = z.infer<typeof ImportRowError>;

/** POST /api/v1/contacts/import's answer; `errorsOmitted` counts errors past the listed ones. */
export const ImportResult = z.object({
  created: z.number().int(),
  updated: z.number().int(),
  failed: z.number().int(),
  errors: z.array(ImportRowError),
  errorsOmitted: z.number().int(),
});
export type ImportResult = z.infer<typeof ImportResult>;

/** GET /api/v1/contacts/export: all contacts, or one segment's. */
export const ContactExportQuery = z.object({ segmentId: z.uuid().optional() });
