/** Web push subscriptions and the workspaces' own keys (VAPID, contact tokens). */
import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { PushSubscriptionRepo, WorkspaceKeyRepo } from '../../app/push.port.js';
import type { DbOrTx } from './client.js';
import { isForeignKeyViolation } from './rows.js';
import { pushSubscriptions, workspaceKeys } from './schema.js';

export function pushSubscriptionRepo(db: DbOrTx): PushSubscriptionRepo {
  return {
    async save(workspaceId, contactId, input, at) {
      // A browser has one subscription per site's key: subscribing again (another visitor logged
      // in on the same browser, or fresh keys) moves it, so one endpoint never pushes to two contacts.
      await db.insert(pushSubscriptions).values({ workspaceId, contactId, ...input, createdAt: at })
        .onConflictDoUpdate({
          target: pushSubscriptions.endpoint,
          set: { workspaceId, contactId, p256dh: input.p256dh, auth: input.auth, userAgent: input.userAgent, createdAt: at, lastSuccessAt: null },
        });
    },
    async forContact(workspaceId, contactId, limit) {
      return db.select({
        id: pushSubscriptions.id, workspaceId: pushSubscriptions.workspaceId, contactId: pushSubscriptions.contactId,
        endpoint: pushSubscriptions.endpoint, p256dh: pushSubscriptions.p256dh, auth: pushSubscriptions.auth,
      }).from(pushSubscriptions)
        .where(and(eq(pushSubscriptions.workspaceId, workspaceId), eq(pushSubscriptions.contactId, contactId)))
        .orderBy(desc(pushSubscriptions.createdAt)).limit(limit);
    },
    async remove(workspaceId, ids) {
      if (ids.length === 0) return;
      await db.delete(pushSubscriptions).where(and(eq(pushSubscriptions.workspaceId, workspaceId), inArray(pushSubscriptions.id, [...ids])));
    },
    async touch(ids, at) {
      if (ids.length === 0) return;
      await db.update(pushSubscriptions).set({ lastSuccessAt: sql`${at.toISOString()}::timestamptz` }).where(inArray(pushSubscriptions.id, [...ids]));
    },
  };
}

export function workspaceKeyRepo(db: DbOrTx): WorkspaceKeyRepo {
  return {
    async get(workspaceId, purpose) {
      const [row] = await db.select({ publicPart: workspaceKeys.publicPart, sealed: workspaceKeys.sealed }).from(workspaceKeys)
        .where(and(eq(workspaceKeys.workspaceId, workspaceId), eq(workspaceKeys.purpose, purpose)));
      return row ?? null;
    },
    async keep(workspaceId, purpose, key, at) {
      try {
        // A savepoint: the foreign-key refusal must not abort an outer transaction.
        await db.transaction((tx) => tx.insert(workspaceKeys).values({ workspaceId, purpose, publicPart: key.publicPart, sealed: key.sealed, createdAt: at }).onConflictDoNothing());
      } catch (err) {
        if (isForeignKeyViolation(err)) return null;
        throw err;
      }
      const [row] = await db.select({ publicPart: workspaceKeys.publicPart, sealed: workspaceKeys.sealed }).from(workspaceKeys)
        .where(and(eq(workspaceKeys.workspaceId, workspaceId), eq(workspaceKeys.purpose, purpose)));
      return row ?? null;
    },
  };
}
