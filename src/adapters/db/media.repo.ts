/** Uploads to send on WhatsApp (see schema.ts `media` for why the bytes live in the database). */
import { and, eq, getTableColumns } from 'drizzle-orm';
import type { MediaRepo } from '../../app/ports.js';
import type { MediaRecord } from '../../app/records.js';
import type { DbOrTx } from './client.js';
import { media } from './schema.js';

const { bytes: _bytes, ...META } = getTableColumns(media);

export function mediaRepo(db: DbOrTx): MediaRepo {
  return {
    async create(workspaceId, file) {
      const inserted = await db.insert(media).values({ workspaceId, ...file }).onConflictDoNothing({ target: [media.workspaceId, media.sha256, media.filename] }).returning(META);
      if (inserted[0]) return inserted[0] as MediaRecord;
      // The same file was kept already (perhaps at this moment by another request): that row.
      const [existing] = await db.select(META).from(media).where(and(eq(media.workspaceId, workspaceId), eq(media.sha256, file.sha256), eq(media.filename, file.filename)));
      return existing as MediaRecord;
    },
    async get(workspaceId, id) {
      const [row] = await db.select(META).from(media).where(and(eq(media.workspaceId, workspaceId), eq(media.id, id)));
      return (row as MediaRecord | undefined) ?? null;
    },
    async byToken(token) {
      const [row] = await db.select().from(media).where(eq(media.token, token));
      // node-postgres gives a Buffer, PGlite a Uint8Array: both are Uint8Arrays.
      return row ? { ...row, bytes: row.bytes } : null;
    },
  };
}
