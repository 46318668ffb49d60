/** Segments: saved definitions (drizzle), and their matching contacts through the compiled SQL (segment.sql.ts). */
import { and, asc, eq, sql as dsql } from 'drizzle-orm';
import type { SegmentRepo } from '../../app/ports.js';
import type { ConsentRecord, ContactRecord, SegmentRecord } from '../../app/records.js';
import type { ChannelKind } from '../../domain/vocabulary.js';
import type { DbOrTx } from './client.js';
import { decodeCursor, encodeCursor, isStillReferenced, isUniqueViolation } from './rows.js';
import { segments } from './schema.js';
import { segmentWhere } from './segment.sql.js';
import type { SqlAccess, SqlRow } from './sql-unit.js';

const toSegment = (row: typeof segments.$inferSelect): SegmentRecord => ({ ...row });

type ConsentJson = Record<string, { status: ConsentRecord['status']; source: string; at: string }>;

function toContactRecord(r: SqlRow): ContactRecord {
  const consent: Partial<Record<ChannelKind, ConsentRecord>> = {};
  for (const [channel, c] of Object.entries((r.consent ?? {}) as ConsentJson)) consent[channel as ChannelKind] = { status: c.status, source: c.source, at: new Date(c.at) };
  const date = (v: unknown) => (v instanceof Date ? v : new Date(String(v)));
  return {
    id: String(r.id),
    workspaceId: String(r.workspace_id),
    externalId: (r.external_id as string | null) ?? null,
    name: String(r.name),
    phone: (r.phone as string | null) ?? null,
    email: (r.email as string | null) ?? null,
    tags: (r.tags as string[] | null) ?? [],
    customFields: (r.custom_fields as Record<string, string> | null) ?? {},
    consent,
    whatsappLastInboundAt: r.whatsapp_last_inbound_at === null || r.whatsapp_last_inbound_at === undefined ? null : date(r.whatsapp_last_inbound_at),
    emailBounced: r.email_bounced_at === null || r.email_bounced_at === undefined ? null : { at: date(r.email_bounced_at), reason: (r.email_bounce_reason as string | null) ?? null },
    createdAt: date(r.created_at),
    updatedAt: date(r.updated_at),
  };
}

export function segmentRepo(db: DbOrTx, sql: SqlAccess): SegmentRepo {
  return {
    async list(workspaceId) {
      const rows = await db.select().from(segments).where(eq(segments.workspaceId, workspaceId)).orderBy(asc(dsql`lower(${segments.name})`), asc(segments.createdAt));
      return rows.map(toSegment);
    },
    async get(workspaceId, id) {
      const [row] = await db.select().from(segments).where(and(eq(segments.workspaceId, workspaceId), eq(segments.id, id)));
      return row ? toSegment(row) : null;
    },
    async create(workspaceId, fields, now) {
      const rows = await db.insert(segments).values({ workspaceId, ...fields, createdAt: now, updatedAt: now }).onConflictDoNothing().returning();
      return rows[0] ? toSegment(rows[0]) : 'duplicate_name';
    },
    async update(workspaceId, id, fields, now) {
      try {
        const [row] = await db.update(segments).set({ ...fields, updatedAt: now })
          .where(and(eq(segments.workspaceId, workspaceId), eq(segments.id, id))).returning();
        return row ? toSegment(row) : null;
      } catch (err) {
        if (isUniqueViolation(err)) return 'duplicate_name';
        throw err;
      }
    },
    async delete(workspaceId, id) {
      try {
        const rows = await db.delete(segments).where(and(eq(segments.workspaceId, workspaceId), eq(segments.id, id))).returning({ id: segments.id });
        return rows.length > 0 ? 'deleted' : 'not_found';
      } catch (err) {
        // broadcasts.segment_id is `on delete restrict`.
        if (isStillReferenced(err)) return 'in_use';
        throw err;
      }
    },
    async count(workspaceId, definition, now) {
      const where = segmentWhere(definition, 2, now);
      const [row] = await sql.query(`select count(*)::int as n from contacts c where c.workspace_id = $1 and (${where.sql})`, [workspaceId, ...where.values]);
      return Number(row?.n ?? 0);
    },
    async contacts(workspaceId, definition, now, page) {
      const after = decodeCursor(page.cursor);
      const values: unknown[] = [workspaceId, page.limit + 1];
      let keyset = '';
      if (after) {
        values.push(after.createdAt.toISOString(), after.id);
        keyset = ' and (c.created_at, c.id) < ($3::timestamptz, $4::uuid)';
      }
      const where = segmentWhere(definition, values.length + 1, now);
      const rows = await sql.query(`
        select c.*, (select coalesce(json_object_agg(cc.channel, json_build_object('status', cc.status, 'source', cc.source, 'at', cc.at)), '{}'::json)
                     from contact_consents cc where cc.contact_id = c.id) as consent
        from contacts c
        where c.workspace_id = $1${keyset} and (${where.sql})
        order by c.created_at desc, c.id desc
        limit $2`, [...values, ...where.values]);
      const items = rows.slice(0, page.limit).map(toContactRecord);
      const last = items.at(-1);
      return { items, nextCursor: rows.length > page.limit && last ? encodeCursor(last.createdAt, last.id) : null };
    },
  };
}
