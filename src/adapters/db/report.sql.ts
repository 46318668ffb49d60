/**
 * Campaign reports (app/report.port.ts): a campaign's messages, then — for the same contacts, over
 * the span its orders could fall in — every competing touch, the orders and the opt-outs. The
 * crediting itself is the domain's (insights/attribution.ts), so the rule lives in one place.
 */
import type { Campaign, CampaignTouches, DashboardData, DashboardRange, ReportStore } from '../../app/report.port.js';
import type { AttributableMessage, TrackedClick } from '../../domain/insights/attribution.js';
import type { ChannelKind, MessageStatus } from '../../domain/vocabulary.js';
import type { SqlAccess, SqlRow } from './sql-unit.js';

const date = (v: unknown): Date => (v instanceof Date ? v : new Date(String(v)));
const dateOrNull = (v: unknown): Date | null => (v === null || v === undefined ? null : date(v));

function messageOf(r: SqlRow): AttributableMessage {
  return { messageId: String(r.id), contactId: String(r.contact_id), channel: r.channel as ChannelKind, status: r.status as MessageStatus, sentAt: dateOrNull(r.sent_at) };
}
function clicksOf(rows: readonly SqlRow[]): TrackedClick[] {
  return rows.filter((r) => r.clicked_at !== null && r.clicked_at !== undefined)
    .map((r) => ({ messageId: String(r.id), contactId: String(r.contact_id), channel: r.channel as ChannelKind, clickedAt: date(r.clicked_at) }));
}

export function reportSql(sql: SqlAccess): ReportStore {
  return {
    async campaignTouches(workspaceId: string, campaign: Campaign, windowMs: number): Promise<CampaignTouches> {
      const column = campaign.kind === 'broadcast' ? 'broadcast_id' : campaign.kind === 'journey' ? 'journey_id' : 'automation_id';
      const own = await sql.query(`
        select id, contact_id, channel, status, sent_at, clicked_at from messages
        where workspace_id = $1::uuid and ${column} = $2::uuid and contact_id is not null`, [workspaceId, campaign.id], `report_${campaign.kind}_messages`);
      const messages = own.map(messageOf);
      const sentTimes = messages.flatMap((m) => (m.sentAt ? [m.sentAt.getTime()] : []));
      if (sentTimes.length === 0) return { messages, clicks: clicksOf(own), touches: { messages: [], clicks: [] }, orders: [], optOuts: [] };
      // Orders from the first send to a window after the last; their touches from a window before that.
      const from = new Date(Math.min(...sentTimes));
      const to = new Date(Math.max(...sentTimes) + windowMs);
      const touchesFrom = new Date(from.getTime() - windowMs);
      const contacts = `(select distinct contact_id from messages where workspace_id = $1::uuid and ${column} = $2::uuid and contact_id is not null)`;
      const [touchRows, orderRows, optOutRows] = await Promise.all([
        sql.query(`
          select m.id, m.contact_id, m.channel, m.status, m.sent_at, m.clicked_at from messages m
          where m.workspace_id = $1::uuid and m.contact_id in ${contacts}
            and ((m.sent_at >= $3 and m.sent_at <= $4) or (m.clicked_at >= $3 and m.clicked_at <= $4))`,
        [workspaceId, campaign.id, touchesFrom, to], `report_${campaign.kind}_touches`),
        sql.query(`
          select o.id, o.contact_id, o.occurred_at, o.total from orders o
          where o.workspace_id = $1::uuid and o.contact_id in ${contacts} and o.occurred_at >= $3 and o.occurred_at <= $4`,
        [workspaceId, campaign.id, from, to], `report_${campaign.kind}_orders`),
        sql.query(`
          select e.contact_id, e.channel, e.at from consent_events e
          where e.contact_id in ${contacts} and e.status = 'opted_out' and e.at >= $3 and e.at <= $4`,
        [workspaceId, campaign.id, from, to], `report_${campaign.kind}_opt_outs`),
      ]);
      return {
        messages,
        clicks: clicksOf(own),
        touches: { messages: touchRows.map(messageOf), clicks: clicksOf(touchRows) },
        orders: orderRows.map((r) => ({ orderId: String(r.id), contactId: String(r.contact_id), occurredAt: date(r.occurred_at), amountIdr: r.total === null ? 0 : Number(r.total) })),
        optOuts: optOutRows.map((r) => ({ contactId: String(r.contact_id), channel: r.channel as ChannelKind, at: date(r.at) })),
      };
    },

    async dashboard(workspaceId: string, range: DashboardRange, windowMs: number): Promise<DashboardData> {
      const [ws] = await sql.query(`
        select timezone, ($2::date)::timestamp at time zone timezone as from_ts, (($3::date) + 1)::timestamp at time zone timezone as to_ts
        from workspaces where id = $1::uuid`, [workspaceId, range.from, range.to], 'dashboard_range');
      if (!ws) return { timezone: 'Asia/Jakarta', counts: [], orders: [], touches: { messages: [], clicks: [] } };
      const tz = String(ws.timezone);
      const from = date(ws.from_ts);
      const to = date(ws.to_ts);
      const period = (column: string) => `to_char(date_trunc($4, ${column} at time zone $5), 'YYYY-MM-DD')`;
      // Messages count in the period they were sent (a cohort): of those, how many were delivered, read, clicked.
      const [countRows, orderRows] = await Promise.all([
        sql.query(`
          select ${period('m.sent_at')} as period, m.channel, count(*)::int as sent,
            count(*) filter (where m.status in ('delivered', 'read'))::int as delivered,
            count(*) filter (where m.status = 'read')::int as read,
            count(*) filter (where m.clicked_at is not null)::int as clicked
          from messages m
          where m.workspace_id = $1::uuid and m.sent_at >= $2 and m.sent_at < $3 and m.status in ('sent', 'delivered', 'read')
          group by 1, 2 order by 1, 2`, [workspaceId, from, to, range.interval, tz], 'dashboard_counts'),
        sql.query(`
          select o.id, o.contact_id, o.occurred_at, o.total, ${period('o.occurred_at')} as period from orders o
          where o.workspace_id = $1::uuid and o.occurred_at >= $2 and o.occurred_at < $3`, [workspaceId, from, to, range.interval, tz], 'dashboard_orders'),
      ]);
      const orders = orderRows.map((r) => ({ orderId: String(r.id), contactId: String(r.contact_id), occurredAt: date(r.occurred_at), amountIdr: r.total === null ? 0 : Number(r.total), period: String(r.period) }));
      const contacts = [...new Set(orders.map((o) => o.contactId))];
      const touchRows = contacts.length === 0 ? [] : await sql.query(`
        select m.id, m.contact_id, m.channel, m.status, m.sent_at, m.clicked_at from messages m
        where m.workspace_id = $1::uuid and m.contact_id = any($2::uuid[])
          and ((m.sent_at >= $3 and m.sent_at < $4) or (m.clicked_at >= $3 and m.clicked_at < $4))`,
      [workspaceId, contacts, new Date(from.getTime() - windowMs), to], 'dashboard_touches');
      return {
        timezone: tz,
        counts: countRows.map((r) => ({ period: String(r.period), channel: r.channel as ChannelKind, sent: Number(r.sent), delivered: Number(r.delivered), read: Number(r.read), clicked: Number(r.clicked) })),
        orders,
        touches: { messages: touchRows.map(messageOf), clicks: clicksOf(touchRows) },
      };
    },

    async variantMessages(workspaceId, broadcastId) {
      // One per intent: a message replaced by its fallback counts as the fallback (which keeps the variant).
      const rows = await sql.query(`
        select m.id, m.contact_id, m.variant, m.status, m.read_at, m.clicked_at,
          case when m.status in ('sent', 'delivered', 'read') then coalesce(m.sent_at, m.updated_at) end as sent_at
        from messages m
        where m.workspace_id = $1::uuid and m.broadcast_id = $2::uuid and m.variant is not null and m.contact_id is not null
          and not exists (select 1 from messages f where f.fallback_of = m.id)`, [workspaceId, broadcastId], 'report_ab_variant_messages');
      return rows.map((r) => ({
        id: String(r.id), contactId: String(r.contact_id), variant: String(r.variant), status: String(r.status),
        sentAt: dateOrNull(r.sent_at), readAt: dateOrNull(r.read_at), clickedAt: dateOrNull(r.clicked_at),
      }));
    },
  };
}
