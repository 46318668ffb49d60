/**
 * `npm run bench:journeys`: N contacts (default 100,000) whose journey runs rest at a due wait step
 * advance through it to the next step, on PostgreSQL, beside a plain-SQL floor doing the same
 * writes in the same run (issue 10 proof: "journeys advancing 100,000 contacts through a wait step
 * in under 10 s").
 *
 * A fresh database (dropped afterwards) is migrated; N contacts are made by generate_series; the
 * cart-abandonment journey runs `wait-1h → reminder-1 (send) → wait-24h → …`, and every contact's run,
 * entered on its own `cart.abandoned` event (one item, which the reminder names), is put at `wait-1h`,
 * waiting and due. Every message must come out queued (a failed render would be cheaper and wrong). Then, timed:
 * - Sapa: advanceDueRuns in batches of SAPA_JOURNEY_BATCH (2,000): each batch one transaction that
 *   claims due runs FOR UPDATE SKIP LOCKED, reads their contacts/opt-outs/orders/templates, runs the
 *   step machine, renders the reminder, and writes the runs (now resting at wait-24h), the N messages
 *   (journey_id, step, key jr:<run>:<seq>) and their pg-boss delivery jobs (100 ids each).
 * - Floor: the same rows reset to due and the messages deleted; then, in batches of the same size,
 *   one statement per batch that claims (SKIP LOCKED), moves the runs and inserts the messages with
 *   the text concatenated in SQL — no rendering in Node, no facts, no jobs.
 * Sapa runs once per lane count (--lanes 1,2: batches one worker moves at once, SAPA_JOURNEY_LANES),
 * the runs reset between. Each checks that every run moved once and N messages exist.
 * Options: --contacts 100000, --batch 2000, --lanes 1,2.
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '../../src/config/env.js';
import { advanceDueRuns } from '../../src/app/journey-runner.js';
import { createFromRecipe, setJourneyStatus } from '../../src/app/journeys.js';
import { permissionsOfRole } from '../../src/domain/permissions.js';
import { bootstrap, openRuntime } from '../../src/main/runtime.js';
import { openTestStore } from '../../test/support/test-store.js';
import { printTable } from '../table.js';

const { values: args } = parseArgs({ options: { contacts: { type: 'string', default: '100000' }, batch: { type: 'string', default: '2000' }, lanes: { type: 'string', default: '1,2' } } });
const LANES = String(args.lanes).split(',').map(Number);
if (LANES.some((l) => !Number.isInteger(l) || l < 1 || l > 8)) throw new Error('--lanes must be whole numbers 1–8, e.g. 1,2');
const N = Number(args.contacts);
const BATCH = Number(args.batch);
if (!Number.isInteger(N) || N < 10) throw new Error('--contacts must be a whole number ≥ 10');
const GOAL_S = 10;

process.env.SAPA_TEST_STORE = 'postgres';
const db = await openTestStore();
const rt = await openRuntime(loadConfig({
  PORT: '0', HOST: '127.0.0.1', SAPA_DATA_DIR: db.config.dataDir, SAPA_ADMIN_EMAIL: 'bench@sapa.test', SAPA_ADMIN_PASSWORD: 'bench-password-1',
  SAPA_SEED_DEMO: 'false', SAPA_LOG_LEVEL: 'silent', SAPA_JOURNEY_INTERVAL_MS: '0',
}), { db });
try {
  await bootstrap(rt);
  const q = async (text: string, values: unknown[] = []) => (await db.executeSql(text, values)).rows;
  const ws = String((await q('select id from workspaces order by created_at limit 1'))[0]!.id);
  const principal = { workspaceId: ws, userId: null, role: 'owner' as const, scopes: null, via: 'cli' as const, permissions: permissionsOfRole('owner'), actor: 'bench', address: null };
  const deps = { store: rt.workerDeps.store, clock: { now: () => new Date() } };
  const journey = await createFromRecipe(deps, principal, { recipe: 'cart_abandonment' });
  await setJourneyStatus(deps, principal, journey.id, 'active');

  let t0 = performance.now();
  await q(`insert into contacts (workspace_id, name, phone, created_at, updated_at)
    select $1, 'Pelanggan ' || g, '+62812' || lpad(g::text, 8, '0'), now(), now() from generate_series(1, $2::int) g`, [ws, N]);
  // Each run entered on its own cart.abandoned event, whose items the reminder names ({productname}).
  await q(`insert into events (workspace_id, key, type, occurred_at, payload, contact_id)
    select $1, 'cart:' || c.id, 'cart.abandoned', now() - interval '1 hour',
      jsonb_build_object('order', jsonb_build_object('number', 'CART-' || c.id, 'items', jsonb_build_array(jsonb_build_object('name', 'Kopi Arabika', 'quantity', 1)))), c.id
    from contacts c where c.workspace_id = $1`, [ws]);
  await q(`insert into journey_runs (workspace_id, journey_id, contact_id, trigger_key, event_id, status, position, phase, seq, due_at, single, entered_at, updated_at)
    select $1, $2, e.contact_id, e.key, e.id, 'active', 'wait-1h', 'waiting', 1, now() - interval '1 second', true, now() - interval '1 hour', now()
    from events e where e.workspace_id = $1 and e.type = 'cart.abandoned'`, [ws, journey.id]);
  await q('analyze contacts; analyze events; analyze journey_runs');
  console.log(`seeded ${N.toLocaleString('en-US')} contacts and due runs in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

  const check = async (label: string) => {
    const [r] = await q(`select (select count(*) from journey_runs where journey_id = $1 and position = 'wait-24h' and status = 'active' and seq = 3)::int as moved,
      (select count(*) from messages where journey_id = $1 and journey_step_id = 'reminder-1' and status = 'queued')::int as messages`, [journey.id]);
    if (Number(r!.moved) !== N || Number(r!.messages) !== N) throw new Error(`${label}: moved ${String(r!.moved)}, messages ${String(r!.messages)}, expected ${N}`);
  };

  const reset = async () => {
    await q(`delete from messages where journey_id = $1`, [journey.id]);
    await q(`delete from pgboss.job where name in ('deliver', 'deliver-bulk')`);
    await q(`update journey_runs set position = 'wait-1h', phase = 'waiting', seq = 1, due_at = now() - interval '1 second' where journey_id = $1`, [journey.id]);
    await q('vacuum analyze journey_runs');
    await q('vacuum analyze messages');
  };

  // Sapa, at each lane count (batches moved at once by one worker, SAPA_JOURNEY_LANES).
  const sapa: { lanes: number; seconds: number; jobs: number }[] = [];
  for (const lanes of LANES) {
    if (sapa.length > 0) await reset();
    t0 = performance.now();
    const moved = await advanceDueRuns(deps, BATCH, lanes);
    const seconds = (performance.now() - t0) / 1000;
    if (moved !== N) throw new Error(`Sapa (${lanes} lanes) moved ${moved} runs, expected ${N}`);
    await check(`Sapa (${lanes} lanes)`);
    const [jobs] = await q(`select count(*)::int as n from pgboss.job where name in ('deliver', 'deliver-bulk')`);
    sapa.push({ lanes, seconds, jobs: Number(jobs!.n) });
  }

  // Reset, then the floor.
  await reset();
  const [tpl] = await q(`select id, category from templates where workspace_id = $1 and code = 'JOURNEY_CART_REMINDER_1'`, [ws]);
  t0 = performance.now();
  for (;;) {
    const [r] = await q(`
      with due as (
        select r.id, r.contact_id from journey_runs r
        where r.status = 'active' and r.due_at <= now() and r.journey_id = $1
        order by r.due_at limit $2 for update skip locked
      ), moved as (
        update journey_runs r set position = 'wait-24h', phase = 'waiting', seq = 3, due_at = now() + interval '24 hours', updated_at = now()
        from due where r.id = due.id returning r.id
      ), ins as (
        insert into messages (workspace_id, contact_id, channel, recipient, template_id, journey_id, journey_step_id, idempotency_key, category, body, content, status, scheduled_at)
        select $3, c.id, 'whatsapp', c.phone, $4, $1, 'reminder-1', 'jr:' || due.id || ':3', $5,
          'Halo ' || c.name || ', Kopi Arabika masih menunggu di keranjangmu. Yuk selesaikan pesananmu sebelum kehabisan!',
          jsonb_build_object('kind', 'whatsapp', 'params', jsonb_build_array(c.name, 'Kopi Arabika')), 'queued', now()
        from due join contacts c on c.id = due.contact_id
        on conflict (workspace_id, idempotency_key) do nothing returning id
      )
      select (select count(*) from moved)::int as n, (select count(*) from ins)::int as m`, [journey.id, BATCH, ws, tpl!.id, tpl!.category]);
    if (Number(r!.n) < BATCH) break;
  }
  const floorS = (performance.now() - t0) / 1000;
  await check('floor');

  printTable(['journeys (PostgreSQL)', 'runs moved', 'messages', 'jobs', 'seconds', 'runs/s', 'vs floor'], [
    ...sapa.map((r) => [`Sapa advanceDueRuns, ${r.lanes} lane${r.lanes === 1 ? '' : 's'} (claim, facts, machine, render, write, jobs)`, N.toLocaleString('en-US'), N.toLocaleString('en-US'), String(r.jobs), r.seconds.toFixed(2), Math.round(N / r.seconds).toLocaleString('en-US'), `${(r.seconds / floorS).toFixed(2)}×`]),
    ['floor: one SQL statement per batch, 1 connection (no render, no facts, no jobs)', N.toLocaleString('en-US'), N.toLocaleString('en-US'), '0', floorS.toFixed(2), Math.round(N / floorS).toLocaleString('en-US'), '1.00×'],
  ]);
  const best = Math.min(...sapa.map((r) => r.seconds));
  console.log(`\nbatch ${BATCH}; goal: ${N.toLocaleString('en-US')} runs through a wait step in under ${GOAL_S} s — ${best < GOAL_S ? 'PASS' : 'NOT MET'} (best ${best.toFixed(2)} s)`);
} finally {
  await rt.close();
  await db.close();
}
