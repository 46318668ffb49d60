/**
 * `npm run bench:events`: events/s that `POST /api/v1/events` accepts, on PGlite and on
 * PostgreSQL, with one automation on order.created (each event: store the event, upsert contact
 * and order, store one message, enqueue one pg-boss job). Sapa runs as a child process
 * (`sapa start`, sandbox channel); autocannon drives it over loopback from this process, at a
 * few connection counts for a fixed time each.
 *
 * After each run the benchmark waits for the worker to send everything, then reads the run's
 * messages back through the API: every message id a 202 promised must be stored and `sent`
 * (a benchmark that loses events is wrong). The drain is how long the sandbox sends took after
 * the load stopped, from the messages' own sentAt; backlog/drain is the delivery rate.
 *
 * In the same run, beside Sapa's figures:
 *  - the floor (floor.ts): a plain script doing the same writes in one transaction per event, at
 *    the same connection counts for the same time, on the database / data folder Sapa just used
 *    (Sapa stopped): `pg` clients on PostgreSQL, PGlite's own query API in-process on PGlite;
 *  - on PostgreSQL, two fixed-rate runs of --rate events/s on --rate-connections connections:
 *    autocannon's overallRate (the rate arrives in bursts at the top of each second) and paced.ts
 *    (evenly spaced, open loop): achieved rate, p50 and p99 of each; the goal is judged on the paced one;
 *  - memory: Sapa's RSS right after start and its maximum during the runs (sampled from /proc),
 *    and on PGlite a bare PGlite process on the same data folder (bare-pglite.ts), with the folder's
 *    own settings and with PGlite's default shared_buffers; the floor process's own RSS.
 * Then one PASS/FAIL line per goal of issue 5. The goal lines report; they do not set the exit code.
 *
 * Exits non-zero when a run loses a message, answers non-2xx (5xx above all), leaves a message
 * unsent, a floor transaction fails, or Sapa does not stop cleanly on SIGTERM.
 *
 * Options: --duration <s> (default 10), --connections 1,10,50,200, --store pglite|postgres,
 * --rate 300 (0: no fixed-rate run), --rate-connections 100, --no-floor.
 */
import { parseArgs } from 'node:util';
import { startSapaProcess, type SapaProcess } from '../../test/support/sapa-process.js';
import type { BareMemory } from './bare-pglite.js';
import { measureBarePglite, RssSampler, rssMb, runFloor } from './children.js';
import { PGLITE_EXTENSIONS, type FloorMemory, type FloorResult } from './floor.js';
import { driveEvents, type LoadResult } from './load.js';
import { drivePaced } from './paced.js';
import { messagesSince, setUpWorkspace, waitDrained, type BenchWorkspace } from './sapa-api.js';
import { createLocation, postgresUnreachable, type BenchStore } from './store-location.js';
import { printTable } from '../table.js';

const { values: args } = parseArgs({
  options: {
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '1,10,50,200' },
    store: { type: 'string', multiple: true },
    rate: { type: 'string', default: '300' },
    'rate-connections': { type: 'string', default: '100' },
    'no-floor': { type: 'boolean', default: false },
  },
});
const DURATION_S = Number(args.duration);
const CONNECTIONS = args.connections.split(',').map(Number);
const STORES = (args.store ?? ['pglite', 'postgres']) as BenchStore[];
const RATE = Number(args.rate);
const RATE_CONNECTIONS = Number(args['rate-connections']);
const WARMUP_S = 3;
const DRAIN_TIMEOUT_MS = 120_000;
const OWNER = { email: 'bench@sapa.test', password: 'bench-password-1' };
/** PGlite's own shared_buffers (what its initdb writes), for the bare process "at PGlite's defaults". */
const PGLITE_DEFAULT_SHARED_BUFFERS = '128MB';
/** Goals of issue 5. */
const GOAL = { postgresVsFloorAt: 50, postgresVsFloor: 2, rateP99Ms: 100, rateAchieved: 0.95, pgliteVsFloor: 1, memoryVsBare: 1.3 };

interface Row {
  store: BenchStore;
  load: LoadResult;
  stored: number;
  lost: number;
  unsent: string;
  backlog: number;
  drainS: number | null;
}

interface StoreMemory {
  /** Sapa's RSS when /readyz first answered. */
  startMb: number | null;
  /** Highest RSS sampled while the workspace was set up and the loads ran. */
  maxMb: number;
  /** The kernel's high-water mark at the end (includes start-up). */
  hwmMb: number | null;
  bare?: BareMemory;
  bareDefaults?: BareMemory;
  floor?: FloorMemory;
}

const rows: Row[] = [];
const rateRows: Row[] = [];
const floors = new Map<BenchStore, FloorResult[]>();
const memory = new Map<BenchStore, StoreMemory>();
const problems: string[] = [];
const notes: string[] = [];

/** One timed run plus its drain and its check against the store. */
async function measure(store: BenchStore, sapa: SapaProcess, ws: BenchWorkspace, connections: number, seconds: number, opts: { warmUp?: boolean; rate?: number; paced?: boolean } = {}): Promise<Row> {
  const since = new Date();
  const load = opts.paced && opts.rate ? await drivePaced(sapa.url, ws, opts.rate, seconds, connections) : await driveEvents(sapa.url, ws, connections, seconds, opts.rate);
  const loadEnd = Date.now();
  // dropped requests finish within about the run's p99 latency; wait at least that long (1–5 s) after the last busy look
  const drained = await waitDrained(sapa.url, ws, DRAIN_TIMEOUT_MS, Math.min(5000, Math.max(1000, 2 * load.p99Ms)));
  const got = await messagesSince(sapa.url, ws, since);
  const lost = load.messageIds.filter((id) => !got.ids.has(id)).length;
  const afterStop = got.sentAt.filter((t) => t > loadEnd);
  const lastSent = Math.max(loadEnd, ...got.sentAt);
  const unsentCounts = [...got.byStatus].filter(([s]) => s !== 'sent').map(([s, n]) => `${n} ${s}`);
  const row: Row = {
    store, load, stored: got.ids.size, lost,
    unsent: unsentCounts.join(', ') || '0',
    backlog: afterStop.length,
    drainS: drained === null ? null : (lastSent - loadEnd) / 1000,
  };
  const label = `${store} c=${connections}${opts.rate ? ` at ${opts.rate}/s${opts.paced ? ' paced' : ' in bursts'}` : ''}${opts.warmUp ? ' (warm-up)' : ''}`;
  if (lost > 0) problems.push(`${label}: ${lost} of ${load.messageIds.length} promised messages are not stored`);
  if (got.ids.size > load.issued) problems.push(`${label}: ${got.ids.size} messages stored for ${load.issued} requests issued`);
  if (load.status5xx > 0) problems.push(`${label}: ${load.status5xx} responses were 5xx: ${load.failures.join(' | ')}`);
  else if (load.non2xx > 0) problems.push(`${label}: ${load.non2xx} responses were non-2xx: ${load.failures.join(' | ')}`);
  if (load.repeats > 0) problems.push(`${label}: ${load.repeats} responses said the event was a repeat (a request sent twice)`);
  if (load.withoutMessage > 0) problems.push(`${label}: ${load.withoutMessage} accepted events produced no queued message`);
  if (drained === null) problems.push(`${label}: messages still queued/sending ${DRAIN_TIMEOUT_MS / 1000} s after the load stopped`);
  if (unsentCounts.length > 0) problems.push(`${label}: not every message was sent: ${row.unsent}`);
  if (load.errors > 0) notes.push(`${label}: ${load.errors} connection errors (${load.timeouts} timeouts)`);
  if (got.ids.size > load.accepted && !opts.warmUp) notes.push(`${label}: ${got.ids.size - load.accepted} events were in flight when the load stopped (stored, never answered)`);
  return row;
}

async function benchStore(store: BenchStore): Promise<void> {
  if (store === 'postgres') {
    const why = await postgresUnreachable();
    if (why) {
      console.log(`postgres: SKIPPED — PostgreSQL unreachable (${why})`);
      return;
    }
  }
  const location = await createLocation(store);
  const mem: StoreMemory = { startMb: null, maxMb: 0, hwmMb: null };
  memory.set(store, mem);
  let sapa: SapaProcess | null = null;
  let sapaStopped = false;
  try {
    const t0 = performance.now();
    sapa = await startSapaProcess({ ...location.env, SAPA_ADMIN_EMAIL: OWNER.email, SAPA_ADMIN_PASSWORD: OWNER.password });
    const pid = sapa.child.pid!;
    mem.startMb = rssMb(pid);
    const sampler = new RssSampler(pid);
    sampler.start();
    console.log(`${store}: Sapa up in ${((performance.now() - t0) / 1000).toFixed(1)} s at ${sapa.url}, RSS ${mem.startMb} MB`);
    try {
      const ws = await setUpWorkspace(sapa.url, OWNER);
      await measure(store, sapa, ws, 10, WARMUP_S, { warmUp: true });
      for (const connections of CONNECTIONS) {
        const row = await measure(store, sapa, ws, connections, DURATION_S);
        rows.push(row);
        console.log(`${store}: c=${connections} done (${row.load.accepted} events, p99 ${row.load.p99Ms} ms, drain ${row.drainS?.toFixed(1) ?? '—'} s)`);
      }
      if (store === 'postgres' && RATE > 0) {
        for (const paced of [false, true]) {
          const row = await measure(store, sapa, ws, RATE_CONNECTIONS, DURATION_S, { rate: RATE, paced });
          rateRows.push(row);
          console.log(`${store}: ${RATE}/s ${paced ? 'evenly paced' : 'in bursts (autocannon)'} on ${RATE_CONNECTIONS} connections done (${row.load.accepted} events, p99 ${row.load.p99Ms} ms)`);
        }
      }
    } finally {
      sampler.stop();
      mem.maxMb = sampler.max;
      mem.hwmMb = rssMb(pid, 'VmHWM');
    }
  } finally {
    if (sapa) {
      const alive = sapa.child.exitCode === null && sapa.child.signalCode === null;
      const code = await sapa.kill('SIGTERM');
      sapaStopped = true;
      if (!alive || code !== 0) {
        problems.push(`${store}: Sapa ${alive ? `exited with ${code} on SIGTERM` : `had exited by itself (code ${sapa.child.exitCode}, signal ${sapa.child.signalCode})`}; its output ends:\n${sapa.output().slice(-3000)}`);
      }
      const errorLines = sapa.output().split('\n').filter((l) => /"level":(50|60)/.test(l));
      if (errorLines.length > 0) problems.push(`${store}: Sapa logged ${errorLines.length} errors, first: ${errorLines[0]!.slice(0, 400)}`);
    }
    try {
      // Sapa is gone (its data-folder lock released): the same data, without Sapa.
      if (sapaStopped && rows.some((r) => r.store === store)) await afterSapa(store, location.env, mem);
    } finally {
      await location.drop();
    }
  }
}

/** On the data Sapa left: the bare PGlite process (PGlite) and the floor (both stores). */
async function afterSapa(store: BenchStore, env: Record<string, string>, mem: StoreMemory): Promise<void> {
  const target = store === 'pglite' ? env.SAPA_DATA_DIR! : env.DATABASE_URL!;
  if (store === 'pglite') {
    try {
      mem.bare = await measureBarePglite(target, PGLITE_EXTENSIONS);
      mem.bareDefaults = await measureBarePglite(target, PGLITE_EXTENSIONS, PGLITE_DEFAULT_SHARED_BUFFERS);
      console.log(`${store}: bare PGlite on the same folder: ${mem.bare.afterQueriesMb} MB (shared_buffers ${mem.bare.sharedBuffers}); at ${PGLITE_DEFAULT_SHARED_BUFFERS}: ${mem.bareDefaults.afterQueriesMb} MB`);
    } catch (err) {
      problems.push(`${store}: bare PGlite: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  if (args['no-floor']) return;
  try {
    const floor = await runFloor(store, target, CONNECTIONS, DURATION_S);
    floors.set(store, floor.results);
    mem.floor = floor.memory;
    for (const f of floor.results) {
      if (f.errors > 0) problems.push(`${store} floor c=${f.connections}: ${f.errors} transactions failed, first: ${f.firstError}`);
    }
    console.log(`${store}: floor done (${floor.results.map((f) => `c=${f.connections} ${Math.round(f.events / f.durationS)}/s`).join(', ')})`);
  } catch (err) {
    problems.push(`${store} floor: ${err instanceof Error ? err.message : String(err)}`);
  }
}

const fmt = (n: number, digits = 0) => (Number.isFinite(n) ? n.toFixed(digits) : '—');
const ratio = (a: number, b: number) => (b > 0 && Number.isFinite(a) ? `${(a / b).toFixed(2)}×` : '—');


const eventsPerS = (r: Row) => r.load.accepted / r.load.durationS;
const floorAt = (store: BenchStore, connections: number) => floors.get(store)?.find((f) => f.connections === connections);
const floorPerS = (f: FloorResult | undefined) => (f ? f.events / f.durationS : NaN);

function printResults(): void {
  printTable(
    ['store', 'conns', 'offered', 'events/s', 'p50 ms', 'p99 ms', 'non-2xx', '5xx', 'accepted', 'stored', 'lost', 'not sent', 'sent/s in load', 'backlog', 'drain s', 'sent/s drain'],
    [...rows, ...rateRows].map((r) => [
      r.store, String(r.load.connections), r.load.overallRate ? `${r.load.overallRate}/s ${r.load.pacing === 'even' ? 'even' : 'bursts'}` : 'max', fmt(eventsPerS(r)), fmt(r.load.p50Ms, 1), fmt(r.load.p99Ms, 1),
      String(r.load.non2xx), String(r.load.status5xx), String(r.load.accepted), String(r.stored), String(r.lost), r.unsent,
      fmt((r.stored - r.backlog) / r.load.durationS), String(r.backlog), r.drainS === null ? 'timeout' : fmt(r.drainS, 1),
      r.drainS && r.drainS > 0 ? fmt(r.backlog / r.drainS) : '—',
    ]),
  );
  console.log('');
  console.log('events/s = accepted events / load seconds; stored = messages created during the run (each accepted id checked);');
  console.log('sent/s in load = messages the worker sent while the load ran; backlog = messages sent after it stopped;');
  console.log('drain s = last sentAt − load stop; sent/s drain = backlog / drain s (the worker alone: its delivery rate).');
  console.log('offered N/s bursts = autocannon overallRate: each connection sends its share at the top of every second, so N');
  console.log('requests arrive together each second; N/s even = paced.ts: one request every 1/N s, open loop, latency from when it was due.');

  if (floors.size > 0) {
    printTable(
      ['store', 'conns', 'Sapa events/s', 'p50 ms', 'p99 ms', 'floor events/s', 'floor p50 ms', 'floor p99 ms', 'floor clients', 'Sapa / floor'],
      rows.map((r) => {
        const f = floorAt(r.store, r.load.connections);
        return [r.store, String(r.load.connections), fmt(eventsPerS(r)), fmt(r.load.p50Ms, 1), fmt(r.load.p99Ms, 1),
          fmt(floorPerS(f)), fmt(f?.p50Ms ?? NaN, 1), fmt(f?.p99Ms ?? NaN, 1), f ? String(f.clients) : '—', ratio(eventsPerS(r), floorPerS(f))];
      }),
    );
    console.log('');
    console.log('floor = floor.ts: the same writes per event (contact and order upserts, items, event, message, pg-boss job) in one');
    console.log('transaction per event, N concurrent loops on the data Sapa used, Sapa stopped: on PostgreSQL each loop its own `pg`');
    console.log('client up to a cap (max_connections is shared; above it loops share clients), on PGlite one in-process PGlite.');
  }

  if (memory.size > 0) {
    const stores = [...memory.keys()];
    const cell = (v: number | null | undefined) => (v === null || v === undefined ? '—' : String(v));
    const mem = (s: BenchStore) => memory.get(s)!;
    printTable(['RSS (MB)', ...stores], [
      ['Sapa right after start', ...stores.map((s) => cell(mem(s).startMb))],
      ['Sapa max during the runs', ...stores.map((s) => cell(mem(s).maxMb))],
      ['Sapa high-water mark (incl. start-up)', ...stores.map((s) => cell(mem(s).hwmMb))],
      ['bare PGlite, same folder: opened', ...stores.map((s) => cell(mem(s).bare?.afterOpenMb))],
      ['bare PGlite, same folder: after queries', ...stores.map((s) => cell(mem(s).bare?.afterQueriesMb))],
      [`bare PGlite, shared_buffers ${PGLITE_DEFAULT_SHARED_BUFFERS}: after queries`, ...stores.map((s) => cell(mem(s).bareDefaults?.afterQueriesMb))],
      ['floor process max', ...stores.map((s) => cell(mem(s).floor?.maxMb))],
    ]);
    const bare = memory.get('pglite')?.bare;
    if (bare) console.log(`\nbare PGlite = bare-pglite.ts on the folder Sapa used (its settings: shared_buffers ${bare.sharedBuffers}), node --import tsx like Sapa.`);
  }
}

function printGoals(): void {
  const lines: string[] = [];
  const goal = (ok: boolean | null, text: string) => lines.push(`${ok === null ? 'SKIP' : ok ? 'PASS' : 'FAIL'}  ${text}`);

  const pgRow = rows.find((r) => r.store === 'postgres' && r.load.connections === GOAL.postgresVsFloorAt);
  const pgFloor = floorAt('postgres', GOAL.postgresVsFloorAt);
  goal(pgRow && pgFloor ? eventsPerS(pgRow) >= GOAL.postgresVsFloor * floorPerS(pgFloor) : null,
    `PostgreSQL ≥ ${GOAL.postgresVsFloor}× the one-transaction floor at ${GOAL.postgresVsFloorAt} connections` +
    (pgRow && pgFloor ? `   (actual ${ratio(eventsPerS(pgRow), floorPerS(pgFloor))}: ${fmt(eventsPerS(pgRow))} vs ${fmt(floorPerS(pgFloor))} events/s)` : ''));

  const rateRow = rateRows.find((r) => r.load.pacing === 'even');
  goal(rateRow ? rateRow.load.p99Ms < GOAL.rateP99Ms && eventsPerS(rateRow) >= GOAL.rateAchieved * RATE : null,
    `PostgreSQL p99 < ${GOAL.rateP99Ms} ms at ${RATE} events/s offered, evenly paced` +
    (rateRow ? `   (achieved ${fmt(eventsPerS(rateRow))}/s, p50 ${fmt(rateRow.load.p50Ms)} ms, p99 ${fmt(rateRow.load.p99Ms)} ms on ${rateRow.load.connections} connections)` : ''));
  const burstRow = rateRows.find((r) => r.load.pacing === 'bursts');
  if (burstRow) {
    lines.push(`info  the same ${RATE}/s as autocannon's bursts (${RATE} requests together at the top of each second): achieved ${fmt(eventsPerS(burstRow))}/s, ` +
      `p50 ${fmt(burstRow.load.p50Ms)} ms, p99 ${fmt(burstRow.load.p99Ms)} ms`);
  }

  const pgliteRow = rows.find((r) => r.store === 'pglite' && r.load.connections === GOAL.postgresVsFloorAt);
  const pgliteFloor = floorAt('pglite', GOAL.postgresVsFloorAt);
  goal(pgliteRow && pgliteFloor ? eventsPerS(pgliteRow) >= GOAL.pgliteVsFloor * floorPerS(pgliteFloor) : null,
    `PGlite ≥ its one-transaction floor at ${GOAL.postgresVsFloorAt} connections` +
    (pgliteRow && pgliteFloor ? `   (actual ${ratio(eventsPerS(pgliteRow), floorPerS(pgliteFloor))}: ${fmt(eventsPerS(pgliteRow))} vs ${fmt(floorPerS(pgliteFloor))} events/s)` : ''));

  const m = memory.get('pglite');
  const bare = m?.bare?.afterQueriesMb;
  goal(m?.startMb && bare ? m.startMb <= GOAL.memoryVsBare * bare : null,
    `Sapa on PGlite right after start ≤ ${GOAL.memoryVsBare}× bare PGlite on the same folder` +
    (m?.startMb && bare ? `   (actual ${ratio(m.startMb, bare)}: ${m.startMb} vs ${bare} MB)` : ''));
  goal(m?.maxMb && bare ? m.maxMb <= GOAL.memoryVsBare * bare : null,
    `Sapa on PGlite max during the runs ≤ ${GOAL.memoryVsBare}× bare PGlite on the same folder` +
    (m?.maxMb && bare ? `   (actual ${ratio(m.maxMb, bare)}: ${m.maxMb} vs ${bare} MB)` : ''));
  const bareDefaults = m?.bareDefaults?.afterQueriesMb;
  if (m?.startMb && m.maxMb && bareDefaults && m.bareDefaults?.sharedBuffers !== m.bare?.sharedBuffers) {
    lines.push(`info  vs bare PGlite at PGlite's default shared_buffers (${bareDefaults} MB): after start ${ratio(m.startMb, bareDefaults)}, max ${ratio(m.maxMb, bareDefaults)}`);
  }
  if (m?.maxMb && m.floor) {
    lines.push(`info  Sapa's max vs the PGlite floor process's max (bare PGlite doing the same writes, ${m.floor.maxMb} MB): ${ratio(m.maxMb, m.floor.maxMb)}`);
  }
  console.log('');
  for (const l of lines) console.log(l);
}

console.log(`bench:events — ${DURATION_S} s per run at ${CONNECTIONS.join(', ')} connections, after a ${WARMUP_S} s warm-up; one automation on order.created; sandbox channel`);
for (const store of STORES) {
  try {
    await benchStore(store);
  } catch (err) {
    const cause = err instanceof Error && err.cause ? ` (cause: ${String(err.cause)})` : '';
    problems.push(`${store}: ${err instanceof Error ? err.stack ?? err.message : String(err)}${cause}`);
  }
}
printResults();
printGoals();
console.log('');
for (const n of notes) console.log(`note: ${n}`);
if (problems.length > 0) {
  for (const p of problems) console.error(`FAIL: ${p}`);
  process.exit(1);
}
console.log('OK: no lost events, no non-2xx, every message sent, every floor transaction committed.');
