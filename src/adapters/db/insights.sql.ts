/**
 * RFM and customer value in the store (app/insights.port.ts). The full run is set-based: one pass
 * over the workspace's paid orders aggregates and scores every customer into a temporary table
 * (the scores are the domain's percentile rule as window functions, percentileScoreSql), then one
 * INSERT … ON CONFLICT writes only the rows that changed (unchanged rows are not rewritten, so a
 * nightly run does not churn the table and its indexes), one DELETE drops contacts that no longer
 * have a paid order, and the cut points come from the same temporary table.
 *
 * Concurrency: every row carries stats_as_of, the database time its writer's figures are true of —
 * for the full run the clock read before the statement that reads the orders, for the incremental
 * update its statement's start (its snapshot is taken after). A write with an older stats_as_of
 * than the row's is skipped (ON CONFLICT … WHERE sees the latest committed row). The update after
 * a paid order runs after the order's transaction committed, so whichever writer started later has
 * seen every order the other one saw: an order paid during a full run is never overwritten by the
 * run's older figures, and an older incremental never overwrites a newer one.
 *
 * Orders: paid ones only (`paid_at` set, an `order.paid` event reached them), timed by the order's
 * event `occurred_at`, amounts `total` (null counts as 0). Orders after `now` are not counted yet.
 */
import type { ClvModel, ContactInsight, InsightsStore, RfmContactRow, RfmFilter, ValueDecile } from '../../app/insights.port.js';
import { RFM_SEGMENT_GRID, percentileScoreSql, type RfmCuts, type RfmSegment, type Score } from '../../domain/insights/index.js';
import type { SqlAccess, SqlQuery, SqlRow } from './sql-unit.js';

const date = (v: unknown): Date => (v instanceof Date ? v : new Date(String(v)));
const num = (v: unknown): number => Number(v);

/** The segment of (r, f, m) in SQL: RFM_SEGMENT_GRID[r − 1][FM − 1] with FM = (f + m + 1) div 2 (rfm-segments.ts). */
const SEGMENT_SQL = (r: string, f: string, m: string) =>
  `(array[${RFM_SEGMENT_GRID.flat().map((s) => `'${s}'`).join(',')}])[(${r} - 1) * 5 + (${f} + ${m} + 1) / 2]`;

/** Whole days from `last` to the parameter `now` (24-hour periods, floored), as the domain counts them. */
const RECENCY_SQL = (now: string, last: string) => `floor(extract(epoch from (${now} - ${last})) / 86400)::int`;

/**
 * A contact's paid-order figures, grouped. The first order's amount rides along as the second
 * element of min(array[epoch, total]) — the smallest time wins — with no per-group sort.
 */
const STATS_SELECT = `
  select o.contact_id, min(o.occurred_at) as first_at, max(o.occurred_at) as last_at, count(*)::int as n,
         coalesce(sum(o.total), 0) as revenue,
         (min(array[extract(epoch from o.occurred_at)::numeric, coalesce(o.total, 0)]))[2] as first_total
  from orders o`;

const INSIGHT_COLUMNS = 'ci.r, ci.f, ci.m, ci.segment, ci.orders, ci.revenue, ci.first_order_total, ci.first_order_at, ci.last_order_at, ci.predicted_value';

function insightOf(row: SqlRow): ContactInsight {
  return {
    r: num(row.r) as Score, f: num(row.f) as Score, m: num(row.m) as Score, segment: row.segment as RfmSegment,
    orders: num(row.orders), revenueIdr: num(row.revenue), firstOrderTotalIdr: num(row.first_order_total),
    firstOrderAt: date(row.first_order_at), lastOrderAt: date(row.last_order_at),
    predictedValueIdr: row.predicted_value === null || row.predicted_value === undefined ? null : num(row.predicted_value),
  };
}

const cutsOf = (row: SqlRow, prefix: string, k: readonly string[]) =>
  k.map((s) => (row[`${prefix}${s}`] === null ? null : num(row[`${prefix}${s}`]))) as unknown as RfmCuts['frequency'];

async function fullRun(q: SqlQuery, workspaceId: string, now: Date): Promise<{ contacts: number; cuts: RfmCuts }> {
  const [clock] = await q('select clock_timestamp() as t');
  const asOf = date(clock!.t);
  await q(`create temp table if not exists rfm_run (
    contact_id uuid, first_at timestamptz, last_at timestamptz, n int, revenue numeric, first_total numeric, recency_days int, r int, f int, m int
  ) on commit delete rows`);
  await q(`
    insert into rfm_run
    select d.contact_id, d.first_at, d.last_at, d.n, d.revenue, d.first_total, d.recency_days,
      ${percentileScoreSql('d.recency_days desc', 'd.recency_days')},
      ${percentileScoreSql('d.n', 'd.n')},
      ${percentileScoreSql('d.revenue', 'd.revenue')}
    from (
      select s.*, ${RECENCY_SQL('$2::timestamptz', 's.last_at')} as recency_days
      from (${STATS_SELECT} where o.workspace_id = $1::uuid and o.paid_at is not null and o.occurred_at <= $2::timestamptz group by o.contact_id) s
    ) d`, [workspaceId, now], 'rfm_full_score');
  // A temporary table has no statistics until analysed: without them the prune's anti-join can be planned as a loop.
  await q('analyze rfm_run');
  await q(`
    insert into contact_insights as ci (contact_id, workspace_id, first_order_at, last_order_at, orders, revenue, first_order_total, r, f, m, segment, stats_as_of)
    select x.contact_id, $1::uuid, x.first_at, x.last_at, x.n, x.revenue, x.first_total, x.r, x.f, x.m, ${SEGMENT_SQL('x.r', 'x.f', 'x.m')}, $2::timestamptz
    from rfm_run x
    on conflict (contact_id) do update set
      first_order_at = excluded.first_order_at, last_order_at = excluded.last_order_at, orders = excluded.orders, revenue = excluded.revenue,
      first_order_total = excluded.first_order_total, r = excluded.r, f = excluded.f, m = excluded.m, segment = excluded.segment, stats_as_of = excluded.stats_as_of
    where ci.workspace_id = $1::uuid and ci.stats_as_of <= excluded.stats_as_of
      and (ci.first_order_at, ci.last_order_at, ci.orders, ci.revenue, ci.first_order_total, ci.r, ci.f, ci.m)
        is distinct from (excluded.first_order_at, excluded.last_order_at, excluded.orders, excluded.revenue, excluded.first_order_total, excluded.r, excluded.f, excluded.m)`,
  [workspaceId, asOf], 'rfm_full_write');
  await q(`
    delete from contact_insights ci where ci.workspace_id = $1::uuid and ci.stats_as_of < $2::timestamptz
      and not exists (select 1 from rfm_run x where x.contact_id = ci.contact_id)`, [workspaceId, asOf], 'rfm_full_prune');
  const ks = ['2', '3', '4', '5'];
  const [row] = await q(`
    select count(*)::int as n,
      ${ks.map((k) => `max(recency_days) filter (where r >= ${k}) as r${k}, min(n) filter (where f >= ${k}) as f${k}, min(revenue) filter (where m >= ${k}) as m${k}`).join(',\n      ')}
    from rfm_run`, [], 'rfm_full_cuts');
  const cuts: RfmCuts = { recencyDays: cutsOf(row!, 'r', ks), frequency: cutsOf(row!, 'f', ks), monetaryIdr: cutsOf(row!, 'm', ks) };
  await q(`
    insert into workspace_insights (workspace_id, rfm_cuts, rfm_computed_at, rfm_contacts) values ($1::uuid, $2::jsonb, $3::timestamptz, $4)
    on conflict (workspace_id) do update set rfm_cuts = excluded.rfm_cuts, rfm_computed_at = excluded.rfm_computed_at, rfm_contacts = excluded.rfm_contacts`,
  [workspaceId, JSON.stringify(cuts), now, num(row!.n)], 'rfm_full_cuts_save');
  return { contacts: num(row!.n), cuts };
}

/** Score against stored cuts in SQL: 1 + the number of cuts the value reaches (scoreWithCuts in the domain). */
const byCuts = (value: string, key: keyof RfmCuts, cmp: '<=' | '>=') =>
  `(1 + (select count(*) from jsonb_array_elements_text(w.rfm_cuts -> '${key}') e where e is not null and ${value} ${cmp} e::numeric))::int`;

export function insightsSql(sql: SqlAccess): InsightsStore {
  return {
    runRfm: (workspaceId, now) => sql.transaction((q) => fullRun(q, workspaceId, now)),

    async updateContacts(workspaceId, contactIds, now) {
      if (contactIds.length === 0) return true;
      const [row] = await sql.query(`
        with w as (select rfm_cuts from workspace_insights where workspace_id = $1::uuid and rfm_cuts is not null),
        d as (
          select s.*, ${RECENCY_SQL('$3::timestamptz', 's.last_at')} as recency_days
          from (${STATS_SELECT} where o.workspace_id = $1::uuid and o.contact_id = any($2::uuid[]) and o.paid_at is not null and o.occurred_at <= $3::timestamptz
                group by o.contact_id) s
        ),
        sc as (
          select d.*, ${byCuts('d.recency_days', 'recencyDays', '<=')} as r, ${byCuts('d.n', 'frequency', '>=')} as f, ${byCuts('d.revenue', 'monetaryIdr', '>=')} as m
          from d cross join w
        ),
        up as (
          insert into contact_insights as ci (contact_id, workspace_id, first_order_at, last_order_at, orders, revenue, first_order_total, r, f, m, segment, stats_as_of)
          select sc.contact_id, $1::uuid, sc.first_at, sc.last_at, sc.n, sc.revenue, sc.first_total, sc.r, sc.f, sc.m, ${SEGMENT_SQL('sc.r', 'sc.f', 'sc.m')}, statement_timestamp()
          from sc
          on conflict (contact_id) do update set
            first_order_at = excluded.first_order_at, last_order_at = excluded.last_order_at, orders = excluded.orders, revenue = excluded.revenue,
            first_order_total = excluded.first_order_total, r = excluded.r, f = excluded.f, m = excluded.m, segment = excluded.segment, stats_as_of = excluded.stats_as_of
          where ci.workspace_id = $1::uuid and ci.stats_as_of <= excluded.stats_as_of
          returning 1
        )
        select (select count(*) from w)::int as has_cuts, (select count(*) from up)::int as written`, [workspaceId, contactIds, now], 'rfm_incremental');
      return num(row!.has_cuts) > 0;
    },

    async rfmSummary(workspaceId) {
      const [segments, grid, meta] = await Promise.all([
        sql.query(`select segment, count(*)::int as n, coalesce(sum(revenue), 0) as revenue from contact_insights where workspace_id = $1::uuid group by segment`, [workspaceId], 'rfm_summary_segments'),
        sql.query(`select r, f, count(*)::int as n, coalesce(sum(revenue), 0) as revenue from contact_insights where workspace_id = $1::uuid group by r, f`, [workspaceId], 'rfm_summary_grid'),
        sql.query(`select rfm_cuts, rfm_computed_at from workspace_insights where workspace_id = $1::uuid`, [workspaceId], 'rfm_summary_meta'),
      ]);
      return {
        segments: segments.map((s) => ({ name: String(s.segment), count: num(s.n), revenueIdr: num(s.revenue) })),
        grid: grid.map((g) => ({ r: num(g.r), f: num(g.f), count: num(g.n), revenueIdr: num(g.revenue) })),
        computedAt: meta[0]?.rfm_computed_at ? date(meta[0].rfm_computed_at) : null,
        cuts: (meta[0]?.rfm_cuts ?? null) as RfmCuts | null,
      };
    },

    async rfmContacts(workspaceId, filter: RfmFilter, after, limit): Promise<RfmContactRow[]> {
      const where = 'segment' in filter ? 'ci.segment = $2' : 'ci.r = $2::int and ci.f = $3::int';
      const values: unknown[] = 'segment' in filter ? [workspaceId, filter.segment] : [workspaceId, filter.r, filter.f];
      const page = after ? `and (ci.last_order_at, ci.contact_id) < ($${values.length + 1}::timestamptz, $${values.length + 2}::uuid)` : '';
      if (after) values.push(after.at, after.id);
      values.push(limit);
      const rows = await sql.query(`
        select c.id, c.name, c.phone, c.email, ${INSIGHT_COLUMNS}
        from contact_insights ci join contacts c on c.id = ci.contact_id and c.workspace_id = ci.workspace_id
        where ci.workspace_id = $1::uuid and ${where} ${page}
        order by ci.last_order_at desc, ci.contact_id desc limit $${values.length}`, values);
      return rows.map((r) => ({ id: String(r.id), name: String(r.name), phone: (r.phone ?? null) as string | null, email: (r.email ?? null) as string | null, insight: insightOf(r) }));
    },

    async contactInsight(workspaceId, contactId) {
      const [row] = await sql.query(`select ${INSIGHT_COLUMNS} from contact_insights ci where ci.workspace_id = $1::uuid and ci.contact_id = $2::uuid`, [workspaceId, contactId], 'contact_insight');
      return row ? insightOf(row) : null;
    },

    async customerPage(workspaceId, after, limit) {
      const rows = await sql.query(`
        select ci.contact_id, ${INSIGHT_COLUMNS} from contact_insights ci
        where ci.workspace_id = $1::uuid and ($2::uuid is null or ci.contact_id > $2::uuid) order by ci.contact_id limit $3`, [workspaceId, after, limit], 'clv_customer_page');
      return rows.map((r) => ({ contactId: String(r.contact_id), insight: insightOf(r) }));
    },

    async customerSample(workspaceId, limit) {
      const [count] = await sql.query('select count(*)::int as n from contact_insights where workspace_id = $1::uuid', [workspaceId], 'clv_customer_count');
      const total = num(count!.n);
      // Everyone when they fit; else a uniform random sample (order by random() over one workspace's rows).
      const rows = await sql.query(`select ${INSIGHT_COLUMNS} from contact_insights ci where ci.workspace_id = $1::uuid ${total > limit ? 'order by random()' : ''} limit $2`, [workspaceId, limit]);
      return { total, rows: rows.map(insightOf) };
    },

    async savePredictions(workspaceId, predictions) {
      if (predictions.length === 0) return;
      await sql.query(`
        update contact_insights ci set predicted_value = round(p.v::numeric, 2)
        from unnest($2::uuid[], $3::float8[]) as p(id, v)
        where ci.workspace_id = $1::uuid and ci.contact_id = p.id`,
      [workspaceId, predictions.map((p) => p.contactId), predictions.map((p) => p.valueIdr)], 'clv_save_predictions');
    },

    async saveClvModel(workspaceId, model: ClvModel, at) {
      await sql.query(`
        insert into workspace_insights (workspace_id, clv_model, clv_fitted_at) values ($1::uuid, $2::jsonb, $3::timestamptz)
        on conflict (workspace_id) do update set clv_model = excluded.clv_model, clv_fitted_at = excluded.clv_fitted_at`,
      [workspaceId, JSON.stringify(model), at], 'clv_save_model');
    },

    async clvModel(workspaceId) {
      const [row] = await sql.query('select clv_model, clv_fitted_at from workspace_insights where workspace_id = $1::uuid and clv_model is not null', [workspaceId], 'clv_model');
      return row ? { model: row.clv_model as ClvModel, fittedAt: date(row.clv_fitted_at) } : null;
    },

    async valueDeciles(workspaceId, by): Promise<ValueDecile[]> {
      const key = by === 'predicted' ? 'coalesce(predicted_value, 0)' : 'revenue';
      const rows = await sql.query(`
        select d, count(*)::int as n, coalesce(sum(revenue), 0) as historical, coalesce(sum(predicted_value), 0) as predicted
        from (select ntile(10) over (order by ${key}, contact_id) as d, revenue, predicted_value from contact_insights where workspace_id = $1::uuid) x
        group by d order by d`, [workspaceId], `value_deciles_${by}`);
      return rows.map((r) => ({ decile: num(r.d), count: num(r.n), historicalIdr: num(r.historical), predictedIdr: num(r.predicted) }));
    },

    async workspacesWithOrders() {
      const rows = await sql.query('select w.id from workspaces w where exists (select 1 from orders o where o.workspace_id = w.id and o.paid_at is not null) order by w.id', [], 'insights_workspaces');
      return rows.map((r) => String(r.id));
    },
  };
}
