/**
 * Wiring: config → store, queue, channels, use-case deps; the HTTP server and the delivery worker.
 * `sapa start` runs both in one process; `sapa worker` runs only the worker (PostgreSQL mode).
 */
import { randomBytes, randomInt } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import { bootstrapOwner } from '../app/auth.js';
import { deliverMessage, sweepOrphans } from '../app/deliver-message.js';
import type { Deps, Jobs, Queue } from '../app/ports.js';
import { seedDemo } from '../app/seed-demo.js';
import { openStore, type Store as DbStore } from '../adapters/db/client.js';
import { poolStatsOf, readDueQueue } from '../adapters/db/ops-stats.js';
import { createRepoStore } from '../adapters/db/store.js';
import { buildApp } from '../adapters/http/app.js';
import { createPromMetrics, type PromMetrics } from '../adapters/metrics/index.js';
import { createQueue, type JobQueue } from '../adapters/queue/index.js';
import { createScryptHasher } from '../adapters/security/password.js';
import type { Config } from '../config/env.js';
import { createChannels, type Channels } from './channels.js';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const DELIVER = 'deliver';

export interface Runtime {
  config: Config;
  db: DbStore;
  jobs: JobQueue;
  /** For request handling. */
  deps: Deps;
  /** For the delivery worker: the same, over the worker's own pool on PostgreSQL. */
  workerDeps: Deps;
  channels: Channels;
  log: pino.Logger;
  /** Prometheus metrics: the Metrics port for the use cases and the HTTP layer, and GET /metrics. */
  metrics: PromMetrics;
  close(): Promise<void>;
}

/**
 * Opens store and queue and builds the use cases' dependencies. On PostgreSQL the delivery worker
 * and the queue get a pool of their own, so a burst of API requests cannot starve sending.
 */
export async function openRuntime(config: Config, options: { fetch?: typeof fetch; db?: DbStore; workerDb?: DbStore } = {}): Promise<Runtime> {
  const log = pino({ level: config.logLevel, base: undefined });
  const opened: DbStore[] = [];
  const closeAll = async () => {
    for (const s of opened.reverse()) await s.close().catch((err: unknown) => log.warn({ err }, 'store close failed'));
  };
  let jobs: JobQueue;
  let db: DbStore;
  let workerDb: DbStore;
  try {
    db = options.db ?? await openStore({ dataDir: config.dataDir, poolSize: config.poolSize, ...(config.databaseUrl ? { databaseUrl: config.databaseUrl } : {}) });
    opened.push(db);
    workerDb = options.workerDb
      ?? (config.databaseUrl ? await openStore({ dataDir: config.dataDir, databaseUrl: config.databaseUrl, poolSize: config.workerPoolSize }) : db);
    if (workerDb !== db) opened.push(workerDb);
    jobs = await createQueue(workerDb, { onError: (err) => log.error({ err }, 'queue error') });
    await jobs.defineQueue(DELIVER, { retryLimit: 10, retryDelaySeconds: 5, retryBackoff: true, expireInSeconds: 300 });
  } catch (err) {
    await closeAll();
    throw err;
  }
  const store = createRepoStore(db.db);
  const workerStore = workerDb === db ? store : createRepoStore(workerDb.db);
  const channels = createChannels(config, workerStore.sandbox, options.fetch ?? fetch);
  const metrics = createPromMetrics({
    dueQueue: () => readDueQueue(db.db),
    pools: () => (workerDb === db ? [poolStatsOf(db, db.kind === 'pglite' ? 'embedded' : 'shared')] : [poolStatsOf(db, 'api'), poolStatsOf(workerDb, 'worker')]),
    onCollectError: (source, err) => log.warn({ err, source }, 'metrics collection failed'),
  });
  const queue: Queue = {
    async send(name, data, opts) {
      await jobs.send(name, data, { ...(opts?.startAfter ? { startAfter: opts.startAfter } : {}) });
    },
  };
  const deps: Deps = {
    store,
    queue,
    clock: { now: () => new Date() },
    random: { token: (n) => randomBytes(n).toString('base64url'), unit: () => randomInt(0, 2 ** 32) / 2 ** 32 },
    channels: channels.registry,
    passwords: createScryptHasher(),
    log,
  };
  return {
    config, db, jobs, deps, channels, log, metrics,
    workerDeps: { ...deps, store: workerStore },
    async close() {
      await jobs.stop().catch((err: unknown) => log.warn({ err }, 'queue stop failed'));
      await closeAll();
    },
  };
}

/** Starts the delivery worker and the orphan sweep; returns a stopper. */
export async function startWorker(rt: Runtime): Promise<() => Promise<void>> {
  const concurrency = rt.config.workerConcurrency;
  await rt.jobs.work(DELIVER, { batchSize: concurrency }, async (batch) => {
    // Up to `concurrency` sends in flight: provider round trips overlap instead of queueing.
    const ids = batch.flatMap((job) => (job.data as Jobs['deliver']).messageIds);
    let next = 0;
    const lane = async () => {
      while (next < ids.length) {
        const id = ids[next++]!;
        const outcome = await deliverMessage(rt.workerDeps, id, { leaseMs: rt.config.delivery.leaseMs });
        rt.log.debug({ messageId: id, outcome }, 'delivery');
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, ids.length) }, lane));
  });
  const { leaseMs, sweepIntervalMs } = rt.config.delivery;
  const sweep = () => sweepOrphans(rt.workerDeps, { leaseMs, graceMs: 2 * sweepIntervalMs }).catch((err: unknown) => rt.log.warn({ err }, 'orphan sweep failed'));
  await sweep();
  const timer = setInterval(sweep, sweepIntervalMs);
  timer.unref();
  return async () => clearInterval(timer);
}

/** First start: owner from env (or a generated password, printed once) and the demo data. */
export async function bootstrap(rt: Runtime): Promise<{ email: string; password?: string; created: boolean }> {
  const result = await bootstrapOwner(rt.deps, { email: rt.config.admin.email, password: rt.config.admin.password, workspaceName: 'Toko Demo Sapa' });
  if (result.created && rt.config.seedDemo) await seedDemo(rt.deps, result.workspace.id);
  return { email: result.email, created: result.created, ...(result.generatedPassword ? { password: result.generatedPassword } : {}) };
}

/** Starts API + web app + worker in this process. */
export async function startServer(rt: Runtime, options: { webDist?: string } = {}) {
  const stopWorker = rt.config.runWorker ? await startWorker(rt) : async () => undefined;
  let workerReady = true;
  const workerState = () => (!rt.config.runWorker ? 'external' : workerReady ? 'running' : 'stopped');
  const app = await buildApp({
    ...rt.deps,
    whatsappWebhook: rt.channels.whatsappWebhook,
    // Env-level credentials belong to the first workspace; only their own number's notifications count.
    webhookWorkspace: async (phoneNumberIds) => {
      const own = rt.config.whatsapp?.phoneNumberId;
      if (!own || !phoneNumberIds.includes(own)) return null;
      return (await rt.deps.store.workspaces.first())?.id ?? null;
    },
    metrics: rt.metrics,
    metricsText: () => rt.metrics.text(),
    readiness: {
      store: async () => {
        await rt.db.executeSql('select 1');
        return { ready: true, state: rt.db.kind };
      },
      worker: async () => ({ ready: workerState() !== 'stopped', state: workerState() }),
    },
    webDist: options.webDist ?? path.join(REPO_ROOT, 'web/dist'),
    secureCookies: rt.config.production,
  }, { logger: { level: rt.config.logLevel } });
  const address = await app.listen({ port: rt.config.port, host: rt.config.host });
  return {
    app,
    address,
    async stop() {
      workerReady = false;
      await app.close();
      await stopWorker();
    },
  };
}
