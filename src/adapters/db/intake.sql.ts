/**
 * Event intake in plain SQL: each method is one statement over the whole batch. Rows travel as one
 * JSON parameter read with json_to_recordset, so a statement's text never depends on the batch
 * size and PostgreSQL prepares it once per connection.
 */
import type { IntakeContact, IntakeTx, OrderItem, ProducedMessage, StoredOrder } from '../../app/engine.port.js';
import type { AutomationRecord, TemplateRecord } from '../../app/records.js';
import type { ChannelKind, ConsentStatus, MessageStatus, TemplateCategory } from '../../domain/vocabulary.js';
import type { SqlQuery, SqlRow } from './sql-unit.js';

const str = (v: unknown): string => v as string;
const strOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
const date = (v: unknown): Date => (v instanceof Date ? v : new Date(v as string));

/** The intake statements bound to one transaction's connection; enqueue is the queue's, bound to the same. */
export function intakeSql(q: SqlQuery, enqueue: IntakeTx['enqueue']): IntakeTx {
  return {
    async seenEvents(workspaceId, keys) {
      const rows = await q('select key, id, contact_id from events where workspace_id = $1 and key = any($2::text[])', [workspaceId, keys], 'intake_seen');
      return new Map(rows.map((r) => [str(r.key), { id: str(r.id), contactId: strOrNull(r.contact_id) }]));
    },

    async matchContacts(workspaceId, keys) {
      const rows = await q(`
        select c.id, c.external_id, c.name, c.phone, c.email,
          (select coalesce(json_object_agg(cc.channel, cc.status), '{}'::json) from contact_consents cc where cc.contact_id = c.id) as consent
        from contacts c
        where c.workspace_id = $1 and (c.external_id = any($2::text[]) or c.phone = any($3::text[]) or lower(c.email) = any($4::text[]))
        order by c.created_at, c.id`, [workspaceId, keys.externalIds, keys.phones, keys.emails], 'intake_match');
      return rows.map((r): IntakeContact => ({
        id: str(r.id), externalId: strOrNull(r.external_id), name: str(r.name), phone: strOrNull(r.phone), email: strOrNull(r.email),
        consent: (typeof r.consent === 'string' ? JSON.parse(r.consent) : r.consent) as Partial<Record<ChannelKind, ConsentStatus>>,
      }));
    },

    async insertContacts(workspaceId, drafts, now) {
      if (drafts.length === 0) return [];
      const rows = await q(`
        insert into contacts (workspace_id, external_id, name, phone, email, created_at, updated_at)
        select $1, x.external_id, x.name, x.phone, x.email, $3, $3
        from json_to_recordset($2::json) as x(external_id text, name text, phone text, email text)
        on conflict do nothing
        returning id, external_id, phone, email`, [workspaceId, JSON.stringify(drafts.map((d) => ({ external_id: d.externalId, name: d.name, phone: d.phone, email: d.email }))), now], 'intake_contacts_insert');
      // Back to drafts by their identity: every draft has at least one key, and keys are distinct within a batch.
      const keyOf = (ext: string | null, phone: string | null, email: string | null) => `${ext ?? ''}\u0000${phone ?? ''}\u0000${email ?? ''}`;
      const ids = new Map(rows.map((r) => [keyOf(strOrNull(r.external_id), strOrNull(r.phone), strOrNull(r.email)), str(r.id)]));
      return drafts.map((d) => ids.get(keyOf(d.externalId, d.phone, d.email)) ?? null);
    },

    async updateContacts(workspaceId, contacts, now) {
      if (contacts.length === 0) return;
      await q(`
        update contacts c set external_id = x.external_id, name = x.name, phone = x.phone, email = x.email, updated_at = $3
        from json_to_recordset($2::json) as x(id uuid, external_id text, name text, phone text, email text)
        where c.workspace_id = $1 and c.id = x.id`,
      [workspaceId, JSON.stringify(contacts.map((c) => ({ id: c.id, external_id: c.externalId, name: c.name, phone: c.phone, email: c.email }))), now], 'intake_contacts_update');
    },

    async upsertOrders(workspaceId, orders) {
      if (orders.length === 0) return [];
      const rows = await q(`
        insert into orders (workspace_id, contact_id, number, invoice_number, tracking_number, total, currency, status, handled_by, occurred_at, paid_at)
        select $1, x.contact_id, x.number, x.invoice_number, x.tracking_number, x.total, x.currency, x.status, x.handled_by, x.occurred_at, x.paid_at
        from json_to_recordset($2::json) as x(contact_id uuid, number text, invoice_number text, tracking_number text, total numeric,
          currency text, status text, handled_by text, occurred_at timestamptz, paid_at timestamptz)
        on conflict (workspace_id, number) do update set
          contact_id = excluded.contact_id, status = excluded.status, updated_at = now(),
          invoice_number = coalesce(excluded.invoice_number, orders.invoice_number),
          tracking_number = coalesce(excluded.tracking_number, orders.tracking_number),
          total = coalesce(excluded.total, orders.total),
          handled_by = coalesce(excluded.handled_by, orders.handled_by),
          paid_at = coalesce(excluded.paid_at, orders.paid_at)
        returning id, number, invoice_number, tracking_number, (xmax = 0) as inserted`,
      [workspaceId, JSON.stringify(orders.map((o) => ({
        contact_id: o.contactId, number: o.number, invoice_number: o.invoiceNumber, tracking_number: o.trackingNumber, total: o.total,
        currency: o.currency, status: o.status, handled_by: o.handledBy, occurred_at: o.occurredAt.toISOString(), paid_at: o.paidAt?.toISOString() ?? null,
      })))], 'intake_orders_upsert');
      return rows.map((r): StoredOrder => ({
        id: str(r.id), number: str(r.number), invoiceNumber: strOrNull(r.invoice_number), trackingNumber: strOrNull(r.tracking_number), inserted: r.inserted === true,
      }));
    },

    async replaceOrderItems(workspaceId, items, existing) {
      if (existing.length > 0) await q('delete from order_items where order_id = any($1::uuid[])', [existing], 'intake_items_delete');
      const rows = [...items].flatMap(([orderId, list]) => list.map((it, position) => ({ order_id: orderId, position, name: it.name, quantity: it.quantity, price: it.price ?? null })));
      if (rows.length === 0) return;
      await q(`
        insert into order_items (workspace_id, order_id, position, name, quantity, price)
        select $1, x.order_id, x.position, x.name, x.quantity, x.price
        from json_to_recordset($2::json) as x(order_id uuid, position int, name text, quantity int, price numeric)`,
      [workspaceId, JSON.stringify(rows)], 'intake_items_insert');
    },

    async orderItems(orderIds) {
      const result = new Map<string, OrderItem[]>();
      if (orderIds.length === 0) return result;
      const rows = await q('select order_id, name, quantity from order_items where order_id = any($1::uuid[]) order by order_id, position', [orderIds], 'intake_items_read');
      for (const r of rows) {
        const list = result.get(str(r.order_id)) ?? [];
        list.push({ name: str(r.name), quantity: Number(r.quantity) });
        result.set(str(r.order_id), list);
      }
      return result;
    },

    async insertEvents(workspaceId, events) {
      if (events.length === 0) return { ids: new Map(), configVersion: null };
      const rows = await q(`
        with ins as (
          insert into events (workspace_id, key, type, occurred_at, received_at, payload, contact_id, order_id)
          select $1, x.key, x.type, x.occurred_at, x.received_at, x.payload, x.contact_id, x.order_id
          from json_to_recordset($2::json) as x(key text, type text, occurred_at timestamptz, received_at timestamptz, payload jsonb, contact_id uuid, order_id uuid)
          on conflict (workspace_id, key) do nothing
          returning id, key
        )
        select ins.id, ins.key, (select config_version from workspaces where id = $1) as config_version from ins`,
      [workspaceId, JSON.stringify(events.map((e) => ({
        key: e.key, type: e.type, occurred_at: e.occurredAt.toISOString(), received_at: e.receivedAt.toISOString(), payload: e.payload, contact_id: e.contactId, order_id: e.orderId,
      })))], 'intake_events_insert');
      return { ids: new Map(rows.map((r) => [str(r.key), str(r.id)])), configVersion: rows[0] ? Number(rows[0].config_version) : null };
    },

    async enabledAutomations(workspaceId) {
      const rows = await q(`
        select w.config_version, a.id, a.name, a.trigger, a.channel, a.delay_minutes, a.enabled, a.created_at, a.updated_at,
          t.id as template_id, t.code, t.message, t.category, t.whatsapp_name, t.whatsapp_language, t.variables,
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
          channel: r.channel as ChannelKind, delayMinutes: Number(r.delay_minutes), enabled: r.enabled === true, createdAt: date(r.created_at), updatedAt: date(r.updated_at),
        };
        const template: TemplateRecord = {
          id: str(r.template_id), workspaceId, code: str(r.code), message: str(r.message), category: r.category as TemplateCategory,
          whatsappName: strOrNull(r.whatsapp_name), whatsappLanguage: str(r.whatsapp_language), variables: r.variables as string[],
          createdAt: date(r.template_created_at), updatedAt: date(r.template_updated_at),
        };
        return { automation, template };
      });
      return { version, items };
    },

    async insertMessages(messages, now) {
      if (messages.length === 0) return [];
      const rows = await q(`
        insert into messages (workspace_id, contact_id, channel, recipient, template_id, automation_id, event_id, idempotency_key, category,
          body, content, status, failure_reason, scheduled_at, request_id, created_at, updated_at)
        select x.workspace_id, x.contact_id, x.channel, x.recipient, x.template_id, x.automation_id, x.event_id, x.idempotency_key, x.category,
          x.body, x.content, x.status, x.failure_reason, x.scheduled_at, x.request_id, $2, $2
        from json_to_recordset($1::json) as x(workspace_id uuid, contact_id uuid, channel text, recipient text, template_id uuid,
          automation_id uuid, event_id uuid, idempotency_key text, category text, body text, content jsonb, status text, failure_reason text,
          scheduled_at timestamptz, request_id text)
        on conflict (workspace_id, idempotency_key) do nothing
        returning id, event_id, automation_id, channel, status, failure_reason, scheduled_at, category`,
      [JSON.stringify(messages.map((m) => ({
        workspace_id: m.workspaceId, contact_id: m.contactId, channel: m.channel, recipient: m.recipient, template_id: m.templateId,
        automation_id: m.automationId, event_id: m.eventId, idempotency_key: m.idempotencyKey, category: m.category, body: m.body,
        content: m.content, status: m.status, failure_reason: m.failureReason, scheduled_at: m.scheduledAt.toISOString(), request_id: m.requestId,
      }))), now], 'intake_messages_insert');
      return rows.map((r): ProducedMessage => ({
        id: str(r.id), eventId: strOrNull(r.event_id), automationId: strOrNull(r.automation_id), channel: r.channel as ChannelKind,
        status: r.status as MessageStatus, failureReason: strOrNull(r.failure_reason), scheduledAt: date(r.scheduled_at), category: r.category as TemplateCategory,
      }));
    },

    enqueue,
  };
}
