/**
 * Plain SQL on one connection, for the hot paths (event intake, delivery): their statements are
 * fixed texts with array parameters (`= ANY($1)`, `unnest(…)`), so building them through the query
 * builder on every call costs more than the database work (measured: 37–44 % of on-CPU samples).
 * On PostgreSQL a statement given a name is prepared once per connection and then only executed.
 */
import type { PGlite } from '@electric-sql/pglite';
import type pg from 'pg';

/** A row as the driver parsed it: column name → value. */
export type SqlRow = Record<string, unknown>;

/** Runs one parameterised statement; `name` prepares it once per connection (PostgreSQL). */
export type SqlQuery = (text: string, values?: readonly unknown[], name?: string) => Promise<SqlRow[]>;

/** Plain SQL access: single statements, and units of work in one transaction on one connection. */
export interface SqlAccess {
  query: SqlQuery;
  transaction<T>(work: (q: SqlQuery) => Promise<T>): Promise<T>;
}

/** Lets the event loop poll I/O between PGlite's synchronous runs (see client.ts, yieldingClient). */
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

export function pgliteSqlAccess(pglite: PGlite): SqlAccess {
  return {
    async query(text, values) {
      await yieldToEventLoop();
      return (await pglite.query<SqlRow>(text, values ? [...values] : [])).rows;
    },
    async transaction(work) {
      await yieldToEventLoop();
      return pglite.transaction(async (tx) => work(async (text, values) => (await tx.query<SqlRow>(text, values ? [...values] : [])).rows));
    },
  };
}

export function pgSqlAccess(pool: pg.Pool): SqlAccess {
  const run = async (client: pg.Pool | pg.PoolClient, text: string, values: readonly unknown[] | undefined, name: string | undefined) =>
    (await client.query<SqlRow>(name ? { name, text, values: values ? [...values] : [] } : { text, values: values ? [...values] : [] })).rows;
  return {
    query: (text, values, name) => run(pool, text, values, name),
    async transaction(work) {
      const client = await pool.connect();
      let broken = false;
      try {
        await client.query('BEGIN');
        const result = await work((text, values, name) => run(client, text, values, name));
        await client.query('COMMIT');
        return result;
      } catch (err) {
        // A connection that cannot even roll back is not given back to the pool.
        await client.query('ROLLBACK').catch(() => { broken = true; });
        throw err;
      } finally {
        client.release(broken);
      }
    },
  };
}
