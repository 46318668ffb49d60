/**
 * The store factory: embedded PGlite (a file-backed data folder, one process) by default,
 * PostgreSQL through a `pg` pool when a database URL is given. Both give the same drizzle
 * type, so repositories are written once; migrations run on open.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import type { ExtractTablesWithRelations } from 'drizzle-orm';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import pg from 'pg';
import { acquireDataDirLock } from './data-dir-lock.js';
import { migratePglite, migratePostgres } from './migrate.js';
import { DEFAULT_CONNECT_TIMEOUT_MS, reachPostgres } from './reach-postgres.js';
import * as schema from './schema.js';
import { pgSqlAccess, pgliteSqlAccess, type SqlAccess, type SqlRow } from './sql-unit.js';

export type Schema = typeof schema;
/** The drizzle database both drivers satisfy: repositories take this (or DbOrTx). */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
/** The handle inside `db.transaction(async (tx) => …)`. */
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** What a repository method accepts so callers can run it inside or outside a transaction. */
export type DbOrTx = Db | Tx;

export type StoreKind = 'pglite' | 'postgres';
export type { SqlRow };

/** An open database: drizzle, raw SQL for pg-boss and the hot paths, and its connection(s). (The use cases' Store is app/ports.ts.) */
export type Database = {
  kind: StoreKind;
  db: Db;
  /**
   * Raw SQL, also the pg-boss `db` adapter. With `values` it is one parameterised statement;
   * without, the text may hold several `;`-separated statements and the last one's rows return.
   * A failure never leaves the connection inside an aborted transaction.
   */
  executeSql(text: string, values?: unknown[]): Promise<{ rows: SqlRow[] }>;
  /** Plain SQL statements and transactions for the hot paths (sql-unit.ts). */
  sql: SqlAccess;
  /** Close the connection(s) and, on PGlite, release the data-folder lock. Idempotent. */
  close(): Promise<void>;
};

export type StoreConfig = {
  /** postgres://… selects PostgreSQL; absent or empty selects PGlite in dataDir. */
  databaseUrl?: string;
  /** PGlite data folder (created if missing); ignored for PostgreSQL. */
  dataDir: string;
  /** PostgreSQL pool size (default 10). */
  poolSize?: number;
  /** PostgreSQL: the first connection must answer within this many ms, or the open fails with DatabaseUnreachableError (default 5 000). */
  connectTimeoutMs?: number;
};

/** Open the store named by config and bring its schema up to date. */
export async function openStore(config: StoreConfig): Promise<Database> {
  return config.databaseUrl
    ? openPostgres(config.databaseUrl, config.poolSize ?? 10, config.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS)
    : openPglite(config.dataDir);
}

/**
 * PGlite's PostgreSQL keeps its buffer pool in the WebAssembly heap and touches all of it at start,
 * so shared_buffers is resident from the first second: PGlite's default 128MB made the heap 152 MB
 * resident, 32MB makes it ~47 MB (bench/events: no throughput change; the OS still caches the files).
 */
const PGLITE_SHARED_BUFFERS = '32MB';

/**
 * Creates a fresh data folder (initdb) in a short-lived child process. Done in this process, initdb
 * runs two more PostgreSQL instances whose WebAssembly heaps stay resident until a full GC, which an
 * idle server may never run: Sapa held ~900 MB right after a first start instead of ~430 MB.
 */
function initdbInChildProcess(dir: string): Promise<void> {
  const entry = createRequire(import.meta.url).resolve('@electric-sql/pglite');
  const script = `require(${JSON.stringify(entry)}).PGlite.create({ dataDir: process.argv[1] }).then((db) => db.close())`;
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['-e', script, dir], { timeout: 120_000 }, (err, _stdout, stderr) => {
      if (err) reject(new Error(`Could not create the PGlite data folder ${dir}: ${stderr.trim().slice(-2000) || err.message}`));
      else resolve();
    });
  });
}

async function openPglite(dataDir: string): Promise<Database> {
  const dir = path.resolve(dataDir);
  fs.mkdirSync(dir, { recursive: true });
  const lock = await acquireDataDirLock(dir);
  let client: PGlite | undefined;
  try {
    if (!fs.existsSync(path.join(dir, 'PG_VERSION'))) await initdbInChildProcess(dir);
    client = await PGlite.create({ dataDir: dir, extensions: { pg_trgm }, startParams: [...PGlite.defaultStartParams, '-c', `shared_buffers=${PGLITE_SHARED_BUFFERS}`] });
    // Kept with the data (postgresql.auto.conf), so any process opening the folder uses the same pool.
    await client.exec(`ALTER SYSTEM SET shared_buffers = '${PGLITE_SHARED_BUFFERS}'`);
    const db = drizzlePglite({ client: yieldingClient(client), schema });
    await migratePglite(db);
    const pglite = client;
    let closed = false;
    return {
      kind: 'pglite',
      db,
      executeSql: (text, values) => executePglite(pglite, text, values),
      sql: pgliteSqlAccess(pglite),
      async close() {
        if (closed) return;
        closed = true;
        try {
          await pglite.close();
        } finally {
          await lock.release();
        }
      },
    };
  } catch (err) {
    await client?.close().catch(() => undefined);
    await lock.release();
    throw err;
  }
}

/** Lets the event loop poll I/O: resolves after the current microtask chain, in the check phase. */
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * PGlite runs PostgreSQL synchronously on this thread, so its promises settle as microtasks and a
 * busy stream of queries never lets Node read new sockets: requests that arrive during a burst
 * waited seconds before being read at all (measured: p99 7 s at 50 connections, each request
 * served in < 70 ms once read). Each top-level query and transaction first yields to the event
 * loop, so reading new requests interleaves with serving the ones in hand.
 */
function yieldingClient(pglite: PGlite): PGlite {
  return new Proxy(pglite, {
    get(target, prop, receiver) {
      const value: unknown = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function') return value;
      if (prop === 'query' || prop === 'exec' || prop === 'transaction') {
        return async (...args: unknown[]) => {
          await yieldToEventLoop();
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      }
      return (value as (...a: unknown[]) => unknown).bind(target);
    },
  });
}

async function executePglite(pglite: PGlite, text: string, values?: unknown[]): Promise<{ rows: SqlRow[] }> {
  await yieldToEventLoop();
  try {
    if (values !== undefined) {
      const result = await pglite.query<SqlRow>(text, values);
      return { rows: result.rows };
    }
    const results = await pglite.exec(text);
    return { rows: (results.at(-1)?.rows ?? []) as SqlRow[] };
  } catch (err) {
    // A failed statement inside an explicit BEGIN (pg-boss maintenance and migrations send
    // `BEGIN; …; COMMIT;` as one text) leaves PGlite's only connection aborted, failing every
    // later query. Other callers cannot be mid-transaction here: PGlite runs each query/exec and
    // each transaction() under one mutex, so between them only this leftover can be open.
    if (pglite.isInTransaction()) await pglite.exec('ROLLBACK').catch(() => undefined);
    throw err;
  }
}

const POOL_CONNECT_TIMEOUT_MS = 30_000;

async function openPostgres(databaseUrl: string, poolSize: number, connectTimeoutMs: number): Promise<Database> {
  await reachPostgres(databaseUrl, connectTimeoutMs);
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: poolSize,
    application_name: 'sapa',
    // Without a bound, a server that stops answering holds every request forever. pg-pool applies
    // this also to waiting for a free client when the pool is busy, so it is long enough that a
    // burst queues instead of failing: a request that waited 30 s is given up by its caller anyway.
    connectionTimeoutMillis: POOL_CONNECT_TIMEOUT_MS,
  });
  // An idle client dropped by the server (restart, pg_terminate_backend) is discarded by the pool;
  // without a listener the 'error' event would crash the process.
  pool.on('error', () => undefined);
  try {
    await migratePostgres(pool);
  } catch (err) {
    await pool.end();
    throw err;
  }
  const db = drizzlePg({ client: pool, schema });
  let closed = false;
  return {
    kind: 'postgres',
    db,
    // pool.query destroys a client whose query failed, so no aborted transaction is reused.
    async executeSql(text, values) {
      const result = await pool.query(text, values);
      // multi-statement text yields one result per statement
      const last = Array.isArray(result) ? (result.at(-1) as pg.QueryResult | undefined) : result;
      return { rows: (last?.rows ?? []) as SqlRow[] };
    },
    sql: pgSqlAccess(pool),
    async close() {
      if (closed) return;
      closed = true;
      await pool.end();
    },
  };
}
