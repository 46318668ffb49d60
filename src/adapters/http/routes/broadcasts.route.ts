/** /api/v1/broadcasts: drafts, the test send, send/schedule, cancel, and live progress over server-sent events. */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { BroadcastRecord } from '../../../app/broadcast.port.js';
import {
  cancelBroadcast, createBroadcast, deleteBroadcast, sendBroadcast, testBroadcast, updateBroadcast, viewBroadcasts, type BroadcastView,
} from '../../../app/broadcasts.js';
import { abResults, abResultsCsv } from '../../../app/ab-tests.js';
import { found } from '../../../app/errors.js';
import { UNAPPROVED_TEMPLATE_WARNING, unapprovedTemplateIds } from '../../../app/whatsapp-templates.js';
import {
  AbResults, Broadcast, BroadcastInput, BroadcastList, BroadcastListQuery, BroadcastPatch, BroadcastSend, BroadcastTest, BroadcastTestResult, IdParams,
} from '../../../contracts/index.js';
import type { HttpDeps } from '../context.js';
import { HEARTBEAT_MS, openEventStream } from '../event-stream.js';
import { principalOf } from './auth.route.js';
import { csvLine } from '../csv-stream.js';
import { ReportQuery, type AbResults as AbResultsJson } from '../../../contracts/index.js';

/** How often an open progress stream looks at the counts, and sends a comment to keep proxies from closing it. */
const PROGRESS_POLL_MS = 1000;

function broadcastJson({ broadcast: b, stats }: BroadcastView, unapproved: ReadonlySet<string>): Broadcast {
  return {
    id: b.id,
    name: b.name,
    templateId: b.templateId,
    templateCode: b.templateCode,
    channel: b.channel as Broadcast['channel'],
    channels: b.channels as Broadcast['channels'],
    segmentId: b.segmentId,
    segmentName: b.segmentName,
    contactCount: b.contactIds ? b.contactIds.length : null,
    status: b.status,
    scheduledAt: b.scheduledAt?.toISOString() ?? null,
    startedAt: b.startedAt?.toISOString() ?? null,
    finishedAt: b.finishedAt?.toISOString() ?? null,
    cancelledAt: b.cancelledAt?.toISOString() ?? null,
    createdAt: b.createdAt.toISOString(),
    trackEmail: b.trackEmail,
    stats,
    variants: b.variants?.map((v) => ({ key: v.key, templateId: v.templateId, weight: v.weight, message: v.message, subject: v.subject, channel: v.channel as Broadcast['channel'] | null })) ?? null,
    abTest: b.abTest ? {
      ...b.abTest, decideAt: b.abDecideAt?.toISOString() ?? null, winner: b.abWinner, decidedAt: b.abDecidedAt?.toISOString() ?? null,
    } : null,
    warnings: [
      ...(b.templateCategory === 'marketing' && b.channel === 'whatsapp'
        ? [{ code: 'marketing_on_whatsapp' as const, message: 'A marketing template on WhatsApp: Meta rates and bills promotions differently, and customers block numbers that promote too often. Consider email or a utility message.' }]
        : []),
      ...(b.channel === 'whatsapp' && b.templateId !== null && unapproved.has(b.templateId) ? [{ ...UNAPPROVED_TEMPLATE_WARNING }] : []),
    ],
  };
}

/** The A/B results as a CSV file (UTF-8 with BOM); the route's JSON schema is for the JSON answer. */
function sendAbCsv(reply: FastifyReply, results: AbResultsJson): FastifyReply {
  return reply
    .header('content-type', 'text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="ab-test-${results.broadcastId}.csv"`)
    .serializer((payload: unknown) => String(payload))
    .send('\uFEFF' + abResultsCsv(results).map(csvLine).join(''));
}

export function broadcastRoutes(app: FastifyInstance, deps: HttpDeps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const views = async (list: readonly BroadcastRecord[]) => {
    if (list.length === 0) return [];
    const unapproved = await unapprovedTemplateIds(deps, list[0]!.workspaceId, list.flatMap((b) => (b.templateId ? [b.templateId] : [])));
    return (await viewBroadcasts(deps, list)).map((v) => broadcastJson(v, unapproved));
  };
  const view = async (b: BroadcastRecord) => (await views([b]))[0]!;

  r.get('/api/v1/broadcasts', { config: { permission: 'messages:read' }, schema: { tags: ['broadcasts'], querystring: BroadcastListQuery, response: { 200: BroadcastList } } }, async (request) => {
    const p = principalOf(request);
    const page = await deps.store.broadcasts.list(p.workspaceId, request.query);
    return { items: await views(page.items), nextCursor: page.nextCursor };
  });

  r.post('/api/v1/broadcasts', { config: { permission: 'broadcasts:write' }, schema: { tags: ['broadcasts'], body: BroadcastInput, response: { 201: Broadcast } } }, async (request, reply) => {
    return reply.code(201).send(await view(await createBroadcast(deps, principalOf(request), request.body)));
  });

  r.get('/api/v1/broadcasts/:id', { config: { permission: 'messages:read' }, schema: { tags: ['broadcasts'], params: IdParams, response: { 200: Broadcast } } }, async (request) => {
    const p = principalOf(request);
    return view(found(await deps.store.broadcasts.get(p.workspaceId, request.params.id), 'Broadcast'));
  });

  r.patch('/api/v1/broadcasts/:id', { config: { permission: 'broadcasts:write' }, schema: { tags: ['broadcasts'], params: IdParams, body: BroadcastPatch, response: { 200: Broadcast } } }, async (request) => {
    return view(await updateBroadcast(deps, principalOf(request), request.params.id, request.body));
  });

  r.delete('/api/v1/broadcasts/:id', { config: { permission: 'broadcasts:write' }, schema: { tags: ['broadcasts'], params: IdParams } }, async (request, reply) => {
    await deleteBroadcast(deps, principalOf(request), request.params.id);
    return reply.code(204).send();
  });

  r.post('/api/v1/broadcasts/:id/test', { config: { permission: 'broadcasts:write' }, schema: { tags: ['broadcasts'], params: IdParams, body: BroadcastTest, response: { 200: BroadcastTestResult } } }, async (request) => {
    return testBroadcast(deps, principalOf(request), request.params.id, request.body.contactId);
  });

  r.post('/api/v1/broadcasts/:id/send', { config: { permission: 'broadcasts:write' }, schema: { tags: ['broadcasts'], params: IdParams, body: BroadcastSend.default({}), response: { 202: Broadcast } } }, async (request, reply) => {
    const at = request.body.scheduledAt ? new Date(request.body.scheduledAt) : null;
    return reply.code(202).send(await view(await sendBroadcast(deps, principalOf(request), request.params.id, at)));
  });

  r.get('/api/v1/broadcasts/:id/ab-results', {
    config: { permission: 'messages:read' },
    schema: {
      tags: ['broadcasts'],
      summary: "The A/B test's results per variant (recipients, sent, the metric's count and rate, revenue), the z-test (2 variants) or chi-square (3–4) with p-value and intervals, and the verdict; ?format=csv for a file",
      params: IdParams, querystring: ReportQuery, response: { 200: AbResults },
    },
  }, async (request, reply) => {
    const results = await abResults(deps, principalOf(request), request.params.id);
    return request.query.format === 'csv' ? sendAbCsv(reply, results) : results;
  });

  r.post('/api/v1/broadcasts/:id/cancel', { config: { permission: 'broadcasts:write' }, schema: { tags: ['broadcasts'], params: IdParams, response: { 200: Broadcast } } }, async (request) => {
    return view(await cancelBroadcast(deps, principalOf(request), request.params.id));
  });

  // Server-sent events: the broadcast as GET /:id answers it, each time it changes, until it is done or cancelled and finished.
  r.get('/api/v1/broadcasts/:id/progress', { config: { permission: 'messages:read' }, schema: { tags: ['broadcasts'], params: IdParams } }, async (request, reply) => {
    const p = principalOf(request);
    const first = found(await deps.store.broadcasts.get(p.workspaceId, request.params.id), 'Broadcast');
    const res = openEventStream(reply);
    let closed = false;
    request.raw.on('close', () => { closed = true; });
    let last = '';
    let lastWrite = Date.now();
    let current: BroadcastRecord | null = first;
    while (!closed && current) {
      const data = JSON.stringify(await view(current));
      if (data !== last) {
        res.write(`event: stats\ndata: ${data}\n\n`);
        last = data;
        lastWrite = Date.now();
      } else if (Date.now() - lastWrite >= HEARTBEAT_MS) {
        res.write(': still here\n\n');
        lastWrite = Date.now();
      }
      // A big cancel is still skipping its queued messages until finishedAt: its counts still move.
      if (current.status === 'done' || (current.status === 'cancelled' && current.finishedAt !== null)) break;
      await new Promise((resolve) => setTimeout(resolve, PROGRESS_POLL_MS));
      current = closed ? null : await deps.store.broadcasts.get(p.workspaceId, request.params.id);
    }
    res.end();
  });
}
