/**
 * Messages and their status history. Every status change is one guarded UPDATE; its history row
 * is written by the database trigger of migration 0002 in the same statement.
 */
import { and, desc, eq, inArray, lt, or, sql } from 'drizzle-orm';
import type { MessageRepo } from '../../app/ports.js';
import type { MessageStatus } from '../../app/records.js';
import type { DbOrTx } from './client.js';
import { decodeCursor, encodeCursor, toMessage } from './rows.js';
import { contacts, messageStatusHistory, messages } from './schema.js';

const TIMESTAMP_OF: Partial<Record<MessageStatus, 'sentAt' | 'deliveredAt' | 'readAt' | 'failedAt'>> = {
  sent: 'sentAt', delivered: 'deliveredAt', read: 'readAt', failed: 'failedAt',
};

export function messageRepo(db: DbOrTx): MessageRepo {
  const withName = () => db.select({ m: messages, contactName: contacts.name }).from(messages).leftJoin(contacts, eq(contacts.id, messages.contactId));

  return {
    async listForEvent(workspaceId, eventId) {
      const rows = await withName().where(and(eq(messages.workspaceId, workspaceId), eq(messages.eventId, eventId))).orderBy(messages.createdAt);
      return rows.map((r) => toMessage(r.m, r.contactName));
    },
    async list(workspaceId, q) {
      const after = decodeCursor(q.cursor);
      const rows = await withName().where(and(
        eq(messages.workspaceId, workspaceId),
        q.contactId ? eq(messages.contactId, q.contactId) : undefined,
        q.status ? eq(messages.status, q.status) : undefined,
        q.automationId ? eq(messages.automationId, q.automationId) : undefined,
        q.broadcastId ? eq(messages.broadcastId, q.broadcastId) : undefined,
        after ? or(lt(messages.createdAt, after.createdAt), and(eq(messages.createdAt, after.createdAt), lt(messages.id, after.id))) : undefined,
      )).orderBy(desc(messages.createdAt), desc(messages.id)).limit(q.limit + 1);
      const page = rows.slice(0, q.limit);
      const last = page.at(-1);
      return { items: page.map((r) => toMessage(r.m, r.contactName)), nextCursor: rows.length > q.limit && last ? encodeCursor(last.m.createdAt, last.m.id) : null };
    },
    async get(workspaceId, id) {
      const [row] = await withName().where(and(eq(messages.workspaceId, workspaceId), eq(messages.id, id)));
      if (!row) return null;
      const history = await db.select({ status: messageStatusHistory.status, reason: messageStatusHistory.reason, at: messageStatusHistory.at })
        .from(messageStatusHistory).where(eq(messageStatusHistory.messageId, id)).orderBy(messageStatusHistory.id);
      return { ...toMessage(row.m, row.contactName), history };
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
