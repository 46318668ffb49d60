/**
 * The KPI dashboard (issue 10 part 6): messages sent per period and channel with how many were
 * delivered, read and clicked (counted in the period they were sent), and the orders placed in the
 * range credited by the domain's attribution rule (insights/attribution.ts, the same as campaign
 * reports) — conversions and revenue in the period of the order, on the channel of the message
 * that got the credit.
 */
import type { Dashboard, Kpis } from '../contracts/insights.js';
import { attributeOrders } from '../domain/insights/attribution.js';
import { dateIn, periodsBetween } from '../domain/insights/periods.js';
import { guardFormulaCell } from '../domain/contact-import.js';
import { CHANNEL_KINDS, type ChannelKind } from '../domain/vocabulary.js';
import { requirePermission } from './auth.js';
import { found } from './errors.js';
import { checkDateRange } from './lifecycle.js';
import type { Deps, Principal } from './ports.js';

const HOUR = 3_600_000;
const DAY = 86_400_000;

interface Tally { conversions: number; revenue: number; sent: number; delivered: number; read: number; clicked: number }
const empty = (): Tally => ({ conversions: 0, revenue: 0, sent: 0, delivered: 0, read: 0, clicked: 0 });
const share = (part: number, whole: number) => (whole === 0 ? 0 : part / whole);
const kpis = (t: Tally): Kpis => ({
  conversions: t.conversions, revenue: t.revenue, conversionRate: share(t.conversions, t.sent),
  sent: t.sent, delivered: t.delivered, read: t.read, clicked: t.clicked,
  deliveryRate: share(t.delivered, t.sent), readRate: share(t.read, t.sent), clickRate: share(t.clicked, t.sent),
});

export { dateIn };

/**
 * The range asked for, or the 30 days up to the workspace's today: the dashboard counts days in the
 * workspace's time zone, so from 00:00 WIB (17:00 UTC) the UTC date would leave out today's orders.
 */
export function rangeOrDefault(now: Date, timeZone: string, q: { from?: string | undefined; to?: string | undefined; interval: 'day' | 'week' }): { from: string; to: string; interval: 'day' | 'week' } {
  const to = q.to ?? dateIn(now, timeZone);
  const toMs = Date.parse(`${to}T00:00:00Z`);
  // Not a date (e.g. 0000-00-00): `from` takes it as it is, and checkDateRange names the bad field.
  const from = q.from ?? (Number.isNaN(toMs) ? to : new Date(toMs - 29 * DAY).toISOString().slice(0, 10));
  return { from, to, interval: q.interval };
}

export async function workspaceTimeZone(deps: Pick<Deps, 'store'>, principal: Principal): Promise<string> {
  return found(await deps.store.workspaces.get(principal.workspaceId), 'Workspace').timezone;
}

export async function kpiDashboard(deps: Pick<Deps, 'store'>, principal: Principal, range: { from: string; to: string; interval: 'day' | 'week' }): Promise<Dashboard> {
  requirePermission(principal, 'messages:read');
  checkDateRange(range.from, range.to, range.interval);
  const workspace = found(await deps.store.workspaces.get(principal.workspaceId), 'Workspace');
  const windowMs = workspace.attributionWindowHours * HOUR;
  const data = await deps.store.reports.dashboard(principal.workspaceId, range, windowMs);
  const byPeriod = new Map(periodsBetween(range.from, range.to, range.interval).map((p) => [p, empty()]));
  const byChannel = new Map<ChannelKind, Tally>(CHANNEL_KINDS.map((c) => [c, empty()]));
  const total = empty();
  const add = (t: Tally | undefined, f: Partial<Tally>) => {
    if (!t) return;
    for (const k of Object.keys(f) as (keyof Tally)[]) t[k] += f[k] ?? 0;
  };
  for (const row of data.counts) {
    const f = { sent: row.sent, delivered: row.delivered, read: row.read, clicked: row.clicked };
    add(byPeriod.get(row.period), f);
    add(byChannel.get(row.channel), f);
    add(total, f);
  }
  const orderById = new Map(data.orders.map((o) => [o.orderId, o]));
  for (const a of attributeOrders(data.orders, data.touches.messages, data.touches.clicks, windowMs)) {
    const order = orderById.get(a.orderId);
    if (!order) continue;
    const f = { conversions: 1, revenue: order.amountIdr };
    add(byPeriod.get(order.period), f);
    add(byChannel.get(a.channel), f);
    add(total, f);
  }
  return {
    ...range, timezone: data.timezone, attributionWindowHours: workspace.attributionWindowHours, currency: 'IDR',
    total: kpis(total),
    series: [...byPeriod].map(([period, t]) => ({ period, ...kpis(t) })),
    byChannel: [...byChannel].map(([channel, t]) => ({ channel, ...kpis(t) })).sort((a, b) => b.revenue - a.revenue || b.sent - a.sent),
  };
}

const KPI_COLUMNS = ['conversions', 'revenue', 'conversion_rate', 'sent', 'delivered', 'read', 'clicked', 'delivery_rate', 'read_rate', 'click_rate'];
const kpiCells = (k: Kpis) => [k.conversions, k.revenue, k.conversionRate.toFixed(4), k.sent, k.delivered, k.read, k.clicked, k.deliveryRate.toFixed(4), k.readRate.toFixed(4), k.clickRate.toFixed(4)].map(String);

/** Both tables as CSV rows: one row per period, then one per channel (a `table` column tells them apart). */
export function dashboardCsv(d: Dashboard): string[][] {
  return [
    ['table', 'period_or_channel', ...KPI_COLUMNS],
    ...d.series.map((s) => ['period', s.period, ...kpiCells(s)]),
    ['total', `${d.from}..${d.to}`, ...kpiCells(d.total)],
    ...d.byChannel.map((c) => ['channel', c.channel, ...kpiCells(c)]),
  ].map((row) => row.map((v) => guardFormulaCell(v)));
}
