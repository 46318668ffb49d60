/** Workspaces, users, sessions and API keys. */
import { and, asc, count, desc, eq, gt, isNull, ne, sql } from 'drizzle-orm';
import type { ApiKeyRepo, Repos, SessionRepo, UserRepo, WorkspaceRepo } from '../../app/ports.js';
import type { ApiKeyScope } from '../../app/records.js';
import type { DbOrTx } from './client.js';
import { apiKeys, sessions, users, workspaces } from './schema.js';
import { auditRepo, inviteRepo } from './team.repo.js';

export function workspaceRepo(db: DbOrTx): WorkspaceRepo {
  return {
    async first() {
      const [row] = await db.select().from(workspaces).orderBy(asc(workspaces.createdAt), asc(workspaces.id)).limit(1);
      return row ?? null;
    },
    async get(id) {
      const [row] = await db.select().from(workspaces).where(eq(workspaces.id, id));
      return row ?? null;
    },
    async create(input) {
      const [row] = await db.insert(workspaces).values({ name: input.name, ...(input.timezone ? { timezone: input.timezone } : {}) }).returning();
      return row!;
    },
    async messagingSettings(id) {
      const [row] = await db.select({
        timezone: workspaces.timezone, count: workspaces.frequencyCapCount, days: workspaces.frequencyCapDays,
        start: workspaces.quietHoursStart, end: workspaces.quietHoursEnd,
      }).from(workspaces).where(eq(workspaces.id, id));
      if (!row) return null;
      return {
        timezone: row.timezone,
        frequencyCap: { count: row.count, days: row.days },
        quietHours: row.start !== null && row.end !== null ? { start: row.start, end: row.end } : null,
      };
    },
    async setAttributionWindow(id, hours) {
      await db.update(workspaces).set({ attributionWindowHours: hours }).where(eq(workspaces.id, id));
    },
    async setMessagingSettings(id, s) {
      await db.update(workspaces).set({
        timezone: s.timezone, frequencyCapCount: s.frequencyCap.count, frequencyCapDays: s.frequencyCap.days,
        quietHoursStart: s.quietHours?.start ?? null, quietHoursEnd: s.quietHours?.end ?? null,
      }).where(eq(workspaces.id, id));
    },
  };
}

export function userRepo(db: DbOrTx): UserRepo {
  return {
    async count() {
      const [row] = await db.select({ n: count() }).from(users);
      return row?.n ?? 0;
    },
    async create(input) {
      const [row] = await db.insert(users).values(input).returning();
      return row!;
    },
    async findByEmail(email) {
      const [row] = await db.select().from(users).where(sql`lower(${users.email}) = ${email.toLowerCase()}`);
      return row ?? null;
    },
    async list(workspaceId) {
      return db.select().from(users).where(eq(users.workspaceId, workspaceId)).orderBy(asc(users.createdAt), asc(users.id));
    },
    async get(workspaceId, id) {
      const [row] = await db.select().from(users).where(and(eq(users.workspaceId, workspaceId), eq(users.id, id)));
      return row ?? null;
    },
    async update(workspaceId, id, fields) {
      const [row] = await db.update(users).set(fields).where(and(eq(users.workspaceId, workspaceId), eq(users.id, id))).returning();
      return row ?? null;
    },
    async countActiveOwners(workspaceId) {
      const [row] = await db.select({ n: count() }).from(users)
        .where(and(eq(users.workspaceId, workspaceId), eq(users.role, 'owner'), isNull(users.deactivatedAt)));
      return row?.n ?? 0;
    },
  };
}

const sessionColumns = {
  id: sessions.id, userId: sessions.userId, createdAt: sessions.createdAt, expiresAt: sessions.expiresAt, address: sessions.address, userAgent: sessions.userAgent,
};

export function sessionRepo(db: DbOrTx): SessionRepo {
  return {
    async create(input) {
      await db.insert(sessions).values(input);
    },
    async find(tokenHash, now) {
      // A deactivated member's sessions are deleted at once; the join condition is the second lock.
      const [row] = await db.select({ user: users, workspace: workspaces, sessionId: sessions.id }).from(sessions)
        .innerJoin(users, and(eq(users.id, sessions.userId), isNull(users.deactivatedAt)))
        .innerJoin(workspaces, eq(workspaces.id, sessions.workspaceId))
        .where(and(eq(sessions.tokenHash, tokenHash), gt(sessions.expiresAt, now)));
      return row ?? null;
    },
    async delete(tokenHash) {
      await db.delete(sessions).where(eq(sessions.tokenHash, tokenHash));
    },
    async listForUser(userId, now) {
      return db.select(sessionColumns).from(sessions).where(and(eq(sessions.userId, userId), gt(sessions.expiresAt, now))).orderBy(desc(sessions.createdAt));
    },
    async revoke(userId, id) {
      const rows = await db.delete(sessions).where(and(eq(sessions.userId, userId), eq(sessions.id, id))).returning({ id: sessions.id });
      return rows.length > 0;
    },
    async revokeAllForUser(userId, keepId) {
      const rows = await db.delete(sessions)
        .where(and(eq(sessions.userId, userId), ...(keepId ? [ne(sessions.id, keepId)] : []))).returning({ id: sessions.id });
      return rows.length;
    },
  };
}

const keyColumns = { id: apiKeys.id, name: apiKeys.name, prefix: apiKeys.prefix, scopes: apiKeys.scopes, createdAt: apiKeys.createdAt, lastUsedAt: apiKeys.lastUsedAt };

type KeyUse = { id: string; workspaceId: string; createdBy: string | null; name: string; prefix: string; scopes: readonly ApiKeyScope[] };

/**
 * A key is looked up once and then served from memory for KEY_CACHE_MS: an integration posting
 * hundreds of events a second would otherwise pay a query (and a plan) per request. A revoke in
 * this process drops the key at once; other processes stop honouring it within KEY_CACHE_MS.
 */
const KEY_CACHE_MS = 10_000;
const KEY_CACHE_MAX = 10_000;

export function apiKeyRepo(db: DbOrTx): ApiKeyRepo {
  const cache = new Map<string, KeyUse & { checkedAt: number }>();
  return {
    async create(workspaceId, input) {
      const [row] = await db.insert(apiKeys).values({ workspaceId, ...input, scopes: [...input.scopes] }).returning(keyColumns);
      return row!;
    },
    async get(workspaceId, id) {
      const [row] = await db.select(keyColumns).from(apiKeys).where(and(eq(apiKeys.workspaceId, workspaceId), eq(apiKeys.id, id), isNull(apiKeys.revokedAt)));
      return row ?? null;
    },
    async list(workspaceId) {
      return db.select(keyColumns).from(apiKeys).where(and(eq(apiKeys.workspaceId, workspaceId), isNull(apiKeys.revokedAt))).orderBy(desc(apiKeys.createdAt));
    },
    async revoke(workspaceId, id, now) {
      const rows = await db.update(apiKeys).set({ revokedAt: now })
        .where(and(eq(apiKeys.workspaceId, workspaceId), eq(apiKeys.id, id), isNull(apiKeys.revokedAt))).returning({ id: apiKeys.id });
      for (const [hash, entry] of cache) if (entry.id === id) cache.delete(hash);
      return rows.length > 0;
    },
    async use(keyHash, now) {
      const hit = cache.get(keyHash);
      if (hit && now.getTime() - hit.checkedAt < KEY_CACHE_MS) return hit;
      const [row] = await db.select({
        id: apiKeys.id, workspaceId: apiKeys.workspaceId, createdBy: apiKeys.createdBy, name: apiKeys.name, prefix: apiKeys.prefix, scopes: apiKeys.scopes, lastUsedAt: apiKeys.lastUsedAt,
      })
        .from(apiKeys).where(and(eq(apiKeys.keyHash, keyHash), isNull(apiKeys.revokedAt)));
      if (!row) {
        cache.delete(keyHash);
        return null;
      }
      // lastUsedAt to the minute: a write per API call would cost more than it tells.
      if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > 60_000) {
        await db.update(apiKeys).set({ lastUsedAt: now }).where(eq(apiKeys.id, row.id));
      }
      if (cache.size >= KEY_CACHE_MAX) cache.delete(cache.keys().next().value!);
      const use: KeyUse = { id: row.id, workspaceId: row.workspaceId, createdBy: row.createdBy, name: row.name, prefix: row.prefix, scopes: row.scopes };
      cache.set(keyHash, { ...use, checkedAt: now.getTime() });
      return use;
    },
  };
}

/** The account-side repositories over one database or transaction. */
export function accountRepos(db: DbOrTx): Pick<Repos, 'workspaces' | 'users' | 'sessions' | 'apiKeys' | 'invites' | 'audit'> {
  return { workspaces: workspaceRepo(db), users: userRepo(db), sessions: sessionRepo(db), apiKeys: apiKeyRepo(db), invites: inviteRepo(db), audit: auditRepo(db) };
}
