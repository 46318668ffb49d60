/**
 * Messages and their status history. Every status change is one guarded UPDATE; its history row
 * is written by the database trigger of migration 0002 in the same statement.
 */
import { and, desc, eq, inArray, lt, lte, or, sql } from 'drizzle-orm';
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
    async insertMany(list, now) {
      if (list.length === 0) return [];
      const rows = await db.insert(messages).values(list.map((m) => ({ ...m, createdAt: now, updatedAt: now })))
        .onConflictDoNothing({ target: [messages.workspaceId, messages.idempotencyKey] }).returning();
      return rows.map((r) => toMessage(r));
    },
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
    async getById(id) {
      const [row] = await db.select().from(messages).where(eq(messages.id, id));
      return row ? toMessage(row) : null;
    },
    async findByProviderId(channel, providerMessageId) {
      const [row] = await db.select().from(messages).where(and(eq(messages.channel, channel), eq(messages.providerMessageId, providerMessageId)));
      return row ? toMessage(row) : null;
    },
    async claim(id, now, staleBefore) {
      const [row] = await db.update(messages).set({ status: 'sending', attempts: sql`${messages.attempts} + 1`, updatedAt: now })
        .where(and(eq(messages.id, id), or(
          and(eq(messages.status, 'queued'), lte(messages.scheduledAt, now)),
          and(eq(messages.status, 'sending'), lt(messages.updatedAt, staleBefore)),
        ))).returning();
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
    async findOrphans(_now, dueBefore, staleBefore, limit) {
      return db.select({ id: messages.id, scheduledAt: messages.scheduledAt }).from(messages).where(or(
        and(eq(messages.status, 'queued'), lte(messages.scheduledAt, dueBefore)),
        and(eq(messages.status, 'sending'), lt(messages.updatedAt, staleBefore)),
      )).limit(limit);
    },
  };
}
