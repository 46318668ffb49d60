// The store on the kind under test (SAPA_TEST_STORE): migrations, drizzle queries and
// transactions through the shared Db type, and executeSql as pg-boss uses it.
import fs from 'node:fs';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type DbOrTx } from '../../../src/adapters/db/client.js';
import { contacts, workspaces } from '../../../src/adapters/db/schema.js';
import { freshPgliteDataDir, openTestStore, storeKindUnderTest, type TestStore } from '../../support/test-store.js';

// A repository-shaped function: written once against DbOrTx, called with db or tx.
async function insertWorkspace(db: DbOrTx, name: string): Promise<string> {
  const [row] = await db.insert(workspaces).values({ name }).returning({ id: workspaces.id });
  if (!row) throw new Error('insert returned no row');
  return row.id;
}

async function workspaceNames(db: DbOrTx): Promise<string[]> {
  const rows = await db.select({ name: workspaces.name }).from(workspaces).orderBy(workspaces.name);
  return rows.map((r) => r.name);
}

describe(`store on ${storeKindUnderTest()}`, () => {
  let store: TestStore;
  beforeAll(async () => {
    store = await openTestStore();
  });
  afterAll(async () => {
    await store?.close();
  });

  it('opens the kind under test with every schema table migrated', async () => {
    expect(store.kind).toBe(storeKindUnderTest());
    const { rows } = await store.executeSql(
      "select table_name from information_schema.tables where table_schema = 'public' order by table_name",
    );
    const tables = rows.map((r) => r.table_name);
    for (const t of ['workspaces', 'users', 'contacts', 'events', 'messages', 'templates', 'automations', 'sandbox_outbox']) {
      expect(tables).toContain(t);
    }
    const journal = await store.executeSql('select count(*)::int as n from drizzle.__drizzle_migrations');
    expect(journal.rows[0]?.n).toBeGreaterThanOrEqual(1);
  });

  it('inserts and reads through drizzle with schema defaults applied', async () => {
    const id = await insertWorkspace(store.db, 'Toko Sinar');
    const [ws] = await store.db.select().from(workspaces).where(eq(workspaces.id, id));
    expect(ws?.name).toBe('Toko Sinar');
    expect(ws?.timezone).toBe('Asia/Jakarta');
    expect(ws?.settings).toEqual({});
    const [c] = await store.db.insert(contacts).values({ workspaceId: id, phone: '+6281234567890', tags: ['vip'] }).returning();
    expect(c?.tags).toEqual(['vip']);
    expect(c?.createdAt).toBeInstanceOf(Date);
  });

  it('commits a transaction and rolls one back when its callback throws', async () => {
    await store.db.transaction(async (tx) => {
      await insertWorkspace(tx, 'tx-commit-a');
      await insertWorkspace(tx, 'tx-commit-b');
    });
    await expect(store.db.transaction(async (tx) => {
      await insertWorkspace(tx, 'tx-rollback');
      throw new Error('boom');
    })).rejects.toThrow('boom');
    const names = await workspaceNames(store.db);
    expect(names).toContain('tx-commit-a');
    expect(names).toContain('tx-commit-b');
    expect(names).not.toContain('tx-rollback');
  });

  it('rejects a unique-index violation and keeps working afterwards', async () => {
    const ws = await insertWorkspace(store.db, 'uniq');
    await store.db.insert(contacts).values({ workspaceId: ws, phone: '+628111' });
    await expect(store.db.insert(contacts).values({ workspaceId: ws, phone: '+628111' })).rejects.toThrow();
    const [{ n } = { n: -1 }] = await store.db.select({ n: sql<number>`count(*)::int` }).from(contacts).where(eq(contacts.workspaceId, ws));
    expect(n).toBe(1);
  });

  it('executeSql runs parameterised and multi-statement SQL', async () => {
    const one = await store.executeSql('select $1::int + $2::int as sum', [2, 3]);
    expect(one.rows).toEqual([{ sum: 5 }]);
    const multi = await store.executeSql('create temp table if not exists t_multi (x int); insert into t_multi values (7); select x from t_multi');
    expect(multi.rows).toEqual([{ x: 7 }]);
  });

  it('executeSql leaves no aborted transaction behind when a statement inside BEGIN fails', async () => {
    await expect(store.executeSql('BEGIN; select 1/0; COMMIT;')).rejects.toThrow(/division by zero/);
    // would fail with "current transaction is aborted" if the connection were left in the failed block
    expect((await store.executeSql('select 1 as ok')).rows).toEqual([{ ok: 1 }]);
    expect(await workspaceNames(store.db)).toContain('Toko Sinar');
    await expect(store.executeSql('select $1::int / 0', [1])).rejects.toThrow(/division by zero/);
    expect((await store.executeSql('select 2 as ok', [])).rows).toEqual([{ ok: 2 }]);
  });

  it("writes a message's status history with it and deletes it with it, also when its workspace goes", async () => {
    const ws = await insertWorkspace(store.db, 'Toko Riwayat');
    const sqlRows = async (text: string, values: unknown[] = []) => (await store.executeSql(text, values)).rows;
    const [m1] = await sqlRows(`insert into messages (workspace_id, channel, recipient, idempotency_key, category, body, content, status, scheduled_at)
      values ($1, 'whatsapp', '+628123', 'h-1', 'utility', 'Halo', '{}'::jsonb, 'queued', now()) returning id`, [ws]);
    await sqlRows(`insert into messages (workspace_id, channel, recipient, idempotency_key, category, body, content, status, scheduled_at)
      values ($1, 'whatsapp', '+628124', 'h-2', 'utility', 'Halo', '{}'::jsonb, 'queued', now())`, [ws]);
    await sqlRows(`update messages set status = 'sent', updated_at = now() where id = $1`, [m1!.id]);
    const history = async () => (await sqlRows(`select count(*)::int as n from message_status_history where workspace_id = $1`, [ws]))[0]!.n;
    expect(await history()).toBe(3);
    await sqlRows(`delete from messages where id = $1`, [m1!.id]);
    expect(await history()).toBe(1);
    await sqlRows(`delete from workspaces where id = $1`, [ws]);
    expect(await history()).toBe(0);
  });

  it('a second store on the same data keeps everything written before (write → close → reopen → read)', async () => {
    if (store.kind === 'pglite') {
      // one PGlite instance per folder: write, close, then reopen the same folder
      const dataDir = await freshPgliteDataDir();
      try {
        const first = await openStore({ dataDir });
        const id = await insertWorkspace(first.db, 'survives-reopen');
        await first.close();
        const reopened = await openStore({ dataDir });
        try {
          const rows = await reopened.db.select().from(workspaces).where(eq(workspaces.id, id));
          expect(rows.map((r) => r.name)).toEqual(['survives-reopen']);
        } finally {
          await reopened.close();
        }
      } finally {
        fs.rmSync(dataDir, { recursive: true, force: true });
      }
    } else {
      const id = await insertWorkspace(store.db, 'survives-reopen');
      const second = await openStore(store.config);
      try {
        const rows = await second.db.select().from(workspaces).where(eq(workspaces.id, id));
        expect(rows.map((r) => r.name)).toEqual(['survives-reopen']);
      } finally {
        await second.close();
      }
    }
  });
});
