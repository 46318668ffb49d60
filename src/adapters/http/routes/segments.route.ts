import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { found } from '../../../app/errors.js';
import type { SegmentRecord } from '../../../app/records.js';
import { createSegment, definitionOrThrow, deleteSegment, previewSegment, updateSegment } from '../../../app/segments.js';
import {
  IdParams, Segment, SegmentContactList, SegmentContactsQuery, SegmentCount, SegmentInput, SegmentList, SegmentPatch, SegmentPreview, SegmentPreviewInput,
} from '../../../contracts/index.js';
import type { HttpDeps } from '../context.js';
import { contactJson } from '../serialize.js';
import { principalOf } from './auth.route.js';

function segmentJson(s: SegmentRecord): Segment {
  return {
    id: s.id,
    name: s.name,
    match: s.definition.match,
    rules: s.definition.rules.map((r) => ({ ...r })),
    createdAt: s.createdAt.toISOString(),
    updatedAt: s.updatedAt.toISOString(),
  };
}

export function segmentRoutes(app: FastifyInstance, deps: HttpDeps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['segments'];

  /** A saved segment of the workspace, its definition re-checked (only checked definitions are compiled). */
  const saved = async (workspaceId: string, id: string) => {
    const segment = found(await deps.store.segments.get(workspaceId, id), 'Segment');
    return { segment, definition: definitionOrThrow(segment.definition) };
  };

  r.get('/api/v1/segments', { config: { permission: 'contacts:read' }, schema: { tags, response: { 200: SegmentList } } }, async (request) => {
    const p = principalOf(request);
    return { items: (await deps.store.segments.list(p.workspaceId)).map(segmentJson) };
  });

  r.post('/api/v1/segments', { config: { permission: 'segments:write' }, schema: { tags, body: SegmentInput, response: { 201: Segment } } }, async (request, reply) => {
    return reply.code(201).send(segmentJson(await createSegment(deps, principalOf(request), request.body)));
  });

  r.post('/api/v1/segments/preview', { config: { permission: 'contacts:read' }, schema: { tags, body: SegmentPreviewInput, response: { 200: SegmentPreview } } }, async (request) => {
    const preview = await previewSegment(deps, principalOf(request), request.body);
    return { count: preview.count, sample: preview.sample.map(contactJson) };
  });

  r.get('/api/v1/segments/:id', { config: { permission: 'contacts:read' }, schema: { tags, params: IdParams, response: { 200: Segment } } }, async (request) => {
    const p = principalOf(request);
    return segmentJson(found(await deps.store.segments.get(p.workspaceId, request.params.id), 'Segment'));
  });

  r.get('/api/v1/segments/:id/count', { config: { permission: 'contacts:read' }, schema: { tags, params: IdParams, response: { 200: SegmentCount } } }, async (request) => {
    const p = principalOf(request);
    const { definition } = await saved(p.workspaceId, request.params.id);
    return { count: await deps.store.segments.count(p.workspaceId, definition, deps.clock.now()) };
  });

  r.get('/api/v1/segments/:id/contacts', { config: { permission: 'contacts:read' }, schema: { tags, params: IdParams, querystring: SegmentContactsQuery, response: { 200: SegmentContactList } } }, async (request) => {
    const p = principalOf(request);
    const { definition } = await saved(p.workspaceId, request.params.id);
    const page = await deps.store.segments.contacts(p.workspaceId, definition, deps.clock.now(), request.query);
    return { items: page.items.map(contactJson), nextCursor: page.nextCursor };
  });

  r.patch('/api/v1/segments/:id', { config: { permission: 'segments:write' }, schema: { tags, params: IdParams, body: SegmentPatch, response: { 200: Segment } } }, async (request) => {
    return segmentJson(await updateSegment(deps, principalOf(request), request.params.id, request.body));
  });

  r.delete('/api/v1/segments/:id', { config: { permission: 'segments:write' }, schema: { tags, params: IdParams } }, async (request, reply) => {
    await deleteSegment(deps, principalOf(request), request.params.id);
    return reply.code(204).send();
  });
}
