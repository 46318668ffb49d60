/** Where one benchmark run's data lives: a fresh PGlite folder or a fresh PostgreSQL database; drop() removes it. */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

export type BenchStore = 'pglite' | 'postgres';

export interface StoreLocation {
  store: BenchStore;
  /** Environment for `sapa start`: SAPA_DATA_DIR or DATABASE_URL. */
  env: Record<string, string>;
  drop(): Promise<void>;
}

/** The PostgreSQL server fresh databases are created on. */
export const SERVER_URL = process.env.SAPA_BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** Null when PostgreSQL answers `select 1`, else the reason it could not be reached. */
export async function postgresUnreachable(): Promise<string | null> {
  const c = new pg.Client({ connectionString: SERVER_URL, connectionTimeoutMillis: 3000 });
  try {
    await c.connect();
    await c.query('select 1');
    return null;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  } finally {
    await c.end().catch(() => undefined);
  }
}

/** A fresh, empty location; Sapa migrates it on start. */
export async function createLocation(store: BenchStore): Promise<StoreLocation> {
  if (store === 'pglite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sapa-bench-events-'));
    return { store, env: { SAPA_DATA_DIR: dir }, drop: async () => fs.rmSync(dir, { recursive: true, force: true }) };
  }
  const name = `sapa_bench_${randomBytes(6).toString('hex')}`;
  await adminQuery(`create database ${name}`);
  const url = new URL(SERVER_URL);
  url.pathname = `/${name}`;
  return { store, env: { DATABASE_URL: url.toString() }, drop: () => adminQuery(`drop database if exists ${name} with (force)`) };
}

async function adminQuery(sql: string): Promise<void> {
  const c = new pg.Client({ connectionString: SERVER_URL });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}
