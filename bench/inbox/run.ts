/**
 * `npm run bench:inbox`: the inbox's first page and a conversation's last 50 messages over HTTP on
 * PostgreSQL, with 100,000 conversations and 5,000,000 messages, each request beside the plain
 * SQL statement that reads the same rows, in the same run (issue 8: p99 under 50 ms each).
 *
 * 1. A fresh PostgreSQL database (dropped afterwards); `sapa start` once to migrate and bootstrap
 *    the owner, then (Sapa stopped) the data seeded by SQL (seed.ts: contacts, inbound and outbound
 *    messages skewed so a few conversations are long, conversations by one INSERT … SELECT,
 *    VACUUM ANALYZE), timed; `sapa start` again with SAPA_RUN_WORKER=false.
 * 2. EXPLAIN ANALYZE of the inbox's statements (the same text as src/adapters/db/conversation.sql.ts)
 *    at this size: the plan's top node, the indexes it reads, its time. The messages' statement is
 *    prepared and run 6 times first, so its plan is the one the plan cache gives Sapa's named
 *    statement.
 * 3. As the owner (session cookie), one request at a time on one keep-alive connection, after 20
 *    warm-ups: --requests each of `GET /api/v1/conversations` (first page of 30, default sort),
 *    `?status=open`, `?assignee=none`, and `GET /api/v1/conversations/:id/messages` (last 50) for
 *    random conversations (a tenth among the 100 longest). Each request is followed by its floor:
 *    the same statement through `pg`, prepared (named), same limit, same parameters — so both see
 *    the same moment's load. The HTTP answers are checked against the floor's rows. Beside them,
 *    `GET /api/v1/auth/session`: HTTP and the session's lookup without the inbox.
 * Then PASS/FAIL per goal (p99 < 50 ms) with the ratio to the floor; the exit code is for wrong results.
 *
 * Options: --conversations 100000 --messages 5000000 --requests 1000.
 */
import http from 'node:http';
import os from 'node:os';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { startSapaProcess, type SapaProcess } from '../../test/support/sapa-process.js';
import { openDb } from '../broadcast/store-sql.js';
import { createLocation, postgresUnreachable } from '../events/store-location.js';
import { printTable } from '../table.js';
import { seedInbox, type Seeded } from './seed.js';

const { values: args } = parseArgs({
  options: {
    conversations: { type: 'string', default: '100000' },
    messages: { type: 'string', default: '5000000' },
    requests: { type: 'string', default: '1000' },
  },
});
const whole = (name: string, v: string, min: number) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) throw new Error(`--${name}: ${v} is not a whole number ≥ ${min}`);
  return n;
};
const CONVERSATIONS = whole('conversations', args.conversations, 200);
const MESSAGES = whole('messages', args.messages, CONVERSATIONS);
const REQUESTS = whole('requests', args.requests, 10);
const WARM_UP = 20;
const PAGE = 30; // the list's default limit (src/contracts/conversations.ts)
const MESSAGES_PAGE = 50;
const LONG = 100; // the contacts with the most messages (seed.ts: contact k ≤ 100)
const GOAL_MS = 50;
const OWNER = { email: 'bench@sapa.test', password: 'bench-password-1' };

const problems: string[] = [];
const fmt = (n: number, digits = 0) => (Number.isFinite(n) ? n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits }) : '—');
const loadAvg = () => os.loadavg().map((l) => l.toFixed(2)).join(', ');
const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)]!;
};

/** Sapa's statements (src/adapters/db/conversation.sql.ts), for the floor and EXPLAIN: a change there is adapted here. */
const SELECT = `
  select c.id, c.contact_id, ct.name as contact_name, ct.phone as contact_phone, c.channel, c.status, c.assignee_id, u.name as assignee_name,
    c.last_message_at, c.last_message_text, c.last_message_direction, c.last_inbound_at, c.unread_count, c.changed_at, cc.status as consent
  from conversations c
  join contacts ct on ct.id = c.contact_id
  left join users u on u.id = c.assignee_id
  left join contact_consents cc on cc.contact_id = c.contact_id and cc.channel = c.channel`;
const ORDER = `order by c.last_message_at desc, c.id desc limit $2`;
const LISTS = {
  all: { path: '/api/v1/conversations', text: `${SELECT} where c.workspace_id = $1 ${ORDER}` },
  open: { path: '/api/v1/conversations?status=open', text: `${SELECT} where c.workspace_id = $1 and c.status = 'open' ${ORDER}` },
  unassigned: { path: '/api/v1/conversations?assignee=none', text: `${SELECT} where c.workspace_id = $1 and c.assignee_id is null ${ORDER}` },
};
const MESSAGES_SQL = `
  select * from (
    (select m.id, 'out' as direction, m.body as text, m.created_at as at, m.status, m.failure_reason, m.failure_detail, t.code as template_code,
       m.automation_id, m.broadcast_id
     from messages m left join templates t on t.id = m.template_id
     where m.contact_id = $2 and m.channel = $3 and m.workspace_id = $1
       and ($4::timestamptz is null or (m.created_at, m.id) < ($4::timestamptz, $5::uuid))
     order by m.created_at desc, m.id desc limit $6)
    union all
    (select i.id, 'in', coalesce(i.text, ''), i.received_at, null, null, null, null, null, null
     from inbound_messages i
     where i.workspace_id = $1 and i.contact_id = $2 and i.channel = $3
       and ($4::timestamptz is null or (i.received_at, i.id) < ($4::timestamptz, $5::uuid))
     order by i.received_at desc, i.id desc limit $6)
  ) x order by at desc, id desc limit $6`;

/** GET over one keep-alive connection; the body parsed. */
class Client {
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  constructor(private readonly base: URL, private readonly cookie: string) {}

  get<T>(path: string): Promise<T> {
    return new Promise((resolve, reject) => {
      const req = http.get({ host: this.base.hostname, port: this.base.port, path, agent: this.agent, headers: { cookie: this.cookie } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString();
          if (res.statusCode !== 200) reject(new Error(`GET ${path} → ${res.statusCode}: ${text.slice(0, 300)}`));
          else resolve(JSON.parse(text) as T);
        });
        res.on('error', reject);
      });
      req.on('error', reject);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

async function login(url: string): Promise<string> {
  const res = await fetch(`${url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(OWNER) });
  if (!res.ok) throw new Error(`login → ${res.status}: ${await res.text()}`);
  const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  if (!cookie) throw new Error('login set no cookie');
  return cookie;
}

interface Row { scenario: string; sapa: number[]; floor: number[]; rows: number }

/** Every `Index Name` under a plan node. */
function indexesOf(node: Record<string, unknown>): string[] {
  const own = typeof node['Index Name'] === 'string' ? [`${node['Index Name'] as string}${node['Scan Direction'] === 'Backward' ? ' (backward)' : ''}`] : [];
  const kids = (node.Plans as Record<string, unknown>[] | undefined) ?? [];
  return [...own, ...kids.flatMap(indexesOf)];
}

const seqScans = (node: Record<string, unknown>): string[] => [
  ...(node['Node Type'] === 'Seq Scan' ? [String(node['Relation Name'])] : []),
  ...((node.Plans as Record<string, unknown>[] | undefined) ?? []).flatMap(seqScans),
];

async function explain(db: pg.Client, label: string, text: string, values: unknown[], prepared: boolean): Promise<string[]> {
  let plan: { Plan: Record<string, unknown>; 'Execution Time': number };
  if (prepared) {
    await db.query(`prepare bench_explain as ${text}`);
    const literal = values.map((v) => (v === null ? 'null' : typeof v === 'number' ? String(v) : `'${String(v)}'`)).join(', ');
    for (let i = 0; i < 6; i++) await db.query(`execute bench_explain(${literal})`);
    plan = ((await db.query(`explain (analyze, format json) execute bench_explain(${literal})`)).rows[0] as { 'QUERY PLAN': typeof plan[] })['QUERY PLAN'][0]!;
    await db.query('deallocate bench_explain');
  } else {
    plan = ((await db.query(`explain (analyze, format json) ${text}`, values)).rows[0] as { 'QUERY PLAN': typeof plan[] })['QUERY PLAN'][0]!;
  }
  const seq = seqScans(plan.Plan);
  if (seq.length > 0) problems.push(`${label}: the plan reads ${seq.join(', ')} by a sequential scan`);
  return [label, String(plan.Plan['Node Type']), [...new Set(indexesOf(plan.Plan))].join(', ') || '—', seq.join(', ') || '—', fmt(plan['Execution Time'], 2)];
}

function stats(xs: number[]) {
  return { p50: quantile(xs, 0.5), p99: quantile(xs, 0.99), max: Math.max(...xs) };
}

async function bench(): Promise<void> {
  const location = await createLocation('postgres');
  const env = { ...location.env, SAPA_ADMIN_EMAIL: OWNER.email, SAPA_ADMIN_PASSWORD: OWNER.password, SAPA_RUN_WORKER: 'false' };
  let sapa: SapaProcess | null = null;
  let floorDb: pg.Client | null = null;
  let client: Client | null = null;
  try {
    sapa = await startSapaProcess(env);
    await stopSapa('bootstrap', sapa);
    sapa = null;

    const db = await openDb('postgres', location.env);
    console.error(`seeding ${fmt(CONVERSATIONS)} conversations, ${fmt(MESSAGES)} messages`);
    const t0 = performance.now();
    let seed: Seeded;
    try {
      seed = await seedInbox(db, CONVERSATIONS, MESSAGES, (l) => console.error(l));
    } finally {
      await db.close();
    }
    const seedS = (performance.now() - t0) / 1000;
    const s = seed.seconds;
    console.log(`seed: ${fmt(CONVERSATIONS)} contacts and conversations, ${fmt(seed.inbound)} inbound + ${fmt(seed.outbound)} outbound messages in ${fmt(seedS, 1)} s ` +
      `(contacts ${fmt(s.contacts, 1)}, inbound ${fmt(s.inbound, 1)}, outbound ${fmt(s.outbound, 1)}, conversations ${fmt(s.conversations, 1)}, vacuum analyze ${fmt(s.vacuum, 1)})`);
    if (seed.conversations !== CONVERSATIONS) problems.push(`${seed.conversations} conversations seeded, expected ${CONVERSATIONS}`);

    floorDb = new pg.Client({ connectionString: location.env.DATABASE_URL! });
    await floorDb.connect();
    const ws = seed.workspaceId;

    // The conversations whose last 50 messages are read: a tenth among the longest, the rest at random, shuffled.
    const long = (await floorDb.query<{ id: string; contact_id: string }>(
      `select c.id, c.contact_id from conversations c join contacts ct on ct.id = c.contact_id
       where ct.external_id = any($1::text[]) order by substr(ct.external_id, 4)::int`, [Array.from({ length: Math.min(LONG, CONVERSATIONS) }, (_, i) => `IB-${i + 1}`)])).rows;
    const random = (await floorDb.query<{ id: string; contact_id: string }>(
      `select id, contact_id from conversations where workspace_id = $1 order by random() limit $2`, [ws, REQUESTS + WARM_UP])).rows;
    const targets = Array.from({ length: REQUESTS + WARM_UP }, (_, i) => (i % 10 === 0 ? long[(i / 10) % long.length]! : random[i]!));
    const sizes = (await floorDb.query<{ n: number }>(
      `select (select count(*) from messages m where m.contact_id = t.cid and m.channel = 'whatsapp')
            + (select count(*) from inbound_messages i where i.workspace_id = $2 and i.contact_id = t.cid and i.channel = 'whatsapp') as n
       from unnest($1::uuid[]) as t(cid)`, [targets.slice(WARM_UP).map((t) => t.contact_id), ws])).rows.map((r) => Number(r.n));
    const longest = (await floorDb.query<{ n: number }>(
      `select count(*)::int as n from (select contact_id from messages union all select contact_id from inbound_messages) x where contact_id = $1`, [long[0]!.contact_id])).rows[0]!.n;
    console.log(`messages per conversation read: median ${fmt(quantile(sizes, 0.5))}, p90 ${fmt(quantile(sizes, 0.9))}, max ${fmt(Math.max(...sizes))} (the longest seeded: ${fmt(longest)})`);

    // Plans at this size.
    const median = random[0]!;
    const plans = [
      await explain(floorDb, 'list, first page', LISTS.all.text, [ws, PAGE + 1], false),
      await explain(floorDb, 'list, status=open', LISTS.open.text, [ws, PAGE + 1], false),
      await explain(floorDb, 'list, assignee=none', LISTS.unassigned.text, [ws, PAGE + 1], false),
      await explain(floorDb, 'messages, longest', MESSAGES_SQL, [ws, long[0]!.contact_id, 'whatsapp', null, null, MESSAGES_PAGE + 1], true),
      await explain(floorDb, 'messages, random', MESSAGES_SQL, [ws, median.contact_id, 'whatsapp', null, null, MESSAGES_PAGE + 1], true),
    ];
    printTable(['statement (EXPLAIN ANALYZE)', 'top node', 'indexes', 'seq scans', 'ms'], plans);
    console.log('');

    sapa = await startSapaProcess(env);
    client = new Client(new URL(sapa.url), await login(sapa.url));
    const results: Row[] = [];

    for (const [scenario, list] of Object.entries(LISTS)) {
      const name = `bench_list_${scenario}`;
      const floor = () => floorDb!.query({ name, text: list.text, values: [ws, PAGE + 1] });
      const row: Row = { scenario: `GET ${list.path}`, sapa: [], floor: [], rows: 0 };
      for (let i = 0; i < WARM_UP + REQUESTS; i++) {
        const a = performance.now();
        const page = await client.get<{ items: { id: string }[] }>(list.path);
        const b = performance.now();
        const r = await floor();
        const c = performance.now();
        if (i >= WARM_UP) {
          row.sapa.push(b - a);
          row.floor.push(c - b);
        }
        if (i === 0) {
          row.rows = page.items.length;
          const want = r.rows.slice(0, PAGE).map((x: { id: string }) => x.id).join();
          if (page.items.map((x) => x.id).join() !== want) problems.push(`${row.scenario}: the page's ids differ from the statement's`);
          if (page.items.length !== Math.min(PAGE, r.rows.length)) problems.push(`${row.scenario}: ${page.items.length} items`);
        }
      }
      results.push(row);
      console.error(`${row.scenario}: p99 ${fmt(stats(row.sapa).p99, 1)} ms (floor ${fmt(stats(row.floor).p99, 1)} ms)`);
    }

    // What any request as the owner costs without the inbox: HTTP, the session's lookup (one statement), a small JSON answer.
    const bare: Row = { scenario: 'GET /api/v1/auth/session (no inbox)', sapa: [], floor: [], rows: 1 };
    for (let i = 0; i < WARM_UP + REQUESTS; i++) {
      const a = performance.now();
      await client.get('/api/v1/auth/session');
      if (i >= WARM_UP) bare.sapa.push(performance.now() - a);
    }

    const row: Row = { scenario: 'GET /api/v1/conversations/:id/messages', sapa: [], floor: [], rows: 0 };
    let checked = 0;
    for (const [i, t] of targets.entries()) {
      const a = performance.now();
      const page = await client.get<{ items: { id: string }[] }>(`/api/v1/conversations/${t.id}/messages`);
      const b = performance.now();
      const r = await floorDb.query({ name: 'bench_messages', text: MESSAGES_SQL, values: [ws, t.contact_id, 'whatsapp', null, null, MESSAGES_PAGE + 1] });
      const c = performance.now();
      if (i >= WARM_UP) {
        row.sapa.push(b - a);
        row.floor.push(c - b);
        row.rows += page.items.length;
      }
      if (i % 10 === 0) {
        checked++;
        const want = r.rows.slice(0, MESSAGES_PAGE).map((x: { id: string }) => x.id).join();
        if (page.items.map((x) => x.id).join() !== want) problems.push(`messages of ${t.id}: the page's ids differ from the statement's`);
      }
    }
    results.push(row, bare);
    console.error(`${row.scenario}: p99 ${fmt(stats(row.sapa).p99, 1)} ms (floor ${fmt(stats(row.floor).p99, 1)} ms); ${checked} pages checked against the statement`);

    printTable(['request', 'n', 'rows/page', 'Sapa p50 ms', 'p99 ms', 'max ms', 'SQL p50 ms', 'SQL p99 ms', 'p50 / SQL', 'p99 / SQL'],
      results.map((x) => {
        const a = stats(x.sapa);
        if (x.floor.length === 0) return [x.scenario, fmt(x.sapa.length), '—', fmt(a.p50, 2), fmt(a.p99, 2), fmt(a.max, 2), '—', '—', '—', '—'];
        const f = stats(x.floor);
        const perPage = x.scenario.endsWith('messages') ? x.rows / x.sapa.length : x.rows;
        return [x.scenario, fmt(x.sapa.length), fmt(perPage, perPage % 1 ? 1 : 0), fmt(a.p50, 2), fmt(a.p99, 2), fmt(a.max, 2), fmt(f.p50, 2), fmt(f.p99, 2),
          `${(a.p50 / f.p50).toFixed(1)}×`, `${(a.p99 / f.p99).toFixed(1)}×`];
      }));
    console.log('');
    console.log(`Sapa = one HTTP request as the owner (session cookie) on one keep-alive connection, one at a time, ${WARM_UP} warm-ups not counted;`);
    console.log('SQL = right after it, the same statement as conversation.sql.ts through `pg`, prepared, same limit (page + 1) and parameters.');
    console.log('`/api/v1/auth/session` (no SQL beside it) = what any request as the owner costs: HTTP, the session lookup, a small JSON answer.');
    console.log('');
    for (const x of results.filter((r) => r.floor.length > 0)) {
      const a = stats(x.sapa);
      const f = stats(x.floor);
      console.log(`${a.p99 < GOAL_MS ? 'PASS' : 'FAIL'}  ${x.scenario}: p99 under ${GOAL_MS} ms over ${fmt(x.sapa.length)} requests   ` +
        `(actual ${fmt(a.p99, 2)} ms, ${(a.p99 / f.p99).toFixed(1)}× the SQL statement's ${fmt(f.p99, 2)} ms)`);
    }
    await stopSapa('bench', sapa);
    sapa = null;
  } finally {
    client?.close();
    await floorDb?.end().catch(() => undefined);
    if (sapa) await sapa.kill('SIGTERM');
    await location.drop();
  }
}

async function stopSapa(label: string, sapa: SapaProcess): Promise<void> {
  const alive = sapa.child.exitCode === null && sapa.child.signalCode === null;
  const code = await sapa.kill('SIGTERM');
  if (!alive || code !== 0) problems.push(`${label}: Sapa ${alive ? `exited with ${code} on SIGTERM` : 'had exited by itself'}; output ends:\n${sapa.output().slice(-2000)}`);
  const errors = sapa.output().split('\n').filter((l) => /"level":(50|60)/.test(l));
  if (errors.length > 0) problems.push(`${label}: Sapa logged ${errors.length} errors, first: ${errors[0]!.slice(0, 400)}`);
}

console.log(`bench:inbox — ${fmt(CONVERSATIONS)} conversations, ${fmt(MESSAGES)} messages on PostgreSQL, ${fmt(REQUESTS)} requests each; ${new Date().toISOString()}`);
console.log(`load average at start: ${loadAvg()} (${os.cpus().length} cores)`);
const why = await postgresUnreachable();
if (why) {
  console.log(`SKIPPED — PostgreSQL unreachable (${why})`);
  process.exit(1);
}
try {
  await bench();
} catch (err) {
  problems.push(err instanceof Error ? err.stack ?? err.message : String(err));
}
console.log('');
console.log(`load average at end: ${loadAvg()}`);
if (problems.length > 0) {
  for (const p of problems) console.error(`FAIL: ${p}`);
  process.exit(1);
}
console.log('OK: every page checked equals the statement\'s rows; no sequential scan in the plans.');
