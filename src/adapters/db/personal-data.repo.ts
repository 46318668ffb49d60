/** One contact's personal data (UU PDP): collected for an export, erased on request. */
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { PersonalDataRepo } from '../../app/ports.js';
import { emptyContent } from '../../domain/message-content.js';
import { ERASED_TEXT } from '../../domain/personal-data.js';
import { CHANNEL_KINDS } from '../../domain/vocabulary.js';
import type { DbOrTx } from './client.js';
import { contacts, events, inboundMessages, messageStatusHistory, messages, orderItems, orders, sandboxOutbox } from './schema.js';

const num = (v: string | null) => (v === null ? null : Number(v));

/** Each channel's empty content, by channel: `content = $map -> channel` redacts every channel in one statement. */
const EMPTY_CONTENT = JSON.stringify(Object.fromEntries(CHANNEL_KINDS.map((c) => [c, emptyContent(c)])));

export function personalDataRepo(db: DbOrTx): PersonalDataRepo {
  const exists = async (workspaceId: string, contactId: string) =>
    (await db.select({ id: contacts.id }).from(contacts).where(and(eq(contacts.workspaceId, workspaceId), eq(contacts.id, contactId)))).length > 0;

  return {
    async collect(workspaceId, contactId) {
      if (!(await exists(workspaceId, contactId))) return null;
      const orderRows = await db.select().from(orders)
        .where(and(eq(orders.workspaceId, workspaceId), eq(orders.contactId, contactId))).orderBy(asc(orders.occurredAt), asc(orders.number));
      const itemRows = orderRows.length === 0 ? [] : await db.select().from(orderItems)
        .where(inArray(orderItems.orderId, orderRows.map((o) => o.id))).orderBy(asc(orderItems.position));
      const messageRows = await db.select().from(messages)
        .where(and(eq(messages.workspaceId, workspaceId), eq(messages.contactId, contactId))).orderBy(asc(messages.createdAt), asc(messages.id));
      const historyRows = messageRows.length === 0 ? [] : await db.select().from(messageStatusHistory)
        .where(inArray(messageStatusHistory.messageId, messageRows.map((m) => m.id))).orderBy(asc(messageStatusHistory.id));
      const inboundRows = await db.select().from(inboundMessages)
        .where(and(eq(inboundMessages.workspaceId, workspaceId), eq(inboundMessages.contactId, contactId))).orderBy(asc(inboundMessages.receivedAt), desc(inboundMessages.id));
      return {
        orders: orderRows.map((o) => ({
          number: o.number, invoiceNumber: o.invoiceNumber, trackingNumber: o.trackingNumber, status: o.status, total: num(o.total), currency: o.currency,
          handledBy: o.handledBy, occurredAt: o.occurredAt, paidAt: o.paidAt,
          items: itemRows.filter((i) => i.orderId === o.id).map((i) => ({ name: i.name, quantity: i.quantity, price: num(i.price) })),
        })),
        messages: messageRows.map((m) => ({
          id: m.id, channel: m.channel, category: m.category, recipient: m.recipient, body: m.body, status: m.status, failureReason: m.failureReason,
          scheduledAt: m.scheduledAt, sentAt: m.sentAt, deliveredAt: m.deliveredAt, readAt: m.readAt, failedAt: m.failedAt, createdAt: m.createdAt,
          history: historyRows.filter((h) => h.messageId === m.id).map((h) => ({ status: h.status, reason: h.reason, at: h.at })),
        })),
        inbound: inboundRows.map((i) => ({ channel: i.channel, from: i.from, text: i.text, receivedAt: i.receivedAt })),
      };
    },

    async erase(workspaceId, contactId, now) {
      // Locks the contact first: a message planned for it meanwhile waits, then finds it gone.
      const [locked] = await db.select({ id: contacts.id }).from(contacts)
        .where(and(eq(contacts.workspaceId, workspaceId), eq(contacts.id, contactId))).for('update');
      if (!locked) return null;
      const mine = and(eq(messages.workspaceId, workspaceId), eq(messages.contactId, contactId));
      // What has not gone out never will: failed now, so a broadcast's funnel counts it at once.
      await db.update(messages).set({ status: 'failed', failureReason: 'contact_deleted', failedAt: now, updatedAt: now })
        .where(and(mine, eq(messages.status, 'queued')));
      const redacted = await db.update(messages).set({
        body: ERASED_TEXT, content: sql`(${EMPTY_CONTENT}::jsonb -> ${messages.channel})`, recipient: null, failureDetail: null,
      }).where(mine).returning({ id: messages.id });
      const ids = redacted.map((m) => m.id);
      if (ids.length > 0) {
        // Provider error texts can quote the number; the statuses and reasons stay.
        await db.update(messageStatusHistory).set({ detail: null }).where(inArray(messageStatusHistory.messageId, ids));
        await db.update(sandboxOutbox).set({ recipient: null, body: ERASED_TEXT, payload: {} }).where(inArray(sandboxOutbox.messageId, ids));
      }
      const inbound = await db.update(inboundMessages).set({ from: '', text: ERASED_TEXT, payload: {} })
        .where(and(eq(inboundMessages.workspaceId, workspaceId), eq(inboundMessages.contactId, contactId))).returning({ id: inboundMessages.id });
      // An event keeps its id (the sender's idempotency key), not whom it named. Detached here and the orders
      // deleted before the contact: one cascade reaching events by two paths (contact and order) trips its own check.
      await db.update(events).set({ payload: sql`${events.payload} - 'contact'`, contactId: null })
        .where(and(eq(events.workspaceId, workspaceId), eq(events.contactId, contactId)));
      // Outbound webhook events told of the contact (contact.created/updated carry name, phone and
      // email): what is stored, and what is still to be delivered, keeps only the id and the erasure.
      await db.execute(sql`update webhook_events set body = jsonb_set(body::jsonb, '{data}', jsonb_build_object('contactId', ${contactId}::text, 'erased', true))::text
        where workspace_id = ${workspaceId} and body::jsonb -> 'data' ->> 'contactId' = ${contactId}::text`);
      await db.delete(orders).where(and(eq(orders.workspaceId, workspaceId), eq(orders.contactId, contactId)));
      await db.delete(contacts).where(and(eq(contacts.workspaceId, workspaceId), eq(contacts.id, contactId)));
      return { messages: ids.length, inbound: inbound.length };
    },
  };
}
