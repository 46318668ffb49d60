/**
 * Schema migrations: the SQL files drizzle-kit generated into drizzle/ run on every store open,
 * with drizzle's own migrator for each driver (journal table drizzle.__drizzle_migrations).
 */
import { fileURLToPath } from 'node:url';
import type { Pool } from 'pg';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePgDb } from 'drizzle-orm/node-postgres/migrator';
import type { PgliteDatabase } from 'drizzle-orm/pglite';
import { migrate as migratePgliteDb } from 'drizzle-orm/pglite/migrator';

/** drizzle/ at the repository root, found from this file so the process's cwd does not matter. */
export const migrationsFolder = fileURLToPath(new URL('../../../drizzle', import.meta.url));

/** Session advisory-lock key serialising migrations between processes ("sapa" in ASCII). */
export const MIGRATION_LOCK_KEY = 0x73617061;

/** Apply pending migrations on a PGlite database (single process: no cross-process lock needed). */
export async function migratePglite(db: PgliteDatabase<Record<string, unknown>>): Promise<void> {
  await migratePgliteDb(db, { migrationsFolder });
}

/**
 * Apply pending migrations on PostgreSQL under a session advisory lock, so several worker
 * processes starting together migrate once and the others wait, then find nothing to do.
 */
export async function migratePostgres(pool: Pool): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      await migratePgDb(drizzlePg(client), { migrationsFolder });
    } finally {
      await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
    }
  } finally {
    client.release();
  }
}
