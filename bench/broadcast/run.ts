/**
 * `npm run bench:broadcast`: a broadcast to a segment of N contacts, on PGlite and on PostgreSQL —
 * the fan-out (every recipient row written and its delivery job queued), the segment's count, and
 * the send through one and two `sapa worker` processes — each beside its floor from the same run.
 *
 * Per store and contact count, on a fresh database / data folder (dropped afterwards):
 * 1. `sapa start` once to migrate and bootstrap the owner, then (Sapa stopped) N contacts seeded by
 *    SQL (store-sql.ts: generate_series, +62812… numbers, `promo` on half, WhatsApp opt-out on a
 *    tenth); Sapa started again; a marketing template and a segment `tags contains promo` over the API.
 * 2. Segment count: `GET /api/v1/segments/:id/count`, one warm-up, then the median of 5.
 * 3. Fan-out: the workspace's quiet hours are set around now, so the marketing broadcast's recipients
 *    are written and queued for the end of quiet hours and nothing is sent meanwhile (spec §4: deferred,
 *    not dropped); the figure runs from `POST /broadcasts/:id/send` until broadcasts.total is the
 *    segment's size (it moves in the transaction that writes a chunk's rows and its pg-boss jobs of
 *    100 ids, so then all are committed): polled by SQL on PostgreSQL, over the API on PGlite; peak RSS of the
 *    process that fans out: on PostgreSQL one `sapa worker` (Sapa itself runs with SAPA_RUN_WORKER=false),
 *    on PGlite `sapa start` (its worker is in-process). The broadcast is then cancelled.
 * 4. Floors, Sapa stopped, on the same data: one plain INSERT … SELECT of the same rows (same columns,
 *    same consent join, idempotency keys on a fresh broadcast id) in one transaction; the same in
 *    keyset chunks of SAPA_BROADCAST_CHUNK, a transaction each (no jobs); the count as one statement.
 *    The floors' rows are deleted afterwards.
 * 5. Unless --skip-send: quiet hours off, frequency cap off; a fresh broadcast to the same segment sent
 *    to the zero-latency Cloud API server of bench/delivery with SAPA_WHATSAPP_RATE_LIMIT=0, through one
 *    `sapa worker`, then another through two (PostgreSQL); on PGlite through `sapa start`'s own worker.
 *    From POST send to the last request at the server; every eligible recipient must reach the server
 *    exactly once, the opted-out ones never.
 * Then one PASS/FAIL line per goal of issue 7 (they report; the exit code is for wrong results).
 *
 * Options: --contacts 100000[,1000000], --store pglite,postgres, --skip-send.
 */
import { parseArgs } from 'node:util';
import { startSapaProcess, type SapaProcess } from '../../test/support/sapa-process.js';
import { startCloudApi, type CloudApi } from '../delivery/cloud-api.js';
import { startWorker, type WorkerProcess } from '../delivery/sapa-worker.js';
import { RssSampler, rssMb } from '../events/children.js';
import { createLocation, postgresUnreachable, type BenchStore } from '../events/store-location.js';
import { printTable } from '../table.js';
import { SapaApi } from './sapa-api.js';
import { broadcastTimes, dropFloorRows, floorChunked, floorCount, floorOneStatement, median, openDb, seedContacts, type Db } from './store-sql.js';

const { values: args } = parseArgs({
  options: {
    contacts: { type: 'string', default: '100000' },
    store: { type: 'string', default: 'pglite,postgres' },
    'skip-send': { type: 'boolean', default: false },
  },
});
const CONTACTS = args.contacts.split(',').map((c) => {
  const n = Number(c);
  if (!Number.isInteger(n) || n < 10) throw new Error(`--contacts: ${c} is not a whole number ≥ 10`);
  return n;
});
const STORES = args.store.split(',').map((s) => {
  if (s !== 'pglite' && s !== 'postgres') throw new Error(`--store: ${s} is neither pglite nor postgres`);
  return s as BenchStore;
});
const OWNER = { email: 'bench@sapa.test', password: 'bench-password-1' };
const CHUNK = 5000;
const COUNT_TIMES = 5;
const RUN_CAP_MS = 45 * 60_000;
const STALL_MS = 120_000;
/** How often the fan-out's end is looked for: by SQL on PostgreSQL, over the API on PGlite (one process holds the folder). */
const PG_POLL_MS = 25;
const PGLITE_POLL_MS = 200;
const GOAL = { vsFloor: 2, rssMb: 400, rssFlat: 1.2, countMs: 1000, countAt: 1_000_000 };

interface FanOut { store: BenchStore; contacts: number; recipients: number; sapaS: number; storeS: number; floorS: number; chunkedS: number; rssMb: number; apiRssMb: number | null }
interface Count { store: BenchStore; contacts: number; segment: number; sapaMs: number; floorMs: number }
interface Send { store: BenchStore; contacts: number; workers: string; sent: number; seconds: number; rssMb: string }

const fanOuts: FanOut[] = [];
const counts: Count[] = [];
const sends: Send[] = [];
const problems: string[] = [];
const notes: string[] = [];
const liveWorkers = new Set<WorkerProcess>();

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const fmt = (n: number, digits = 0) => (Number.isFinite(n) ? n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits }) : '—');
const ratio = (a: number, b: number) => (b > 0 && Number.isFinite(a) ? `${(a / b).toFixed(2)}×` : '—');

/** SIGTERM and a clean exit, or a problem named. */
async function stopSapa(label: string, sapa: SapaProcess): Promise<void> {
  const alive = sapa.child.exitCode === null && sapa.child.signalCode === null;
  const code = await sapa.kill('SIGTERM');
  if (!alive || code !== 0) problems.push(`${label}: Sapa ${alive ? `exited with ${code} on SIGTERM` : 'had exited by itself'}; output ends:\n${sapa.output().slice(-2000)}`);
  const errors = sapa.output().split('\n').filter((l) => /"level":(50|60)/.test(l));
  if (errors.length > 0) problems.push(`${label}: Sapa logged ${errors.length} errors, first: ${errors[0]!.slice(0, 400)}`);
}

async function startWorkers(count: number, env: Record<string, string>): Promise<WorkerProcess[]> {
  const workers: WorkerProcess[] = [];
  for (let i = 0; i < count; i++) {
    const w = startWorker(env);
    workers.push(w);
    liveWorkers.add(w);
  }
  const deadline = Date.now() + 90_000;
  while (!workers.every((w) => w.output().includes('Sapa worker running'))) {
    const dead = workers.find((w) => !w.alive());
    if (dead) throw new Error(`sapa worker exited on start: ${dead.output().slice(-2000)}`);
    if (Date.now() > deadline) throw new Error('sapa worker not running within 90 s');
    await sleep(100);
  }
  return workers;
}

async function stopWorkers(label: string, workers: WorkerProcess[]): Promise<void> {
  for (const w of workers) {
    const end = await w.stop();
    liveWorkers.delete(w);
    if (end.killed) problems.push(`${label}: worker ${w.pid} did not stop within 30 s of SIGTERM`);
    else if (end.exitedEarly || end.code !== 0) problems.push(`${label}: worker ${w.pid} ${end.exitedEarly ? 'exited during the run' : `exited with ${end.code ?? end.signal}`}: ${w.output().slice(-1000)}`);
    const errors = w.output().split('\n').filter((l) => /"level":(50|60)/.test(l));
    if (errors.length > 0) problems.push(`${label}: worker ${w.pid} logged ${errors.length} errors, first: ${errors[0]!.slice(0, 400)}`);
  }
}

/** Polls the broadcast until `done(view)`; throws after the cap or when nothing moves for STALL_MS. */
async function waitFor(api: SapaApi, id: string, everyMs: number, done: (v: Awaited<ReturnType<SapaApi['get']>>) => boolean, alive: () => string | null): Promise<void> {
  const start = Date.now();
  let lastKey = '';
  let lastChange = start;
  for (;;) {
    const v = await api.get(id);
    if (done(v)) return;
    const key = JSON.stringify(v.stats);
    if (key !== lastKey) {
      lastKey = key;
      lastChange = Date.now();
    }
    const why = alive();
    if (why) throw new Error(why);
    if (Date.now() - lastChange > STALL_MS) throw new Error(`broadcast ${id} stalled: ${v.status} ${key}`);
    if (Date.now() - start > RUN_CAP_MS) throw new Error(`broadcast ${id} not done after ${RUN_CAP_MS / 60_000} min: ${v.status} ${key}`);
    await sleep(everyMs);
  }
}

/** Polls broadcasts.total by SQL until it reaches `expected`. */
async function waitForTotal(db: Db, id: string, expected: number, alive: () => string | null): Promise<void> {
  const start = Date.now();
  for (;;) {
    const [b] = await db.query<{ total: number }>('select total from broadcasts where id = $1::uuid', [id]);
    if (Number(b?.total ?? 0) >= expected) return;
    const why = alive();
    if (why) throw new Error(why);
    if (Date.now() - start > RUN_CAP_MS) throw new Error(`broadcast ${id}: ${String(b?.total)} of ${expected} recipients after ${RUN_CAP_MS / 60_000} min`);
    await sleep(PG_POLL_MS);
  }
}

async function benchOne(store: BenchStore, contacts: number, cloud: CloudApi): Promise<void> {
  const label = `${store} ${fmt(contacts)}`;
  const location = await createLocation(store);
  const env = {
    ...location.env, ...cloud.env,
    SAPA_ADMIN_EMAIL: OWNER.email, SAPA_ADMIN_PASSWORD: OWNER.password,
    SAPA_WHATSAPP_RATE_LIMIT: '0', SAPA_BROADCAST_INTERVAL_MS: '100', SAPA_BROADCAST_CHUNK: String(CHUNK),
    ...(store === 'postgres' ? { SAPA_RUN_WORKER: 'false' } : {}),
  };
  const workerEnv = { ...env, SAPA_RUN_WORKER: 'true' };
  let sapa: SapaProcess | null = null;
  try {
    sapa = await startSapaProcess(env);
    await stopSapa(`${label} bootstrap`, sapa);
    sapa = null;

    let db = await openDb(store, location.env);
    const t0 = performance.now();
    const seed = await seedContacts(db, contacts).finally(() => db.close());
    console.error(`${label}: ${fmt(contacts)} contacts seeded in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

    sapa = await startSapaProcess(env);
    const api = await SapaApi.login(sapa.url, OWNER);
    await api.messagingSettings(true);
    const { templateId, segmentId } = await api.templateAndSegment();

    // The segment's count: one warm-up, then the median of 5.
    const countMs: number[] = [];
    for (let i = 0; i <= COUNT_TIMES; i++) {
      const c0 = performance.now();
      const n = await api.count(segmentId);
      if (i > 0) countMs.push(performance.now() - c0);
      if (n !== seed.segment) problems.push(`${label}: the segment's count is ${n}, expected ${seed.segment}`);
    }

    const fanOutId = await api.draft('Bench fan-out', templateId, segmentId);
    const floorIds = [await api.draft('Bench floor', templateId, segmentId), await api.draft('Bench floor chunked', templateId, segmentId)];
    const sendIds = [await api.draft('Bench send 1', templateId, segmentId), await api.draft('Bench send 2', templateId, segmentId)];

    // Fan-out, with nothing sent: quiet hours hold every recipient's job until their end.
    const workers = store === 'postgres' ? await startWorkers(1, workerEnv) : [];
    const apiSampler = new RssSampler(sapa.child.pid!);
    apiSampler.start();
    const sapaNow = sapa;
    const fanOutAlive = () => (workers.find((w) => !w.alive()) ? 'the fan-out worker exited' : sapaNow.child.exitCode !== null ? 'Sapa exited' : null);
    // broadcasts.total moves in the transaction that writes a chunk's rows and jobs: when it is the segment's size, all are committed.
    const poller = store === 'postgres' ? await openDb(store, location.env) : null;
    const w0 = performance.now();
    await api.send(fanOutId);
    try {
      if (poller) await waitForTotal(poller, fanOutId, seed.segment, fanOutAlive);
      else await waitFor(api, fanOutId, PGLITE_POLL_MS, (v) => v.stats.total >= seed.segment, fanOutAlive);
    } finally {
      await poller?.close();
    }
    const fanOutS = (performance.now() - w0) / 1000;
    apiSampler.stop();
    const fanView = await api.get(fanOutId);
    if (fanView.stats.sent + fanView.stats.sending > 0) problems.push(`${label}: ${fanView.stats.sent + fanView.stats.sending} recipients were sent during the fan-out (quiet hours should hold them)`);
    if ((fanView.stats.skipped.opted_out ?? 0) !== seed.optedOut) problems.push(`${label}: ${fanView.stats.skipped.opted_out ?? 0} skipped as opted_out, expected ${seed.optedOut}`);
    const fanRss = store === 'postgres' ? workers[0]!.peakRssMb() : Math.max(apiSampler.max, rssMb(sapa.child.pid!, 'VmHWM') ?? 0);
    await stopWorkers(`${label} fan-out`, workers);
    // Not cancelled: its jobs wait for the end of quiet hours, hours after these runs (and cancelling 50,000 recipients took over
    // 5 minutes on PGlite). Any send of theirs would show at the Cloud API server as an unexpected message id.
    await api.messagingSettings(false);
    await stopSapa(`${label} fan-out`, sapa);
    sapa = null;

    // Floors, on the same data, Sapa stopped.
    db = await openDb(store, location.env);
    try {
      const times = await broadcastTimes(db, fanOutId);
      if (!times.startedAt || !times.fannedOutAt) throw new Error(`${label}: the fan-out broadcast has started_at ${String(times.startedAt)}, fanned_out_at ${String(times.fannedOutAt)}`);
      const ids = { workspaceId: seed.workspaceId, templateId };
      const one = await floorOneStatement(db, { ...ids, broadcastId: floorIds[0]! });
      const chunked = await floorChunked(db, { ...ids, broadcastId: floorIds[1]! }, CHUNK);
      for (const f of [one, chunked]) if (f.rows !== seed.segment) problems.push(`${label}: a floor wrote ${f.rows} rows, expected ${seed.segment}`);
      const count = await floorCount(db, seed.workspaceId, COUNT_TIMES);
      await dropFloorRows(db, floorIds);
      fanOuts.push({
        store, contacts, recipients: times.total, sapaS: fanOutS, storeS: (times.fannedOutAt.getTime() - times.startedAt.getTime()) / 1000,
        floorS: one.seconds, chunkedS: chunked.seconds, rssMb: fanRss, apiRssMb: store === 'postgres' ? apiSampler.max : null,
      });
      counts.push({ store, contacts, segment: seed.segment, sapaMs: median(countMs), floorMs: count.medianMs });
      console.error(`${label}: fan-out ${fanOuts.at(-1)!.sapaS.toFixed(1)} s (floor ${one.seconds.toFixed(1)} s), count ${median(countMs).toFixed(0)} ms`);
    } finally {
      await db.close();
    }

    if (args['skip-send']) return;
    sapa = await startSapaProcess(env);
    const sendApi = await SapaApi.login(sapa.url, OWNER);
    const runs = store === 'postgres' ? [1, 2] : [0];
    for (const [i, processes] of runs.entries()) {
      const runLabel = `${label} send ${processes === 0 ? 'in-process' : `${processes} worker${processes > 1 ? 's' : ''}`}`;
      const ws = processes > 0 ? await startWorkers(processes, workerEnv) : [];
      const sampler = new RssSampler(sapa.child.pid!);
      sampler.start();
      try {
        await cloud.reset();
        const s0 = Date.now();
        await sendApi.send(sendIds[i]!);
        const sapaSend = sapa;
        await waitFor(sendApi, sendIds[i]!, 1000, (v) => v.status === 'done', () => (ws.find((w) => !w.alive()) ? 'a send worker exited' : sapaSend.child.exitCode !== null ? 'Sapa exited' : null));
        const view = await sendApi.get(sendIds[i]!);
        const report = await cloud.report();
        const expected = seed.segment - seed.optedOut;
        const twice = report.perId.filter(([, n]) => n > 1).length;
        if (report.bad > 0) problems.push(`${runLabel}: ${report.bad} requests the Cloud API refused, e.g. ${report.badSamples.join(' | ')}`);
        if (twice > 0) problems.push(`${runLabel}: ${twice} messages reached WhatsApp more than once`);
        if (report.perId.length !== expected) problems.push(`${runLabel}: ${report.perId.length} distinct messages reached WhatsApp, expected ${expected}`);
        if (view.stats.sent !== expected || (view.stats.skipped.opted_out ?? 0) !== seed.optedOut) problems.push(`${runLabel}: stats ${JSON.stringify(view.stats)}`);
        sends.push({
          store, contacts, workers: processes === 0 ? 'in sapa start' : String(processes), sent: view.stats.sent,
          seconds: report.lastAt === null ? NaN : (report.lastAt - s0) / 1000,
          rssMb: processes === 0 ? fmt(sampler.max) : ws.map((w) => fmt(w.peakRssMb())).join(' / '),
        });
        console.error(`${runLabel}: ${fmt(view.stats.sent)} sent in ${sends.at(-1)!.seconds.toFixed(1)} s`);
      } finally {
        sampler.stop();
        await stopWorkers(runLabel, ws);
      }
    }
    await stopSapa(`${label} send`, sapa);
    sapa = null;
  } finally {
    if (sapa) await sapa.kill('SIGTERM');
    await location.drop();
  }
}

function printResults(): void {
  printTable(
    ['store', 'contacts', 'recipients', 'Sapa fan-out s', 'floor s', 'Sapa / floor', 'floor chunked s', 'last chunk start s', 'fan-out RSS MB', 'API RSS MB'],
    fanOuts.map((f) => [f.store, fmt(f.contacts), fmt(f.recipients), fmt(f.sapaS, 2), fmt(f.floorS, 2), ratio(f.sapaS, f.floorS), fmt(f.chunkedS, 2), fmt(f.storeS, 2), fmt(f.rssMb), f.apiRssMb === null ? '—' : fmt(f.apiRssMb)]),
  );
  console.log('');
  console.log(`Sapa fan-out s = POST send → every recipient row and job committed (runner interval 100 ms; chunks of ${CHUNK}: INSERT … SELECT + pg-boss`);
  console.log(`jobs of 100 ids, a transaction each), seen by polling broadcasts.total by SQL every ${PG_POLL_MS} ms (PostgreSQL) or GET /broadcasts/:id every ${PGLITE_POLL_MS} ms (PGlite);`);
  console.log('floor = one plain INSERT … SELECT of the same rows, one transaction, Sapa stopped; floor chunked = the same in keyset chunks of');
  console.log(`${CHUNK}, no jobs; last chunk start = fanned_out_at − started_at in the store (the last chunk's own time excluded); fan-out RSS = peak`);
  console.log('of the process fanning out (PostgreSQL: the one `sapa worker`; PGlite: `sapa start`); API RSS = `sapa start` (SAPA_RUN_WORKER=false).');

  printTable(['store', 'contacts', 'in segment', 'Sapa count ms', 'floor ms', 'Sapa / floor'],
    counts.map((c) => [c.store, fmt(c.contacts), fmt(c.segment), fmt(c.sapaMs, 1), fmt(c.floorMs, 1), ratio(c.sapaMs, c.floorMs)]));
  console.log('');
  console.log(`Sapa count = GET /api/v1/segments/:id/count over HTTP, median of ${COUNT_TIMES} after a warm-up; floor = the plain count(*) statement, median of ${COUNT_TIMES}.`);

  if (sends.length > 0) {
    printTable(['store', 'contacts', 'workers', 'sent', 's', 'msgs/s', 'worker RSS MB'],
      sends.map((s) => [s.store, fmt(s.contacts), s.workers, fmt(s.sent), fmt(s.seconds, 1), fmt(s.sent / s.seconds), s.rssMb]));
    console.log('');
    console.log('s = POST send → the last request at the zero-latency Cloud API server (fan-out included), SAPA_WHATSAPP_RATE_LIMIT=0.');
  }
}

function printGoals(): void {
  const lines: string[] = [];
  const goal = (ok: boolean | null, text: string) => lines.push(`${ok === null ? 'SKIP' : ok ? 'PASS' : 'FAIL'}  ${text}`);
  const pg = fanOuts.filter((f) => f.store === 'postgres');
  for (const f of pg) {
    goal(f.sapaS <= GOAL.vsFloor * f.floorS, `PostgreSQL fan-out of ${fmt(f.contacts)} contacts within ${GOAL.vsFloor}× the INSERT … SELECT floor   (actual ${ratio(f.sapaS, f.floorS)}: ${fmt(f.sapaS, 2)} vs ${fmt(f.floorS, 2)} s)`);
    goal(f.rssMb < GOAL.rssMb, `PostgreSQL fan-out of ${fmt(f.contacts)}: peak RSS under ${GOAL.rssMb} MB   (actual ${fmt(f.rssMb)} MB)`);
  }
  if (pg.length === 0) goal(null, `PostgreSQL fan-out within ${GOAL.vsFloor}× the floor; peak RSS under ${GOAL.rssMb} MB`);
  const small = pg.at(0);
  const big = pg.at(-1);
  goal(small && big && small !== big ? big.rssMb <= GOAL.rssFlat * small.rssMb : null,
    `PostgreSQL fan-out peak RSS flat (≤ ${GOAL.rssFlat}×) from the smallest to the largest run` +
    (small && big && small !== big ? `   (actual ${ratio(big.rssMb, small.rssMb)}: ${fmt(small.rssMb)} MB at ${fmt(small.contacts)}, ${fmt(big.rssMb)} MB at ${fmt(big.contacts)})` : '   (needs two contact counts)'));
  for (const c of counts.filter((x) => x.contacts >= GOAL.countAt)) {
    goal(c.sapaMs < GOAL.countMs, `${c.store}: segment count over ${fmt(c.contacts)} contacts under ${GOAL.countMs} ms   (actual ${fmt(c.sapaMs, 1)} ms)`);
  }
  if (!counts.some((x) => x.contacts >= GOAL.countAt)) {
    goal(null, `segment count over ${fmt(GOAL.countAt)} contacts under ${GOAL.countMs} ms   (no run at ${fmt(GOAL.countAt)}; largest: ${counts.map((c) => `${c.store} ${fmt(c.contacts)} → ${fmt(c.sapaMs, 1)} ms`).join(', ') || 'none'})`);
  }
  console.log('');
  for (const l of lines) console.log(l);
}

process.once('SIGINT', () => {
  for (const w of liveWorkers) w.kill();
  process.exit(130);
});

console.log(`bench:broadcast — contacts ${CONTACTS.map((c) => fmt(c)).join(', ')} on ${STORES.join(', ')}${args['skip-send'] ? ', no send' : ''}; a segment of half of them, a tenth opted out`);
const cloud = await startCloudApi();
try {
  for (const store of STORES) {
    if (store === 'postgres') {
      const why = await postgresUnreachable();
      if (why) {
        notes.push(`postgres: SKIPPED — PostgreSQL unreachable (${why})`);
        continue;
      }
    }
    for (const contacts of CONTACTS) {
      try {
        await benchOne(store, contacts, cloud);
      } catch (err) {
        problems.push(`${store} ${contacts}: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
      }
    }
  }
} finally {
  await cloud.close();
}
printResults();
printGoals();
console.log('');
for (const n of notes) console.log(`note: ${n}`);
if (problems.length > 0) {
  for (const p of problems) console.error(`FAIL: ${p}`);
  process.exit(1);
}
console.log('OK: every recipient written once, the opted-out skipped, every eligible recipient sent exactly once.');
