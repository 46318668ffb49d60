/**
 * Messages and their status history. Every status change is one guarded UPDATE; its history row
 * is written by the database trigger of migration 0002 in the same statement.
 */
import { and, desc, eq, ilike, inArray, like, lt, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { MessageListQuery, MessageRepo } from '../../app/ports.js';
import type { MessageStatus } from '../../app/records.js';
import { phoneSearch } from '../../domain/phone.js';
import type { DbOrTx } from './client.js';
import { decodeCursor, encodeCursor, likePattern, toMessage } from './rows.js';
import { contacts, events, messageStatusHistory, messages, orders, workspaces } from './schema.js';

const TIMESTAMP_OF: Partial<Record<MessageStatus, 'sentAt' | 'deliveredAt' | 'readAt' | 'failedAt'>> = {
  sent: 'sentAt', delivered: 'deliveredAt', read: 'readAt', failed: 'failedAt',
};

/** The message sent again in place of a failed one: its idempotency key is `resend:<failed id>`. */
const resend = alias(messages, 'resend');
const resendKey = sql`'resend:' || ${messages.id}::text`;
const fallback = alias(messages, 'fallback');

/** Start of a workspace-local day given as `YYYY-MM-DD` (plus `days`), as a timestamptz. */
const dayStart = (workspaceId: string, day: string, days = 0) =>
  sql`((${day}::date + ${days}::int)::timestamp at time zone (select ${workspaces.timezone} from ${workspaces} where ${workspaces.id} = ${workspaceId}))`;

/** The search box: a contact's name, a phone number as typed (matched on the stored E.164), or an order number. */
function searchCondition(q: string): SQL | undefined {
  const pattern = likePattern(q);
  const phone = phoneSearch(q);
  const byPhone = phone === null ? [] : phone.kind === 'prefix'
    ? [like(messages.recipient, `${phone.value}%`), like(contacts.phone, `${phone.value}%`)]
    : [like(messages.recipient, `%${phone.value}%`), like(contacts.phone, `%${phone.value}%`)];
  return or(ilike(contacts.name, pattern), ilike(orders.number, pattern), ...byPhone);
}

function listConditions(workspaceId: string, q: MessageListQuery): (SQL | undefined)[] {
  const after = decodeCursor(q.cursor);
  const text = q.q?.trim();
  return [
    eq(messages.workspaceId, workspaceId),
    q.contactId ? eq(messages.contactId, q.contactId) : undefined,
    q.status ? eq(messages.status, q.status) : undefined,
    q.automationId ? eq(messages.automationId, q.automationId) : undefined,
    q.broadcastId ? eq(messages.broadcastId, q.broadcastId) : undefined,
    text ? searchCondition(text) : undefined,
    q.from ? sql`${messages.createdAt} >= ${dayStart(workspaceId, q.from)}` : undefined,
    q.to ? sql`${messages.createdAt} < ${dayStart(workspaceId, q.to, 1)}` : undefined,
    after ? or(lt(messages.createdAt, after.createdAt), and(eq(messages.createdAt, after.createdAt), lt(messages.id, after.id))) : undefined,
  ];
}

export function messageRepo(db: DbOrTx): MessageRepo {
  const withLinks = () => db.select({ m: messages, contactName: contacts.name, orderNumber: orders.number, eventType: events.type, resentAs: resend.id, fallbackAs: fallback.id })
    .from(messages)
    .leftJoin(contacts, eq(contacts.id, messages.contactId))
    .leftJoin(events, eq(events.id, messages.eventId))
    .leftJoin(orders, eq(orders.id, events.orderId))
    .leftJoin(resend, and(eq(resend.workspaceId, messages.workspaceId), eq(resend.idempotencyKey, resendKey)))
    .leftJoin(fallback, eq(fallback.fallbackOf, messages.id));
  type Row = { m: typeof messages.$inferSelect; contactName: string | null; orderNumber: string | null; eventType: string | null; resentAs: string | null; fallbackAs: string | null };
  const linked = (r: Row) => toMessage(r.m, { contactName: r.contactName, orderNumber: r.orderNumber, eventType: r.eventType, resentAs: r.resentAs, fallbackAs: r.fallbackAs });

  return {
    async listForEvent(workspaceId, eventId) {
      const rows = await withLinks().where(and(eq(messages.workspaceId, workspaceId), eq(messages.eventId, eventId))).orderBy(messages.createdAt);
      return rows.map(linked);
    },
    async list(workspaceId, q) {
      const rows = await withLinks().where(and(...listConditions(workspaceId, q))).orderBy(desc(messages.createdAt), desc(messages.id)).limit(q.limit + 1);
      const page = rows.slice(0, q.limit);
      const last = page.at(-1);
      return { items: page.map(linked), nextCursor: rows.length > q.limit && last ? encodeCursor(last.m.createdAt, last.m.id) : null };
    },
    async get(workspaceId, id) {
      const [row] = await withLinks().where(and(eq(messages.workspaceId, workspaceId), eq(messages.id, id)));
      if (!row) return null;
      const history = await db.select({ status: messageStatusHistory.status, reason: messageStatusHistory.reason, at: messageStatusHistory.at })
        .from(messageStatusHistory).where(eq(messageStatusHistory.messageId, id)).orderBy(messageStatusHistory.id);
      return { ...linked(row), history };
    },
    async countsToday(workspaceId, now) {
      // One pass over the workspace's messages touched since the day began (each status keeps its own time;
      // a message that failed when planned has no failed_at, its creation is when it failed).
      const result: unknown = await db.execute(sql`
        with day as (
          select w.timezone as tz,
                 (${now.toISOString()}::timestamptz at time zone w.timezone)::date as d
          from ${workspaces} w where w.id = ${workspaceId}
        ), bounds as (
          select tz, d, (d::timestamp at time zone tz) as s, ((d + 1)::timestamp at time zone tz) as e from day
        )
        select b.d::text as date, b.tz as timezone,
          count(*) filter (where m.sent_at >= b.s and m.sent_at < b.e)::int as sent,
          count(*) filter (where m.delivered_at >= b.s and m.delivered_at < b.e)::int as delivered,
          count(*) filter (where m.read_at >= b.s and m.read_at < b.e)::int as read,
          count(*) filter (where m.status = 'failed' and coalesce(m.failed_at, m.updated_at) >= b.s and coalesce(m.failed_at, m.updated_at) < b.e
            and not exists (select 1 from ${messages} r where r.workspace_id = m.workspace_id and r.idempotency_key = 'resend:' || m.id::text))::int as failed
        from bounds b
        left join ${messages} m on m.workspace_id = ${workspaceId} and m.updated_at >= b.s
        group by b.d, b.tz`);
      // node-postgres and PGlite both answer { rows }.
      const row = (result as { rows: { date: string; timezone: string; sent: unknown; delivered: unknown; read: unknown; failed: unknown }[] }).rows[0];
      if (!row) return { date: '', timezone: '', sent: 0, delivered: 0, read: 0, failed: 0 };
      return { date: row.date, timezone: row.timezone, sent: Number(row.sent), delivered: Number(row.delivered), read: Number(row.read), failed: Number(row.failed) };
    },
    async findForStatus(workspaceId, ref) {
      // Our id rides along in biz_opaque_callback_data, so a status can beat our own `sent` bookkeeping.
      const uuid = ref.id && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(ref.id) ? ref.id : null;
      const [row] = await db.select().from(messages).where(and(
        eq(messages.workspaceId, workspaceId),
        uuid
          ? or(eq(messages.id, uuid), and(eq(messages.channel, ref.channel), eq(messages.providerMessageId, ref.providerMessageId)))
          : and(eq(messages.channel, ref.channel), eq(messages.providerMessageId, ref.providerMessageId)),
      )).limit(1);
      return row ? toMessage(row) : null;
    },
    async transition(id, from, to, f) {
      const stamp = TIMESTAMP_OF[to];
      const rows = await db.update(messages).set({
        status: to,
        updatedAt: f.at,
        ...(stamp ? { [stamp]: f.at } : {}),
        ...(to === 'read' ? { deliveredAt: sql`coalesce(${messages.deliveredAt}, ${f.at.toISOString()}::timestamptz)` } : {}),
        ...(f.reason !== undefined ? { failureReason: f.reason } : {}),
        ...(f.detail !== undefined ? { failureDetail: f.detail } : {}),
        ...(f.providerMessageId ? { providerMessageId: sql`coalesce(${messages.providerMessageId}, ${f.providerMessageId})` } : {}),
        ...(f.scheduledAt ? { scheduledAt: f.scheduledAt } : {}),
      }).where(and(eq(messages.id, id), inArray(messages.status, [...from]))).returning({ id: messages.id });
      return rows.length > 0;
    },
  };
}
