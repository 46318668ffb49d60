/**
 * The inbox in plain SQL: conversation rows (kept by the triggers of migration 0010_inbox), a
 * conversation's messages both ways from their own indexes, notes, and the change feed.
 */
import type { ConversationMessageRecord, ConversationRecord, ConversationRepo, NoteRecord } from '../../app/conversation.port.js';
import { decodeCursor, encodeCursor } from '../../contracts/cursor.js';
import { phoneSearch } from '../../domain/phone.js';
import type { ChannelKind, ConsentStatus, ConversationStatus, MessageDirection, MessageStatus } from '../../domain/vocabulary.js';
import type { SqlAccess, SqlRow } from './sql-unit.js';

const str = (v: unknown) => v as string;
const strOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
const date = (v: unknown): Date => (v instanceof Date ? v : new Date(v as string));
const dateOrNull = (v: unknown): Date | null => (v === null || v === undefined ? null : date(v));
const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

const SELECT = `
  select c.id, c.contact_id, ct.name as contact_name, ct.phone as contact_phone, c.channel, c.status, c.assignee_id, u.name as assignee_name,
    c.last_message_at, c.last_message_text, c.last_message_direction, c.last_inbound_at, c.unread_count, c.changed_at, cc.status as consent
  from conversations c
  join contacts ct on ct.id = c.contact_id
  left join users u on u.id = c.assignee_id
  left join contact_consents cc on cc.contact_id = c.contact_id and cc.channel = c.channel`;

function toConversation(r: SqlRow): ConversationRecord {
  return {
    id: str(r.id), contactId: str(r.contact_id), contactName: str(r.contact_name ?? ''), contactPhone: strOrNull(r.contact_phone),
    channel: r.channel as ChannelKind, status: r.status as ConversationStatus, assigneeId: strOrNull(r.assignee_id), assigneeName: strOrNull(r.assignee_name),
    lastMessageAt: date(r.last_message_at), lastMessageText: str(r.last_message_text ?? ''), lastMessageDirection: r.last_message_direction as MessageDirection,
    lastInboundAt: dateOrNull(r.last_inbound_at), unreadCount: Number(r.unread_count), consent: (r.consent ?? null) as ConsentStatus | null,
    changedAt: date(r.changed_at),
  };
}

const toNote = (r: SqlRow): NoteRecord => ({
  id: str(r.id), authorId: strOrNull(r.author_id), authorName: str(r.author_name), text: str(r.text), createdAt: date(r.created_at),
});

export function conversationSql(sql: SqlAccess): ConversationRepo {
  const get = async (workspaceId: string, id: string) => {
    const [row] = await sql.query(`${SELECT} where c.workspace_id = $1 and c.id = $2`, [workspaceId, id], 'conversation_get');
    return row ? toConversation(row) : null;
  };

  return {
    async list(workspaceId, query) {
      const where = ['c.workspace_id = $1'];
      const values: unknown[] = [workspaceId];
      const param = (v: unknown) => { values.push(v); return `$${values.length}`; };
      if (query.status) where.push(`c.status = ${param(query.status)}`);
      if (query.assignee === 'none') where.push('c.assignee_id is null');
      else if (query.assignee) where.push(`c.assignee_id = ${param(query.assignee)}::uuid`);
      const q = query.q?.trim();
      if (q) {
        const phone = phoneSearch(q);
        const byName = `ct.name ilike ${param(`%${escapeLike(q)}%`)}`;
        where.push(phone ? `(${byName} or ct.phone like ${param(phone.kind === 'prefix' ? `${escapeLike(phone.value)}%` : `%${escapeLike(phone.value)}%`)})` : byName);
      }
      const after = query.cursor ? decodeCursor(query.cursor) : null;
      if (after) where.push(`(c.last_message_at, c.id) < (${param(after.createdAt)}::timestamptz, ${param(after.id)}::uuid)`);
      const rows = await sql.query(`${SELECT} where ${where.join(' and ')} order by c.last_message_at desc, c.id desc limit ${param(query.limit + 1)}`, values);
      const items = rows.slice(0, query.limit).map(toConversation);
      const last = items.at(-1);
      return { items, nextCursor: rows.length > query.limit && last ? encodeCursor(last.lastMessageAt, last.id) : null };
    },

    get,

    async forContact(workspaceId, contactId, channel) {
      const [row] = await sql.query(`${SELECT} where c.workspace_id = $1 and c.contact_id = $2 and c.channel = $3`, [workspaceId, contactId, channel], 'conversation_for_contact');
      return row ? toConversation(row) : null;
    },

    async messages(workspaceId, conversation, page) {
      const after = page.cursor ? decodeCursor(page.cursor) : null;
      // Each side reads its own index newest first and stops at the page size; the merge is at most 2 × limit rows.
      const rows = await sql.query(`
        select * from (
          (select m.id, 'out' as direction, m.body as text, m.created_at as at, m.status, m.failure_reason, m.failure_detail, t.code as template_code,
             m.automation_id, m.broadcast_id, null as button_payload, m.content->'media' as media
           from messages m left join templates t on t.id = m.template_id
           where m.contact_id = $2 and m.channel = $3 and m.workspace_id = $1
             and ($4::timestamptz is null or (m.created_at, m.id) < ($4::timestamptz, $5::uuid))
           order by m.created_at desc, m.id desc limit $6)
          union all
          (select i.id, 'in', coalesce(i.text, ''), i.received_at, null, null, null, null, null, null,
             coalesce(i.payload->'button'->>'payload', i.payload->'interactive'->'button_reply'->>'id'), null
           from inbound_messages i
           where i.workspace_id = $1 and i.contact_id = $2 and i.channel = $3
             and ($4::timestamptz is null or (i.received_at, i.id) < ($4::timestamptz, $5::uuid))
           order by i.received_at desc, i.id desc limit $6)
        ) x order by at desc, id desc limit $6`,
      [workspaceId, conversation.contactId, conversation.channel, after?.createdAt ?? null, after?.id ?? null, page.limit + 1], 'conversation_messages');
      const items = rows.slice(0, page.limit).map((r): ConversationMessageRecord => ({
        id: str(r.id), direction: r.direction as MessageDirection, text: str(r.text ?? ''), at: date(r.at),
        status: (r.status ?? null) as MessageStatus | null, failureReason: strOrNull(r.failure_reason), failureDetail: strOrNull(r.failure_detail),
        templateCode: strOrNull(r.template_code), automationId: strOrNull(r.automation_id), broadcastId: strOrNull(r.broadcast_id),
        buttonPayload: strOrNull(r.button_payload), media: (r.media ?? null) as ConversationMessageRecord['media'],
      }));
      const last = items.at(-1);
      return { items, nextCursor: rows.length > page.limit && last ? encodeCursor(last.at, last.id) : null };
    },

    async update(workspaceId, id, patch) {
      const rows = await sql.query(`
        update conversations set
          status = coalesce($3, status),
          assignee_id = case when $4 then $5::uuid else assignee_id end,
          changed_at = clock_timestamp()
        where workspace_id = $1 and id = $2 returning id`,
      [workspaceId, id, patch.status ?? null, patch.assigneeId !== undefined, patch.assigneeId ?? null], 'conversation_update');
      return rows.length > 0 ? get(workspaceId, id) : null;
    },

    async markRead(workspaceId, id) {
      // Only a conversation with unread messages is written (and announced): opening one is a read otherwise.
      const rows = await sql.query(`
        with c as (select id from conversations where workspace_id = $1 and id = $2),
        u as (update conversations set unread_count = 0, changed_at = clock_timestamp() where id in (select id from c) and unread_count > 0 returning id)
        select (select count(*) from c) as found`, [workspaceId, id], 'conversation_mark_read');
      return Number(rows[0]?.found ?? 0) > 0;
    },

    async notes(workspaceId, conversationId) {
      const rows = await sql.query(`select id, author_id, author_name, text, created_at from conversation_notes where workspace_id = $1 and conversation_id = $2 order by created_at, id`,
        [workspaceId, conversationId], 'conversation_notes');
      return rows.map(toNote);
    },

    async addNote(workspaceId, conversationId, note) {
      const [row] = await sql.transaction(async (q) => {
        const inserted = await q(`insert into conversation_notes (workspace_id, conversation_id, author_id, author_name, text) values ($1, $2, $3, $4, $5)
          returning id, author_id, author_name, text, created_at`, [workspaceId, conversationId, note.authorId, note.authorName, note.text]);
        await q(`update conversations set changed_at = clock_timestamp() where id = $1`, [conversationId]);
        return inserted;
      });
      return toNote(row!);
    },

    async changes(workspaceId, after, limit) {
      const rows = await sql.query(`
        select clock_timestamp() as now, c.id, c.changed_at from (select 1) one
        left join lateral (
          select id, changed_at from conversations
          where workspace_id = $1 and changed_at > coalesce($2::timestamptz, clock_timestamp())
          order by changed_at limit $3
        ) c on true`, [workspaceId, after, limit], 'conversation_changes');
      return {
        now: date(rows[0]!.now),
        items: rows.filter((r) => r.id !== null && r.id !== undefined).map((r) => ({ id: str(r.id), changedAt: date(r.changed_at) })),
      };
    },

    async latestOrder(workspaceId, contactId) {
      const rows = await sql.query(`
        select o.number, o.occurred_at, coalesce(array_agg(i.name order by i.position) filter (where i.name is not null), '{}') as items
        from (select id, number, occurred_at from orders where workspace_id = $1 and contact_id = $2 order by occurred_at desc, created_at desc limit 1) o
        left join order_items i on i.order_id = o.id
        group by o.number, o.occurred_at`, [workspaceId, contactId], 'conversation_latest_order');
      const r = rows[0];
      if (!r) return null;
      const items = Array.isArray(r.items) ? (r.items as string[]) : [];
      return { number: str(r.number), occurredAt: date(r.occurred_at), items: items.map((name) => ({ name })) };
    },
  };
}
