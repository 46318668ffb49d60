// The JobQueue on the store under test (SAPA_TEST_STORE): jobs really round-trip (pg-boss's
// fetch swallows errors, so a broken adapter would look like an idle worker), with delays,
// retries, singleton keys, batches and a graceful stop.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Job, JobQueue } from '../../../src/adapters/queue/job-queue.js';
import { createQueue } from '../../../src/adapters/queue/pg-boss-queue.js';
import { openTestStore, storeKindUnderTest, type TestStore } from '../../support/test-store.js';

type TestJobs = {
  echo: { n: number };
  delayed: { n: number };
  flaky: { n: number };
  unique: { key: string };
  bulk: { n: number };
  slow: { n: number };
  orphan: { n: number };
};

/** Resolves when `predicate` holds, polling every 10 ms; rejects after timeoutMs. */
async function until(predicate: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function jobState(store: TestStore, id: string): Promise<string | undefined> {
  const { rows } = await store.executeSql('select state::text as state from pgboss.job where id = $1', [id]);
  return rows[0]?.state as string | undefined;
}

describe(`job queue on ${storeKindUnderTest()}`, () => {
  let store: TestStore;
  let queue: JobQueue<TestJobs>;
  const errors: Error[] = [];

  beforeAll(async () => {
    store = await openTestStore();
    queue = await createQueue<TestJobs>(store, { onError: (e) => errors.push(e) });
  });
  afterAll(async () => {
    await queue?.stop({ timeoutMs: 2_000 });
    await store?.close();
  });
  afterEach(async () => {
    for (const name of ['echo', 'delayed', 'flaky', 'unique', 'bulk', 'slow', 'orphan'] as const) await queue.offWork(name);
    expect(errors).toEqual([]);
  });

  it('delivers a job sent in-process to a local worker at once, and marks it completed', async () => {
    const seen: { job: Job<TestJobs['echo']>; at: number }[] = [];
    // A slow poll (2 s), so a pickup well under it can only be the wake-up, even on a busy machine.
    await queue.work('echo', { pollingIntervalSeconds: 2 }, async (jobs) => {
      for (const job of jobs) seen.push({ job, at: Date.now() });
    });
    // let the worker do its first (empty) poll and go to sleep, so the send must wake it
    await new Promise((r) => setTimeout(r, 200));
    const sentAt = Date.now();
    const id = await queue.send('echo', { n: 42 });
    expect(id).toEqual(expect.any(String));
    await until(() => seen.length === 1);
    const [first] = seen;
    expect(first?.job).toMatchObject({ id, name: 'echo', data: { n: 42 }, retryCount: 0 });
    // woken by notifyWorker rather than the 2 s poll
    expect((first?.at ?? Infinity) - sentAt).toBeLessThan(1500);
    await expect.poll(() => jobState(store, id ?? ''), { timeout: 5_000 }).toBe('completed');
  });

  it('does not start a job before its startAfter', async () => {
    const startedAt: number[] = [];
    await queue.work('delayed', {}, async () => {
      startedAt.push(Date.now());
    });
    const notBefore = new Date(Date.now() + 1_500);
    await queue.send('delayed', { n: 1 }, { startAfter: notBefore });
    await new Promise((r) => setTimeout(r, 1_000));
    expect(startedAt).toEqual([]);
    await until(() => startedAt.length === 1, 5_000);
    expect(startedAt[0]).toBeGreaterThanOrEqual(notBefore.getTime());
  });

  it('retries a job whose handler throws, with the attempt number visible to the handler', async () => {
    const attempts: number[] = [];
    await queue.work('flaky', {}, async ([job]) => {
      attempts.push(job?.retryCount ?? -1);
      if (attempts.length === 1) throw new Error('transient');
    });
    const id = await queue.send('flaky', { n: 1 }, { retryLimit: 1, retryDelaySeconds: 0 });
    await until(() => attempts.length === 2, 10_000);
    expect(attempts).toEqual([0, 1]);
    await expect.poll(() => jobState(store, id ?? ''), { timeout: 5_000 }).toBe('completed');
  });

  it("refuses a duplicate singletonKey while the first job is queued on a 'short' queue", async () => {
    await queue.defineQueue('unique', { policy: 'short' });
    const first = await queue.send('unique', { key: 'a' }, { singletonKey: 'order-1' });
    const dup = await queue.send('unique', { key: 'a' }, { singletonKey: 'order-1' });
    const other = await queue.send('unique', { key: 'b' }, { singletonKey: 'order-2' });
    expect(first).toEqual(expect.any(String));
    expect(dup).toBeNull();
    expect(other).toEqual(expect.any(String));
    const ran: string[] = [];
    await queue.work('unique', { batchSize: 10 }, async (jobs) => {
      ran.push(...jobs.map((j) => j.data.key));
    });
    await until(() => ran.length === 2);
    expect(ran.sort()).toEqual(['a', 'b']);
  });

  it('drains a backlog in full batches without sleeping between them, each job once', async () => {
    const total = 60;
    await queue.sendMany('bulk', Array.from({ length: total }, (_, n) => ({ data: { n } })));
    const ran: number[] = [];
    const batchSizes: number[] = [];
    const started = Date.now();
    await queue.work('bulk', { batchSize: 10, pollingIntervalSeconds: 2 }, async (jobs) => {
      batchSizes.push(jobs.length);
      ran.push(...jobs.map((j) => j.data.n));
    });
    await until(() => ran.length >= total);
    const elapsed = Date.now() - started;
    expect(ran.sort((a, b) => a - b)).toEqual(Array.from({ length: total }, (_, n) => n));
    expect(batchSizes.every((s) => s === 10)).toBe(true);
    // six full batches; sleeping the 2 s polling interval between them would take ≥ 10 s
    expect(elapsed).toBeLessThan(4_000);
  });

  it('maintenance expires a job left active by a dead worker, and it is retried', async () => {
    const maintErrors: Error[] = [];
    const maint = await createQueue<TestJobs>(store, { maintenanceIntervalSeconds: 1, onError: (e) => maintErrors.push(e) });
    try {
      const id = await queue.send('orphan', { n: 7 }, { expireInSeconds: 1, retryLimit: 1 });
      // what a worker process killed mid-job leaves behind
      await store.executeSql("update pgboss.job set state = 'active', started_on = now() - interval '10 seconds' where id = $1", [id]);
      const seen: Job<TestJobs['orphan']>[] = [];
      await queue.work('orphan', {}, async (jobs) => {
        seen.push(...jobs);
      });
      await until(() => seen.length === 1, 10_000);
      expect(seen[0]).toMatchObject({ id, data: { n: 7 }, retryCount: 1 });
      expect(maintErrors).toEqual([]);
    } finally {
      await maint.stop();
    }
  });

  it('a graceful stop waits for the running handler, then the store closes cleanly', async () => {
    const own = await openTestStore();
    const ownErrors: Error[] = [];
    const q = await createQueue<TestJobs>(own, { onError: (e) => ownErrors.push(e) });
    let finished = false;
    let started = false;
    await q.work('slow', {}, async () => {
      started = true;
      await new Promise((r) => setTimeout(r, 700));
      finished = true;
    });
    const id = await q.send('slow', { n: 1 });
    await until(() => started);
    const t0 = Date.now();
    await q.stop({ timeoutMs: 5_000 });
    expect(finished).toBe(true);
    expect(Date.now() - t0).toBeLessThan(5_000);
    expect(await jobState(own, id ?? '')).toBe('completed');
    await own.close();
    expect(ownErrors).toEqual([]);
  });
});
