/**
 * Wiring: config → store, queue, channels, use-case deps; the HTTP server and the delivery worker.
 * `sapa start` runs both in one process; `sapa worker` runs only the worker (PostgreSQL mode).
 */
import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import { bootstrapOwner } from '../app/auth.js';
import { createAutomationCache } from '../app/automation-cache.js';
import { startBroadcastRunner } from '../app/broadcast-runner.js';
import { startJourneyRunner } from '../app/journey-runner.js';
import { startLifecycleSweep, type StageListener } from '../app/lifecycle.js';
import { stageChangesToJourneys } from '../app/journeys.js';
import { startDeliveryWorker } from '../app/delivery-worker.js';
import { startTemplateSync } from '../app/whatsapp-templates.js';
import { startInsightsSchedule } from '../app/insights.js';
import type { DeliverJob } from '../app/engine.port.js';
import { createEventIntake, type EventIntake } from '../app/event-intake.js';
import { startReferralSweep } from '../app/referral-sweep.js';
import { createInAppFeed, type InAppFeed } from '../app/inapp-feed.js';
import type { Deps, Jobs, Queue, WorkLease } from '../app/ports.js';
import { deliveryPriority } from '../domain/delivery-rules.js';
import { seedDemo } from '../app/seed-demo.js';
import { openStore, type Database } from '../adapters/db/client.js';
import { poolStatsOf, readDueQueue } from '../adapters/db/ops-stats.js';
import { paceSql } from '../adapters/db/pace.sql.js';
import { workLeaseSql } from '../adapters/db/work-lease.sql.js';
import { createRepoStore, type EnqueueWith } from '../adapters/db/store.js';
import { buildApp } from '../adapters/http/app.js';
import { buildOpsApp } from '../adapters/http/ops-app.js';
import { DEFAULT_THROTTLE } from '../app/login-throttle.js';
import { createPromMetrics, type PromMetrics } from '../adapters/metrics/index.js';
import { createQueue, type JobQueue } from '../adapters/queue/index.js';
import { createScryptHasher } from '../adapters/security/password.js';
import type { Config } from '../config/env.js';
import { startInboundSmtp } from '../adapters/channels/email-inbound.js';
import { receiveDsn } from '../app/email-feedback.js';
import { createChannels, type Channels } from './channels.js';
import type { HttpPost } from '../adapters/channels/keep-alive-http.js';
import type { Agent } from 'node:https';
import { loadSecretBox, type LoadedSecretBox } from './secret-key.js';
import { logOptions } from './log-options.js';
import { startWebhookWorker } from '../app/webhook-worker.js';
import type { WebhookSettings } from '../app/webhooks.js';
import { DEFAULT_PAUSE_POLICY, DEFAULT_RETRY_DELAYS_MS } from '../domain/webhooks/index.js';
import { createTargetPolicy } from '../adapters/webhooks/target-policy.js';
import { createWebhookSender } from '../adapters/webhooks/http-sender.js';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const DELIVER = 'deliver';
const DELIVER_BULK = 'deliver-bulk';
/** How often the in-app feed reads while a contact stream is open here (a send in this process reads at once). */
const INAPP_FEED_INTERVAL_MS = 1000;
/** The queue of a delivery job: marketing (priority below utility's) goes to the bulk queue. */
const queueOf = (j: DeliverJob) => ((j.priority ?? 0) >= deliveryPriority('utility') ? DELIVER : DELIVER_BULK);

export interface Runtime {
  config: Config;
  db: Database;
  jobs: JobQueue;
  /** For request handling. */
  deps: Deps;
  /** For the delivery worker: the same, over the worker's own pool on PostgreSQL. */
  workerDeps: Deps;
  channels: Channels;
  log: pino.Logger;
  /** Prometheus metrics: the Metrics port for the use cases and the HTTP layer, and GET /metrics. */
  metrics: PromMetrics;
  /** Event intake with group commit (POST /api/v1/events). */
  intake: EventIntake;
  /** Leases on work one process at a time does (over the worker's pool): the periodic template fetch. */
  workLease: WorkLease;
  /** This process's reader of new in-app messages for its open contact streams. */
  inappFeed: InAppFeed;
  /** Signs contact tokens; null without a secret key. */
  contactTokenKey: Buffer | null;
  /** Outbound webhooks: the box sealing their secrets and the URL rule; the sender the worker posts with. */
  webhooks: WebhookSettings & { sender: ReturnType<typeof createWebhookSender> };
  close(): Promise<void>;
}

/**
 * Opens store and queue and builds the use cases' dependencies. On PostgreSQL the delivery worker
 * and the queue get a pool of their own, so a burst of API requests cannot starve sending.
 */
export async function openRuntime(config: Config, options: { http?: HttpPost; pushAgent?: Agent; db?: Database; workerDb?: Database } = {}): Promise<Runtime> {
  const log = pino(logOptions(config.logLevel));
  const opened: Database[] = [];
  const closeAll = async () => {
    for (const s of opened.reverse()) await s.close().catch((err: unknown) => log.warn({ err }, 'store close failed'));
  };
  let jobs: JobQueue;
  let db: Database;
  let workerDb: Database;
  try {
    db = options.db ?? await openStore({ dataDir: config.dataDir, poolSize: config.poolSize, ...(config.databaseUrl ? { databaseUrl: config.databaseUrl } : {}) });
    opened.push(db);
    workerDb = options.workerDb
      ?? (config.databaseUrl ? await openStore({ dataDir: config.dataDir, databaseUrl: config.databaseUrl, poolSize: config.workerPoolSize }) : db);
    if (workerDb !== db) opened.push(workerDb);
    jobs = await createQueue(workerDb, { onError: (err) => log.error({ err }, 'queue error') });
    // A job is retried only when its handler failed as a whole (the store was unreachable, the process
    // died): per-message retries are the engine's own (domain/retry.ts), recorded with each message.
    for (const name of [DELIVER, DELIVER_BULK]) await jobs.defineQueue(name, { retryLimit: 20, retryDelaySeconds: 5, retryBackoff: true, expireInSeconds: 300 });
  } catch (err) {
    await closeAll();
    throw err;
  }
  const toJob = (j: DeliverJob) => ({
    data: { messageIds: j.messageIds } satisfies Jobs['deliver'],
    options: { ...(j.startAfter ? { startAfter: j.startAfter } : {}), ...(j.priority !== undefined ? { priority: j.priority } : {}) },
  });
  const enqueueWith: EnqueueWith = {
    async insert(q, list) {
      for (const name of [DELIVER, DELIVER_BULK]) {
        const mine = list.filter((j) => queueOf(j) === name);
        if (mine.length > 0) await jobs.sendManyWith(async (text, values) => ({ rows: await q(text, values) }), name, mine.map(toJob));
      }
    },
    committed: () => {
      jobs.wake(DELIVER);
      jobs.wake(DELIVER_BULK);
    },
  };
  const store = createRepoStore(db.db, db.sql, enqueueWith);
  const workerStore = workerDb === db ? store : createRepoStore(workerDb.db, workerDb.sql, enqueueWith);
  let secrets: LoadedSecretBox;
  try {
    secrets = loadSecretBox(config, db.kind);
  } catch (err) {
    await jobs.stop().catch(() => undefined);
    await closeAll();
    throw err;
  }
  log.info({ secretKey: secrets.source }, 'channel secrets key');
  const inappFeed = createInAppFeed(store.inapp, { intervalMs: INAPP_FEED_INTERVAL_MS, log });
  const channels = createChannels(config, {
    sandbox: workerStore.sandbox, workspaces: workerStore.workspaces, channelAccounts: workerStore.channelAccounts,
    pushSubscriptions: workerStore.pushSubscriptions, workspaceKeys: workerStore.workspaceKeys,
  }, {
    box: secrets.box, links: secrets.links, log, ...(options.http ? { http: options.http } : {}), inappNotify: () => inappFeed.poke(),
    ...(options.pushAgent ? { pushAgent: options.pushAgent } : {}),
  });
  const metrics = createPromMetrics({
    dueQueue: () => readDueQueue(db.db),
    pools: () => (workerDb === db ? [poolStatsOf(db, db.kind === 'pglite' ? 'embedded' : 'shared')] : [poolStatsOf(db, 'api'), poolStatsOf(workerDb, 'worker')]),
    onCollectError: (source, err) => log.warn({ err, source }, 'metrics collection failed'),
  });
  const queue: Queue = {
    async send(list) {
      for (const name of [DELIVER, DELIVER_BULK]) {
        const mine = list.filter((j) => queueOf(j) === name);
        if (mine.length > 0) await jobs.sendMany(name, mine.map(toJob));
      }
    },
    async work(name, opts, handler) {
      for (let i = 0; i < opts.loops; i++) {
        await jobs.work(name, { batchSize: opts.batchSize }, (batch) => handler(batch.map((job) => job.data as Jobs[typeof name])));
      }
    },
  };
  const stageListeners: StageListener[] = [];
  const deps: Deps = {
    store,
    queue,
    clock: { now: () => new Date() },
    random: { token: (n) => randomBytes(n).toString('base64url'), unit: () => randomInt(0, 2 ** 32) / 2 ** 32, uuid: () => randomUUID() },
    channels: channels.registry,
    whatsappTemplates: channels.templates,
    pace: paceSql(workerDb.sql),
    passwords: createScryptHasher(),
    log,
    // Each stored stage change, once, after its commit (at most once: a crash in between loses the notice).
    onStageChanged: stageListeners,
    ...(config.publicUrl ? { publicUrl: config.publicUrl } : {}),
  };
  stageListeners.push(stageChangesToJourneys(deps));
  const targets = createTargetPolicy({ allowLoopback: config.webhooks.allowLoopback });
  const webhooks = {
    box: secrets.box, checkUrl: targets.checkUrl,
    sender: createWebhookSender({ timeoutMs: config.webhooks.timeoutMs, policy: targets, maxSockets: config.webhooks.concurrency }),
  };
  const intake = createEventIntake({ ...deps, automations: createAutomationCache() }, {
    // The embedded store has one connection: concurrent transactions would only queue behind it.
    concurrency: db.kind === 'pglite' ? 1 : config.intake.concurrency,
    maxBatch: config.intake.maxBatch,
  });
  return {
    config, db, jobs, deps, channels, log, metrics, intake, workLease: workLeaseSql(workerDb.sql), inappFeed, contactTokenKey: secrets.contactTokenKey,
    workerDeps: { ...deps, store: workerStore },
    webhooks,
    async close() {
      inappFeed.close();
      webhooks.sender.close();
      await jobs.stop().catch((err: unknown) => log.warn({ err }, 'queue stop failed'));
      channels.close();
      await closeAll();
    },
  };
}

/** Starts this process's delivery worker and its sweep; returns a stopper. */
export async function startWorker(rt: Runtime): Promise<() => Promise<void>> {
  const { leaseMs, sweepIntervalMs, reconcileMs, overdueMs } = rt.config.delivery;
  const worker = await startDeliveryWorker({ ...rt.workerDeps, metrics: rt.metrics }, {
    loops: rt.config.workerLoops,
    jobsPerFetch: rt.config.workerJobsPerFetch,
    inFlight: rt.config.workerConcurrency,
    horizonMs: 1000,
    leaseMs,
    reconcileMs,
    // WhatsApp's Cloud API and Twilio document no idempotency key: a send left unsettled waits for its status webhook.
    reconcileChannels: ['whatsapp', 'sms'],
    sweepIntervalMs,
    overdueMs,
  });
  const broadcasts = startBroadcastRunner(rt.workerDeps, { intervalMs: rt.config.broadcast.intervalMs, chunk: rt.config.broadcast.chunk });
  const journeys = rt.config.journeys.intervalMs > 0 ? startJourneyRunner(rt.workerDeps, rt.config.journeys) : null;
  // Every worker sweeps; SKIP LOCKED hands each due contact to one of them.
  const lifecycle = startLifecycleSweep(rt.workerDeps, { intervalMs: rt.config.lifecycleSweepMs, batch: 1000 });
  // Rewards are decided right after their event; this repairs what a crash in between left.
  const referrals = startReferralSweep(rt.workerDeps, { intervalMs: 60_000, batch: 500 });
  // Bounded per pass: a WABA's webhook may be lost, Meta's rate limits must not be.
  // Every worker process runs the loop; the lease in the database lets one of them make each round.
  const templateSync = startTemplateSync(rt.workerDeps, {
    intervalMs: rt.config.templateSyncMs, perWorkspace: 20, workspaces: 1000, lease: { port: rt.workLease, holder: randomUUID() },
  });
  // Nightly by default: recency drifts by the day, and the cut points and the value model with it.
  const insights = startInsightsSchedule(rt.workerDeps, { intervalMs: rt.config.insightsMs, lease: { port: rt.workLease, holder: randomUUID() } });
  const wh = rt.config.webhooks;
  const webhooks = startWebhookWorker({ ...rt.workerDeps, box: rt.webhooks.box, sender: rt.webhooks.sender }, {
    intervalMs: wh.intervalMs, batch: wh.batch, concurrency: wh.concurrency,
    // The claim outlasts the receiver's timeout by a margin, so a live worker's claim never lapses mid-send.
    leaseMs: wh.timeoutMs * 2 + 5000,
    retryDelaysMs: wh.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS,
    pause: { ...DEFAULT_PAUSE_POLICY, maxConsecutiveFailures: wh.pauseAfterFailures, minFailuresForAge: Math.min(DEFAULT_PAUSE_POLICY.minFailuresForAge, wh.pauseAfterFailures) },
    keepDays: wh.keepDays,
  });
  return async () => {
    await webhooks.stop();
    await insights.stop();
    await templateSync.stop();
    await lifecycle.stop();
    await referrals.stop();
    await broadcasts.stop();
    await journeys?.stop();
    await worker.stop();
  };
}

/**
 * `sapa worker`: the delivery worker, and with SAPA_WORKER_PORT its /healthz, /readyz and /metrics
 * (the sends are counted in this process, so this is where Prometheus must scrape them).
 */
export async function startWorkerProcess(rt: Runtime): Promise<{ port: number | null; stop: () => Promise<void> }> {
  const stopWorker = await startWorker(rt);
  if (rt.config.workerPort === undefined) return { port: null, stop: stopWorker };
  let running = true;
  const ops = await buildOpsApp({
    metricsText: () => rt.metrics.text(),
    readiness: {
      store: async () => {
        await rt.db.executeSql('select 1');
        return { ready: true, state: rt.db.kind };
      },
      worker: async () => ({ ready: running, state: running ? 'running' : 'stopped' }),
    },
  });
  await ops.listen({ port: rt.config.workerPort, host: rt.config.host });
  return {
    port: rt.config.workerPort,
    async stop() {
      running = false;
      await ops.close();
      await stopWorker();
    },
  };
}

/** First start: owner from env (or a generated password, printed once) and the demo data. */
export async function bootstrap(rt: Runtime): Promise<{ email: string; password?: string; created: boolean }> {
  const result = await bootstrapOwner(rt.deps, { email: rt.config.admin.email, password: rt.config.admin.password, workspaceName: 'Toko Demo Sapa' });
  // VAPID keys on first start: the shop's site can subscribe browsers before anything is sent.
  if (rt.channels.push.live) await rt.channels.push.publicKey(result.workspace.id);
  if (result.created && rt.config.seedDemo) {
    // A real number means real customers: the demo's messages must never reach them.
    const seeded = await seedDemo(rt.deps, result.workspace.id, { realChannel: rt.config.whatsapp !== null });
    if (seeded === 'real_channel') rt.log.info({}, 'demo data not seeded: a real WhatsApp number is configured');
  }
  return { email: result.email, created: result.created, ...(result.generatedPassword ? { password: result.generatedPassword } : {}) };
}

/** Starts API + web app + worker in this process. */
export async function startServer(rt: Runtime, options: { webDist?: string } = {}) {
  const stopWorker = rt.config.runWorker ? await startWorker(rt) : async () => undefined;
  let workerReady = true;
  const workerState = () => (!rt.config.runWorker ? 'external' : workerReady ? 'running' : 'stopped');
  const app = await buildApp({
    ...rt.deps,
    intake: rt.intake,
    whatsappWebhooks: rt.channels.whatsappWebhooks,
    inappFeed: rt.inappFeed,
    contactTokenKey: rt.contactTokenKey,
    smsWebhooks: rt.channels.smsWebhooks,
    push: rt.channels.push,
    channelAccounts: rt.channels.accounts,
    webhooks: { box: rt.webhooks.box, checkUrl: rt.webhooks.checkUrl },
    links: rt.channels.accounts.links,
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
    trustProxy: rt.config.trustProxy,
    loginThrottle: { ...DEFAULT_THROTTLE, lockMs: rt.config.login.lockMs, baseDelayMs: rt.config.login.delayMs },
    ...(rt.config.publicUrl ? { publicUrl: rt.config.publicUrl } : {}),
  }, { logger: logOptions(rt.config.logLevel) });
  const address = await app.listen({ port: rt.config.port, host: rt.config.host });
  const inbound = rt.config.smtpInboundPort !== undefined ? await startBounceListener(rt, rt.config.smtpInboundPort) : null;
  return {
    app,
    address,
    /** Where bounce reports are received by SMTP (SMTP_INBOUND_PORT; 0 picks a free port). */
    inboundSmtpPort: inbound?.port ?? null,
    async stop() {
      workerReady = false;
      await inbound?.close();
      await app.close();
      await stopWorker();
    },
  };
}

/** SMTP_INBOUND_PORT: DSNs received by SMTP mark their addresses bounced (app/email-feedback.ts receiveDsn). */
async function startBounceListener(rt: Runtime, port: number) {
  const deps = { ...rt.deps, links: rt.channels.accounts.links };
  const inbound = await startInboundSmtp({ port, host: rt.config.host }, async (dsn) => {
    const result = await receiveDsn(deps, dsn);
    rt.log.info({ result }, 'bounce report received by SMTP');
  }, (err) => rt.log.warn({ err }, 'bounce report could not be handled'));
  rt.log.info({ port: inbound.port }, 'receiving bounce reports by SMTP');
  return inbound;
}
