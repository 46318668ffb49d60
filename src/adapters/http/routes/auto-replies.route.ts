/** Keyword auto-replies and the away message: everyone reads them, owners and admins change them. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { createAutoReply, setAwaySettings, updateAutoReply } from '../../../app/auto-replies.js';
import type { AutoReplyRecord, AwaySettings as AwayRecord } from '../../../app/conversation.port.js';
import { found } from '../../../app/errors.js';
import { AutoReply, AutoReplyInput, AutoReplyList, AutoReplyPatch, AwaySettings, AwaySettingsView, IdParams } from '../../../contracts/index.js';
import type { HttpDeps } from '../context.js';
import { principalOf } from './auth.route.js';

const awayJson = (a: AwayRecord) => ({ ...a, businessHours: a.businessHours ? { ...a.businessHours, days: [...a.businessHours.days] } : null });
const json = (a: AutoReplyRecord) => ({ ...a, createdAt: a.createdAt.toISOString(), updatedAt: a.updatedAt.toISOString() });

export function autoReplyRoutes(app: FastifyInstance, deps: HttpDeps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/v1/auto-replies', { config: { permission: 'workspace:read' }, schema: { tags: ['auto-replies'], response: { 200: AutoReplyList } } }, async (request) => ({
    items: (await deps.store.autoReplies.list(principalOf(request).workspaceId)).map(json),
  }));

  r.post('/api/v1/auto-replies', {
    config: { permission: 'settings:messaging' },
    schema: { tags: ['auto-replies'], summary: 'A keyword (whole message, any case) answered with a template; STOP/BERHENTI/MULAI/START are reserved', body: AutoReplyInput, response: { 201: AutoReply } },
  }, async (request, reply) => reply.code(201).send(json(await createAutoReply(deps, principalOf(request), request.body))));

  r.patch('/api/v1/auto-replies/:id', {
    config: { permission: 'settings:messaging' }, schema: { tags: ['auto-replies'], params: IdParams, body: AutoReplyPatch, response: { 200: AutoReply } },
  }, async (request) => json(await updateAutoReply(deps, principalOf(request), request.params.id, request.body)));

  r.delete('/api/v1/auto-replies/:id', { config: { permission: 'settings:messaging' }, schema: { tags: ['auto-replies'], params: IdParams } }, async (request, reply) => {
    found(await deps.store.autoReplies.delete(principalOf(request).workspaceId, request.params.id) || null, 'Auto-reply');
    return reply.code(204).send();
  });

  r.get('/api/v1/settings/away', {
    config: { permission: 'workspace:read' }, schema: { tags: ['auto-replies'], summary: 'Business hours and the away message', response: { 200: AwaySettingsView } },
  }, async (request) => awayJson(found(await deps.store.autoReplies.away(principalOf(request).workspaceId), 'Workspace')));

  r.put('/api/v1/settings/away', {
    config: { permission: 'settings:messaging' },
    schema: { tags: ['auto-replies'], summary: 'Business hours (ISO weekdays, HH:MM in the workspace time zone) or null, and the away template or null', body: AwaySettings, response: { 200: AwaySettingsView } },
  }, async (request) => {
    const p = principalOf(request);
    await setAwaySettings(deps, p, request.body);
    return awayJson(found(await deps.store.autoReplies.away(p.workspaceId), 'Workspace'));
  });
}
