// The PGlite data folder belongs to one process: a second one is refused with a clear error,
// and a holder killed with SIGKILL neither blocks the next start for long nor loses commits.
// PGlite-only behaviour, so it runs in the pglite pass only.
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../../../src/adapters/db/client.js';
import { DataDirLockedError, DEAD_OWNER_STALE_MS } from '../../../src/adapters/db/data-dir-lock.js';
import { workspaces } from '../../../src/adapters/db/schema.js';
import { freshPgliteDataDir, storeKindUnderTest } from '../../support/test-store.js';
import { spawnTsx, type Child } from './fixtures/spawn-child.js';

const childScript = fileURLToPath(new URL('./fixtures/store-child.ts', import.meta.url));

describe.skipIf(storeKindUnderTest() !== 'pglite')('PGlite data-folder lock', () => {
  const dirs: string[] = [];
  const children: Child[] = [];
  const tempDir = async () => {
    const dir = await freshPgliteDataDir();
    dirs.push(dir);
    return dir;
  };
  afterEach(async () => {
    for (const child of children.splice(0)) {
      if (child.process.exitCode === null && child.process.signalCode === null) child.process.kill('SIGKILL');
      await child.exited;
    }
    for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a second process with DataDirLockedError naming the holder, then lets it in after close', async () => {
    const dataDir = await tempDir();
    const store = await openStore({ dataDir });
    try {
      const second = spawnTsx(childScript, [dataDir, 'open']);
      children.push(second);
      const line = await second.waitFor((l) => 'error' in l);
      expect(await second.exited).toBe(3);
      expect(line.error).toBe('DataDirLockedError');
      expect(line.message).toBe(
        `Sapa data folder ${dataDir} is in use by another process (pid ${process.pid}). ` +
          'Stop it first, or set DATABASE_URL to use PostgreSQL with several processes.',
      );
    } finally {
      await store.close();
    }
    const third = spawnTsx(childScript, [dataDir, 'open']);
    children.push(third);
    await third.waitFor((l) => l.opened === true);
    expect(await third.exited).toBe(0);
  });

  it('refuses a second store on the same folder in the same process', async () => {
    const dataDir = await tempDir();
    const store = await openStore({ dataDir });
    try {
      await expect(openStore({ dataDir })).rejects.toBeInstanceOf(DataDirLockedError);
      // the refused open must not disturb the holder
      await store.db.insert(workspaces).values({ name: 'still-mine' });
      expect((await store.db.select().from(workspaces)).map((w) => w.name)).toEqual(['still-mine']);
    } finally {
      await store.close();
    }
  });

  it('after kill -9 of the holder: the next open succeeds within seconds and committed data is there', async () => {
    const dataDir = await tempDir();
    const holder = spawnTsx(childScript, [dataDir, 'write', 'committed-before-kill']);
    children.push(holder);
    const { committed } = await holder.waitFor((l) => 'committed' in l);
    holder.process.kill('SIGKILL');
    expect(await holder.exited).toBe('SIGKILL');

    const started = Date.now();
    const store = await openStore({ dataDir });
    const waitedMs = Date.now() - started;
    try {
      const rows = await store.db.select().from(workspaces).where(eq(workspaces.id, String(committed)));
      expect(rows.map((r) => r.name)).toEqual(['committed-before-kill']);
    } finally {
      await store.close();
    }
    // stale detection: the dead holder's lock ages out DEAD_OWNER_STALE_MS after its last refresh,
    // plus PGlite's reopen (~0.3 s) and migration check
    expect(waitedMs).toBeLessThan(DEAD_OWNER_STALE_MS + 4_000);
  });
});
