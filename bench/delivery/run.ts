/**
 * `npm run bench:delivery`: how fast Sapa's delivery worker drains a backlog on PostgreSQL,
 * printed beside two floors measured in the same run (floors.ts), against a zero-latency local
 * WhatsApp Cloud API (cloud-api-server.ts) that counts every send by message id and by second.
 *
 * Runs, each on a fresh database (sapa_bench_<random>, dropped afterwards, on failure too):
 * 1. pg-boss fetch+complete floor: N jobs, one loop fetching 100 and completing them.
 * 2. set-based `pg` worker floor: N queued messages claimed 100 per statement, POSTed, recorded per batch.
 * 3. one `sapa worker` process draining N queued messages (jobs of 100 ids), per --concurrency value.
 * 4. unless --skip-limited: a smaller backlog with SAPA_WHATSAPP_RATE_LIMIT set, one worker, then two.
 * 5. unless --skip-email: one `sapa worker` sending --email-messages emails over SMTP (pooled) to an
 *    in-process SMTP server (email.ts), and with --email-limit the same with the email account's
 *    ratePerSecond set, checked like WhatsApp's limit (no sliding second above it).
 * 6. unless --skip-sms: the same for SMS (--sms-messages, --sms-limited-messages, --sms-limit)
 *    through the Twilio wire format to the project's local provider (sms.ts).
 *
 * Every run checks that each message reached the server exactly once and ended `sent`; a limited
 * run also that no 1-second window (sliding) at the server held more sends than the limit.
 * Exits non-zero when a message was not sent, sent twice, a limit was exceeded or a worker misbehaved.
 *
 * Options: --messages N (50000), --limited-messages N (2000), --limit R (80), --ids-per-job K (100),
 * --concurrency 4[,64,…] (SAPA_WORKER_CONCURRENCY per run; default: Sapa's own), --skip-limited,
 * --skip-floors, --store postgres (the only store: PGlite is one process, no `sapa worker`),
 * --sapa-root DIR (run `sapa` from another checkout, e.g. `git archive HEAD` unpacked with a link to
 * node_modules, to measure a committed engine while the working tree changes; seed-backlog.ts must match its schema).
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { createLocation, postgresUnreachable, SERVER_URL } from '../events/store-location.js';
import { startCloudApi, type CloudApi, type Report } from './cloud-api.js';
import { pgBossFloor, setBasedFloor } from './floors.js';
import { migrate, setSapaRoot, startWorker, type WorkerProcess } from './sapa-worker.js';
import { deliveryState, seedBacklog, type Backlog, type DeliveryState } from './seed-backlog.js';
import { printTable } from '../table.js';
import { BENCH_SECRET_KEY, startEmailPeer } from './email.js';
import type { CountingPeer } from './peer.js';
import { startSmsPeer } from './sms.js';

const { values: args } = parseArgs({
  options: {
    messages: { type: 'string', default: '50000' },
    'limited-messages': { type: 'string', default: '2000' },
    limit: { type: 'string', default: '80' },
    'ids-per-job': { type: 'string', default: '100' },
    concurrency: { type: 'string' },
    'skip-limited': { type: 'boolean', default: false },
    /** Worker processes for the unlimited runs, e.g. 1,2,4 to see where adding processes stops helping (docs/scaling.md). */
    processes: { type: 'string', default: '1' },
    'skip-floors': { type: 'boolean', default: false },
    store: { type: 'string', default: 'postgres' },
    'sapa-root': { type: 'string' },
    'email-messages': { type: 'string', default: '5000' },
    'email-limited-messages': { type: 'string', default: '600' },
    'email-limit': { type: 'string', default: '50' },
    'skip-email': { type: 'boolean', default: false },
    'sms-messages': { type: 'string', default: '3000' },
    'sms-limited-messages': { type: 'string', default: '600' },
    'sms-limit': { type: 'string', default: '50' },
    'skip-sms': { type: 'boolean', default: false },
  },
});

function positiveInt(name: string, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) {
    console.error(`--${name} must be a positive integer (got ${value})`);
    process.exit(2);
  }
  return n;
}
if (args.store !== 'postgres') {
  console.error(`--store ${args.store}: bench:delivery runs on PostgreSQL only (PGlite is one process; \`sapa worker\` needs DATABASE_URL).`);
  process.exit(2);
}
const MESSAGES = positiveInt('messages', args.messages);
const LIMITED_MESSAGES = positiveInt('limited-messages', args['limited-messages']);
const LIMIT = positiveInt('limit', args.limit);
const IDS_PER_JOB = positiveInt('ids-per-job', args['ids-per-job']);
const EMAIL_MESSAGES = positiveInt('email-messages', args['email-messages']);
const EMAIL_LIMITED_MESSAGES = positiveInt('email-limited-messages', args['email-limited-messages']);
const EMAIL_LIMIT = positiveInt('email-limit', args['email-limit']);
const SMS_MESSAGES = positiveInt('sms-messages', args['sms-messages']);
const SMS_LIMITED_MESSAGES = positiveInt('sms-limited-messages', args['sms-limited-messages']);
const SMS_LIMIT = positiveInt('sms-limit', args['sms-limit']);
const PROCESSES = args.processes.split(',').map((p) => positiveInt('processes', p));
const CONCURRENCIES: (number | null)[] = args.concurrency ? args.concurrency.split(',').map((c) => positiveInt('concurrency', c)) : [null];
if (args['sapa-root']) setSapaRoot(args['sapa-root']);
/** How a run tells the workers the sender's limit, 0 for none (also handed to seedBacklog, for an engine that stores it). */
const RATE_LIMIT_ENV = 'SAPA_WHATSAPP_RATE_LIMIT';
const FLOOR_BATCH = 100;
const FLOOR_LANES = 4;
const FLOOR_SENDS_PER_BATCH = 16;
const POLL_MS = 1000;
/** A run with no new send and no status change for this long is stuck. */
const STALL_MS = 60_000;
/** Whatever happens, a run ends after this long. */
const RUN_CAP_MS = 45 * 60_000;

interface Row {
  run: string;
  msgs: number;
  seconds: number | null;
  rate: number | null;
  vs: string;
  max1s: string;
  rss: string;
  /** Node CPU ms per message of the process(es) doing the work. */
  cpuMs: number | null;
}

const rows: Row[] = [];
const problems: string[] = [];
const notes: string[] = [];
let floorRate: number | null = null;
let pgBossRate: number | null = null;

// What an interrupted run must still undo: running workers, databases not yet dropped, the server.
const liveWorkers = new Set<WorkerProcess>();
const pendingDrops = new Set<() => Promise<void>>();
let api: CloudApi | null = null;
let interrupted = false;

async function cleanUpAndExit(signal: string): Promise<void> {
  interrupted = true;
  console.error(`\n${signal}: stopping workers, dropping databases`);
  for (const w of liveWorkers) w.kill();
  for (const drop of pendingDrops) await drop().catch((err: unknown) => console.error(`drop failed: ${String(err)}`));
  await api?.close();
  process.exit(130);
}
process.once('SIGINT', () => void cleanUpAndExit('SIGINT'));
process.once('SIGTERM', () => void cleanUpAndExit('SIGTERM'));

/** A fresh database for one run, dropped afterwards whatever happens. */
async function withDatabase<T>(fn: (url: string) => Promise<T>): Promise<T> {
  const location = await createLocation('postgres');
  // One DROP however many ask for it (this run's finally and an interrupt's clean-up may race).
  let dropping: Promise<void> | null = null;
  const drop = () => (dropping ??= location.drop());
  pendingDrops.add(drop);
  try {
    return await fn(location.env.DATABASE_URL!);
  } finally {
    pendingDrops.delete(drop);
    await drop().catch((err: unknown) => problems.push(`could not drop the run's database: ${String(err)}`));
  }
}

/** A pool on the run's database; an idle connection closed under it (the database dropped after an interrupt) is not a crash. */
function openPool(url: string, max: number): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max });
  pool.on('error', () => undefined);
  return pool;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const describe = (s: DeliveryState) => Object.entries(s.byStatus).map(([k, v]) => `${v} ${k}`).join(', ') || 'no messages';

/**
 * Checks one run at the server and in the store: every message seen once, none unknown, all `sent`,
 * and (with a limit) no sliding 1-second window above it. Returns whether every message was delivered exactly once.
 */
function checkRun(label: string, ids: string[], report: Report, state: DeliveryState, limit: number | null): boolean {
  const before = problems.length;
  const expected = new Set(ids);
  const twice = report.perId.filter(([, n]) => n > 1);
  const unknown = report.perId.filter(([id]) => !expected.has(id));
  const seen = new Set(report.perId.map(([id]) => id));
  const neverSeen = ids.filter((id) => !seen.has(id));
  if (report.bad > 0) problems.push(`${label}: ${report.bad} requests the Cloud API refused, e.g. ${report.badSamples.join(' | ')}`);
  if (twice.length > 0) problems.push(`${label}: ${twice.length} messages reached WhatsApp more than once (${twice.slice(0, 3).map(([id, n]) => `${id} ×${n}`).join(', ')})`);
  if (unknown.length > 0) problems.push(`${label}: ${unknown.length} sends for message ids that are not in the backlog`);
  if (neverSeen.length > 0) problems.push(`${label}: ${neverSeen.length} of ${ids.length} messages never reached WhatsApp`);
  if ((state.byStatus.sent ?? 0) !== ids.length) problems.push(`${label}: ${ids.length} messages, but in the store: ${describe(state)}`);
  const delivered = problems.length === before;
  if (limit !== null && report.maxSliding1s > limit) problems.push(`${label}: ${report.maxSliding1s} sends in one 1-second window, limit ${limit}`);
  return delivered;
}

async function runPgBossFloor(): Promise<void> {
  const label = 'pg-boss fetch+complete floor';
  console.error(`${label}: ${fmt(MESSAGES)} jobs…`);
  const r = await withDatabase((url) => pgBossFloor(url, MESSAGES, FLOOR_BATCH));
  if (r.completed !== r.jobs || r.notCompleted > 0 || r.repeats > 0) {
    problems.push(`${label}: ${r.completed} of ${r.jobs} jobs completed, ${r.repeats} handed out twice, ${r.notCompleted} left not completed`);
  }
  pgBossRate = r.completed / r.seconds;
  rows.push({ run: label, msgs: r.jobs, seconds: r.seconds, rate: pgBossRate, vs: '—', max1s: '—', rss: '—', cpuMs: (r.cpuSeconds * 1000) / r.jobs });
}

async function runSetBasedFloor(cloud: CloudApi, client: 'node:http' | 'fetch'): Promise<void> {
  const label = client === 'node:http' ? 'set-based pg worker floor' : 'set-based floor, fetch client';
  console.error(`${label}: ${fmt(MESSAGES)} messages…`);
  await withDatabase(async (url) => {
    await migrate(url);
    const pool = openPool(url, FLOOR_LANES + 1);
    try {
      const backlog = await seedBacklog(pool, { messages: MESSAGES, idsPerJob: 0 });
      await cloud.reset();
      const cpu0 = process.cpuUsage();
      const r = await setBasedFloor(pool, cloud, backlog, { batchSize: FLOOR_BATCH, lanes: FLOOR_LANES, sendsPerBatch: FLOOR_SENDS_PER_BATCH, client });
      const cpu = process.cpuUsage(cpu0);
      const report = await cloud.report();
      const state = await deliveryState(pool, backlog);
      if (r.failed > 0) problems.push(`${label}: ${r.failed} sends failed, e.g. ${r.failures.join(' | ')}`);
      const ok = checkRun(label, backlog.messageIds, report, state, null) && r.failed === 0;
      const seconds = report.firstAt === null ? null : (r.endAt - report.firstAt) / 1000;
      const rate = seconds ? (state.byStatus.sent ?? 0) / seconds : null;
      if (ok && client === 'node:http') floorRate = rate;
      const vs = !ok || rate === null ? 'wrong' : floorRate ? `${(rate / floorRate).toFixed(2)}×` : '—';
      rows.push({ run: label, msgs: MESSAGES, seconds, rate, vs, max1s: fmt(report.maxSliding1s), rss: '—', cpuMs: (cpu.user + cpu.system) / 1000 / MESSAGES });
    } finally {
      await pool.end();
    }
  });
}

/** Waits until no message is queued or sending; returns why it gave up, or null when all settled. */
async function waitSettled(cloud: CloudApi, pool: pg.Pool, backlog: Backlog, workers: WorkerProcess[], label: string): Promise<string | null> {
  const start = Date.now();
  let lastKey = '';
  let lastChange = start;
  let lastPrint = start;
  for (let round = 0; round < RUN_CAP_MS / POLL_MS; round++) {
    await sleep(POLL_MS);
    const [progress, state] = await Promise.all([cloud.progress(), deliveryState(pool, backlog)]);
    if (state.pending === 0) return null;
    const now = Date.now();
    const key = `${progress.requests}|${describe(state)}`;
    if (key !== lastKey) {
      lastKey = key;
      lastChange = now;
    }
    if (now - lastPrint >= 15_000) {
      lastPrint = now;
      console.error(`  ${label}: ${fmt(progress.requests)} sends at the server, store: ${describe(state)} (${fmt((now - start) / 1000)} s)`);
    }
    const dead = workers.find((w) => !w.alive());
    if (dead) return `worker ${dead.pid} exited during the run; its output ends:\n${dead.output().slice(-2000)}`;
    if (now - lastChange > STALL_MS) return `no progress for ${STALL_MS / 1000} s (store: ${describe(state)})`;
  }
  return `not settled after ${RUN_CAP_MS / 60_000} minutes`;
}

/** One Sapa run: fresh database, `sapa migrate`, the backlog, `processes` workers until it drains. */
async function runSapa(cloud: CloudApi, label: string, messages: number, processes: number, env: Record<string, string>, limit: number | null): Promise<void> {
  console.error(`${label}: ${fmt(messages)} messages…`);
  await withDatabase(async (url) => {
    await migrate(url);
    const pool = openPool(url, 2);
    try {
      const backlog = await seedBacklog(pool, { messages, idsPerJob: IDS_PER_JOB, ...(limit === null ? {} : { ratePerSecond: limit }) });
      await cloud.reset();
      const workers: WorkerProcess[] = [];
      let gaveUp: string | null;
      try {
        for (let i = 0; i < processes; i++) {
          const w = startWorker({ DATABASE_URL: url, ...cloud.env, ...env });
          workers.push(w);
          liveWorkers.add(w);
        }
        gaveUp = await waitSettled(cloud, pool, backlog, workers, label);
      } finally {
        for (const w of workers) {
          const end = await w.stop();
          liveWorkers.delete(w);
          if (end.killed) problems.push(`${label}: worker ${w.pid} did not stop within 30 s of SIGTERM`);
          else if (!end.exitedEarly && end.code !== 0) problems.push(`${label}: worker ${w.pid} exited with ${end.code ?? end.signal} on SIGTERM`);
          const errors = w.output().split('\n').filter((l) => /"level":(50|60)/.test(l));
          if (errors.length > 0) problems.push(`${label}: worker ${w.pid} logged ${errors.length} errors, first: ${errors[0]!.slice(0, 400)}`);
          const warnings = w.output().split('\n').filter((l) => /"level":40/.test(l));
          if (warnings.length > 0) notes.push(`${label}: worker ${w.pid} logged ${warnings.length} warnings, first: ${warnings[0]!.slice(0, 300)}`);
        }
      }
      if (gaveUp) problems.push(`${label}: ${gaveUp}`);
      const report = await cloud.report();
      const state = await deliveryState(pool, backlog);
      const ok = checkRun(label, backlog.messageIds, report, state, limit);
      const seconds = report.firstAt !== null && state.lastSentAt !== null ? (state.lastSentAt - report.firstAt) / 1000 : null;
      const rate = seconds ? (state.byStatus.sent ?? 0) / seconds : null;
      const vs = !ok || rate === null ? 'wrong'
        : limit !== null ? `${(rate / limit).toFixed(2)}× limit`
        : floorRate ? `${(rate / floorRate).toFixed(2)}×` : '—';
      const over = limit !== null && report.maxSliding1s > limit;
      rows.push({
        run: label, msgs: messages, seconds, rate, vs,
        max1s: `${fmt(report.maxSliding1s)}${over ? ' FAIL' : ''}`,
        rss: workers.map((w) => fmt(w.peakRssMb())).join(' / '),
        cpuMs: (workers.reduce((sum, w) => sum + w.busyCpuSeconds(), 0) * 1000) / messages,
      });
      if (limit !== null && rate !== null && Math.abs(rate - limit) > 0.05 * limit) {
        notes.push(`${label}: ${fmt(rate, 1)} msgs/s is not within 5 % of the ${limit}/s limit`);
      }
      if (limit !== null) notes.push(`${label}: most sends in one wall-clock second ${report.maxFixed1s}, in any sliding second ${report.maxSliding1s}`);
    } finally {
      await pool.end();
    }
  });
}

/** One run against a peer: fresh database, its backlog on a workspace account (its ratePerSecond = limit), one worker until it drains. */
async function runSapaPeer(peer: CountingPeer, label: string, messages: number, env: Record<string, string>, limit: number | null): Promise<void> {
  console.error(`${label}: ${fmt(messages)} ${peer.noun}…`);
  await withDatabase(async (url) => {
    await migrate(url);
    const pool = openPool(url, 2);
    try {
      const { backlog, keys } = await peer.seed(pool, { messages, idsPerJob: IDS_PER_JOB, ratePerSecond: limit });
      peer.reset();
      const w = startWorker({ DATABASE_URL: url, SAPA_SECRET_KEY: BENCH_SECRET_KEY, ...peer.env, ...env });
      liveWorkers.add(w);
      let gaveUp: string | null = null;
      try {
        const start = Date.now();
        let lastKey = '';
        let lastChange = start;
        for (;;) {
          await sleep(POLL_MS);
          const state = await deliveryState(pool, backlog);
          if (state.pending === 0) break;
          const key = describe(state);
          if (key !== lastKey) { lastKey = key; lastChange = Date.now(); }
          if (!w.alive()) { gaveUp = `worker exited; its output ends:\n${w.output().slice(-2000)}`; break; }
          if (Date.now() - lastChange > STALL_MS) { gaveUp = `no progress for ${STALL_MS / 1000} s (store: ${key})`; break; }
        }
      } finally {
        const end = await w.stop();
        liveWorkers.delete(w);
        if (end.killed) problems.push(`${label}: worker ${w.pid} did not stop within 30 s of SIGTERM`);
        const errors = w.output().split('\n').filter((l) => /"level":(50|60)/.test(l));
        if (errors.length > 0) problems.push(`${label}: worker ${w.pid} logged ${errors.length} errors, first: ${errors[0]!.slice(0, 400)}`);
      }
      if (gaveUp) problems.push(`${label}: ${gaveUp}`);
      const r = peer.report();
      const state = await deliveryState(pool, backlog);
      const before = problems.length;
      const twice = [...r.perKey.values()].filter((n) => n > 1).length;
      const missing = keys.filter((k) => !r.perKey.has(k)).length;
      if (twice > 0) problems.push(`${label}: ${twice} ${peer.noun} arrived more than once`);
      if (missing > 0 || r.unknown > 0) problems.push(`${label}: ${missing} ${peer.noun} never arrived, ${r.unknown} not ours`);
      if ((state.byStatus.sent ?? 0) !== messages) problems.push(`${label}: ${messages} ${peer.noun}, but in the store: ${describe(state)}`);
      const ok = problems.length === before;
      const over = limit !== null && r.maxSliding1s > limit;
      if (over) problems.push(`${label}: ${r.maxSliding1s} ${peer.noun} in one 1-second window, limit ${limit}`);
      const seconds = r.firstAt !== null && state.lastSentAt !== null ? (state.lastSentAt - r.firstAt) / 1000 : null;
      const rate = seconds ? (state.byStatus.sent ?? 0) / seconds : null;
      rows.push({
        run: label, msgs: messages, seconds, rate,
        vs: !ok || rate === null ? 'wrong' : limit !== null ? `${(rate / limit).toFixed(2)}× limit` : floorRate ? `${(rate / floorRate).toFixed(2)}×` : '—',
        max1s: `${fmt(r.maxSliding1s)}${over ? ' FAIL' : ''}`, rss: fmt(w.peakRssMb()), cpuMs: (w.busyCpuSeconds() * 1000) / messages,
      });
      notes.push(`${label}: ${r.note}`);
    } finally {
      await pool.end();
    }
  });
}

function printRuns(): void {
  printTable(['run', 'msgs', 's', 'msgs/s', 'vs floor', 'max/1s', 'worker RSS MB', 'CPU ms/msg'], rows.map((r) => [
    r.run, fmt(r.msgs), r.seconds === null ? '—' : fmt(r.seconds, 1), r.rate === null ? '—' : fmt(r.rate), r.vs, r.max1s, r.rss,
    r.cpuMs === null ? '—' : fmt(r.cpuMs, 2),
  ]));
  console.log('');
}

async function main(): Promise<void> {
  const why = await postgresUnreachable();
  if (why) {
    console.error(`PostgreSQL unreachable (${why}); set SAPA_BENCH_DATABASE_URL`);
    process.exit(2);
  }
  const version = await (async () => {
    const c = new pg.Client({ connectionString: SERVER_URL });
    await c.connect();
    try {
      return (await c.query<{ v: string }>(`select current_setting('server_version') as v`)).rows[0]!.v;
    } finally {
      await c.end();
    }
  })();
  const cString = (c: number | null) => (c === null ? 'default' : String(c));
  console.log(`bench:delivery — PostgreSQL ${version}, Node ${process.version}, ${os.cpus().length} cores, load ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  console.log(`sapa from ${args['sapa-root'] ?? 'this checkout'}; ${fmt(MESSAGES)} messages, jobs of ${IDS_PER_JOB} ids, SAPA_WORKER_CONCURRENCY ${CONCURRENCIES.map(cString).join(', ')}; limited runs: ${args['skip-limited'] ? 'skipped' : `${fmt(LIMITED_MESSAGES)} messages at ${LIMIT}/s`}`);

  api = await startCloudApi();
  const cloud = api;
  /** Runs one row; a run that throws is reported and the next one still runs. */
  const attempt = async (label: string, run: () => Promise<void>) => {
    if (interrupted) return;
    try {
      await run();
    } catch (err) {
      problems.push(`${label}: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
    }
  };
  try {
    if (!args['skip-floors']) {
      await attempt('pg-boss floor', runPgBossFloor);
      await attempt('set-based floor', () => runSetBasedFloor(cloud, 'node:http'));
      await attempt('set-based floor, fetch', () => runSetBasedFloor(cloud, 'fetch'));
    }
    for (const c of CONCURRENCIES) {
      for (const processes of PROCESSES) {
        // 0: no limit (engine v2 limits WhatsApp to 80/s unless told otherwise; older engines ignore it).
        const env: Record<string, string> = { [RATE_LIMIT_ENV]: '0', ...(c === null ? {} : { SAPA_WORKER_CONCURRENCY: String(c) }) };
        const label = `sapa worker (${processes} process${processes === 1 ? '' : 'es'}${c === null ? '' : `, c=${c}`})`;
        await attempt(label, () => runSapa(cloud, label, MESSAGES, processes, env, null));
      }
    }
    const peers = [
      ...(args['skip-email'] ? [] : [{ start: startEmailPeer, name: 'email', over: 'email over SMTP', messages: EMAIL_MESSAGES, limited: EMAIL_LIMITED_MESSAGES, limit: EMAIL_LIMIT }]),
      ...(args['skip-sms'] ? [] : [{ start: startSmsPeer, name: 'SMS', over: 'SMS over HTTP (Twilio format)', messages: SMS_MESSAGES, limited: SMS_LIMITED_MESSAGES, limit: SMS_LIMIT }]),
    ];
    for (const p of peers) {
      const peer = await p.start();
      try {
        const c = CONCURRENCIES[0] ?? null;
        const env: Record<string, string> = c === null ? {} : { SAPA_WORKER_CONCURRENCY: String(c) };
        await attempt(p.name, () => runSapaPeer(peer, `sapa worker, ${p.over} (1 process)`, p.messages, env, null));
        await attempt(`${p.name} limited`, () => runSapaPeer(peer, `sapa worker, ${p.name}, account limit ${p.limit}/s (1)`, p.limited, env, p.limit));
      } finally {
        await peer.close();
      }
    }
    if (!args['skip-limited']) {
      const c = CONCURRENCIES[0] ?? null;
      const env = { [RATE_LIMIT_ENV]: String(LIMIT), ...(c === null ? {} : { SAPA_WORKER_CONCURRENCY: String(c) }) };
      for (const processes of [1, 2]) {
        const label = `sapa worker, limit ${LIMIT}/s (${processes})`;
        await attempt(label, () => runSapa(cloud, label, LIMITED_MESSAGES, processes, env, LIMIT));
      }
    }
  } finally {
    await cloud.close();
  }
  // An interrupt's clean-up ends the process; the table of an interrupted run would mislead.
  if (interrupted) await new Promise(() => undefined);

  printRuns();
  console.log('msgs/s: floors and Sapa from the first send at the server to the last outcome recorded (sent_at); pg-boss floor in jobs/s.');
  console.log(`set-based floors: ${FLOOR_BATCH} ids claimed per statement, ${FLOOR_LANES} batches in flight × ${FLOOR_SENDS_PER_BATCH} sends each, one statement to record a batch.`);
  console.log('vs floor: ÷ the set-based (node:http) floor of this run (limited runs: ÷ the limit). max/1s: most sends at the server in any sliding 1-second window.');
  console.log('worker RSS MB: peak resident memory of each `sapa worker` process (VmHWM and 250 ms samples).');
  console.log('CPU ms/msg: Node CPU per message (per job for pg-boss) of the sending process(es) — the worker(s) from ready to stop, or this');
  console.log(`process for the floors; it holds still on a busy machine where msgs/s does not. Load now: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}.`);
  if (pgBossRate !== null) {
    console.log(`pg-boss floor ${fmt(pgBossRate)} jobs/s × ${IDS_PER_JOB} ids per job = ${fmt(pgBossRate * IDS_PER_JOB)} msgs/s the queue alone could carry (${fmt(pgBossRate)} with one id per job).`);
  }
  for (const r of rows.filter((x) => x.run.startsWith('sapa worker (1 process') && x.rate !== null)) {
    console.log(`goal (issue 5): one worker ≥ 3,000 msgs/s — ${r.run}: ${fmt(r.rate!)} msgs/s, ${r.rate! >= 3000 ? 'met' : 'not met'}`);
  }
  for (const n of notes) console.log(`note: ${n}`);
  if (problems.length > 0) {
    for (const p of problems) console.error(`FAIL: ${p}`);
    process.exit(1);
  }
  console.log('OK: every message reached its provider (Cloud API, SMTP server, SMS provider) exactly once and is recorded sent; no limit exceeded.');
}

await main();
