/**
 * A campaign's report (issue 10 part 6): the funnel sent → delivered → read → clicked → converted
 * with revenue, revenue per message and opt-outs, in total and per channel. Orders are credited by
 * the domain's rule (insights/attribution.ts: last touch within the workspace's window, a tracked
 * click first) over every message the contacts got, so another campaign's later message can take
 * an order's credit away from this one — as it should.
 */
import type { AttributionSettings, CampaignReport, Funnel } from '../contracts/reports.js';
import { attributeOrders, campaignFunnel, campaignOptOuts, type AttributableMessage, type Attribution } from '../domain/insights/attribution.js';
import { guardFormulaCell } from '../domain/contact-import.js';
import type { ChannelKind } from '../domain/vocabulary.js';
import { audit } from './audit.js';
import { requirePermission } from './auth.js';
import { found } from './errors.js';
import type { Deps, Principal } from './ports.js';
import type { Campaign, CampaignTouches } from './report.port.js';

const HOUR = 3_600_000;

/** The report of one broadcast or automation of the principal's workspace (404 for another's). */
export async function campaignReport(deps: Pick<Deps, 'store'>, principal: Principal, campaign: Campaign): Promise<CampaignReport> {
  requirePermission(principal, 'messages:read');
  const ws = principal.workspaceId;
  const named = campaign.kind === 'broadcast'
    ? found(await deps.store.broadcasts.get(ws, campaign.id), 'Broadcast')
    : campaign.kind === 'journey'
      ? found(await deps.store.journeys.get(ws, campaign.id), 'Journey')
      : found(await deps.store.automations.get(ws, campaign.id), 'Automation');
  const workspace = found(await deps.store.workspaces.get(ws), 'Workspace');
  const windowMs = workspace.attributionWindowHours * HOUR;
  const touches = await deps.store.reports.campaignTouches(ws, campaign, windowMs);
  const attributions = attributeOrders(touches.orders, touches.touches.messages, touches.touches.clicks, windowMs);
  const channels = [...new Set(touches.messages.map((m) => m.channel))];
  const byChannel = channels
    .map((channel) => ({ channel, ...funnelOf(touches, touches.messages.filter((m) => m.channel === channel), attributions, windowMs) }))
    .sort((a, b) => b.sent - a.sent || a.channel.localeCompare(b.channel));
  return {
    campaign: { kind: campaign.kind, id: campaign.id, name: named.name },
    attributionWindowHours: workspace.attributionWindowHours,
    currency: 'IDR',
    total: funnelOf(touches, touches.messages, attributions, windowMs),
    byChannel,
  };
}

function funnelOf(touches: CampaignTouches, messages: readonly AttributableMessage[], attributions: readonly Attribution[], windowMs: number): Funnel {
  const f = campaignFunnel(messages, touches.clicks, attributions, touches.orders);
  return {
    converted: f.converted, orders: f.orders, revenue: f.revenueIdr, revenuePerMessage: f.revenuePerMessageIdr,
    conversionRate: f.sent === 0 ? 0 : f.converted / f.sent,
    sent: f.sent, delivered: f.delivered, read: f.read, clicked: f.clicked,
    optOuts: campaignOptOuts(messages, touches.optOuts, windowMs),
  };
}

/** The report as CSV rows: the total first, then one row per channel (a name like `=…` cannot become a formula). */
export function campaignReportCsv(report: CampaignReport): string[][] {
  const header = ['campaign', 'channel', 'sent', 'delivered', 'read', 'clicked', 'converted', 'conversion_rate', 'orders', 'revenue_idr', 'revenue_per_message_idr', 'opt_outs', 'attribution_window_hours'];
  const row = (channel: ChannelKind | 'all', f: Funnel) => [
    report.campaign.name, channel, f.sent, f.delivered, f.read, f.clicked, f.converted, f.conversionRate.toFixed(4), f.orders, f.revenue, f.revenuePerMessage, f.optOuts, report.attributionWindowHours,
  ].map((v) => guardFormulaCell(String(v)));
  return [header, row('all', report.total), ...report.byChannel.map((c) => row(c.channel, c))];
}

export async function readAttributionSettings(deps: Pick<Deps, 'store'>, principal: Principal): Promise<AttributionSettings> {
  return { windowHours: found(await deps.store.workspaces.get(principal.workspaceId), 'Workspace').attributionWindowHours };
}

/** Saves the window (bounds checked by the contract); audited with before and after. */
export async function saveAttributionSettings(deps: Pick<Deps, 'store' | 'clock'>, principal: Principal, input: AttributionSettings): Promise<AttributionSettings> {
  requirePermission(principal, 'settings:messaging');
  return deps.store.transaction(async (tx) => {
    const before = found(await tx.workspaces.get(principal.workspaceId), 'Workspace').attributionWindowHours;
    await tx.workspaces.setAttributionWindow(principal.workspaceId, input.windowHours);
    await audit({ store: tx, clock: deps.clock }, principal, 'settings.attribution_changed', { type: 'workspace', id: principal.workspaceId }, { before: { windowHours: before }, after: input });
    return input;
  });
}
