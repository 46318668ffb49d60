import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { found } from '../../../app/errors.js';
import { createTemplate, deleteTemplate, previewTemplate, updateTemplate } from '../../../app/templates.js';
import { importWhatsAppTemplates } from '../../../app/whatsapp-template-import.js';
import { submitTemplateToWhatsApp } from '../../../app/whatsapp-templates.js';
import { TRIGGERS, TRIGGER_KEYS_IN_LIFECYCLE_ORDER } from '../../../domain/triggers.js';
import {
  IdParams, PreviewInput, PreviewResult, Template, TemplateImportInput, TemplateImportResult, TemplateInput, TemplateList, TemplateListQuery, TemplatePatch,
  TemplateSubmitResult, TriggerList,
} from '../../../contracts/index.js';
import type { HttpDeps } from '../context.js';
import { templateJson } from '../serialize.js';
import { principalOf } from './auth.route.js';

export function templateRoutes(app: FastifyInstance, deps: HttpDeps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/v1/triggers', { config: { permission: 'workspace:read' }, schema: { tags: ['templates'], response: { 200: TriggerList } } }, async (request) => {
    principalOf(request);
    return { items: TRIGGER_KEYS_IN_LIFECYCLE_ORDER.map((k) => ({ key: k, label: TRIGGERS[k].label, labelId: TRIGGERS[k].labelId, variables: TRIGGERS[k].variables.map((v) => ({ ...v })) })) };
  });

  r.get('/api/v1/templates', { config: { permission: 'templates:read' }, schema: { tags: ['templates'], querystring: TemplateListQuery, response: { 200: TemplateList } } }, async (request) => {
    const p = principalOf(request);
    return { items: (await deps.store.templates.list(p.workspaceId, request.query)).map(templateJson) };
  });

  r.post('/api/v1/templates', { config: { permission: 'templates:write' }, schema: { tags: ['templates'], body: TemplateInput, response: { 201: Template } } }, async (request, reply) => {
    const t = await createTemplate(deps, principalOf(request), request.body);
    return reply.code(201).send(templateJson(t));
  });

  r.post('/api/v1/templates/preview', { config: { permission: 'templates:read' }, schema: { tags: ['templates'], body: PreviewInput, response: { 200: PreviewResult } } }, async (request) => {
    return previewTemplate(deps, principalOf(request), request.body);
  });

  r.get('/api/v1/templates/:id', { config: { permission: 'templates:read' }, schema: { tags: ['templates'], params: IdParams, response: { 200: Template } } }, async (request) => {
    const p = principalOf(request);
    return templateJson(found(await deps.store.templates.get(p.workspaceId, request.params.id), 'Template'));
  });

  r.patch('/api/v1/templates/:id', { config: { permission: 'templates:write' }, schema: { tags: ['templates'], params: IdParams, body: TemplatePatch, response: { 200: Template } } }, async (request) => {
    return templateJson(await updateTemplate(deps, principalOf(request), request.params.id, request.body));
  });

  // Submit (or resubmit) to Meta as a WhatsApp message template: owners and admins, like editing it.
  r.post('/api/v1/templates/:id/whatsapp', { config: { permission: 'templates:write' }, schema: { tags: ['templates'], params: IdParams, response: { 200: TemplateSubmitResult } } }, async (request) => {
    const { template, warnings } = await submitTemplateToWhatsApp(deps, principalOf(request), request.params.id);
    return { ...templateJson(template), warnings };
  });

  r.post('/api/v1/templates/whatsapp/import', { config: { permission: 'templates:write' }, schema: { tags: ['templates'], body: TemplateImportInput.optional(), response: { 200: TemplateImportResult } } }, async (request) => {
    return importWhatsAppTemplates(deps, principalOf(request), request.body ?? {});
  });

  r.delete('/api/v1/templates/:id', { config: { permission: 'templates:write' }, schema: { tags: ['templates'], params: IdParams } }, async (request, reply) => {
    await deleteTemplate(deps, principalOf(request), request.params.id);
    return reply.code(204).send();
  });
}
