/**
 * The broadcast fan-out in plain SQL: recipients are written from the audience's SQL in bulk
 * (`insert … select` over contacts, a chunk per transaction), never a round trip per contact.
 * Each chunk holds the broadcast's row (SKIP LOCKED: another process leaves it alone meanwhile) and
 * moves `fan_out_after` to its last contact, so a fan-out a crash interrupted resumes where it
 * stopped; the unique key (workspace_id, idempotency_key `bc:<broadcast>:<contact>`) makes a
 * repeated chunk write nothing twice. A cancelled broadcast's queued messages are skipped here too,
 * a chunk per transaction, after the cancel itself skipped the first chunk.
 */
import { deliverJobs } from '../../app/delivery-jobs.js';
import type { BroadcastAbTest, BroadcastRunner, BroadcastVariant } from '../../app/broadcast.port.js';
import { emptyContent, quietHoursEnd, type SegmentDefinition } from '../../domain/index.js';
import { assignVariant, inTestGroup } from '../../domain/insights/index.js';
import { CHANNEL_KINDS, type ChannelKind, type TemplateCategory } from '../../domain/vocabulary.js';
import type { EnqueueWith } from './delivery.sql.js';
import type { SqlAccess, SqlQuery } from './sql-unit.js';

/** Compiles a segment's definition to a condition over `contacts c`, its values numbered from `firstParam`. */
export type AudienceSql = (definition: SegmentDefinition, firstParam: number, now: Date) => { sql: string; values: unknown[] };

const str = (v: unknown) => v as string;
const strOrNull = (v: unknown) => (v === null || v === undefined ? null : String(v));
const parseJson = <T>(v: unknown): T => (typeof v === 'string' ? JSON.parse(v) : v) as T;

/** One chunk of an A/B broadcast's audience with each contact's variant (see abChunk). */
interface AbChunk {
  ids: string[];
  variants: string[];
  templateIds: string[];
  channels: (ChannelKind | null)[];
  /** The last audience contact walked (written or not): where the next chunk starts. */
  last: string | null;
  /** Audience contacts walked, in or out of this phase. */
  walked: number;
}

/**
 * The next chunk of an A/B broadcast's audience (contact-id order after `after`) and the variant
 * each contact gets, computed here in the batch (domain/insights/ab-test.ts: FNV-1a + fmix32 is
 * not worth re-deriving in SQL, and the browser runs the same code): one query per chunk, never one
 * per contact. Test phase (no winner yet): only the test group, split by weight. Winner phase: only
 * those outside the test group, all on the winner. Without testPercent everyone is in the test.
 */
async function abChunk(q: SqlQuery, variants: BroadcastVariant[], abTest: BroadcastAbTest, winner: string | null,
  p: { broadcastId: string; workspaceId: string; after: string | null; chunk: number; audience: { sql: string; values: unknown[] } }): Promise<AbChunk> {
  const rows = await q(`
    select c.id from contacts c
    where c.workspace_id = $1::uuid and ($2::uuid is null or c.id > $2::uuid) and (${p.audience.sql})
    order by c.id
    limit $3::int`, [p.workspaceId, p.after, p.chunk, ...p.audience.values], 'broadcast_ab_chunk');
  const ids = rows.map((r) => str(r.id));
  const percent = abTest.testPercent ?? 100;
  const weights = variants.map((v) => ({ id: v.key, weight: v.weight }));
  const byKey = new Map(variants.map((v) => [v.key, v]));
  const out: AbChunk = { ids: [], variants: [], templateIds: [], channels: [], last: ids.at(-1) ?? null, walked: ids.length };
  for (const id of ids) {
    const tested = inTestGroup(p.broadcastId, id, percent);
    if (winner === null ? !tested : tested) continue;
    const variant = byKey.get(winner ?? assignVariant(p.broadcastId, id, weights))!;
    out.ids.push(id);
    out.variants.push(variant.key);
    out.templateIds.push(variant.templateId);
    out.channels.push(variant.channel);
  }
  return out;
}

export function broadcastRunnerSql(sql: SqlAccess, enqueueWith: EnqueueWith, segmentWhere: AudienceSql): BroadcastRunner {
  return {
    async due(now, limit) {
      const rows = await sql.query(`
        with started as (
          update broadcasts set status = 'sending', started_at = $1, updated_at = $1
          where status = 'scheduled' and scheduled_at <= $1
          returning id
        )
        select id from started
        union
        (select id from broadcasts where status = 'sending' and fanned_out_at is null limit $2)`, [now, limit], 'broadcast_due');
      return rows.map((r) => str(r.id));
    },

    async fanOut(broadcastId, chunk, now) {
      let queued = false;
      const step = await sql.transaction(async (q) => {
        const [b] = await q(`
          select b.workspace_id, b.status, b.channel, b.channels, b.template_id, b.contact_ids, b.fan_out_after, b.fanned_out_at,
            b.template_category as category, b.variants, b.ab_test, b.ab_winner, w.timezone, w.quiet_hours_start, w.quiet_hours_end, s.definition
          from broadcasts b
          join workspaces w on w.id = b.workspace_id
          left join segments s on s.id = b.segment_id
          where b.id = $1
          for update of b skip locked`, [broadcastId], 'broadcast_fanout_lock');
        if (!b) return 'busy' as const;
        if (b.status !== 'sending' || b.fanned_out_at !== null) return { written: 0, finished: true };

        const channels = channelsOf(b.channel, b.channels);
        // The category of the broadcast's copy of its template (taken on Send), not of the template now.
        const category = b.category as TemplateCategory;
        // A marketing broadcast started in quiet hours waits for their end (spec §4: deferred, not dropped).
        const quiet = b.quiet_hours_start && b.quiet_hours_end ? { start: str(b.quiet_hours_start), end: str(b.quiet_hours_end) } : null;
        const scheduledAt = (category === 'marketing' ? quietHoursEnd(now, quiet, str(b.timezone)) : null) ?? now;
        const FIXED = 10;
        const audienceAt = (first: number) => (b.contact_ids !== null
          ? { sql: `c.id = any($${first}::uuid[])`, values: [b.contact_ids] }
          : b.definition !== null
            ? segmentWhere((typeof b.definition === 'string' ? JSON.parse(b.definition) : b.definition) as SegmentDefinition, first, now)
            : { sql: 'false', values: [] });
        const audience = audienceAt(FIXED + 1);
        // Channel choice, set-based: domain/channel-choice.ts chooseChannel as one CASE over the
        // broadcast's channels in order (the first with an address, no opt-out and, for email, no
        // bounce; 0 when none has, and the message then goes on the first channel, skipped with that
        // channel's reason). The address is domain/delivery-rules.ts recipientFor's.
        const AB = FIXED + 1 + audience.values.length;
        const ab = b.variants === null || b.variants === undefined ? null
          : await abChunk(q, parseJson<BroadcastVariant[]>(b.variants), parseJson<BroadcastAbTest>(b.ab_test), strOrNull(b.ab_winner),
            { broadcastId, workspaceId: str(b.workspace_id), after: strOrNull(b.fan_out_after), chunk, audience: audienceAt(4) });
        const allChannels = [...new Set([...channels, ...(ab?.channels.filter((c): c is ChannelKind => c !== null) ?? [])])];
        const address = (channel: string) => `case ${channel} when 'email' then ch.email when 'whatsapp' then ch.phone when 'sms' then ch.phone else ch.id::text end`;
        // The channels are the row's (`chs`): an A/B variant may go out on a channel of its own.
        const usable = (k: number) => `(nullif(${address(`ch.chs[${k}]`)}, '') is not null and not (ch.chs[${k}] = any(oo.out))
          and not (ch.chs[${k}] = 'email' and ch.email_bounced))`;
        const pick = `case ${channels.map((_, i) => `when ${usable(i + 1)} then ${i + 1}`).join(' ')} else 0 end`;
        const [r] = await q(`
          with chosen as (${ab === null ? `
            select c.id, c.phone, c.email, c.email_bounced_at is not null as email_bounced, null::text as variant, null::uuid as template_id, $5::text[] as chs
            from contacts c
            where c.workspace_id = $1::uuid and ($2::uuid is null or c.id > $2::uuid) and (${audience.sql})
            order by c.id
            limit $3::int` : `
            select c.id, c.phone, c.email, c.email_bounced_at is not null as email_bounced, av.variant, av.template_id,
              case when av.channel is null then $5::text[] else array[av.channel] end as chs
            from contacts c
            join unnest($${AB}::uuid[], $${AB + 1}::text[], $${AB + 2}::uuid[], $${AB + 3}::text[]) as av(id, variant, template_id, channel) on av.id = c.id
            where c.workspace_id = $1::uuid and ($2::uuid is null or c.id > $2::uuid) and (${audience.sql})
            order by c.id
            limit $3::int`}
          ), picked as (
            select ch.id, ch.variant, ch.template_id, ch.chs, p.k, ch.chs[p.k] as channel, p.none, nullif(${address('ch.chs[p.k]')}, '') as recipient,
              ch.chs[p.k] = any(oo.out) as opted_out
            from chosen ch
            cross join lateral (
              select coalesce(array_agg(x.channel) filter (where x.status = 'opted_out'), '{}') as out from contact_consents x where x.contact_id = ch.id
            ) oo
            cross join lateral (select ${pick} as i) i
            cross join lateral (select greatest(i.i, 1) as k, i.i = 0 as none) p
          ), ins as (
            insert into messages (workspace_id, contact_id, channel, recipient, template_id, broadcast_id, variant, idempotency_key, category,
              body, content, rendered, status, failure_reason, fallback_channels, scheduled_at, created_at, updated_at)
            select $1::uuid, pk.id, pk.channel, pk.recipient, coalesce(pk.template_id, $6::uuid), $4::uuid, pk.variant, 'bc:' || $4::text || ':' || pk.id::text, $7::text,
              '', $8::jsonb -> pk.channel, false,
              case when pk.none then 'skipped' else 'queued' end,
              case when pk.none and pk.recipient is null then 'no_recipient: contact has no ' || case when pk.channel = 'email' then 'email' else 'phone' end
                when pk.none and pk.opted_out then 'opted_out' when pk.none then 'email_bounced' end,
              pk.chs[pk.k + 1:], $9::timestamptz, $10::timestamptz, $10::timestamptz
            from picked pk
            on conflict (workspace_id, idempotency_key) do nothing
            returning id, status
          ), moved as (
            update broadcasts set fan_out_after = ${ab === null ? '(select id from chosen order by id desc limit 1)' : `$${AB + 4}::uuid`},
              total = total + (select count(*) from ins), updated_at = $10::timestamptz
            where id = $4::uuid and ${ab === null ? 'exists (select 1 from chosen)' : `$${AB + 4}::uuid is not null`}
          )
          select (select count(*) from chosen)::int as chosen, (select count(*) from ins)::int as written,
            coalesce((select array_agg(id) from ins where status = 'queued'), '{}') as queued`,
        [b.workspace_id, b.fan_out_after, chunk, broadcastId, channels, b.template_id, category,
          JSON.stringify(Object.fromEntries(allChannels.map((c) => [c, emptyContent(c)]))), scheduledAt, now, ...audience.values,
          ...(ab === null ? [] : [ab.ids, ab.variants, ab.templateIds, ab.channels, ab.last])]);
        const ids = parseIds(r!.queued);
        if (ids.length > 0) {
          await enqueueWith.insert(q, deliverJobs(ids.map((id) => ({ id, scheduledAt, category }))));
          queued = true;
        }
        const finished = (ab === null ? Number(r!.chosen) : ab.walked) < chunk;
        // A test group fanned out starts the wait before its verdict (the durable timer of ab-tests.ts).
        if (finished) {
          await q(`
            update broadcasts set fanned_out_at = $2, updated_at = $2,
              ab_decide_at = case when ab_winner is null and (ab_test ->> 'testPercent') is not null
                then $2::timestamptz + make_interval(hours => (ab_test ->> 'decideAfterHours')::int) else ab_decide_at end
            where id = $1`, [broadcastId, now], 'broadcast_fanned_out');
        }
        return { written: Number(r!.written), finished };
      });
      if (queued) enqueueWith.committed();
      return step;
    },

    async finish(now) {
      const rows = await sql.query(`
        update broadcasts b set status = 'done', finished_at = $1, updated_at = $1
        where b.status = 'sending' and b.fanned_out_at is not null
          and not exists (select 1 from messages m where m.broadcast_id = b.id and m.status in ('queued', 'sending'))
          -- A test group waiting for its verdict is not done: the rest of the audience is still to come.
          and (b.ab_decide_at is null or b.ab_winner is not null)
        returning b.id`, [now], 'broadcast_finish');
      return rows.length;
    },

    async abDue(now, limit) {
      const rows = await sql.query(`
        select id, workspace_id from broadcasts
        where ab_decide_at is not null and ab_winner is null and ab_decide_at <= $1 and status = 'sending' and fanned_out_at is not null
        order by ab_decide_at limit $2`, [now, limit], 'broadcast_ab_due');
      return rows.map((r) => ({ id: str(r.id), workspaceId: str(r.workspace_id) }));
    },

    async decide(broadcastId, winner, now) {
      const rows = await sql.query(`
        update broadcasts set ab_winner = $2, ab_decided_at = $3, fan_out_after = null, fanned_out_at = null, updated_at = $3
        where id = $1 and ab_winner is null and status = 'sending' and ab_decide_at <= $3
        returning id`, [broadcastId, winner, now], 'broadcast_ab_decide');
      return rows.length > 0;
    },

    async skipCancelled(chunk, now) {
      return sql.transaction(async (q) => {
        // Cancelled but not finished: few rows (a cancel finishes within a few ticks), so the
        // messages are reached through messages_broadcast_idx (broadcast_id, status).
        const [r] = await q(`
          with pending as (
            select id from broadcasts where status = 'cancelled' and finished_at is null
          ), chosen as (
            select m.id from messages m
            where m.broadcast_id in (select id from pending) and m.status = 'queued'
            limit $1::int
            for update of m skip locked
          ), skipped as (
            update messages m set status = 'skipped', failure_reason = 'cancelled', updated_at = $2
            from chosen where m.id = chosen.id
            returning m.id
          )
          select count(*)::int as skipped from skipped`, [chunk, now], 'broadcast_skip_cancelled');
        const skipped = Number(r!.skipped);
        // In a statement of its own: it must see this transaction's skips (a CTE sees the snapshot before them).
        if (skipped < chunk) {
          await q(`
            update broadcasts b set finished_at = $1, updated_at = $1
            where b.status = 'cancelled' and b.finished_at is null
              and not exists (select 1 from messages m where m.broadcast_id = b.id and m.status = 'queued')`, [now], 'broadcast_cancel_finished');
        }
        return skipped;
      });
    },
  };
}

/** A broadcast's channels as the driver hands the text[]; '{}' (older than channel choice) means its one channel. */
function channelsOf(channel: unknown, channels: unknown): ChannelKind[] {
  const list = parseIds(channels).filter((c): c is ChannelKind => (CHANNEL_KINDS as readonly string[]).includes(c));
  return list.length > 0 ? list : [channel as ChannelKind];
}

/** A uuid[] (or text[]) as the driver hands it: an array (pg) or its text form `{a,b}` (some paths). */
function parseIds(v: unknown): string[] {
  if (Array.isArray(v)) return v.map(String);
  if (typeof v === 'string') return v.replace(/^\{|\}$/g, '').split(',').filter((x) => x.length > 0);
  return [];
}
