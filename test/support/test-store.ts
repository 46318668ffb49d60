/**
 * The integration-test store: SAPA_TEST_STORE=pglite (default) gives a fresh PGlite data folder
 * in the temp dir; SAPA_TEST_STORE=postgres gives a fresh database sapa_test_<random> on
 * SAPA_TEST_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres). close() closes
 * the store and deletes the folder / drops the database.
 *
 * A fresh PGlite folder costs ~4 s (initdb + migrations); instead each test store is a copy
 * (~0.5 s) of a migrated template folder built once per migration set and kept in the temp dir
 * as sapa-test-template-<hash of PGlite version + drizzle/>.
 */
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import lockfile from 'proper-lockfile';
import { migrationsFolder } from '../../src/adapters/db/migrate.js';
import { openStore, type Database, type StoreKind } from '../../src/adapters/db/client.js';

export type TestStore = Database & {
  /** The temp data folder (PGlite) or the database name (PostgreSQL). */
  name: string;
  /** What to pass to openStore to reach the same data from another store or process. */
  config: { databaseUrl?: string; dataDir: string };
};

/** Which store the integration suite runs on, from SAPA_TEST_STORE. */
export function storeKindUnderTest(): StoreKind {
  const kind = process.env.SAPA_TEST_STORE ?? 'pglite';
  if (kind !== 'pglite' && kind !== 'postgres') throw new Error(`SAPA_TEST_STORE must be pglite or postgres, got ${kind}`);
  return kind;
}

/** The server URL test databases are created on. */
export function testServerUrl(): string {
  return process.env.SAPA_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
}

/** A fresh, migrated store of the kind under test; close() removes every trace of it. */
export async function openTestStore(): Promise<TestStore> {
  return storeKindUnderTest() === 'postgres' ? openPostgresTestStore() : openPgliteTestStore();
}

/** A new temp folder holding a migrated, closed PGlite database (a template copy); the caller deletes it. */
export async function freshPgliteDataDir(): Promise<string> {
  const template = await pgliteTemplate();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sapa-test-'));
  // the lock files are the template builder's, long released: never copy them
  fs.cpSync(template, dataDir, { recursive: true, filter: (src) => !path.basename(src).startsWith('.sapa.lock') });
  return dataDir;
}

async function openPgliteTestStore(): Promise<TestStore> {
  const dataDir = await freshPgliteDataDir();
  let store: Database;
  try {
    store = await openStore({ dataDir });
  } catch (err) {
    fs.rmSync(dataDir, { recursive: true, force: true });
    throw err;
  }
  return {
    ...store,
    name: dataDir,
    config: { dataDir },
    async close() {
      try {
        await store.close();
      } finally {
        fs.rmSync(dataDir, { recursive: true, force: true });
      }
    },
  };
}

/** The migrated template folder for this PGlite version and migration set, built on first use. */
async function pgliteTemplate(): Promise<string> {
  const hash = createHash('sha256');
  hash.update(JSON.parse(fs.readFileSync(new URL('../../node_modules/@electric-sql/pglite/package.json', import.meta.url), 'utf8')).version);
  for (const file of fs.readdirSync(migrationsFolder, { recursive: true }).map(String).sort()) {
    const full = path.join(migrationsFolder, file);
    if (fs.statSync(full).isFile()) hash.update(file).update(fs.readFileSync(full));
  }
  const dir = path.join(os.tmpdir(), `sapa-test-template-${hash.digest('hex').slice(0, 16)}`);
  const ready = `${dir}.ready`;
  if (fs.existsSync(ready)) return dir;
  // vitest runs files in parallel processes: one builds, the others wait for it
  const release = await lockfile.lock(os.tmpdir(), {
    lockfilePath: `${dir}.building`, realpath: false, stale: 60_000, retries: { retries: 240, factor: 1, minTimeout: 250, maxTimeout: 250 },
  });
  try {
    if (fs.existsSync(ready)) return dir;
    const building = `${dir}.tmp-${process.pid}`;
    fs.rmSync(building, { recursive: true, force: true });
    const store = await openStore({ dataDir: building });
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
    fs.renameSync(building, dir);
    fs.writeFileSync(ready, new Date().toISOString());
    return dir;
  } finally {
    await release();
  }
}

async function openPostgresTestStore(): Promise<TestStore> {
  const name = `sapa_test_${randomBytes(6).toString('hex')}`;
  const serverUrl = testServerUrl();
  await adminQuery(serverUrl, `create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const databaseUrl = url.toString();
  const dataDir = path.join(os.tmpdir(), name); // unused on PostgreSQL
  let store: Database;
  try {
    store = await openStore({ databaseUrl, dataDir, poolSize: 5 });
  } catch (err) {
    await dropDatabase(serverUrl, name);
    throw err;
  }
  return {
    ...store,
    name,
    config: { databaseUrl, dataDir },
    async close() {
      try {
        await store.close();
      } finally {
        await dropDatabase(serverUrl, name);
      }
    },
  };
}

async function dropDatabase(serverUrl: string, name: string): Promise<void> {
  // connections left by child processes or a pool that did not close would block the drop
  await adminQuery(serverUrl, 'select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()', [name]);
  await adminQuery(serverUrl, `drop database if exists ${name}`);
}

async function adminQuery(serverUrl: string, text: string, values?: unknown[]): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(text, values);
  } finally {
    await client.end();
  }
}
