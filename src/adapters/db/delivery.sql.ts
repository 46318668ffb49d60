/**
 * Delivery in plain SQL, a statement per step for a whole batch. Status history rows are written
 * by the statement triggers of migration 0004 in the same statements.
 */
import type { TemplateButton, TemplateHeader } from '../../domain/template-extras.js';
import { deliverJobs } from '../../app/delivery-jobs.js';
import type { BroadcastTemplate } from '../../app/broadcast.port.js';
import type { ClaimedMessage, DeliverJob, DeliveryStore, DueRef, ProducedMessage } from '../../app/engine.port.js';
import { claimedFallback, fallbackContextRow, insertFallbacks } from './fallback.sql.js';
import type { MessageContent } from '../../domain/message-content.js';
import type { ChannelKind, ConsentStatus, MessageStatus, TemplateCategory, WhatsAppTemplateStatus } from '../../domain/vocabulary.js';
import type { SqlAccess, SqlQuery } from './sql-unit.js';

/** How the store queues delivery jobs inside its own transactions (the queue adapter, given by main/). */
export interface EnqueueWith {
  /** Inserts the jobs on this connection, inside the caller's transaction. */
  insert(q: SqlQuery, jobs: readonly DeliverJob[]): Promise<void>;
  /** Called after a transaction that inserted jobs committed: wake this process's workers. */
  committed(): void;
}

/**
 * The first key of the frequency cap's transaction-scoped advisory locks, (space, hash of contact
 * and channel): the two-key form never meets pg-boss's or the migrations' one-key locks.
 */
const CAP_LOCK_SPACE = 7_331_001;

const str = (v: unknown) => v as string;
const strOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
/** A variant's copy of its template (broadcasts.variants[].template, app/broadcast.port.ts), compiled under its own key. */
function variantTemplate(r: Record<string, unknown>) {
  const raw = r.variant_template;
  if (raw === null || raw === undefined) return null;
  const t = (typeof raw === 'string' ? JSON.parse(raw) : raw) as BroadcastTemplate;
  return {
    key: `${str(r.broadcast_id)}:${str(r.variant)}`, message: t.message, code: t.code, whatsappName: t.whatsappName, whatsappLanguage: t.whatsappLanguage,
    header: t.header, buttons: t.buttons ?? [], subject: t.subject, html: t.html, title: t.title, link: t.link,
  };
}
const dateOrNull = (v: unknown): Date | null => (v === null || v === undefined ? null : v instanceof Date ? v : new Date(v as string));

export function deliverySql(sql: SqlAccess, enqueueWith: EnqueueWith): DeliveryStore {
  /** Re-queues the returned rows (id, scheduled_at, category) as delivery jobs. */
  const requeue = (q: SqlQuery, rows: readonly Record<string, unknown>[]) => enqueueWith.insert(q, deliverJobs(rows.map((r) => ({
    id: str(r.id), scheduledAt: dateOrNull(r.scheduled_at)!, category: r.category as TemplateCategory,
  }))));

  /** A transaction whose queued count, when positive, wakes this process's workers after commit. */
  const wakingAfter = async (work: (q: SqlQuery) => Promise<number>) => {
    const n = await sql.transaction(work);
    if (n > 0) enqueueWith.committed();
    return n;
  };

  return {
    async queue(messages, now, options = {}) {
      const jobs = options.jobs ?? true;
      if (messages.length === 0) return [];
      const produced = await sql.transaction(async (q) => {
        const rows = await q(`
          insert into messages (workspace_id, contact_id, channel, recipient, template_id, automation_id, event_id, idempotency_key, category,
            body, content, status, failure_reason, scheduled_at, request_id, fallback_channels, fallback_content, created_at, updated_at, failed_at)
          select x.workspace_id, x.contact_id, x.channel, x.recipient, x.template_id, x.automation_id, x.event_id, x.idempotency_key, x.category,
            x.body, x.content, x.status, x.failure_reason, x.scheduled_at, x.request_id,
            coalesce(x.fallback_channels, '{}'), x.fallback_content, $2, $2, case when x.status = 'failed' then $2::timestamptz end
          from json_to_recordset($1::json) as x(workspace_id uuid, contact_id uuid, channel text, recipient text, template_id uuid,
            automation_id uuid, event_id uuid, idempotency_key text, category text, body text, content jsonb, status text, failure_reason text,
            scheduled_at timestamptz, request_id text, fallback_channels text[], fallback_content jsonb)
          on conflict (workspace_id, idempotency_key) do nothing
          returning id, event_id, automation_id, channel, status, failure_reason, scheduled_at, category`,
        [JSON.stringify(messages.map((m) => ({
          workspace_id: m.workspaceId, contact_id: m.contactId, channel: m.channel, recipient: m.recipient, template_id: m.templateId,
          automation_id: m.automationId, event_id: m.eventId, idempotency_key: m.idempotencyKey, category: m.category, body: m.body,
          content: m.content, status: m.status, failure_reason: m.failureReason, scheduled_at: m.scheduledAt.toISOString(), request_id: m.requestId,
          fallback_channels: m.fallbackChannels ?? [], fallback_content: m.fallbackContent ?? null,
        }))), now], 'delivery_queue_insert');
        const stored = rows.map((r): ProducedMessage => ({
          id: str(r.id), eventId: strOrNull(r.event_id), automationId: strOrNull(r.automation_id), channel: r.channel as ChannelKind,
          status: r.status as MessageStatus, failureReason: strOrNull(r.failure_reason), scheduledAt: dateOrNull(r.scheduled_at)!, category: r.category as TemplateCategory,
        }));
        if (jobs) await enqueueWith.insert(q, deliverJobs(stored.filter((m) => m.status === 'queued')));
        return stored;
      });
      if (jobs && produced.some((m) => m.status === 'queued')) enqueueWith.committed();
      return produced;
    },

    async queued(ids, now) {
      if (ids.length === 0) return { due: [], later: [] };
      const rows = await sql.query(
        `select id, workspace_id, channel, category, scheduled_at, scheduled_at <= $2 as due from messages where id = any($1::uuid[]) and status = 'queued'`,
        [ids, now], 'delivery_queued');
      const due: DueRef[] = [];
      const later: { id: string; scheduledAt: Date; category: TemplateCategory }[] = [];
      for (const r of rows) {
        if (r.due === true) due.push({ id: str(r.id), workspaceId: str(r.workspace_id), channel: r.channel as ChannelKind, category: r.category as TemplateCategory });
        else later.push({ id: str(r.id), scheduledAt: dateOrNull(r.scheduled_at)!, category: r.category as TemplateCategory });
      }
      return { due, later };
    },

    async claim(ids, now) {
      if (ids.length === 0) return [];
      // Besides the message: its contact's consent and window, the workspace's marketing rules, the
      // marketing messages the contact was sent lately on the channel (the frequency cap), and for a
      // broadcast's message not yet personalised, what personalising needs: the contact, and the
      // broadcast's copy of its template (taken on Send; the template itself may have changed since).
      // The frequency cap counts the contact's marketing messages being sent, and a statement sees only
      // what committed before it began. So a claim first takes a lock per (contact, channel) of its
      // capped marketing messages, in key order (no deadlock between workers), held until it commits:
      // a worker claiming for the same contact meanwhile waits, and its claim then sees this one's.
      // A cancelled broadcast's message is never claimed: it is skipped here instead, whenever its job
      // comes (one the cancel's chunks have not reached yet, or one back in the queue after the cancel:
      // a retry, quiet hours). The two updates take disjoint rows (same snapshot of the broadcast).
      const rows = await sql.transaction(async (q) => {
        await q(`
          select count(pg_advisory_xact_lock(${CAP_LOCK_SPACE}, k.key)) from (
            select distinct hashtext(m.contact_id::text || ':' || m.channel) as key
            from messages m join workspaces w on w.id = m.workspace_id
            where m.id = any($1::uuid[]) and m.status = 'queued' and m.category = 'marketing' and m.contact_id is not null
              and w.frequency_cap_count > 0
            order by 1
          ) k`, [ids], 'delivery_claim_cap_locks');
        return q(`
        with cancelled as (
          update messages m set status = 'skipped', failure_reason = 'cancelled', updated_at = $2
          from broadcasts b
          where m.id = any($1::uuid[]) and m.status = 'queued' and b.id = m.broadcast_id and b.status = 'cancelled'
        ), claimed as (
          update messages m set status = 'sending', attempts = m.attempts + 1, updated_at = $2
          where m.id = any($1::uuid[]) and m.status = 'queued' and m.scheduled_at <= $2
            and not exists (select 1 from broadcasts b where b.id = m.broadcast_id and b.status = 'cancelled')
          returning m.id, m.workspace_id, m.channel, m.recipient, m.body, m.content, m.category, m.attempts, m.request_id, m.contact_id,
            m.rendered, m.template_id, m.broadcast_id, m.variant, m.fallback_channels, m.fallback_content
        )
        select cl.*, c.id is not null as contact_exists, c.whatsapp_last_inbound_at, cc.status as consent,
          cl.channel = 'email' and c.email_bounced_at is not null as email_bounced,
          cl.channel = 'email' and exists (select 1 from broadcasts bt where bt.id = cl.broadcast_id and bt.track_email) as track_email,
          w.timezone, w.frequency_cap_count, w.frequency_cap_days, w.quiet_hours_start, w.quiet_hours_end,
          case when cl.category = 'marketing' and w.frequency_cap_count > 0 and cl.contact_id is not null then
            (select count(*) from messages s where s.contact_id = cl.contact_id and s.channel = cl.channel and s.category = 'marketing'
              and s.sent_at is not null and s.sent_at >= $2::timestamptz - make_interval(days => w.frequency_cap_days) and s.id <> cl.id)
            + (select count(*) from messages s where s.contact_id = cl.contact_id and s.channel = cl.channel and s.category = 'marketing'
              and s.status = 'sending' and s.id <> cl.id)
          else 0 end as recent_marketing,
          case when not cl.rendered then c.name end as contact_name,
          case when not cl.rendered then c.custom_fields end as custom_fields,
          b.template_code, b.template_message, b.template_whatsapp_name, b.template_whatsapp_language, b.template_header, b.template_buttons, b.template_subject, b.template_html, b.template_title, b.template_link, b.sender_name,
          -- An A/B variant's own copy of its template (taken on Send), instead of the broadcast's.
          case when cl.variant is not null then (select v -> 'template' from jsonb_array_elements(b.variants) v where v ->> 'key' = cl.variant) end as variant_template,
          tw.whatsapp_status as template_whatsapp_status,
          -- Only for a message with fallbacks: the contact's addresses and consents, for choosing the next channel.
          case when cardinality(cl.fallback_channels) > 0 then c.phone end as fallback_phone,
          case when cardinality(cl.fallback_channels) > 0 then c.email end as fallback_email,
          cardinality(cl.fallback_channels) > 0 and c.email_bounced_at is not null as fallback_email_bounced,
          case when cardinality(cl.fallback_channels) > 0 then
            (select json_object_agg(x.channel, x.status) from contact_consents x where x.contact_id = cl.contact_id) end as fallback_consents
        from claimed cl
        join workspaces w on w.id = cl.workspace_id
        left join contacts c on c.id = cl.contact_id
        left join contact_consents cc on cc.contact_id = cl.contact_id and cc.channel = cl.channel
        left join broadcasts b on not cl.rendered and b.id = cl.broadcast_id
        -- Meta's review as it is now, for every message made from a template (rendered or not).
        left join templates tw on cl.channel = 'whatsapp' and tw.id = cl.template_id`, [ids, now], 'delivery_claim');
      });
      return rows.map((r): ClaimedMessage => ({
        id: str(r.id), workspaceId: str(r.workspace_id), channel: r.channel as ChannelKind, recipient: strOrNull(r.recipient), body: str(r.body),
        content: (typeof r.content === 'string' ? JSON.parse(r.content) : r.content) as MessageContent, category: r.category as TemplateCategory,
        attempts: Number(r.attempts), requestId: strOrNull(r.request_id), contactId: strOrNull(r.contact_id), contactExists: r.contact_exists === true,
        consent: (r.consent ?? null) as ConsentStatus | null, emailBounced: r.email_bounced === true, trackEmail: r.track_email === true, lastInboundAt: dateOrNull(r.whatsapp_last_inbound_at),
        broadcastId: strOrNull(r.broadcast_id),
        rules: {
          timezone: str(r.timezone),
          cap: { count: Number(r.frequency_cap_count), days: Number(r.frequency_cap_days) },
          quietHours: r.quiet_hours_start && r.quiet_hours_end ? { start: str(r.quiet_hours_start), end: str(r.quiet_hours_end) } : null,
        },
        recentMarketing: Number(r.recent_marketing ?? 0),
        templateId: strOrNull(r.template_id),
        templateWhatsappStatus: (r.template_whatsapp_status ?? null) as WhatsAppTemplateStatus | null,
        personalise: r.rendered === false ? {
          template: variantTemplate(r) ?? (r.template_message === null || r.template_message === undefined ? null : {
            key: str(r.broadcast_id), message: str(r.template_message), code: str(r.template_code),
            whatsappName: strOrNull(r.template_whatsapp_name), whatsappLanguage: str(r.template_whatsapp_language),
            header: (r.template_header ?? null) as TemplateHeader | null, buttons: (r.template_buttons ?? []) as TemplateButton[],
            subject: strOrNull(r.template_subject), html: strOrNull(r.template_html), title: strOrNull(r.template_title), link: strOrNull(r.template_link),
          }),
          contact: { name: str(r.contact_name ?? ''), customFields: (typeof r.custom_fields === 'string' ? JSON.parse(r.custom_fields) : r.custom_fields ?? {}) as Record<string, string> },
          senderName: str(r.sender_name ?? ''),
        } : null,
        fallback: claimedFallback(r),
      }));
    },

    async personalise(rendered) {
      if (rendered.length === 0) return;
      await sql.query(`
        update messages m set body = x.body, content = x.content, rendered = true
        from json_to_recordset($1::json) as x(id uuid, body text, content jsonb)
        where m.id = x.id and not m.rendered`,
      [JSON.stringify(rendered.map((r) => ({ id: r.id, body: r.body, content: r.content })))], 'delivery_personalise');
    },

    async record(outcomes, retryJobs, fallbacks = []) {
      if (outcomes.length === 0) return;
      // Only from `sending`: a status webhook that got there first (delivered, read) is not overwritten.
      const write = (q: SqlQuery) => q(`
        update messages m set
          status = x.status, updated_at = x.at,
          provider_message_id = coalesce(m.provider_message_id, x.provider_message_id),
          sent_at = case when x.status = 'sent' then x.at else m.sent_at end,
          failed_at = case when x.status = 'failed' then x.at else m.failed_at end,
          failure_reason = case when x.status = 'sent' then null else x.reason end,
          failure_detail = case when x.status = 'sent' then null else x.detail end,
          scheduled_at = coalesce(x.retry_at, m.scheduled_at),
          attempts = case when x.not_sent then m.attempts - 1 else m.attempts end
        from json_to_recordset($1::json) as x(id uuid, status text, provider_message_id text, reason text, detail text, at timestamptz, retry_at timestamptz, not_sent boolean)
        where m.id = x.id and m.status = 'sending'`,
      [JSON.stringify(outcomes.map((o) => ({
        id: o.id, status: o.status, at: o.at.toISOString(),
        provider_message_id: o.status === 'sent' ? o.providerMessageId : null,
        reason: o.status === 'sent' ? null : o.reason,
        detail: o.status === 'sent' ? null : o.detail,
        retry_at: o.status === 'queued' ? o.retryAt.toISOString() : null,
        not_sent: o.status === 'queued' && o.notSent === true,
      })))], 'delivery_record');
      // A mailbox the server says does not exist: every contact of the workspace with that address
      // is marked, so no path sends to it again (refuseSend: email_bounced).
      const bounced = outcomes.filter((o) => o.status === 'failed' && o.addressBounced === true);
      const markBounced = (q: SqlQuery) => q(`
        update contacts c set email_bounced_at = x.at, email_bounce_reason = x.reason
        from messages m, json_to_recordset($1::json) as x(id uuid, at timestamptz, reason text)
        where m.id = x.id and m.channel = 'email' and c.workspace_id = m.workspace_id and lower(c.email) = lower(m.recipient)`,
      [JSON.stringify(bounced.map((o) => ({ id: o.id, at: o.at.toISOString(), reason: o.status === 'failed' ? o.reason : null })))], 'delivery_mark_bounced');
      // Most batches queue no retry nor fallback: then the statement commits alone, one round trip instead of three.
      if (retryJobs.length === 0 && bounced.length === 0 && fallbacks.length === 0) {
        await write(sql.query);
        return;
      }
      let woken = false;
      await sql.transaction(async (q) => {
        await write(q);
        if (bounced.length > 0) await markBounced(q);
        if (retryJobs.length > 0) await enqueueWith.insert(q, retryJobs);
        if (fallbacks.length > 0) {
          const rows = await insertFallbacks(q, fallbacks);
          if (rows.length > 0) {
            await requeue(q, rows);
            woken = true;
          }
        }
      });
      if (woken) enqueueWith.committed();
    },

    async fallbackContext(id) {
      const row = await fallbackContextRow(sql.query, id);
      return row ? claimedFallback(row) : null;
    },

    async failWithFallback(id, from, failure, fallback) {
      let stored = false;
      const failed = await sql.transaction(async (q) => {
        const rows = await q(`
          update messages set status = 'failed', updated_at = $3, failed_at = $3, failure_reason = $4, failure_detail = $5,
            provider_message_id = coalesce(provider_message_id, $6)
          where id = $1::uuid and status = any($2::text[])
          returning id`, [id, from, failure.at, failure.reason, failure.detail, failure.providerMessageId], 'delivery_fail_later');
        if (rows.length === 0) return false;
        const inserted = await insertFallbacks(q, [fallback]);
        if (inserted.length > 0) {
          await requeue(q, inserted);
          stored = true;
        }
        return true;
      });
      if (stored) enqueueWith.committed();
      return failed;
    },

    async defer(ids, until, priority) {
      if (ids.length === 0) return;
      await sql.transaction(async (q) => {
        const rows = await q(`update messages set scheduled_at = greatest(scheduled_at, $2) where id = any($1::uuid[]) and status = 'queued' returning id`, [ids, until], 'delivery_defer');
        if (rows.length > 0) await enqueueWith.insert(q, [{ messageIds: rows.map((r) => str(r.id)), startAfter: until, priority }]);
      });
    },

    async sweepUnsettled({ now, leaseBefore, reconcileBefore, reconcileChannels, limit }) {
      return wakingAfter(async (q) => {
        const rows = await q(`
          with stale as (
            select id from messages
            where status = 'sending'
              and updated_at < case when channel = any($3::text[]) then $2::timestamptz else $1::timestamptz end
            order by updated_at
            limit $5
            for update skip locked
          )
          update messages m set status = 'queued', updated_at = $4, scheduled_at = $4,
            failure_reason = case when m.channel = any($3::text[])
              then 'unsettled: no status from the provider since the send began; sending again'
              else 'lease_expired: the sending process stopped; sending again with the same idempotency key' end,
            failure_detail = null
          from stale where m.id = stale.id
          returning m.id, m.scheduled_at, m.category`,
        [leaseBefore, reconcileBefore, reconcileChannels, now, limit], 'delivery_sweep_unsettled');
        if (rows.length > 0) await requeue(q, rows);
        return rows.length;
      });
    },

    async requeueOverdue({ now, before, limit }) {
      return wakingAfter(async (q) => {
        // Moving scheduled_at to now means each lost message is queued again once, not on every sweep.
        const rows = await q(`
          with lost as (
            select id from messages where status = 'queued' and scheduled_at < $1
            order by scheduled_at limit $3 for update skip locked
          )
          update messages m set scheduled_at = $2 from lost where m.id = lost.id
          returning m.id, m.scheduled_at, m.category`,
        [before, now, limit], 'delivery_requeue_overdue');
        if (rows.length > 0) await requeue(q, rows);
        return rows.length;
      });
    },
  };
}

