/**
 * Outbound webhooks in plain SQL. The outbox rows come from the triggers of migration 0025 (or
 * sapa_webhook_emit); the worker claims due deliveries `for update skip locked`, pushing their
 * next_attempt_at past the lease so a worker that dies leaves them to come due again with the same
 * id, and records a whole batch of answers with one statement that also moves the failure streaks.
 */
import type { ClaimedDelivery, WebhookDeliveryRecord, WebhookStore, WebhookStreak, WebhookSubscriptionRecord } from '../../app/webhook.port.js';
import type { WebhookDeliveryStatus, WebhookEventType, WebhookSubscriptionStatus } from '../../domain/webhooks/index.js';
import type { SqlAccess, SqlQuery, SqlRow } from './sql-unit.js';

const str = (v: unknown): string => v as string;
const strOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
const date = (v: unknown): Date => (v instanceof Date ? v : new Date(v as string));
const dateOrNull = (v: unknown): Date | null => (v === null || v === undefined ? null : date(v));
const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
const textArray = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : typeof v === 'string' ? v.replace(/^\{|\}$/g, '').split(',').filter((x) => x.length > 0) : []);

const SUB_COLUMNS = 'id, workspace_id, url, description, events, status, paused_at, pause_reason, consecutive_failures, failing_since, created_at, updated_at';

function subscriptionOf(r: SqlRow): WebhookSubscriptionRecord {
  return {
    id: str(r.id), workspaceId: str(r.workspace_id), url: str(r.url), description: str(r.description),
    events: textArray(r.events) as WebhookEventType[], status: r.status as WebhookSubscriptionStatus,
    pausedAt: dateOrNull(r.paused_at), pauseReason: strOrNull(r.pause_reason), consecutiveFailures: Number(r.consecutive_failures),
    failingSince: dateOrNull(r.failing_since), createdAt: date(r.created_at), updatedAt: date(r.updated_at),
  };
}

const DELIVERY_COLUMNS = `d.id, d.subscription_id, d.event_id, e.type, e.body, d.status, d.attempts, d.next_attempt_at, d.last_attempt_at,
  d.response_status, d.response_ms, d.error, d.delivered_at, d.created_at`;

function deliveryOf(r: SqlRow): WebhookDeliveryRecord {
  const status = r.status as WebhookDeliveryStatus;
  return {
    id: str(r.id), subscriptionId: str(r.subscription_id), eventId: str(r.event_id), eventType: r.type as WebhookEventType, status,
    attempts: Number(r.attempts), nextAttemptAt: status === 'pending' ? date(r.next_attempt_at) : null, lastAttemptAt: dateOrNull(r.last_attempt_at),
    responseStatus: numOrNull(r.response_status), responseMs: numOrNull(r.response_ms), error: strOrNull(r.error),
    deliveredAt: dateOrNull(r.delivered_at), createdAt: date(r.created_at), body: str(r.body),
  };
}

/**
 * Enqueues an event inside the caller's transaction (the same commit as the change it tells of):
 * the way for code outside the triggers, e.g. referral.reward_earned. Answers the deliveries made.
 */
export async function enqueueWebhookEventSql(q: SqlQuery, workspaceId: string, type: WebhookEventType, data: Record<string, unknown>): Promise<number> {
  const rows = await q('select sapa_webhook_emit($1::uuid, $2::text, $3::jsonb) as n', [workspaceId, type, JSON.stringify(data)], 'webhook_emit');
  return Number(rows[0]?.n ?? 0);
}

export function webhookSql(sql: SqlAccess): WebhookStore {
  return {
    async create(ws, input) {
      const rows = await sql.query(`insert into webhook_subscriptions (id, workspace_id, url, description, events, secret)
        values ($1, $2, $3, $4, $5::text[], $6) returning ${SUB_COLUMNS}`, [input.id, ws, input.url, input.description, input.events, input.sealedSecret]);
      return subscriptionOf(rows[0]!);
    },
    async list(ws) {
      return (await sql.query(`select ${SUB_COLUMNS} from webhook_subscriptions where workspace_id = $1 order by created_at, id`, [ws])).map(subscriptionOf);
    },
    async get(ws, id) {
      const rows = await sql.query(`select ${SUB_COLUMNS} from webhook_subscriptions where workspace_id = $1 and id = $2`, [ws, id]);
      return rows[0] ? subscriptionOf(rows[0]) : null;
    },
    async delete(ws, id) {
      return (await sql.query('delete from webhook_subscriptions where workspace_id = $1 and id = $2 returning id', [ws, id])).length === 1;
    },
    async setStatus(ws, id, to, reason) {
      return sql.transaction(async (q) => {
        const rows = await q(`update webhook_subscriptions set status = $3,
            paused_at = case when $3 = 'paused' then coalesce(paused_at, clock_timestamp()) else null end,
            pause_reason = case when $3 = 'paused' then $4 else null end,
            consecutive_failures = case when $3 = 'active' then 0 else consecutive_failures end,
            failing_since = case when $3 = 'active' then null else failing_since end,
            updated_at = clock_timestamp()
          where workspace_id = $1 and id = $2 returning ${SUB_COLUMNS}`, [ws, id, to, reason]);
        if (!rows[0]) return null;
        // What waited while paused (possibly for days of backoff) goes out now rather than at its old time.
        if (to === 'active') await q(`update webhook_deliveries set next_attempt_at = clock_timestamp() where subscription_id = $1 and status = 'pending' and next_attempt_at > clock_timestamp()`, [id]);
        return subscriptionOf(rows[0]);
      });
    },
    async deliveries(ws, subscriptionId, before, limit) {
      const rows = await sql.query(`select ${DELIVERY_COLUMNS} from webhook_deliveries d join webhook_events e on e.id = d.event_id
        where d.workspace_id = $1 and d.subscription_id = $2 and ($3::timestamptz is null or (d.created_at, d.id) < ($3::timestamptz, $4::uuid))
        order by d.created_at desc, d.id desc limit $5`, [ws, subscriptionId, before?.at.toISOString() ?? null, before?.id ?? null, limit + 1]);
      return { rows: rows.slice(0, limit).map(deliveryOf), more: rows.length > limit };
    },
    async redeliver(ws, deliveryId) {
      const rows = await sql.query(`with d as (update webhook_deliveries set status = 'pending', attempts = 0, next_attempt_at = clock_timestamp(), lease_token = null
          where workspace_id = $1 and id = $2 returning *)
        select ${DELIVERY_COLUMNS} from d join webhook_events e on e.id = d.event_id`, [ws, deliveryId]);
      return rows[0] ? deliveryOf(rows[0]) : null;
    },
    async enqueue(ws, type, data) {
      return enqueueWebhookEventSql(sql.query, ws, type, data);
    },
    async claim(limit, leaseMs) {
      const rows = await sql.query(`with due as (
          select d.id from webhook_deliveries d join webhook_subscriptions s on s.id = d.subscription_id
          where d.status = 'pending' and d.next_attempt_at <= clock_timestamp() and s.status = 'active'
          order by d.next_attempt_at limit $1 for update of d skip locked)
        update webhook_deliveries d set next_attempt_at = clock_timestamp() + make_interval(secs => $2::float8 / 1000),
          lease_token = gen_random_uuid(), attempts = d.attempts + 1
        from due, webhook_subscriptions s, webhook_events e
        where d.id = due.id and s.id = d.subscription_id and e.id = d.event_id
        returning d.id, d.workspace_id, d.subscription_id, d.attempts, d.lease_token, s.url, s.secret, e.body`, [limit, leaseMs], 'webhook_claim');
      return rows.map((r): ClaimedDelivery => ({
        id: str(r.id), workspaceId: str(r.workspace_id), subscriptionId: str(r.subscription_id), url: str(r.url), sealedSecret: str(r.secret),
        body: str(r.body), attempt: Number(r.attempts), leaseToken: str(r.lease_token),
      }));
    },
    async complete(outcomes) {
      if (outcomes.length === 0) return [];
      // Streaks count the failures after the batch's last success (answers of one batch may interleave).
      const rows = await sql.query(`with o as (
          select * from unnest($1::uuid[], $2::uuid[], $3::boolean[], $4::int[], $5::int[], $6::text[], $7::timestamptz[], $8::timestamptz[])
            as o(id, token, delivered, status_code, ms, error, at, next_at)),
        upd as (update webhook_deliveries d set
            status = case when o.delivered then 'delivered' when o.next_at is null then 'failed' else 'pending' end,
            next_attempt_at = coalesce(o.next_at, o.at), lease_token = null, last_attempt_at = o.at,
            response_status = o.status_code, response_ms = o.ms, error = o.error,
            delivered_at = case when o.delivered then o.at else d.delivered_at end
          from o where d.id = o.id and d.lease_token = o.token
          returning d.subscription_id, o.delivered, o.at),
        last_ok as (select subscription_id, max(at) filter (where delivered) as ok_at from upd group by subscription_id),
        agg as (select u.subscription_id, l.ok_at,
            count(*) filter (where not u.delivered and (l.ok_at is null or u.at > l.ok_at))::int as fails,
            min(u.at) filter (where not u.delivered and (l.ok_at is null or u.at > l.ok_at)) as first_fail
          from upd u join last_ok l on l.subscription_id = u.subscription_id group by u.subscription_id, l.ok_at)
        update webhook_subscriptions s set
          consecutive_failures = case when agg.ok_at is not null then agg.fails else s.consecutive_failures + agg.fails end,
          failing_since = case
            when agg.fails = 0 then case when agg.ok_at is not null then null else s.failing_since end
            when agg.ok_at is not null then agg.first_fail
            else coalesce(s.failing_since, agg.first_fail) end
        from agg where s.id = agg.subscription_id
        returning s.id, s.status, s.consecutive_failures, s.failing_since`, [
        outcomes.map((o) => o.id), outcomes.map((o) => o.leaseToken), outcomes.map((o) => o.delivered),
        outcomes.map((o) => o.statusCode), outcomes.map((o) => o.ms), outcomes.map((o) => o.error),
        outcomes.map((o) => o.at.toISOString()), outcomes.map((o) => o.nextAttemptAt?.toISOString() ?? null),
      ], 'webhook_complete');
      return rows.map((r): WebhookStreak => ({
        id: str(r.id), status: r.status as WebhookSubscriptionStatus, consecutiveFailures: Number(r.consecutive_failures), failingSince: dateOrNull(r.failing_since),
      }));
    },
    async prune(before, limit) {
      const rows = await sql.query(`
        delete from webhook_events e where e.id in (
          select x.id from webhook_events x
          where x.created_at < $1 and not exists (select 1 from webhook_deliveries d where d.event_id = x.id and d.status = 'pending')
          order by x.created_at limit $2)
        returning e.id`, [before, limit], 'webhook_prune');
      return rows.length;
    },

    async pauseFailing(ids) {
      if (ids.length === 0) return;
      await sql.query(`update webhook_subscriptions set status = 'paused', paused_at = clock_timestamp(), pause_reason = 'failing', updated_at = clock_timestamp()
        where id = any($1::uuid[]) and status = 'active'`, [ids]);
    },
  };
}
