/**
 * Lifecycle stages in the store (app/lifecycle.port.ts): rows locked per batch, facts read set-wise
 * (a contact's two latest paid orders at or before now), stages and transitions written with one
 * statement each. The stage rule itself is the domain's (insights/lifecycle.ts).
 */
import type { LifecycleFlowRow, LifecycleStore, RestageRow, RestageSelection, StageChange } from '../../app/lifecycle.port.js';
import type { LifecycleStage } from '../../domain/insights/lifecycle.js';
import type { SqlAccess, SqlQuery, SqlRow } from './sql-unit.js';

const date = (v: unknown): Date => (v instanceof Date ? v : new Date(String(v)));
const dateOrNull = (v: unknown): Date | null => (v === null || v === undefined ? null : date(v));

async function lockRows(q: SqlQuery, selection: RestageSelection, now: Date): Promise<string[]> {
  if (selection.kind === 'contacts') {
    if (selection.contactIds.length === 0) return [];
    // In id order, so two requests restaging overlapping sets cannot deadlock.
    const rows = await q(`
      select contact_id from contact_lifecycles where workspace_id = $1::uuid and contact_id = any($2::uuid[])
      order by contact_id for update`, [selection.workspaceId, [...selection.contactIds]], 'lifecycle_lock_contacts');
    return rows.map((r) => String(r.contact_id));
  }
  const rows = await q(`
    select contact_id from contact_lifecycles
    where next_at <= $1 and ($3::uuid is null or workspace_id = $3::uuid)
    order by next_at limit $2 for update skip locked`, [now, selection.limit, selection.workspaceId ?? null], 'lifecycle_lock_due');
  return rows.map((r) => String(r.contact_id));
}

function rowOf(r: SqlRow): RestageRow {
  return {
    workspaceId: String(r.workspace_id),
    contactId: String(r.contact_id),
    stored: r.stage === null || r.since === null ? null : { stage: r.stage as LifecycleStage, since: date(r.since) },
    facts: { signedUpAt: date(r.created_at), lastOrderAt: dateOrNull(r.last_paid), previousOrderAt: dateOrNull(r.previous_paid) },
    thresholds: { dormantAfterDays: Number(r.dormant_days), atRiskAfterDays: Number(r.at_risk_days), lostAfterDays: Number(r.lost_days) },
  };
}

/** How long the process that made a change has to tell its listeners before the sweep does. */
const NOTIFY_GRACE_MS = 60_000;

function changeOf(r: SqlRow): StageChange {
  return {
    id: Number(r.id), workspaceId: String(r.workspace_id), contactId: String(r.contact_id),
    from: r.from_stage === null ? null : r.from_stage as LifecycleStage, to: r.to_stage as LifecycleStage, at: date(r.at),
  };
}

export function lifecycleSql(sql: SqlAccess): LifecycleStore {
  return {
    async restage(selection, now, decide) {
      return sql.transaction(async (q) => {
        const ids = await lockRows(q, selection, now);
        if (ids.length === 0) return { taken: 0, changes: [] };
        const paid = (offset: number) => `(select o.paid_at from orders o where o.contact_id = l.contact_id and o.workspace_id = l.workspace_id
          and o.paid_at is not null and o.paid_at <= $2 order by o.paid_at desc offset ${offset} limit 1)`;
        const facts = await q(`
          select l.contact_id, l.workspace_id, l.stage, l.since, c.created_at,
            w.lifecycle_dormant_days as dormant_days, w.lifecycle_at_risk_days as at_risk_days, w.lifecycle_lost_days as lost_days,
            ${paid(0)} as last_paid, ${paid(1)} as previous_paid
          from contact_lifecycles l join contacts c on c.id = l.contact_id join workspaces w on w.id = l.workspace_id
          where l.contact_id = any($1::uuid[])`, [ids, now], 'lifecycle_facts');
        const writes = decide(facts.map(rowOf));
        if (writes.length === 0) return { taken: ids.length, changes: [] };
        await q(`
          update contact_lifecycles l set stage = x.stage, since = x.since, next_at = x.next_at, updated_at = $2
          from json_to_recordset($1::json) as x(contact_id uuid, stage text, since timestamptz, next_at timestamptz)
          where l.contact_id = x.contact_id`,
        [JSON.stringify(writes.map((w) => ({ contact_id: w.contactId, stage: w.state.stage, since: w.state.since.toISOString(), next_at: w.nextAt?.toISOString() ?? null }))), now],
        'lifecycle_write');
        const made = writes.flatMap((w) => w.transitions.map((t) => ({ workspace_id: w.workspaceId, contact_id: w.contactId, from_stage: t.from, to_stage: t.to, at: t.at.toISOString() })));
        if (made.length === 0) return { taken: ids.length, changes: [] };
        const stored = await q(`
          insert into lifecycle_transitions (workspace_id, contact_id, from_stage, to_stage, at, recorded_at, notify_after)
          select x.workspace_id, x.contact_id, x.from_stage, x.to_stage, x.at, $2, $2::timestamptz + make_interval(secs => $3)
          from json_to_recordset($1::json) as x(workspace_id uuid, contact_id uuid, from_stage text, to_stage text, at timestamptz)
          returning id, workspace_id, contact_id, from_stage, to_stage, at`,
        [JSON.stringify(made), now, NOTIFY_GRACE_MS / 1000],
        'lifecycle_transitions');
        const changes = stored.map(changeOf).sort((a, b) => a.id - b.id);
        return { taken: ids.length, changes };
      });
    },

    async claimUnheard(now, limit, leaseMs) {
      const rows = await sql.query(`
        update lifecycle_transitions t set notify_after = $1::timestamptz + make_interval(secs => $3)
        where t.id in (
          select id from lifecycle_transitions where notify_after <= $1 order by notify_after, id limit $2 for update skip locked)
        returning t.id, t.workspace_id, t.contact_id, t.from_stage, t.to_stage, t.at`, [now, limit, leaseMs / 1000], 'lifecycle_claim_unheard');
      return rows.map(changeOf).sort((a, b) => a.id - b.id);
    },

    async markHeard(ids) {
      if (ids.length === 0) return;
      await sql.query(`update lifecycle_transitions set notify_after = null where id = any($1::bigint[])`, [ids.map(String)], 'lifecycle_mark_heard');
    },

    async counts(workspaceId) {
      const rows = await sql.query(`
        select stage, count(*)::int as n from contact_lifecycles where workspace_id = $1::uuid and stage is not null group by stage`, [workspaceId], 'lifecycle_counts');
      return rows.map((r) => ({ stage: r.stage as LifecycleStage, count: Number(r.n) }));
    },

    async flows(workspaceId, range) {
      const rows = await sql.query(`
        select to_char(date_trunc($4, t.at at time zone w.timezone), 'YYYY-MM-DD') as period, t.from_stage, t.to_stage, count(*)::int as n
        from lifecycle_transitions t join workspaces w on w.id = t.workspace_id
        where t.workspace_id = $1::uuid
          and t.at >= ($2::date)::timestamp at time zone w.timezone
          and t.at < (($3::date) + 1)::timestamp at time zone w.timezone
        group by 1, 2, 3 order by 1, 2 nulls first, 3`, [workspaceId, range.from, range.to, range.interval], 'lifecycle_flows');
      return rows.map((r): LifecycleFlowRow => ({ period: String(r.period), from: (r.from_stage ?? null) as LifecycleStage | null, to: r.to_stage as LifecycleStage, count: Number(r.n) }));
    },

    async stageOf(workspaceId, contactId) {
      const [r] = await sql.query(`select stage, since from contact_lifecycles where workspace_id = $1::uuid and contact_id = $2::uuid`, [workspaceId, contactId], 'lifecycle_stage_of');
      return r && r.stage !== null && r.since !== null ? { stage: r.stage as LifecycleStage, since: date(r.since) } : null;
    },

    async thresholds(workspaceId) {
      const [r] = await sql.query(`select lifecycle_dormant_days, lifecycle_at_risk_days, lifecycle_lost_days from workspaces where id = $1::uuid`, [workspaceId], 'lifecycle_thresholds');
      return r ? { dormantAfterDays: Number(r.lifecycle_dormant_days), atRiskAfterDays: Number(r.lifecycle_at_risk_days), lostAfterDays: Number(r.lifecycle_lost_days) } : null;
    },

    async setThresholds(workspaceId, t, now) {
      await sql.transaction(async (q) => {
        await q(`update workspaces set lifecycle_dormant_days = $2, lifecycle_at_risk_days = $3, lifecycle_lost_days = $4 where id = $1::uuid`,
          [workspaceId, t.dormantAfterDays, t.atRiskAfterDays, t.lostAfterDays]);
        await q(`update contact_lifecycles set next_at = $2 where workspace_id = $1::uuid`, [workspaceId, now]);
      });
    },
  };
}
