/**
 * Event intake in plain SQL: a batch is one read and one write statement, whatever its size. Rows travel as one
 * JSON parameter read with json_to_recordset, so a statement's text never depends on the batch
 * size and PostgreSQL prepares it once per connection.
 */
import type { IntakeContact, IntakeTx, ProducedMessage } from '../../app/engine.port.js';
import { NO_WHATSAPP_LINK, type AutomationRecord, type TemplateRecord } from '../../app/records.js';
import type { ChannelKind, ConsentStatus, MessageStatus, TemplateCategory } from '../../domain/vocabulary.js';
import type { SqlQuery, SqlRow } from './sql-unit.js';

const str = (v: unknown): string => v as string;
const strOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
const date = (v: unknown): Date => (v instanceof Date ? v : new Date(v as string));
/** A json column: parsed by the driver, or text on a connection that leaves it so. */
const json = <T>(v: unknown): T => (typeof v === 'string' ? JSON.parse(v) : (v ?? [])) as T;

/** The intake statements bound to one transaction's connection; enqueue is the queue's, bound to the same. */
export function intakeSql(q: SqlQuery, enqueue: IntakeTx['enqueue'], journeyEvents: IntakeTx['journeyEvents']): IntakeTx {
  return {
    async lookup(workspaceId, keys) {
      const [row] = await q(`
        select
          (select coalesce(json_agg(json_build_object('key', e.key, 'id', e.id, 'contact_id', e.contact_id)), '[]'::json)
            from events e where e.workspace_id = $1 and e.key = any($2::text[])) as seen,
          (select coalesce(json_agg(json_build_object('id', c.id, 'external_id', c.external_id, 'name', c.name, 'phone', c.phone, 'email', c.email,
              'email_bounced', c.email_bounced_at is not null,
              'consent', (select coalesce(json_object_agg(cc.channel, cc.status), '{}'::json) from contact_consents cc where cc.contact_id = c.id))
              order by c.created_at, c.id), '[]'::json)
            from contacts c
            where c.workspace_id = $1 and (c.external_id = any($3::text[]) or c.phone = any($4::text[]) or lower(c.email) = any($5::text[]))) as contacts,
          (select coalesce(json_agg(json_build_object('id', o.id, 'number', o.number, 'invoice_number', o.invoice_number, 'tracking_number', o.tracking_number,
              'items', (select coalesce(json_agg(json_build_object('name', i.name, 'quantity', i.quantity) order by i.position), '[]'::json)
                        from order_items i where i.order_id = o.id))), '[]'::json)
            from orders o where o.workspace_id = $1 and o.number = any($6::text[])) as orders,
          (select config_version from workspaces where id = $1) as config_version,
          (select coalesce(array_agg(distinct t), '{}') from journeys j
            cross join lateral unnest(array[j.trigger_event] || j.exit_events || j.awaited_events) t
            where j.workspace_id = $1 and j.status in ('active', 'paused') and t = any($7::text[])) as journey_types`,
      [workspaceId, keys.eventKeys, keys.externalIds, keys.phones, keys.emails, keys.orderNumbers, keys.types], 'intake_lookup');
      const seen = json<{ key: string; id: string; contact_id: string | null }[]>(row?.seen);
      const contacts = json<{ id: string; external_id: string | null; name: string; phone: string | null; email: string | null; email_bounced: boolean; consent: Partial<Record<ChannelKind, ConsentStatus>> }[]>(row?.contacts);
      const orders = json<{ id: string; number: string; invoice_number: string | null; tracking_number: string | null; items: { name: string; quantity: number }[] }[]>(row?.orders);
      return {
        seen: new Map(seen.map((e) => [e.key, { id: e.id, contactId: e.contact_id }])),
        contacts: contacts.map((c): IntakeContact => ({ id: c.id, externalId: c.external_id, name: c.name, phone: c.phone, email: c.email, emailBounced: c.email_bounced === true, consent: c.consent })),
        orders: new Map(orders.map((o) => [o.number, { id: o.id, invoiceNumber: o.invoice_number, trackingNumber: o.tracking_number, items: o.items }])),
        configVersion: Number(row?.config_version ?? 0),
        journeyTypes: new Set(Array.isArray(row?.journey_types) ? row.journey_types.map(String)
          : typeof row?.journey_types === 'string' ? row.journey_types.replace(/^\{|\}$/g, '').split(',').filter((x) => x.length > 0) : []),
      };
    },

    /*
     * The batch's writes as data-modifying CTEs of one statement. Contact updates run before the
     * inserts (a key a contact gave up may be taken by a new one); foreign keys are checked at the
     * statement's end, so events may point at contacts and orders the same statement creates. A
     * contact or order created meanwhile by a concurrent unit fails the statement (unique or
     * foreign key violation), and the store reruns the unit, which then sees it.
     */
    async write(workspaceId, batch, now) {
      const rows = await q(`
        with upd_contacts as (
          update contacts c set external_id = x.external_id, name = x.name, phone = x.phone, email = x.email, updated_at = $9
          from json_to_recordset($3::json) as x(id uuid, external_id text, name text, phone text, email text)
          where c.workspace_id = $1 and c.id = x.id
          returning c.id
        ), new_contacts as (
          insert into contacts (id, workspace_id, external_id, name, phone, email, created_at, updated_at)
          select x.id, $1, x.external_id, x.name, x.phone, x.email, $9, $9
          from json_to_recordset($2::json) as x(id uuid, external_id text, name text, phone text, email text)
          where (select count(*) from upd_contacts) >= 0
          returning id
        ), up_orders as (
          insert into orders (id, workspace_id, contact_id, number, invoice_number, tracking_number, total, currency, status, handled_by, occurred_at, paid_at)
          select x.id, $1, x.contact_id, x.number, x.invoice_number, x.tracking_number, x.total, x.currency, x.status, x.handled_by, x.occurred_at, x.paid_at
          from json_to_recordset($4::json) as x(id uuid, contact_id uuid, number text, invoice_number text, tracking_number text, total numeric,
            currency text, status text, handled_by text, occurred_at timestamptz, paid_at timestamptz)
          on conflict (workspace_id, number) do update set
            contact_id = excluded.contact_id, status = excluded.status, updated_at = now(),
            invoice_number = coalesce(excluded.invoice_number, orders.invoice_number),
            tracking_number = coalesce(excluded.tracking_number, orders.tracking_number),
            total = coalesce(excluded.total, orders.total),
            handled_by = coalesce(excluded.handled_by, orders.handled_by),
            paid_at = coalesce(excluded.paid_at, orders.paid_at)
          returning id
        ), up_items as (
          insert into order_items (workspace_id, order_id, position, name, quantity, price)
          select $1, x.order_id, x.position, x.name, x.quantity, x.price
          from json_to_recordset($5::json) as x(order_id uuid, position int, name text, quantity int, price numeric)
          on conflict (order_id, position) do update set name = excluded.name, quantity = excluded.quantity, price = excluded.price
          returning order_id
        ), trim_items as (
          delete from order_items i using json_to_recordset($6::json) as k(order_id uuid, keep int)
          where i.order_id = k.order_id and i.position >= k.keep
          returning i.order_id
        ), ins_events as (
          insert into events (id, workspace_id, key, type, occurred_at, received_at, payload, contact_id, order_id)
          select x.id, $1, x.key, x.type, x.occurred_at, x.received_at, x.payload, x.contact_id, x.order_id
          from json_to_recordset($7::json) as x(id uuid, key text, type text, occurred_at timestamptz, received_at timestamptz, payload jsonb, contact_id uuid, order_id uuid)
          on conflict (workspace_id, key) do nothing
          returning id, key
        ), ins_messages as (
          insert into messages (workspace_id, contact_id, channel, recipient, template_id, automation_id, event_id, idempotency_key, category,
            body, content, status, failure_reason, scheduled_at, request_id, fallback_channels, fallback_content, created_at, updated_at, failed_at)
          select $1, x.contact_id, x.channel, x.recipient, x.template_id, x.automation_id, x.event_id, x.idempotency_key, x.category,
            x.body, x.content, x.status, x.failure_reason, x.scheduled_at, x.request_id,
            coalesce(x.fallback_channels, '{}'), x.fallback_content, $9, $9, case when x.status = 'failed' then $9::timestamptz end
          from json_to_recordset($8::json) as x(contact_id uuid, channel text, recipient text, template_id uuid,
            automation_id uuid, event_id uuid, idempotency_key text, category text, body text, content jsonb, status text, failure_reason text,
            scheduled_at timestamptz, request_id text, fallback_channels text[], fallback_content jsonb)
          join ins_events e on e.id = x.event_id
          on conflict (workspace_id, idempotency_key) do nothing
          returning id, event_id, automation_id, channel, status, failure_reason, scheduled_at, category
        )
        select 'event' as kind, key, null::uuid as id, null::uuid as event_id, null::uuid as automation_id, null::text as channel, null::text as status,
          null::text as failure_reason, null::timestamptz as scheduled_at, null::text as category
        from ins_events
        union all
        select 'message', null, id, event_id, automation_id, channel, status, failure_reason, scheduled_at, category from ins_messages`,
      [
        workspaceId,
        JSON.stringify(batch.contactsCreated.map((c) => ({ id: c.id, external_id: c.externalId, name: c.name, phone: c.phone, email: c.email }))),
        JSON.stringify(batch.contactsUpdated.map((c) => ({ id: c.id, external_id: c.externalId, name: c.name, phone: c.phone, email: c.email }))),
        JSON.stringify(batch.orders.map((o) => ({
          id: o.id, contact_id: o.contactId, number: o.number, invoice_number: o.invoiceNumber, tracking_number: o.trackingNumber, total: o.total,
          currency: o.currency, status: o.status, handled_by: o.handledBy, occurred_at: o.occurredAt.toISOString(), paid_at: o.paidAt?.toISOString() ?? null,
        }))),
        JSON.stringify(batch.items.flatMap(({ orderId, items }) => items.map((it, position) => ({ order_id: orderId, position, name: it.name, quantity: it.quantity, price: it.price ?? null })))),
        JSON.stringify(batch.items.map(({ orderId, items }) => ({ order_id: orderId, keep: items.length }))),
        JSON.stringify(batch.events.map((e) => ({
          id: e.id, key: e.key, type: e.type, occurred_at: e.occurredAt.toISOString(), received_at: e.receivedAt.toISOString(), payload: e.payload, contact_id: e.contactId, order_id: e.orderId,
        }))),
        JSON.stringify(batch.messages.map((m) => ({
          contact_id: m.contactId, channel: m.channel, recipient: m.recipient, template_id: m.templateId,
          automation_id: m.automationId, event_id: m.eventId, idempotency_key: m.idempotencyKey, category: m.category, body: m.body,
          content: m.content, status: m.status, failure_reason: m.failureReason, scheduled_at: m.scheduledAt.toISOString(), request_id: m.requestId,
          fallback_channels: m.fallbackChannels ?? [], fallback_content: m.fallbackContent ?? null,
        }))),
        now,
      ], 'intake_write');
      const events = new Set<string>();
      const messages: ProducedMessage[] = [];
      for (const r of rows) {
        if (r.kind === 'event') events.add(str(r.key));
        else {
          messages.push({
            id: str(r.id), eventId: strOrNull(r.event_id), automationId: strOrNull(r.automation_id), channel: r.channel as ChannelKind,
            status: r.status as MessageStatus, failureReason: strOrNull(r.failure_reason), scheduledAt: date(r.scheduled_at), category: r.category as TemplateCategory,
          });
        }
      }
      return { events, messages };
    },

    async enabledAutomations(workspaceId) {
      const rows = await q(`
        select w.config_version, a.id, a.name, a.trigger, a.channel, a.channels, a.delay_minutes, a.enabled, a.created_at, a.updated_at,
          t.id as template_id, t.code, t.message, t.category, t.whatsapp_name, t.whatsapp_language, t.variables, t.header, t.buttons, t.subject, t.html, t.title, t.link,
          t.created_at as template_created_at, t.updated_at as template_updated_at
        from workspaces w
        left join automations a on a.workspace_id = w.id and a.enabled
        left join templates t on t.id = a.template_id
        where w.id = $1
        order by a.created_at, a.id`, [workspaceId], 'intake_automations');
      const version = rows[0] ? Number(rows[0].config_version) : 0;
      const items = rows.filter((r) => r.id !== null && r.template_id !== null).map((r: SqlRow) => {
        const automation: AutomationRecord = {
          id: str(r.id), workspaceId, name: str(r.name), trigger: str(r.trigger), templateId: str(r.template_id), templateCode: str(r.code),
          channel: r.channel as ChannelKind, channels: channelsOf(r.channel, r.channels), delayMinutes: Number(r.delay_minutes), enabled: r.enabled === true, createdAt: date(r.created_at), updatedAt: date(r.updated_at),
        };
        const template: TemplateRecord = {
          id: str(r.template_id), workspaceId, code: str(r.code), message: str(r.message), category: r.category as TemplateCategory,
          whatsappName: strOrNull(r.whatsapp_name), whatsappLanguage: str(r.whatsapp_language), variables: r.variables as string[],
          header: (r.header ?? null) as TemplateRecord['header'], buttons: (r.buttons ?? []) as TemplateRecord['buttons'],
          subject: strOrNull(r.subject), html: strOrNull(r.html), title: strOrNull(r.title), link: strOrNull(r.link),
          createdAt: date(r.template_created_at), updatedAt: date(r.template_updated_at),
          // Intake caches this per config_version, which Meta's review does not bump: the review is read at send time (the claim).
          ...NO_WHATSAPP_LINK, whatsappCheckedAt: null,
        };
        return { automation, template };
      });
      return { version, items };
    },

    enqueue,
    journeyEvents,
  };
}

/** An automation's channels as the driver hands the text[] (array or `{a,b}`); '{}' means its one channel. */
function channelsOf(channel: unknown, channels: unknown): ChannelKind[] {
  const list = Array.isArray(channels) ? channels.map(String)
    : typeof channels === 'string' ? channels.replace(/^\{|\}$/g, '').split(',').filter((x) => x.length > 0) : [];
  return (list.length > 0 ? list : [String(channel)]) as ChannelKind[];
}
