// pg-boss 10 fetches `ORDER BY priority desc, created_on, id` while its own index is on
// (name, start_after): with a deep queue every fetch scanned and sorted all waiting jobs. With the
// index the queue adapter adds, the fetch reads the first jobs in order, at any depth.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobQueue } from '../../../src/adapters/queue/job-queue.js';
import { createQueue } from '../../../src/adapters/queue/pg-boss-queue.js';
import { openTestStore, storeKindUnderTest, type TestStore } from '../../support/test-store.js';

// The depth the issue names, on PostgreSQL; the embedded store (one process, a shop's volume) is
// checked at a fifth of it, which is enough for its planner to choose the same plan.
const DEPTH = storeKindUnderTest() === 'postgres' ? 100_000 : 20_000;

describe(`the queue's fetch on ${storeKindUnderTest()}`, () => {
  let store: TestStore;
  let queue: JobQueue<{ deep: { messageIds: string[] } }>;

  beforeAll(async () => {
    store = await openTestStore();
    queue = await createQueue(store, { maintenance: false });
    await queue.defineQueue('deep');
  });
  afterAll(async () => {
    await queue?.stop({ timeoutMs: 2_000 });
    await store?.close();
  });

  it(`is served by an index, without a sort, with ${DEPTH.toLocaleString('en')} jobs waiting`, async () => {
    for (let i = 0; i < DEPTH; i += 10_000) {
      await queue.sendMany('deep', Array.from({ length: Math.min(10_000, DEPTH - i) }, (_, j) => ({ data: { messageIds: [`m-${i + j}`] }, options: { priority: (i + j) % 2 === 0 ? 10 : 0 } })));
    }
    await store.executeSql('analyze pgboss.job');
    const { rows } = await store.executeSql(`
      explain (format json)
      SELECT id FROM pgboss.job
      WHERE name = $1 AND state < 'active' AND start_after < now()
      ORDER BY priority desc, created_on, id
      LIMIT $2
      FOR UPDATE SKIP LOCKED`, ['deep', 2]);
    const plan = JSON.stringify(rows[0]);
    // The queue's partition carries its own copy of the index, named after its columns.
    expect(plan, plan).toMatch(/"Node Type":"Index Scan"[^}]*"Index Name":"[^"]*name_priority_created_on_id_idx"/);
    expect(plan).not.toContain('"Node Type":"Sort"');
    expect(plan).not.toContain('"Node Type":"Seq Scan"');
  }, 120_000);
});
