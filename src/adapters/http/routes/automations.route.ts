import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { createAutomation, deleteAutomation, updateAutomation } from '../../../app/automations.js';
import { found } from '../../../app/errors.js';
import { demoAutomations } from '../../../app/seed-demo.js';
import type { AutomationRecord } from '../../../app/records.js';
import { unapprovedTemplateIds } from '../../../app/whatsapp-templates.js';
import { Automation, AutomationInput, AutomationList, AutomationPatch, DemoAutomations, IdParams } from '../../../contracts/index.js';
import type { HttpDeps } from '../context.js';
import { automationJson } from '../serialize.js';
import { principalOf } from './auth.route.js';

export function automationRoutes(app: FastifyInstance, deps: HttpDeps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const json = async (a: AutomationRecord) => automationJson(a, await unapprovedTemplateIds(deps, a.workspaceId, [a.templateId]));

  r.get('/api/v1/automations', { config: { permission: 'automations:read' }, schema: { tags: ['automations'], response: { 200: AutomationList } } }, async (request) => {
    const p = principalOf(request);
    const items = await deps.store.automations.list(p.workspaceId);
    const unapproved = await unapprovedTemplateIds(deps, p.workspaceId, items.map((a) => a.templateId));
    return { items: items.map((a) => automationJson(a, unapproved)) };
  });

  // The demo's automations still in the workspace: the web app's banner says whether they are off.
  r.get('/api/v1/automations/demo', { config: { permission: 'automations:read' }, schema: { tags: ['automations'], response: { 200: DemoAutomations } } }, async (request) => {
    return { items: await demoAutomations(deps, principalOf(request).workspaceId) };
  });

  r.post('/api/v1/automations', { config: { permission: 'automations:write' }, schema: { tags: ['automations'], body: AutomationInput, response: { 201: Automation } } }, async (request, reply) => {
    return reply.code(201).send(await json(await createAutomation(deps, principalOf(request), request.body)));
  });

  r.get('/api/v1/automations/:id', { config: { permission: 'automations:read' }, schema: { tags: ['automations'], params: IdParams, response: { 200: Automation } } }, async (request) => {
    const p = principalOf(request);
    return json(found(await deps.store.automations.get(p.workspaceId, request.params.id), 'Automation'));
  });

  r.patch('/api/v1/automations/:id', { config: { permission: 'automations:write' }, schema: { tags: ['automations'], params: IdParams, body: AutomationPatch, response: { 200: Automation } } }, async (request) => {
    return json(await updateAutomation(deps, principalOf(request), request.params.id, request.body));
  });

  r.delete('/api/v1/automations/:id', { config: { permission: 'automations:write' }, schema: { tags: ['automations'], params: IdParams } }, async (request, reply) => {
    await deleteAutomation(deps, principalOf(request), request.params.id);
    return reply.code(204).send();
  });
}
