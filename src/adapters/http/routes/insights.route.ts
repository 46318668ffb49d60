/**
 * Insights (product.md §3): lifecycle stage counts and flows over time, the KPI dashboard, and the
 * lifecycle thresholds; flows and the dashboard also as CSV files (`?format=csv`, UTF-8 with BOM).
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { dashboardCsv, kpiDashboard, rangeOrDefault, workspaceTimeZone } from '../../../app/dashboard.js';
import { lifecycleCounts, lifecycleFlows, readLifecycleSettings, saveLifecycleSettings } from '../../../app/lifecycle.js';
import { guardFormulaCell } from '../../../domain/contact-import.js';
import { Dashboard, InsightRangeQuery, LifecycleCounts, LifecycleFlows, LifecycleSettings } from '../../../contracts/index.js';
import type { HttpDeps } from '../context.js';
import { csvLine } from '../csv-stream.js';
import { principalOf } from './auth.route.js';

function sendCsv(reply: FastifyReply, rows: string[][], filename: string): FastifyReply {
  // The route's JSON schema is for the JSON answer; the file goes out as it is.
  return reply
    .header('content-type', 'text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${filename}"`)
    .serializer((payload: unknown) => String(payload))
    .send('\uFEFF' + rows.map(csvLine).join(''));
}

export function insightRoutes(app: FastifyInstance, deps: HttpDeps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/v1/insights/lifecycle', {
    config: { permission: 'contacts:read' },
    schema: { tags: ['insights'], summary: 'Contacts per lifecycle stage: new, active, dormant, at_risk, lost, won_back', response: { 200: LifecycleCounts } },
  }, async (request) => lifecycleCounts(deps, principalOf(request)));

  r.get('/api/v1/insights/lifecycle/flows', {
    config: { permission: 'contacts:read' },
    schema: {
      tags: ['insights'],
      summary: 'Stage transitions counted per day or ISO week and from → to, between two dates of the workspace (inclusive; default the last 30 days); ?format=csv for a file',
      querystring: InsightRangeQuery, response: { 200: LifecycleFlows },
    },
  }, async (request, reply) => {
    const flows = await lifecycleFlows(deps, principalOf(request), rangeOrDefault(deps.clock.now(), await workspaceTimeZone(deps, principalOf(request)), request.query));
    if (request.query.format !== 'csv') return flows;
    const rows = [['period', 'from_stage', 'to_stage', 'count'], ...flows.flows.map((f) => [f.period, f.from ?? '', f.to, String(f.count)])];
    return sendCsv(reply, rows.map((row) => row.map((v) => guardFormulaCell(v))), `lifecycle-flows-${flows.from}-${flows.to}.csv`);
  });

  r.get('/api/v1/insights/dashboard', {
    config: { permission: 'messages:read' },
    schema: {
      tags: ['insights'],
      summary: "The workspace's KPIs per day or ISO week and per channel: conversions and attributed revenue first, then sent, delivered, read, clicked and their rates; ?format=csv for a file",
      querystring: InsightRangeQuery, response: { 200: Dashboard },
    },
  }, async (request, reply) => {
    const dashboard = await kpiDashboard(deps, principalOf(request), rangeOrDefault(deps.clock.now(), await workspaceTimeZone(deps, principalOf(request)), request.query));
    return request.query.format === 'csv' ? sendCsv(reply, dashboardCsv(dashboard), `dasbor-${dashboard.from}-${dashboard.to}.csv`) : dashboard;
  });

  r.get('/api/v1/settings/lifecycle', {
    config: { permission: 'workspace:read' },
    schema: { tags: ['settings'], summary: 'Lifecycle thresholds in days: dormant (signed up, never ordered), at risk and lost (since the last paid order)', response: { 200: LifecycleSettings } },
  }, async (request) => readLifecycleSettings(deps, principalOf(request)));

  r.put('/api/v1/settings/lifecycle', {
    config: { permission: 'settings:messaging' },
    schema: { tags: ['settings'], summary: 'Saves the thresholds (1–3650 days, at risk before lost); every contact is restaged; audited', body: LifecycleSettings, response: { 200: LifecycleSettings } },
  }, async (request) => saveLifecycleSettings(deps, principalOf(request), request.body));
}
