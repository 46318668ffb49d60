/**
 * What operators watch, read from the store at scrape time: the due queue and the connection
 * pools. Cheap by construction, since a scrape may come every few seconds from several scrapers.
 */
import { and, lte, sql } from 'drizzle-orm';
import pg from 'pg';
import type { Database, Db } from './client.js';
import { messages } from './schema.js';

/**
 * Queued messages that are due now, and how long the oldest has waited. Both aggregates are
 * served by the partial index messages_due_idx (scheduled_at where status = 'queued'); the
 * status test is a literal so the planner can match the index predicate. Time is the database's,
 * so clock skew between app hosts does not show up as queue age.
 */
export async function readDueQueue(db: Db): Promise<{ depth: number; oldestAgeSeconds: number | null }> {
  const [row] = await db
    .select({
      depth: sql<number>`count(*)::int`,
      oldestAgeSeconds: sql<number | null>`extract(epoch from now() - min(${messages.scheduledAt}))::float8`,
    })
    .from(messages)
    .where(and(sql`${messages.status} = 'queued'`, lte(messages.scheduledAt, sql`now()`)));
  return { depth: row?.depth ?? 0, oldestAgeSeconds: row?.oldestAgeSeconds ?? null };
}

/**
 * A store's connection use. PostgreSQL: the pg pool's own counts. PGlite: one in-process
 * connection that queries take in turn, so only its total (1) is meaningful.
 */
export function poolStatsOf(store: Database, pool: string): { pool: string; total: number; idle: number | null; waiting: number | null } {
  // drizzle keeps the driver client as $client; reading it there keeps the Store shape unchanged
  const client: unknown = Reflect.get(store.db, '$client');
  if (client instanceof pg.Pool) return { pool, total: client.totalCount, idle: client.idleCount, waiting: client.waitingCount };
  return { pool, total: 1, idle: null, waiting: null };
}
