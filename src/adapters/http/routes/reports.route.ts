/**
 * Campaign reports: a broadcast's or an automation's funnel with conversions and revenue first,
 * as JSON or (`?format=csv`) as a CSV file a spreadsheet opens (UTF-8 with BOM, one row per channel).
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { campaignReport, campaignReportCsv } from '../../../app/campaign-report.js';
import type { Campaign } from '../../../app/report.port.js';
import { CampaignReport, IdParams, ReportQuery, type CampaignReport as Report } from '../../../contracts/index.js';
import type { HttpDeps } from '../context.js';
import { csvLine } from '../csv-stream.js';
import { principalOf } from './auth.route.js';

function sendCsv(reply: FastifyReply, report: Report): FastifyReply {
  const body = '\uFEFF' + campaignReportCsv(report).map(csvLine).join('');
  // The route's JSON schema is for the JSON answer; the file goes out as it is.
  return reply
    .header('content-type', 'text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="laporan-${report.campaign.kind}-${report.campaign.id}.csv"`)
    .serializer((payload: unknown) => String(payload))
    .send(body);
}

export function reportRoutes(app: FastifyInstance, deps: HttpDeps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  for (const kind of ['broadcast', 'automation'] as const) {
    r.get(`/api/v1/${kind}s/:id/report`, {
      config: { permission: 'messages:read' },
      schema: {
        tags: [`${kind}s`],
        summary: `The ${kind}'s funnel: converted (an order within the attribution window), revenue, revenue per message, then sent, delivered, read, clicked and opt-outs, in total and per channel; ?format=csv for a file`,
        params: IdParams, querystring: ReportQuery, response: { 200: CampaignReport },
      },
    }, async (request, reply) => {
      const campaign: Campaign = { kind, id: request.params.id };
      const report = await campaignReport(deps, principalOf(request), campaign);
      return request.query.format === 'csv' ? sendCsv(reply, report) : report;
    });
  }
}
