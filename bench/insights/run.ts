/**
 * `npm run bench:insights`: RFM on PostgreSQL at 1,000,000 contacts and 10,000,000 orders (issue 10):
 * - the full run (src/adapters/db/insights.sql.ts, through the store Sapa uses) — goal < 20 s —
 *   first on an empty table and again on a full one (the nightly case: only changed rows written);
 * - the incremental update after one paid order (app/insights.ts updateAfterOrders, as the event
 *   intake calls it after its commit) — goal < 200 ms, median and max over --updates orders;
 * - a segment count over every contact with an `rfm.segment` rule (the segment SQL Sapa compiles,
 *   adapters/db/segment.sql.ts) — goal < 1 s;
 * each beside a floor measured in the same run: plain statements through `pg` doing the same work
 * without Sapa (the scores into an unlogged table; one contact's aggregate upserted; a count over
 * the stored segment column). Data by bench/insights/seed.ts (generate_series, in the database).
 *
 * Options: --contacts 1000000 --orders 10000000 --updates 200. A fresh database, dropped afterwards.
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { openStore } from '../../src/adapters/db/client.js';
import { insightsSql } from '../../src/adapters/db/insights.sql.js';
import { segmentWhere } from '../../src/adapters/db/segment.sql.js';
import { updateAfterOrders } from '../../src/app/insights.js';
import type { Store } from '../../src/app/ports.js';
import { checkSegment } from '../../src/domain/segment.js';
import { percentileScoreSql } from '../../src/domain/insights/index.js';
import { createLocation, postgresUnreachable } from '../events/store-location.js';
import { printTable } from '../table.js';
import { seed } from './seed.js';

const { values: args } = parseArgs({ options: { contacts: { type: 'string', default: '1000000' }, orders: { type: 'string', default: '10000000' }, updates: { type: 'string', default: '200' } } });
const whole = (name: string, v: string, min: number) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) throw new Error(`--${name}: ${v} is not a whole number ≥ ${min}`);
  return n;
};
const CONTACTS = whole('contacts', args.contacts, 100);
const ORDERS = whole('orders', args.orders, CONTACTS);
const UPDATES = whole('updates', args.updates, 10);
const GOALS = { full: 20_000, incremental: 200, count: 1_000 };

const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const since = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main(): Promise<void> {
  const unreachable = await postgresUnreachable();
  if (unreachable) throw new Error(`PostgreSQL unreachable: ${unreachable}`);
  const location = await createLocation('postgres');
  const url = location.env.DATABASE_URL!;
  console.log(`bench:insights — ${fmt(CONTACTS)} contacts, ${fmt(ORDERS)} orders, ${UPDATES} incremental updates; ${os.cpus().length} CPUs, load ${os.loadavg().map((l) => l.toFixed(2)).join(', ')}`);
  const db = await openStore({ databaseUrl: url, dataDir: '/nonexistent', poolSize: 4 });
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    let t0 = process.hrtime.bigint();
    const { workspaceId } = await seed(client, CONTACTS, ORDERS);
    console.log(`seeded in ${fmt(since(t0) / 1000, 1)} s`);
    const insights = insightsSql(db.sql);
    const now = new Date();
    const rows: string[][] = [];
    const verdict = (ms: number, goal: number) => (ms < goal ? 'PASS' : 'NOT MET');

    // The floor of the full run: the same aggregate and window scores into an unlogged table, nothing else.
    const floorFull = async () => {
      await client.query('drop table if exists floor_rfm');
      const t = process.hrtime.bigint();
      await client.query(`
        create unlogged table floor_rfm as
        select d.contact_id, d.last_at, d.n, d.revenue,
          ${percentileScoreSql('d.recency_days desc', 'd.recency_days')} as r, ${percentileScoreSql('d.n', 'd.n')} as f, ${percentileScoreSql('d.revenue', 'd.revenue')} as m
        from (select o.contact_id, max(o.occurred_at) as last_at, count(*)::int as n, coalesce(sum(o.total), 0) as revenue,
                floor(extract(epoch from ($2::timestamptz - max(o.occurred_at))) / 86400)::int as recency_days
              from orders o where o.workspace_id = $1::uuid and o.paid_at is not null and o.occurred_at <= $2::timestamptz group by o.contact_id) d`, [workspaceId, now]);
      return since(t);
    };
    const floor1 = await floorFull();
    t0 = process.hrtime.bigint();
    const first = await insights.runRfm(workspaceId, now);
    const full1 = since(t0);
    await client.query('vacuum analyze contact_insights');
    const floor2 = await floorFull();
    t0 = process.hrtime.bigint();
    await insights.runRfm(workspaceId, now);
    const full2 = since(t0);
    console.log(`full run scored ${fmt(first.contacts)} customers; cuts ${JSON.stringify(first.cuts)}`);
    rows.push(['full RFM, empty table', `${fmt(full1)} ms`, `${fmt(floor1)} ms`, `${(full1 / floor1).toFixed(2)}×`, '< 20 s', verdict(full1, GOALS.full)]);
    rows.push(['full RFM, again (nightly)', `${fmt(full2)} ms`, `${fmt(floor2)} ms`, `${(full2 / floor2).toFixed(2)}×`, '< 20 s', verdict(full2, GOALS.full)]);

    // Incremental: a paid order for a random contact, committed, then the update Sapa runs after the commit.
    const deps = { store: { insights } as unknown as Store, clock: { now: () => new Date() } };
    await client.query('create unlogged table if not exists floor_inc (contact_id uuid primary key, n int, revenue numeric, last_at timestamptz)');
    const sapa: number[] = [];
    const floor: number[] = [];
    for (let i = 0; i < UPDATES; i++) {
      const k = 1 + Math.floor(Math.random() * CONTACTS);
      const [c] = (await client.query<{ id: string }>(`select md5('c' || $1::int)::uuid as id`, [k])).rows;
      await client.query(`insert into orders (workspace_id, contact_id, number, total, status, occurred_at, paid_at) values ($1, $2, $3, 150000, 'order.paid', now(), now())`, [workspaceId, c!.id, `BENCH-INC-${i}`]);
      let t = process.hrtime.bigint();
      await updateAfterOrders(deps, workspaceId, [c!.id]);
      sapa.push(since(t));
      t = process.hrtime.bigint();
      await client.query({
        name: 'floor_inc', text: `
        insert into floor_inc select o.contact_id, count(*), sum(o.total), max(o.occurred_at) from orders o
        where o.workspace_id = $1::uuid and o.contact_id = $2::uuid and o.paid_at is not null group by o.contact_id
        on conflict (contact_id) do update set n = excluded.n, revenue = excluded.revenue, last_at = excluded.last_at`, values: [workspaceId, c!.id],
      });
      floor.push(since(t));
    }
    const [sMed, sMax, fMed, fMax] = [median(sapa), Math.max(...sapa), median(floor), Math.max(...floor)];
    rows.push(['incremental, median', `${fmt(sMed, 2)} ms`, `${fmt(fMed, 2)} ms`, `${(sMed / fMed).toFixed(2)}×`, '< 200 ms', verdict(sMed, GOALS.incremental)]);
    rows.push(['incremental, max', `${fmt(sMax, 2)} ms`, `${fmt(fMax, 2)} ms`, `${(sMax / fMax).toFixed(2)}×`, '< 200 ms', verdict(sMax, GOALS.incremental)]);

    // Segment count with an rfm rule, over every contact of the workspace.
    const checked = checkSegment({ match: 'all', rules: [{ field: 'rfm.segment', op: 'in', value: ['champions', 'loyal'] }] });
    if (!checked.ok) throw new Error('bench segment invalid');
    const where = segmentWhere(checked.definition, 2, new Date());
    const counts: number[] = [];
    const floors: number[] = [];
    let n = 0;
    let nFloor = 0;
    for (let i = 0; i < 5; i++) {
      let t = process.hrtime.bigint();
      const [row] = await db.sql.query(`select count(*)::int as n from contacts c where c.workspace_id = $1 and (${where.sql})`, [workspaceId, ...where.values]);
      counts.push(since(t));
      n = Number(row!.n);
      t = process.hrtime.bigint();
      const [f] = (await client.query(`select count(*)::int as n from contact_insights where workspace_id = $1 and segment = any($2::text[])`, [workspaceId, ['champions', 'loyal']])).rows;
      floors.push(since(t));
      nFloor = Number(f.n);
    }
    if (n !== nFloor) throw new Error(`segment count ${n} ≠ floor ${nFloor}`);
    const [cMed, flMed] = [median(counts), median(floors)];
    rows.push([`segment count (rfm.segment in champions, loyal: ${fmt(n)})`, `${fmt(cMed, 1)} ms`, `${fmt(flMed, 1)} ms`, `${(cMed / flMed).toFixed(2)}×`, '< 1 s', verdict(cMed, GOALS.count)]);

    printTable(['measure', 'Sapa', 'floor', 'ratio', 'goal', 'result'], rows);
    console.log(`\nload after: ${os.loadavg().map((l) => l.toFixed(2)).join(', ')}`);
  } finally {
    await client.end();
    await db.close();
    await location.drop();
  }
}

await main();
