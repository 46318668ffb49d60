/** Workspaces, users, sessions and API keys. */
import { and, asc, count, desc, eq, gt, isNull, sql } from 'drizzle-orm';
import type { ApiKeyRepo, Repos, SessionRepo, UserRepo, WorkspaceRepo } from '../../app/ports.js';
import type { DbOrTx } from './client.js';
import { apiKeys, sessions, users, workspaces } from './schema.js';

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
  };
}

export function sessionRepo(db: DbOrTx): SessionRepo {
  return {
    async create(input) {
      await db.insert(sessions).values(input);
    },
    async find(tokenHash, now) {
      const [row] = await db.select({ user: users, workspace: workspaces }).from(sessions)
        .innerJoin(users, eq(users.id, sessions.userId))
        .innerJoin(workspaces, eq(workspaces.id, sessions.workspaceId))
        .where(and(eq(sessions.tokenHash, tokenHash), gt(sessions.expiresAt, now)));
      return row ?? null;
    },
    async delete(tokenHash) {
      await db.delete(sessions).where(eq(sessions.tokenHash, tokenHash));
    },
  };
}

const keyColumns = { id: apiKeys.id, name: apiKeys.name, prefix: apiKeys.prefix, createdAt: apiKeys.createdAt, lastUsedAt: apiKeys.lastUsedAt };

/**
 * A key is looked up once and then served from memory for KEY_CACHE_MS: an integration posting
 * hundreds of events a second would otherwise pay a query (and a plan) per request. A revoke in
 * this process drops the key at once; other processes stop honouring it within KEY_CACHE_MS.
 */
const KEY_CACHE_MS = 10_000;
const KEY_CACHE_MAX = 10_000;

export function apiKeyRepo(db: DbOrTx): ApiKeyRepo {
  const cache = new Map<string, { id: string; workspaceId: string; createdBy: string | null; checkedAt: number }>();
  return {
    async create(workspaceId, input) {
      const [row] = await db.insert(apiKeys).values({ workspaceId, ...input }).returning(keyColumns);
      return row!;
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
      if (hit && now.getTime() - hit.checkedAt < KEY_CACHE_MS) return { workspaceId: hit.workspaceId, createdBy: hit.createdBy };
      const [row] = await db.select({ id: apiKeys.id, workspaceId: apiKeys.workspaceId, createdBy: apiKeys.createdBy, lastUsedAt: apiKeys.lastUsedAt })
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
      cache.set(keyHash, { id: row.id, workspaceId: row.workspaceId, createdBy: row.createdBy, checkedAt: now.getTime() });
      return { workspaceId: row.workspaceId, createdBy: row.createdBy };
    },
  };
}

/** The account-side repositories over one database or transaction. */
export function accountRepos(db: DbOrTx): Pick<Repos, 'workspaces' | 'users' | 'sessions' | 'apiKeys'> {
  return { workspaces: workspaceRepo(db), users: userRepo(db), sessions: sessionRepo(db), apiKeys: apiKeyRepo(db) };
}
