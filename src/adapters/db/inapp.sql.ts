/**
 * The in-app inbox in plain SQL over the messages table (channel `inapp`), from the index on
 * (contact_id, channel, created_at). Every read is scoped by workspace and contact.
 */
import type { InAppMessageRecord, InAppRepo } from '../../app/inapp.port.js';
import type { MessageStatus } from '../../domain/vocabulary.js';
import type { SqlAccess, SqlRow } from './sql-unit.js';

const date = (v: unknown): Date => (v instanceof Date ? v : new Date(v as string));
/** In the inbox once sent: a queued, failed or skipped message was never delivered to it. */
const VISIBLE = `status in ('sent', 'delivered', 'read') and sent_at is not null`;
const COLUMNS = 'id, workspace_id, contact_id, body, status, sent_at, read_at';

function toRecord(r: SqlRow): InAppMessageRecord {
  return {
    id: String(r.id), workspaceId: String(r.workspace_id), contactId: String(r.contact_id), body: String(r.body),
    status: r.status as MessageStatus, sentAt: date(r.sent_at), readAt: r.read_at === null || r.read_at === undefined ? null : date(r.read_at),
  };
}

export function inAppSql(sql: SqlAccess): InAppRepo {
  const mine = `workspace_id = $1 and contact_id = $2 and channel = 'inapp' and ${VISIBLE}`;
  return {
    async recent(workspaceId, contactId, limit) {
      const rows = await sql.query(`select ${COLUMNS} from messages where ${mine} order by sent_at desc, id desc limit $3`, [workspaceId, contactId, limit], 'inapp_recent');
      return rows.map(toRecord);
    },

    async unread(workspaceId, contactId, limit) {
      // The newest `limit` unread, shown oldest first.
      const rows = await sql.query(`select * from (select ${COLUMNS} from messages where ${mine} and status <> 'read' order by sent_at desc, id desc limit $3) m
        order by sent_at, id`, [workspaceId, contactId, limit], 'inapp_unread');
      return rows.map(toRecord);
    },

    async after(workspaceId, contactId, position, limit) {
      const rows = await sql.query(`select ${COLUMNS} from messages where ${mine} and (sent_at, id) > ($3::timestamptz, $4::uuid)
        order by sent_at, id limit $5`, [workspaceId, contactId, position.sentAt, position.id, limit], 'inapp_after');
      return rows.map(toRecord);
    },

    async changes(contactIds, since, limit) {
      const rows = await sql.query(`
        select clock_timestamp() as now, m.* from (select 1) one
        left join lateral (
          select ${COLUMNS} from messages
          where contact_id = any($1::uuid[]) and channel = 'inapp' and ${VISIBLE} and sent_at >= coalesce($2::timestamptz, clock_timestamp() - interval '10 seconds')
          order by sent_at, id limit $3
        ) m on true`, [contactIds, since, limit], 'inapp_changes');
      return { now: date(rows[0]!.now), items: rows.filter((r) => r.id !== null && r.id !== undefined).map(toRecord) };
    },

    async mark(workspaceId, contactId, ids, from, to, at) {
      if (ids.length === 0 || from.length === 0) return [];
      // Read implies delivered: delivered_at keeps the first time, like MessageRepo.transition.
      const rows = await sql.query(`
        update messages set status = $5, updated_at = $6,
          delivered_at = case when $5 in ('delivered', 'read') then coalesce(delivered_at, $6) else delivered_at end,
          read_at = case when $5 = 'read' then $6 else read_at end
        where id = any($3::uuid[]) and ${mine} and status = any($4::text[])
        returning id`, [workspaceId, contactId, ids, from, to, at], 'inapp_mark');
      return rows.map((r) => String(r.id));
    },

    async get(workspaceId, contactId, id) {
      const rows = await sql.query(`select ${COLUMNS} from messages where id = $3 and ${mine}`, [workspaceId, contactId, id], 'inapp_get');
      return rows[0] ? toRecord(rows[0]) : null;
    },
  };
}
