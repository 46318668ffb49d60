// Several processes starting together on an empty PostgreSQL database: the advisory lock makes
// one of them migrate while the others wait, so none fails on "relation already exists".
// Each openStore has its own pool, so these are separate sessions just as separate processes are.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore, type Database } from '../../../src/adapters/db/client.js';
import { storeKindUnderTest, testServerUrl } from '../../support/test-store.js';

async function admin(text: string, values?: unknown[]) {
  const client = new pg.Client({ connectionString: testServerUrl() });
  await client.connect();
  try {
    return await client.query(text, values);
  } finally {
    await client.end();
  }
}

describe.skipIf(storeKindUnderTest() !== 'postgres')('migrations on PostgreSQL', () => {
  const name = `sapa_test_${randomBytes(6).toString('hex')}`;
  const stores: Database[] = [];
  afterAll(async () => {
    await Promise.all(stores.map((s) => s.close()));
    await admin('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1', [name]);
    await admin(`drop database if exists ${name}`);
  });

  it('four stores opening an empty database at once all succeed and migrate it once', async () => {
    await admin(`create database ${name}`);
    const url = new URL(testServerUrl());
    url.pathname = `/${name}`;
    const opened = await Promise.all(Array.from({ length: 4 }, () => openStore({ databaseUrl: url.toString(), dataDir: '/unused', poolSize: 2 })));
    stores.push(...opened);
    const journal = await opened[0]!.executeSql('select hash from drizzle.__drizzle_migrations');
    const hashes = journal.rows.map((r) => r.hash);
    expect(hashes.length).toBeGreaterThanOrEqual(1);
    expect(new Set(hashes).size).toBe(hashes.length);
    for (const s of opened) expect((await s.executeSql('select count(*)::int as n from workspaces')).rows).toEqual([{ n: 0 }]);
  });
});
