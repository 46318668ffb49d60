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
 * Exits non-zero when a run loses a message, answers non-2xx (5xx above all), leaves a message
 * unsent, or Sapa does not stop cleanly on SIGTERM.
 *
 * Options: --duration <s> (default 10), --connections 1,10,50, --store pglite|postgres.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { startSapaProcess, type SapaProcess } from '../../test/support/sapa-process.js';
import { driveEvents, type LoadResult } from './load.js';
import { messagesSince, setUpWorkspace, waitDrained, type BenchWorkspace } from './sapa-api.js';
import { createLocation, postgresUnreachable, type BenchStore } from './store-location.js';

const { values: args } = parseArgs({
  options: {
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '1,10,50' },
    store: { type: 'string', multiple: true },
  },
});
const DURATION_S = Number(args.duration);
const CONNECTIONS = args.connections.split(',').map(Number);
const STORES = (args.store ?? ['pglite', 'postgres']) as BenchStore[];
const WARMUP_S = 3;
const DRAIN_TIMEOUT_MS = 120_000;
const OWNER = { email: 'bench@sapa.test', password: 'bench-password-1' };

interface Row {
  store: BenchStore;
  load: LoadResult;
  stored: number;
  lost: number;
  unsent: string;
  backlog: number;
  drainS: number | null;
}

const rows: Row[] = [];
const problems: string[] = [];
const notes: string[] = [];

/** One timed run plus its drain and its check against the store. */
async function measure(store: BenchStore, sapa: SapaProcess, ws: BenchWorkspace, connections: number, seconds: number, warmUp = false): Promise<Row> {
  const since = new Date();
  const load = await driveEvents(sapa.url, ws, connections, seconds);
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
  const label = `${store} c=${connections}${warmUp ? ' (warm-up)' : ''}`;
  if (lost > 0) problems.push(`${label}: ${lost} of ${load.messageIds.length} promised messages are not stored`);
  if (got.ids.size > load.issued) problems.push(`${label}: ${got.ids.size} messages stored for ${load.issued} requests issued`);
  if (load.status5xx > 0) problems.push(`${label}: ${load.status5xx} responses were 5xx: ${load.failures.join(' | ')}`);
  else if (load.non2xx > 0) problems.push(`${label}: ${load.non2xx} responses were non-2xx: ${load.failures.join(' | ')}`);
  if (load.repeats > 0) problems.push(`${label}: ${load.repeats} responses said the event was a repeat (a request sent twice)`);
  if (load.withoutMessage > 0) problems.push(`${label}: ${load.withoutMessage} accepted events produced no queued message`);
  if (drained === null) problems.push(`${label}: messages still queued/sending ${DRAIN_TIMEOUT_MS / 1000} s after the load stopped`);
  if (unsentCounts.length > 0) problems.push(`${label}: not every message was sent: ${row.unsent}`);
  if (load.errors > 0) notes.push(`${label}: ${load.errors} connection errors (${load.timeouts} timeouts)`);
  if (got.ids.size > load.accepted && !warmUp) notes.push(`${label}: ${got.ids.size - load.accepted} events were in flight when the load stopped (stored, never answered)`);
  return row;
}

/** Peak and current resident memory of a process from /proc (Linux), e.g. "945 MB (now 600 MB)". */
function rss(pid: number | undefined): string | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const mb = (field: string) => Math.round(Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? NaN) / 1024);
    return `${mb('VmHWM')} MB (now ${mb('VmRSS')} MB)`;
  } catch {
    return null;
  }
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
  let sapa: SapaProcess | null = null;
  try {
    const t0 = performance.now();
    sapa = await startSapaProcess({ ...location.env, SAPA_ADMIN_EMAIL: OWNER.email, SAPA_ADMIN_PASSWORD: OWNER.password });
    console.log(`${store}: Sapa up in ${((performance.now() - t0) / 1000).toFixed(1)} s at ${sapa.url}`);
    const ws = await setUpWorkspace(sapa.url, OWNER);
    await measure(store, sapa, ws, 10, WARMUP_S, true);
    for (const connections of CONNECTIONS) {
      const row = await measure(store, sapa, ws, connections, DURATION_S);
      rows.push(row);
      console.log(`${store}: c=${connections} done (${row.load.accepted} events, drain ${row.drainS?.toFixed(1) ?? '—'} s)`);
    }
    const memory = rss(sapa.child.pid);
    if (memory !== null) notes.push(`${store}: Sapa peak RSS ${memory}`);
  } finally {
    if (sapa) {
      const alive = sapa.child.exitCode === null && sapa.child.signalCode === null;
      const code = await sapa.kill('SIGTERM');
      if (!alive || code !== 0) {
        problems.push(`${store}: Sapa ${alive ? `exited with ${code} on SIGTERM` : `had exited by itself (code ${sapa.child.exitCode}, signal ${sapa.child.signalCode})`}; its output ends:\n${sapa.output().slice(-3000)}`);
      }
      const errorLines = sapa.output().split('\n').filter((l) => /"level":(50|60)/.test(l));
      if (errorLines.length > 0) problems.push(`${store}: Sapa logged ${errorLines.length} errors, first: ${errorLines[0]!.slice(0, 400)}`);
    }
    await location.drop();
  }
}

const fmt = (n: number, digits = 0) => n.toFixed(digits);

function printTable(): void {
  const head = ['store', 'conns', 'events/s', 'p50 ms', 'p99 ms', 'non-2xx', '5xx', 'accepted', 'stored', 'lost', 'not sent', 'sent/s in load', 'backlog', 'drain s', 'sent/s drain'];
  const body = rows.map((r) => [
    r.store, String(r.load.connections), fmt(r.load.accepted / r.load.durationS), fmt(r.load.p50Ms, 1), fmt(r.load.p99Ms, 1),
    String(r.load.non2xx), String(r.load.status5xx), String(r.load.accepted), String(r.stored), String(r.lost), r.unsent,
    fmt((r.stored - r.backlog) / r.load.durationS), String(r.backlog), r.drainS === null ? 'timeout' : fmt(r.drainS, 1),
    r.drainS && r.drainS > 0 ? fmt(r.backlog / r.drainS) : '—',
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  console.log('');
  console.log(line(head));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const b of body) console.log(line(b));
  console.log('');
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
printTable();
console.log('events/s = accepted events / load seconds; stored = messages created during the run (each accepted id checked);');
console.log('sent/s in load = messages the worker sent while the load ran; backlog = messages sent after it stopped;');
console.log('drain s = last sentAt − load stop; sent/s drain = backlog / drain s (the worker alone: its delivery rate).');
for (const n of notes) console.log(`note: ${n}`);
if (problems.length > 0) {
  for (const p of problems) console.error(`FAIL: ${p}`);
  process.exit(1);
}
console.log('OK: no lost events, no non-2xx, every message sent.');
