// Several worker processes on one PostgreSQL database share a queue: every job runs exactly
// once (SKIP LOCKED), and both processes get work. PostgreSQL only (PGlite is one process).
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createQueue } from '../../../src/adapters/queue/pg-boss-queue.js';
import { openTestStore, storeKindUnderTest, type TestStore } from '../../support/test-store.js';
import { spawnTsx, type Child } from '../store/fixtures/spawn-child.js';

const workerScript = fileURLToPath(new URL('./fixtures/worker-child.ts', import.meta.url));

describe.skipIf(storeKindUnderTest() !== 'postgres')('job queue across processes on PostgreSQL', () => {
  let store: TestStore;
  const children: Child[] = [];

  beforeAll(async () => {
    store = await openTestStore();
    await store.executeSql('create table queue_test_runs (n int not null, worker text not null)');
  });
  afterAll(async () => {
    for (const child of children) if (child.process.exitCode === null) child.process.kill('SIGKILL');
    await Promise.all(children.map((c) => c.exited));
    await store?.close();
  });

  it('two worker processes each take distinct jobs; each of N jobs runs exactly once', async () => {
    const total = 120;
    const databaseUrl = store.config.databaseUrl ?? '';
    // the producer creates the queue first so both workers start on an installed pg-boss schema
    const producer = await createQueue<{ shared: { n: number } }>(store, { maintenance: false });
    await producer.defineQueue('shared');
    for (const label of ['w1', 'w2']) children.push(spawnTsx(workerScript, [databaseUrl, 'shared', label]));
    await Promise.all(children.map((c) => c.waitFor((l) => l.ready === true, 60_000)));

    await producer.sendMany('shared', Array.from({ length: total }, (_, n) => ({ data: { n } })));
    const deadline = Date.now() + 30_000;
    for (;;) {
      const { rows } = await store.executeSql('select count(*)::int as c from queue_test_runs');
      if (rows[0]?.c === total || Date.now() > deadline) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    await producer.stop();

    const runs = await store.executeSql('select n, count(*)::int as times from queue_test_runs group by n order by n');
    expect(runs.rows).toEqual(Array.from({ length: total }, (_, n) => ({ n, times: 1 })));
    const perWorker = await store.executeSql('select worker, count(*)::int as jobs from queue_test_runs group by worker order by worker');
    expect(perWorker.rows.map((r) => r.worker)).toEqual(['w1', 'w2']);
    for (const r of perWorker.rows) expect(r.jobs).toBeGreaterThan(0);

    for (const child of children) child.process.kill('SIGTERM');
    await Promise.all(children.map((c) => c.waitFor((l) => l.stopped === true, 15_000)));
    expect(await Promise.all(children.map((c) => c.exited))).toEqual([0, 0]);
    expect(children.flatMap((c) => c.lines.filter((l) => 'error' in l))).toEqual([]);
  });
});
