/**
 * JobQueue on pg-boss 10, in the store's own database (schema `pgboss`).
 *
 * pg-boss talks through the store's executeSql on both stores: on PGlite there is no other way
 * in (one in-process connection), and on PostgreSQL it shares the store's pool instead of
 * opening a second one (pg-boss's own pool would add up to 10 connections per process).
 */
import PgBoss from 'pg-boss';
import type { Database } from '../db/client.js';
import type { Job, JobData, JobHandler, JobQueue, QueueSettings, SendOptions, WorkOptions } from './job-queue.js';

export type CreateQueueOptions = {
  /** Default sleep between empty polls of this process's workers (seconds, ≥ 0.5; default 0.5). */
  pollingIntervalSeconds?: number;
  /** Settings for queues first used without defineQueue. */
  defaults?: QueueSettings;
  /** Expire timed-out jobs and archive/delete old ones in this process (default true). */
  maintenance?: boolean;
  /** Seconds between maintenance runs (default 120). */
  maintenanceIntervalSeconds?: number;
  /** Errors pg-boss reports in the background (worker, maintenance); default: console.error. */
  onError?: (error: Error) => void;
};

/** Start pg-boss on the store (creating or migrating its schema) and return the JobQueue. */
export async function createQueue<Jobs extends Record<string, JobData> = Record<string, JobData>>(
  store: Database,
  options: CreateQueueOptions = {},
): Promise<JobQueue<Jobs>> {
  const pollingIntervalSeconds = options.pollingIntervalSeconds ?? 0.5;
  const onError = options.onError ?? ((error: Error) => console.error('[queue]', error));

  // Every statement pg-boss issues is counted so stop() can wait for the ones still in flight
  // (pg-boss does not await its complete/fail calls); closing the store under them would reject.
  let inFlight = 0;
  const db = {
    async executeSql(text: string, values?: unknown[]) {
      inFlight += 1;
      try {
        return await store.executeSql(text, values);
      } finally {
        inFlight -= 1;
      }
    },
  };

  const boss = new PgBoss({
    db,
    schema: 'pgboss',
    supervise: options.maintenance ?? true,
    maintenanceIntervalSeconds: options.maintenanceIntervalSeconds ?? 120,
    schedule: false, // cron is not used; it would add a clock monitor and an internal worker
    pollingIntervalSeconds,
  });
  boss.on('error', onError);
  await boss.start();
  await ensureFetchIndex(store);

  const ensured = new Map<string, Promise<void>>();
  const ensureQueue = (name: string): Promise<void> => {
    let done = ensured.get(name);
    if (!done) {
      // createQueue is idempotent (ON CONFLICT DO NOTHING); a send to a missing queue would be
      // silently dropped, so every queue is created before its first send or work.
      done = boss.createQueue(name, toPgBossQueue(name, options.defaults ?? {}));
      done.catch(() => ensured.delete(name));
      ensured.set(name, done);
    }
    return done;
  };

  const localWorkers = new Map<string, Set<string>>();
  const wake = (name: string, startAfter?: Date) => {
    if (startAfter && startAfter.getTime() > Date.now()) return;
    for (const id of localWorkers.get(name) ?? []) boss.notifyWorker(id);
  };
  let activeHandlers = 0;
  let stopped = false;

  return {
    async defineQueue(name, settings = {}) {
      await ensureQueue(name);
      await boss.updateQueue(name, toPgBossQueue(name, { ...options.defaults, ...settings }));
    },

    async send(name, data, sendOptions = {}) {
      await ensureQueue(name);
      const id = await boss.send(name, data, toPgBossSend(sendOptions));
      if (id) wake(name, sendOptions.startAfter);
      return id;
    },

    async sendMany(name, jobs) {
      if (jobs.length === 0) return;
      await ensureQueue(name);
      await boss.insert(toInserts(name, jobs));
      wake(name);
    },

    async sendManyWith(executeSql, name, jobs) {
      if (jobs.length === 0) return;
      await ensureQueue(name);
      // pg-boss's own insert statement, on the caller's connection (its `db` option).
      await boss.insert(toInserts(name, jobs), { db: { executeSql } });
    },

    wake(name) {
      wake(name);
    },

    async work<N extends keyof Jobs & string>(name: N, workOptions: WorkOptions, handler: JobHandler<Jobs[N]>) {
      if (stopped) throw new Error('queue is stopped');
      await ensureQueue(name);
      const batchSize = workOptions.batchSize ?? 1;
      // the handler first runs after a fetch round trip, so workerId is assigned by then
      const workerId: string = await boss.work<Jobs[N]>(
        name,
        { batchSize, pollingIntervalSeconds: workOptions.pollingIntervalSeconds ?? pollingIntervalSeconds, includeMetadata: true },
        async (jobs) => {
          activeHandlers += 1;
          try {
            await handler(jobs.map((j): Job<Jobs[N]> => ({
              id: j.id, name: j.name, data: j.data, retryCount: j.retryCount, retryLimit: j.retryLimit,
            })));
          } finally {
            activeHandlers -= 1;
            // A full batch means more may be waiting: skip the polling sleep and fetch again.
            if (jobs.length === batchSize && !stopped) boss.notifyWorker(workerId);
          }
        },
      );
      const set = localWorkers.get(name) ?? new Set<string>();
      set.add(workerId);
      localWorkers.set(name, set);
      return workerId;
    },

    async offWork(name) {
      localWorkers.delete(name);
      await boss.offWork(name);
    },

    async stop({ graceful = true, timeoutMs = 10_000 } = {}) {
      if (stopped) return;
      stopped = true;
      localWorkers.clear();
      const deadline = Date.now() + timeoutMs;
      await boss.stop({ graceful, timeout: timeoutMs, wait: true, close: false });
      // A fetch in flight at stop time may still hand jobs to a handler; let it and the
      // completion statements finish so the store can be closed right after.
      while ((activeHandlers > 0 || inFlight > 0) && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    },
  };
}

/**
 * pg-boss 10 fetches `ORDER BY priority desc, created_on, id`, but indexes each queue on
 * (name, start_after): every fetch scanned and sorted all waiting jobs (26 ms at 10,000). This
 * partitioned index (each queue's partition gets its own copy, also queues created later) serves
 * the fetch in order at any depth.
 */
async function ensureFetchIndex(store: Database): Promise<void> {
  try {
    await store.executeSql(`CREATE INDEX IF NOT EXISTS sapa_job_fetch ON pgboss.job (name, priority DESC, created_on, id) WHERE state < 'active'`);
  } catch (err) {
    // Two processes starting together: the other one created it a moment earlier.
    const code = (err as { code?: unknown }).code;
    if (code !== '23505' && code !== '42P07') throw err;
  }
}

function toInserts(name: string, jobs: { data: object; options?: SendOptions }[]): PgBoss.JobInsert[] {
  return jobs.map(({ data, options: o = {} }) => withoutUndefined({
    name,
    data,
    priority: o.priority,
    retryLimit: o.retryLimit,
    retryDelay: o.retryDelaySeconds,
    retryBackoff: o.retryBackoff,
    startAfter: o.startAfter,
    singletonKey: o.singletonKey,
    expireInSeconds: o.expireInSeconds,
  }));
}

function toPgBossQueue(name: string, s: QueueSettings): PgBoss.Queue {
  // pg-boss asserts on keys that are present but undefined (e.g. "deadLetter must be a string").
  return withoutUndefined({
    name,
    policy: s.policy,
    retryLimit: s.retryLimit,
    retryDelay: s.retryDelaySeconds,
    retryBackoff: s.retryBackoff,
    expireInSeconds: s.expireInSeconds,
    retentionMinutes: s.retentionMinutes,
    deadLetter: s.deadLetter,
  });
}

function withoutUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

function toPgBossSend(o: SendOptions): PgBoss.SendOptions {
  return withoutUndefined({
    startAfter: o.startAfter,
    singletonKey: o.singletonKey,
    retryLimit: o.retryLimit,
    retryDelay: o.retryDelaySeconds,
    retryBackoff: o.retryBackoff,
    expireInSeconds: o.expireInSeconds,
    priority: o.priority,
  });
}
