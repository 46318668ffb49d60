/** Invitations and the audit log. */
import { and, desc, eq, gt, isNull, lt } from 'drizzle-orm';
import type { AuditRepo, InviteRepo } from '../../app/ports.js';
import type { DbOrTx } from './client.js';
import { auditLog, invites, workspaces } from './schema.js';

const inviteColumns = {
  id: invites.id, workspaceId: invites.workspaceId, email: invites.email, role: invites.role,
  expiresAt: invites.expiresAt, acceptedAt: invites.acceptedAt, revokedAt: invites.revokedAt, createdAt: invites.createdAt,
};

export function inviteRepo(db: DbOrTx): InviteRepo {
  const pending = (now: Date) => and(isNull(invites.acceptedAt), isNull(invites.revokedAt), gt(invites.expiresAt, now));
  return {
    async create(input) {
      const [row] = await db.insert(invites).values(input).returning(inviteColumns);
      return row!;
    },
    async listPending(workspaceId, now) {
      return db.select(inviteColumns).from(invites).where(and(eq(invites.workspaceId, workspaceId), pending(now))).orderBy(desc(invites.createdAt));
    },
    async findPending(tokenHash, now) {
      const [row] = await db.select({ ...inviteColumns, workspaceName: workspaces.name }).from(invites)
        .innerJoin(workspaces, eq(workspaces.id, invites.workspaceId))
        .where(and(eq(invites.tokenHash, tokenHash), pending(now)));
      return row ?? null;
    },
    async accept(id, now) {
      const rows = await db.update(invites).set({ acceptedAt: now }).where(and(eq(invites.id, id), pending(now))).returning({ id: invites.id });
      return rows.length > 0;
    },
    async revoke(workspaceId, id, now) {
      const rows = await db.update(invites).set({ revokedAt: now })
        .where(and(eq(invites.workspaceId, workspaceId), eq(invites.id, id), pending(now))).returning({ id: invites.id });
      return rows.length > 0;
    },
  };
}

const auditColumns = {
  id: auditLog.id, at: auditLog.at, actorUserId: auditLog.actorUserId, actor: auditLog.actor, via: auditLog.via, address: auditLog.address,
  action: auditLog.action, targetType: auditLog.targetType, targetId: auditLog.targetId, detail: auditLog.detail,
};

/** Append and read only: nothing here updates or deletes an entry. */
export function auditRepo(db: DbOrTx): AuditRepo {
  return {
    async append(workspaceId, entry) {
      await db.insert(auditLog).values({ workspaceId, ...entry });
    },
    async list(workspaceId, query) {
      const rows = await db.select(auditColumns).from(auditLog)
        .where(and(
          eq(auditLog.workspaceId, workspaceId),
          ...(query.cursor !== undefined ? [lt(auditLog.id, query.cursor)] : []),
          ...(query.action ? [eq(auditLog.action, query.action)] : []),
        ))
        .orderBy(desc(auditLog.id)).limit(query.limit + 1);
      const items = rows.slice(0, query.limit);
      return { items, nextCursor: rows.length > query.limit ? items[items.length - 1]!.id : null };
    },
  };
}
