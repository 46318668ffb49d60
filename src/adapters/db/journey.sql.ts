/**
 * Journeys in plain SQL: the journeys (definitions as JSON, with the columns intake reads), event
 * entry/exit/wake in one statement, the runner's claim-move-write unit and the segment sweep.
 *
 * The runner's unit claims due runs `for update skip locked` (any number of processes share the
 * work; a run is moved by one of them), reads the batch's facts with one statement per kind, and
 * writes the moves and the messages together: a crash before commit leaves the runs due, and the
 * retried move makes the same keys `jr:<run>:<seq>`, so nothing is sent twice.
 */
import { deliverJobs } from '../../app/delivery-jobs.js';
import type { ClaimedRun, JourneyEvent, JourneyFields, JourneyRecord, JourneyRepo, JourneyRunnerStore, JourneyStatus, RunBatchData, UndecidedStep } from '../../app/journey.port.js';
import { NO_WHATSAPP_LINK, type TemplateRecord } from '../../app/records.js';
import { branchSegments, engagementOf, engagementSteps, hasVariants, type Engagement, type JourneyDefinition, type RunStatus } from '../../domain/journeys/index.js';
import type { SegmentDefinition } from '../../domain/segment.js';
import type { ChannelKind, TemplateCategory } from '../../domain/vocabulary.js';
import type { EnqueueWith } from './delivery.sql.js';
import type { AudienceSql } from './broadcast-runner.sql.js';
import type { SqlAccess, SqlQuery, SqlRow } from './sql-unit.js';

const str = (v: unknown): string => v as string;
const strOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
const date = (v: unknown): Date => (v instanceof Date ? v : new Date(v as string));
const json = <T>(v: unknown): T => (typeof v === 'string' ? JSON.parse(v) : v) as T;
const textArray = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : typeof v === 'string' ? v.replace(/^\{|\}$/g, '').split(',').filter((x) => x.length > 0) : []);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function journeyOf(r: SqlRow): JourneyRecord {
  return {
    id: str(r.id), workspaceId: str(r.workspace_id), name: str(r.name), status: r.status as JourneyStatus,
    definition: json<JourneyDefinition>(r.definition), recipe: strOrNull(r.recipe), createdAt: date(r.created_at), updatedAt: date(r.updated_at),
  };
}

/** The columns intake and the sweep read, derived from the definition. */
function columnsOf(def: JourneyDefinition): unknown[] {
  return [
    def.trigger.kind === 'event' ? def.trigger.eventType : null,
    def.trigger.kind === 'segment' ? def.trigger.segmentId : null,
    def.exit.eventTypes,
    [...new Set(def.steps.flatMap((s) => (s.kind === 'wait_for_event' ? s.eventTypes : [])))],
    def.allowReentry,
  ];
}

export function journeyRepoSql(sql: SqlAccess): JourneyRepo {
  const cols = 'id, workspace_id, name, status, definition, recipe, created_at, updated_at';
  return {
    async list(ws) {
      return (await sql.query(`select ${cols} from journeys where workspace_id = $1 order by created_at desc, id limit 500`, [ws])).map(journeyOf);
    },
    async get(ws, id) {
      if (!UUID.test(id)) return null;
      const [r] = await sql.query(`select ${cols} from journeys where workspace_id = $1 and id = $2`, [ws, id]);
      return r ? journeyOf(r) : null;
    },
    async create(ws, f: JourneyFields, status) {
      const [r] = await sql.query(`
        insert into journeys (workspace_id, name, status, definition, recipe, trigger_event, trigger_segment_id, exit_events, awaited_events, allow_reentry)
        values ($1, $2, $3, $4::jsonb, $5, $6, $7, $8, $9, $10) returning ${cols}`,
      [ws, f.name, status, JSON.stringify(f.definition), f.recipe, ...columnsOf(f.definition)]);
      return journeyOf(r!);
    },
    async update(ws, id, f) {
      if (!UUID.test(id)) return null;
      const [r] = await sql.query(`
        update journeys set name = $3, definition = $4::jsonb, trigger_event = $5, trigger_segment_id = $6, exit_events = $7, awaited_events = $8,
          allow_reentry = $9, updated_at = now()
        where workspace_id = $1 and id = $2 returning ${cols}`, [ws, id, f.name, JSON.stringify(f.definition), ...columnsOf(f.definition)]);
      return r ? journeyOf(r) : null;
    },
    async setStatus(ws, id, status) {
      if (!UUID.test(id)) return null;
      const [r] = await sql.query(`update journeys set status = $3, updated_at = now() where workspace_id = $1 and id = $2 returning ${cols}`, [ws, id, status]);
      return r ? journeyOf(r) : null;
    },
    async delete(ws, id) {
      if (!UUID.test(id)) return false;
      return (await sql.query(`delete from journeys where workspace_id = $1 and id = $2 returning id`, [ws, id])).length > 0;
    },
    async totals(ws) {
      const rows = await sql.query(`select journey_id, status, count(*)::int as n from journey_runs where workspace_id = $1 group by 1, 2`, [ws]);
      const out = new Map<string, Record<RunStatus, number>>();
      for (const r of rows) {
        const t = out.get(str(r.journey_id)) ?? { active: 0, finished: 0, exited: 0 };
        t[r.status as RunStatus] = Number(r.n);
        out.set(str(r.journey_id), t);
      }
      return out;
    },
    async counts(ws, id) {
      const [runs, sent] = await Promise.all([
        sql.query(`
          select status, case when status = 'active' then position end as position, count(*)::int as n
          from journey_runs where workspace_id = $1 and journey_id = $2 group by 1, 2`, [ws, id]),
        sql.query(`select journey_step_id, count(*)::int as n from messages where workspace_id = $1 and journey_id = $2 and fallback_of is null group by 1`, [ws, id]),
      ]);
      return {
        runs: runs.map((r) => ({ status: r.status as RunStatus, position: strOrNull(r.position), count: Number(r.n) })),
        sentByStep: Object.fromEntries(sent.map((r) => [str(r.journey_step_id), Number(r.n)])),
      };
    },
    async variantMessages(ws, id) {
      if (!UUID.test(id)) return [];
      // One per intent: a message replaced by its fallback counts as the fallback (which keeps the variant).
      const rows = await sql.query(`
        select m.id, m.journey_step_id, m.contact_id, m.variant, m.status, m.read_at, m.clicked_at, m.created_at,
          case when m.status in ('sent', 'delivered', 'read') then coalesce(m.sent_at, m.updated_at) end as sent_at
        from messages m
        where m.workspace_id = $1 and m.journey_id = $2 and m.variant is not null and m.contact_id is not null
          and not exists (select 1 from messages f where f.fallback_of = m.id)`, [ws, id], 'journey_variant_messages');
      const at = (v: unknown) => (v === null || v === undefined ? null : date(v));
      return rows.map((r) => ({
        id: str(r.id), stepId: str(r.journey_step_id), contactId: str(r.contact_id), variant: str(r.variant), status: str(r.status),
        sentAt: at(r.sent_at), readAt: at(r.read_at), clickedAt: at(r.clicked_at), createdAt: date(r.created_at),
      }));
    },
    async abDecisions(ws, id) {
      if (!UUID.test(id)) return [];
      const rows = await sql.query(`select step_id, winner, verdict, p_value, decided_at from journey_ab_decisions where workspace_id = $1 and journey_id = $2`, [ws, id]);
      return rows.map((r) => ({ stepId: str(r.step_id), winner: str(r.winner), verdict: str(r.verdict), pValue: r.p_value === null ? null : Number(r.p_value), decidedAt: date(r.decided_at) }));
    },
  };
}

/**
 * Exits, wakes and entries for a batch of events, as one statement. An event exits the contact's
 * active runs of journeys listing its type as an exit; wakes runs waiting for its type; enters the
 * active journeys it triggers — unless an event of the same batch for the same contact, no earlier,
 * is an exit of that journey (abandoned and recovered in one batch enter nothing).
 */
export async function journeyEventsSql(q: SqlQuery, workspaceId: string, events: readonly JourneyEvent[], now: Date): Promise<{ entered: number; exited: number; woken: number }> {
  if (events.length === 0) return { entered: 0, exited: 0, woken: 0 };
  const [r] = await q(`
    with ev as (
      select * from json_to_recordset($2::json) as x(event_id uuid, key text, contact_id uuid, type text, at timestamptz)
    ), exited as (
      update journey_runs r set status = 'exited', end_reason = 'event:' || e.type, ended_at = $3, due_at = null, updated_at = $3
      from ev e, journeys j
      where r.workspace_id = $1 and r.status = 'active' and r.contact_id = e.contact_id and j.id = r.journey_id and e.type = any(j.exit_events)
      returning r.id
    ), woken as (
      update journey_runs r set event_arrived = true, due_at = $3, updated_at = $3
      from ev e
      where r.workspace_id = $1 and r.status = 'active' and r.phase = 'waiting' and r.contact_id = e.contact_id and e.type = any(r.awaiting)
        and r.id not in (select id from exited)
      returning r.id
    ), entered as (
      insert into journey_runs (workspace_id, journey_id, contact_id, trigger_key, event_id, status, position, phase, seq, due_at, single, entered_at, updated_at)
      select $1, j.id, e.contact_id, e.key, e.event_id, 'active', j.definition -> 'steps' -> 0 ->> 'id', 'arrive', 0, $3, not j.allow_reentry, $3, $3
      from ev e
      join journeys j on j.workspace_id = $1 and j.status = 'active' and j.trigger_event = e.type
      join contacts c on c.id = e.contact_id and c.workspace_id = $1
      where not exists (select 1 from ev e2 where e2.contact_id = e.contact_id and e2.key <> e.key and e2.at >= e.at and e2.type = any(j.exit_events))
      on conflict do nothing
      returning id
    )
    select (select count(*) from entered)::int as entered, (select count(*) from exited)::int as exited, (select count(*) from woken)::int as woken`,
  [workspaceId, JSON.stringify(events.map((e) => ({ event_id: e.eventId, key: e.key, contact_id: e.contactId, type: e.type, at: e.at.toISOString() }))), now], 'journey_events');
  return { entered: Number(r!.entered), exited: Number(r!.exited), woken: Number(r!.woken) };
}

function templateOf(r: SqlRow): TemplateRecord {
  return {
    id: str(r.id), workspaceId: str(r.workspace_id), code: str(r.code), message: str(r.message), category: r.category as TemplateCategory,
    whatsappName: strOrNull(r.whatsapp_name), whatsappLanguage: str(r.whatsapp_language), variables: textArray(r.variables),
    header: (r.header ?? null) as TemplateRecord['header'], buttons: (r.buttons ?? []) as TemplateRecord['buttons'],
    subject: strOrNull(r.subject), html: strOrNull(r.html), title: strOrNull(r.title), link: strOrNull(r.link),
    createdAt: date(r.created_at), updatedAt: date(r.updated_at),
    // The WhatsApp review is read at send time (the delivery claim), as for automations.
    ...NO_WHATSAPP_LINK, whatsappCheckedAt: null,
  };
}

export function journeyRunnerSql(sql: SqlAccess, enqueueWith: EnqueueWith, segmentWhere: AudienceSql): JourneyRunnerStore {
  return {
    onEvents: (ws, events, now) => journeyEventsSql(sql.query, ws, events, now),

    async advance(limit, now, decide) {
      let queued = false;
      const claimed = await sql.transaction(async (q) => {
        // The runs alone are claimed, in due order: the journeys' definitions (and each row's copy of one)
        // would widen every row the claim sorts, and are read once per journey below.
        const rows = await q(`
          with due as (
            select r.id, r.workspace_id, r.journey_id, r.contact_id, r.event_id, r.position, r.phase, r.seq, r.entered_at, r.event_arrived
            from journey_runs r
            where r.status = 'active' and r.due_at <= $1
              and exists (select 1 from journeys j where j.id = r.journey_id and j.status = 'active')
            order by r.due_at
            limit $2
            for update of r skip locked
          )
          select due.*, w.timezone from due join workspaces w on w.id = due.workspace_id`, [now, limit], 'journey_claim');
        if (rows.length === 0) return 0;
        const journeyIds = [...new Set(rows.map((r) => str(r.journey_id)))];
        const definitions = new Map((await q(`select id, definition from journeys where id = any($1::uuid[])`, [journeyIds], 'journey_claim_definitions'))
          .map((j) => [str(j.id), json<JourneyDefinition>(j.definition)]));
        const runs: ClaimedRun[] = rows.flatMap((r) => {
          const definition = definitions.get(str(r.journey_id));
          // A journey deleted since the claim took its runs with it (on delete cascade): nothing to move.
          return definition === undefined ? [] : [{
            id: str(r.id), workspaceId: str(r.workspace_id), journeyId: str(r.journey_id), contactId: str(r.contact_id), eventId: strOrNull(r.event_id),
            position: str(r.position), phase: r.phase as 'arrive' | 'waiting', seq: Number(r.seq), enteredAt: date(r.entered_at), eventArrived: r.event_arrived === true,
            definition, timeZone: str(r.timezone),
          }];
        });
        const data = await loadBatch(q, runs, now, segmentWhere);
        const { updates, messages } = decide(runs, data);
        await q(`
          update journey_runs r set status = x.status, position = x.position, phase = x.phase, seq = x.seq, due_at = x.due_at,
            awaiting = coalesce(x.awaiting, '{}'), event_arrived = false,
            end_reason = x.end_reason, ended_at = case when x.status <> 'active' then $2::timestamptz end, updated_at = $2
          from json_to_recordset($1::json) as x(id uuid, status text, position text, phase text, seq int, due_at timestamptz, awaiting text[], end_reason text)
          where r.id = x.id`,
        [JSON.stringify(updates.map((u) => ({ id: u.id, status: u.status, position: u.position, phase: u.phase, seq: u.seq, due_at: u.dueAt?.toISOString() ?? null, awaiting: u.awaiting, end_reason: u.endReason }))), now], 'journey_move');
        if (messages.length > 0) {
          const inserted = await q(`
            insert into messages (workspace_id, contact_id, channel, recipient, template_id, event_id, journey_id, journey_step_id, variant, idempotency_key, category,
              body, content, status, failure_reason, scheduled_at, fallback_channels, fallback_content, created_at, updated_at, failed_at)
            select x.workspace_id, x.contact_id, x.channel, x.recipient, x.template_id, x.event_id, x.journey_id, x.journey_step_id, x.variant, x.idempotency_key, x.category,
              x.body, x.content, x.status, x.failure_reason, x.scheduled_at, coalesce(x.fallback_channels, '{}'),
              x.fallback_content, $2, $2, case when x.status = 'failed' then $2::timestamptz end
            from json_to_recordset($1::json) as x(workspace_id uuid, contact_id uuid, channel text, recipient text, template_id uuid, event_id uuid,
              journey_id uuid, journey_step_id text, variant text, idempotency_key text, category text, body text, content jsonb, status text, failure_reason text,
              scheduled_at timestamptz, fallback_channels text[], fallback_content jsonb)
            on conflict (workspace_id, idempotency_key) do nothing
            returning id, status, scheduled_at, category`,
          [JSON.stringify(messages.map((m) => ({
            workspace_id: m.workspaceId, contact_id: m.contactId, channel: m.channel, recipient: m.recipient, template_id: m.templateId, event_id: m.eventId,
            journey_id: m.journeyId, journey_step_id: m.journeyStepId, variant: m.variant, idempotency_key: m.idempotencyKey, category: m.category, body: m.body, content: m.content,
            status: m.status, failure_reason: m.failureReason, scheduled_at: m.scheduledAt.toISOString(), fallback_channels: m.fallbackChannels ?? [], fallback_content: m.fallbackContent ?? null,
          }))), now], 'journey_messages');
          const jobs = deliverJobs(inserted.filter((m) => m.status === 'queued').map((m) => ({ id: str(m.id), scheduledAt: date(m.scheduled_at), category: m.category as TemplateCategory })));
          if (jobs.length > 0) {
            await enqueueWith.insert(q, jobs);
            queued = true;
          }
        }
        return runs.length;
      });
      if (queued) enqueueWith.committed();
      return claimed;
    },

    async abUndecided(limit) {
      // Active journeys with a send step that tests then picks a winner; the steps are read from the definition.
      const journeys = await sql.query(`
        select j.id, j.workspace_id, j.definition from journeys j
        where j.status = 'active' and exists (
          select 1 from jsonb_array_elements(j.definition -> 'steps') s
          where jsonb_typeof(s -> 'abTest') = 'object' and jsonb_typeof(s -> 'variants') = 'array'
            and (jsonb_typeof(s -> 'abTest' -> 'testContacts') = 'number' or jsonb_typeof(s -> 'abTest' -> 'decideAfterHours') = 'number')
            and not exists (select 1 from journey_ab_decisions d where d.journey_id = j.id and d.step_id = s ->> 'id'))
        order by j.id limit $1`, [Math.max(1, Math.floor(limit))], 'journey_ab_undecided');
      const out: UndecidedStep[] = [];
      for (const j of journeys) {
        const definition = json<JourneyDefinition>(j.definition);
        const stats = await sql.query(`
          select journey_step_id, count(*)::int as n, min(created_at) as first from messages
          where journey_id = $1 and variant is not null and fallback_of is null group by 1`, [j.id], 'journey_ab_test_sent');
        const decided = new Set((await sql.query(`select step_id from journey_ab_decisions where journey_id = $1`, [j.id])).map((r) => str(r.step_id)));
        for (const step of definition.steps) {
          if (step.kind !== 'send' || !step.abTest || !step.variants || decided.has(step.id)) continue;
          if (step.abTest.testContacts === null && step.abTest.decideAfterHours === null) continue;
          const st = stats.find((r) => str(r.journey_step_id) === step.id);
          out.push({ journeyId: str(j.id), workspaceId: str(j.workspace_id), stepId: step.id, definition, testSent: st ? Number(st.n) : 0, firstSentAt: st ? date(st.first) : null });
        }
      }
      return out;
    },

    async abDecide(step, d) {
      const rows = await sql.query(`
        insert into journey_ab_decisions (journey_id, step_id, workspace_id, winner, verdict, p_value, decided_at)
        values ($1, $2, $3, $4, $5, $6, $7) on conflict do nothing returning step_id`,
      [step.journeyId, step.stepId, step.workspaceId, d.winner, d.verdict, d.pValue, d.decidedAt], 'journey_ab_decide');
      return rows.length > 0;
    },

    async sweepSegments(now, limit) {
      const journeys = await sql.query(`
        select j.id, j.workspace_id, j.allow_reentry, j.definition -> 'steps' -> 0 ->> 'id' as first, s.definition as segment
        from journeys j join segments s on s.id = j.trigger_segment_id
        where j.status = 'active' and j.trigger_segment_id is not null`, [], 'journey_segment_journeys');
      let entered = 0;
      for (const j of journeys) {
        const where = segmentWhere(json<SegmentDefinition>(j.segment), 6, now);
        // Without re-entry a contact enters once ever (its key); with it, again once its last run ended.
        const rows = await sql.query(`
          insert into journey_runs (workspace_id, journey_id, contact_id, trigger_key, status, position, phase, seq, due_at, single, entered_at, updated_at)
          select $1, $2, c.id, case when $4::boolean then null else 'seg:' || c.id::text end, 'active', $5, 'arrive', 0, $3, true, $3, $3
          from contacts c
          where c.workspace_id = $1 and (${where.sql})
            and not exists (select 1 from journey_runs r where r.journey_id = $2 and r.contact_id = c.id and (r.status = 'active' or not $4::boolean))
          limit ${Math.max(1, Math.floor(limit))}
          on conflict do nothing
          returning id`, [j.workspace_id, j.id, now, j.allow_reentry === true, j.first, ...where.values]);
        entered += rows.length;
      }
      return entered;
    },
  };
}

/**
 * How far each run's messages got, for the runs whose journey branches on engagement: one statement
 * over the batch's contacts (messages_conversation_idx, led by contact_id), narrowed to the journeys and steps asked about; a
 * message belongs to the run its key names (`jr:<run>:<seq>`, a fallback `…:fb:<channel>`). Batches
 * of journeys without such a branch read nothing.
 */
async function loadEngagement(q: SqlQuery, runs: readonly ClaimedRun[]): Promise<RunBatchData['engagement']> {
  const out: RunBatchData['engagement'] = new Map();
  const asking = runs.filter((r) => engagementSteps(r.definition).length > 0);
  if (asking.length === 0) return out;
  const runIds = new Set(asking.map((r) => r.id));
  const rows = await q(`
    select m.idempotency_key, m.journey_step_id,
      (m.delivered_at is not null or m.status in ('delivered', 'read')) as delivered, (m.read_at is not null or m.status = 'read') as read, m.clicked_at is not null as clicked
    from messages m
    where m.contact_id = any($1::uuid[]) and m.journey_id = any($2::uuid[]) and m.journey_step_id = any($3::text[]) and m.idempotency_key like 'jr:%'`,
  [[...new Set(asking.map((r) => r.contactId))], [...new Set(asking.map((r) => r.journeyId))], [...new Set(asking.flatMap((r) => engagementSteps(r.definition)))]], 'journey_batch_engagement');
  for (const r of rows) {
    const runId = str(r.idempotency_key).split(':')[1] ?? '';
    if (!runIds.has(runId)) continue;
    const steps = out.get(runId) ?? new Map<string, Set<Engagement>>();
    const reached = steps.get(str(r.journey_step_id)) ?? new Set<Engagement>();
    for (const e of engagementOf({ delivered: r.delivered === true, read: r.read === true, clicked: r.clicked === true })) reached.add(e);
    steps.set(str(r.journey_step_id), reached);
    out.set(runId, steps);
  }
  return out;
}

/** The batch's facts: contacts with opt-outs, unpaid and latest orders; branch segments' members; trigger events; templates. */
async function loadBatch(q: SqlQuery, runs: readonly ClaimedRun[], now: Date, segmentWhere: AudienceSql): Promise<RunBatchData> {
  const contactIds = [...new Set(runs.map((r) => r.contactId))];
  const eventIds = [...new Set(runs.flatMap((r) => (r.eventId ? [r.eventId] : [])))];
  const templateIds = [...new Set(runs.flatMap((r) => r.definition.steps.flatMap((s) => (s.kind === 'send'
    ? [s.templateId, ...(s.variants ?? []).flatMap((v) => (v.templateId ? [v.templateId] : []))] : []))))].filter((id) => UUID.test(id));
  const abJourneys = [...new Set(runs.filter((r) => r.definition.steps.some(hasVariants)).map((r) => r.journeyId))];
  // One after another: the statements share the transaction's connection.
  const contactRows = await q(`
      select c.id, c.name, c.phone, c.email, c.email_bounced_at is not null as email_bounced,
        coalesce((select array_agg(x.channel) from contact_consents x where x.contact_id = c.id and x.status = 'opted_out'), '{}') as opted_out,
        exists (select 1 from orders o where o.contact_id = c.id and o.paid_at is null and o.occurred_at > $2::timestamptz - interval '30 days') as unpaid,
        (select max(o.occurred_at) from orders o where o.contact_id = c.id) as last_order_at
      from contacts c where c.id = any($1::uuid[])`, [contactIds, now], 'journey_batch_contacts');
  const eventRows = eventIds.length > 0 ? await q(`select id, type, payload from events where id = any($1::uuid[])`, [eventIds], 'journey_batch_events') : [];
  const templateRows = templateIds.length > 0 ? await q(`select * from templates where id = any($1::uuid[])`, [templateIds], 'journey_batch_templates') : [];
  const contacts: RunBatchData['contacts'] = new Map(contactRows.map((r) => [str(r.id), {
    name: str(r.name), phone: strOrNull(r.phone), email: strOrNull(r.email), emailBounced: r.email_bounced === true,
    optedOut: new Set(textArray(r.opted_out) as ChannelKind[]), hasUnpaidOrder: r.unpaid === true,
    lastOrderAt: r.last_order_at === null || r.last_order_at === undefined ? null : date(r.last_order_at), inSegments: new Set<string>(),
  }]));
  // Branch segments: one statement per segment the batch's journeys ask about, over the batch's contacts.
  const segmentIds = [...new Set(runs.flatMap((r) => branchSegments(r.definition)))].filter((id) => UUID.test(id));
  if (segmentIds.length > 0) {
    const segs = await q(`select id, workspace_id, definition from segments where id = any($1::uuid[])`, [segmentIds], 'journey_batch_segments');
    for (const s of segs) {
      const where = segmentWhere(json<SegmentDefinition>(s.definition), 3, now);
      const members = await q(`select c.id from contacts c where c.workspace_id = $1 and c.id = any($2::uuid[]) and (${where.sql})`, [s.workspace_id, contactIds, ...where.values]);
      for (const m of members) contacts.get(str(m.id))?.inSegments.add(str(s.id));
    }
  }
  const abWinners: RunBatchData['abWinners'] = new Map();
  if (abJourneys.length > 0) {
    for (const r of await q(`select journey_id, step_id, winner from journey_ab_decisions where journey_id = any($1::uuid[])`, [abJourneys], 'journey_batch_ab_winners')) {
      const m = abWinners.get(str(r.journey_id)) ?? new Map<string, string>();
      m.set(str(r.step_id), str(r.winner));
      abWinners.set(str(r.journey_id), m);
    }
  }
  const engagement = await loadEngagement(q, runs);
  return {
    contacts, abWinners, engagement,
    events: new Map(eventRows.map((r) => [str(r.id), { type: str(r.type), payload: json<Record<string, unknown>>(r.payload) }])),
    templates: new Map(templateRows.map((r) => [str(r.id), templateOf(r)])),
  };
}
