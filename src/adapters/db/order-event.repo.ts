/** Orders with their items, business events, inbound messages and the sandbox outbox. */
import { and, asc, desc, eq, sql } from 'drizzle-orm';
import type { EventRepo, InboundRepo, OrderRepo, SandboxRepo } from '../../app/ports.js';
import type { DbOrTx } from './client.js';
import { events, inboundMessages, orderItems, orders, sandboxOutbox } from './schema.js';

export function orderRepo(db: DbOrTx): OrderRepo {
  return {
    async upsert(workspaceId, contactId, f) {
      const set = {
        contactId,
        status: f.status,
        updatedAt: sql`now()`,
        ...(f.invoiceNumber ? { invoiceNumber: f.invoiceNumber } : {}),
        ...(f.trackingNumber ? { trackingNumber: f.trackingNumber } : {}),
        ...(f.total !== undefined ? { total: String(f.total) } : {}),
        ...(f.handledBy ? { handledBy: f.handledBy } : {}),
        ...(f.status === 'order.paid' ? { paidAt: f.occurredAt } : {}),
      };
      const [row] = await db.insert(orders).values({
        workspaceId, contactId, number: f.number, invoiceNumber: f.invoiceNumber ?? null, trackingNumber: f.trackingNumber ?? null,
        total: f.total !== undefined ? String(f.total) : null, currency: f.currency, status: f.status, handledBy: f.handledBy ?? null,
        occurredAt: f.occurredAt, paidAt: f.status === 'order.paid' ? f.occurredAt : null,
      }).onConflictDoUpdate({ target: [orders.workspaceId, orders.number], set })
        // xmax = 0 only on a row this statement inserted (PostgreSQL's usual upsert tell).
        .returning({ id: orders.id, number: orders.number, invoiceNumber: orders.invoiceNumber, trackingNumber: orders.trackingNumber, inserted: sql<boolean>`(xmax = 0)` });
      const order = row!;
      if (f.items.length > 0) {
        if (!order.inserted) await db.delete(orderItems).where(eq(orderItems.orderId, order.id));
        await db.insert(orderItems).values(f.items.map((it, position) => ({
          workspaceId, orderId: order.id, position, name: it.name, quantity: it.quantity, price: it.price !== undefined ? String(it.price) : null,
        })));
      }
      const items = f.items.length > 0
        ? f.items.map((it) => ({ name: it.name, quantity: it.quantity }))
        : await db.select({ name: orderItems.name, quantity: orderItems.quantity }).from(orderItems)
          .where(eq(orderItems.orderId, order.id)).orderBy(asc(orderItems.position));
      return { id: order.id, number: order.number, invoiceNumber: order.invoiceNumber, trackingNumber: order.trackingNumber, items };
    },
    async listForContact(workspaceId, contactId, limit) {
      const rows = await db.select({
        id: orders.id, number: orders.number, status: orders.status, total: orders.total, currency: orders.currency,
        invoiceNumber: orders.invoiceNumber, trackingNumber: orders.trackingNumber, occurredAt: orders.occurredAt,
      }).from(orders)
        .where(and(eq(orders.workspaceId, workspaceId), eq(orders.contactId, contactId)))
        .orderBy(desc(orders.occurredAt), desc(orders.id))
        .limit(limit);
      return rows.map((r) => ({ ...r, total: r.total === null ? null : Number(r.total) }));
    },
  };
}

export function eventRepo(db: DbOrTx): EventRepo {
  return {
    async findByKey(workspaceId, key) {
      const [row] = await db.select({ id: events.id, contactId: events.contactId }).from(events).where(and(eq(events.workspaceId, workspaceId), eq(events.key, key)));
      return row ?? null;
    },
    async source(workspaceId, id) {
      const [row] = await db.select({ type: events.type, occurredAt: events.occurredAt, payload: events.payload, order: orders })
        .from(events).leftJoin(orders, eq(orders.id, events.orderId))
        .where(and(eq(events.workspaceId, workspaceId), eq(events.id, id)));
      if (!row) return null;
      const user = (row.payload as { user?: { name?: unknown } | null }).user;
      const items = row.order
        ? await db.select({ name: orderItems.name }).from(orderItems).where(eq(orderItems.orderId, row.order.id)).orderBy(asc(orderItems.position))
        : [];
      return {
        type: row.type,
        occurredAt: row.occurredAt,
        user: user && typeof user.name === 'string' ? { name: user.name } : null,
        order: row.order ? { number: row.order.number, invoiceNumber: row.order.invoiceNumber, trackingNumber: row.order.trackingNumber, items } : null,
      };
    },
  };
}

export function inboundRepo(db: DbOrTx): InboundRepo {
  return {
    async insert(workspaceId, input) {
      const rows = await db.insert(inboundMessages).values({ workspaceId, ...input })
        .onConflictDoNothing({ target: [inboundMessages.channel, inboundMessages.providerMessageId] }).returning({ id: inboundMessages.id });
      return rows.length > 0;
    },
  };
}

export function sandboxRepo(db: DbOrTx): SandboxRepo {
  // Sends come in batches (a worker sends up to its in-flight bound at once): the records of one
  // turn of the event loop go into the outbox as one multi-row INSERT instead of one each.
  type Pending = { entry: Parameters<SandboxRepo['record']>[0]; resolve(): void; reject(e: unknown): void };
  let pending: Pending[] = [];
  const flush = async () => {
    const batch = pending;
    pending = [];
    try {
      // A retried send records once: the outbox mirrors what one real send would have done.
      await db.insert(sandboxOutbox).values(batch.map((p) => p.entry)).onConflictDoNothing({ target: sandboxOutbox.messageId });
      for (const p of batch) p.resolve();
    } catch (err) {
      for (const p of batch) p.reject(err);
    }
  };
  return {
    record(entry) {
      return new Promise<void>((resolve, reject) => {
        if (pending.length === 0) setImmediate(() => void flush());
        pending.push({ entry, resolve, reject });
      });
    },
    async list(workspaceId, limit) {
      const rows = await db.select().from(sandboxOutbox).where(eq(sandboxOutbox.workspaceId, workspaceId)).orderBy(desc(sandboxOutbox.createdAt)).limit(limit);
      return rows.map(({ workspaceId: _ws, ...r }) => r);
    },
  };
}
