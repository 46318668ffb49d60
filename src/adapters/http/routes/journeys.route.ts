/**
 * Journeys (issue 10 part 3): CRUD, activate/pause, where the contacts are, the recipes, and the
 * journey's report (the campaign report over messages carrying its journey_id).
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { campaignReport } from '../../../app/campaign-report.js';
import { found } from '../../../app/errors.js';
import type { JourneyRecord } from '../../../app/journey.port.js';
import { createFromRecipe, createJourney, deleteJourney, journeyCounts, setJourneyStatus, updateJourney } from '../../../app/journeys.js';
import { RECIPE_KEYS, recipe } from '../../../domain/journeys/index.js';
import type { Journey} from '../../../contracts/index.js';
import { journeyAbResults } from '../../../app/journey-ab.js';
import { CampaignReport, IdParams, JourneyAbResults, JourneyDetail, JourneyInput, JourneyList, JourneyRecipeList, RecipeInput } from '../../../contracts/index.js';
import type { HttpDeps } from '../context.js';
import { principalOf } from './auth.route.js';

function journeyJson(j: JourneyRecord): Journey {
  return { id: j.id, name: j.name, status: j.status, recipe: j.recipe, definition: j.definition as Journey['definition'], createdAt: j.createdAt.toISOString(), updatedAt: j.updatedAt.toISOString() };
}

export function journeyRoutes(app: FastifyInstance, deps: HttpDeps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['journeys'];
  const detail = async (ws: string, j: JourneyRecord) => ({ ...journeyJson(j), counts: await journeyCounts(deps, ws, j) });

  r.get('/api/v1/journeys', { config: { permission: 'automations:read' }, schema: { tags, response: { 200: JourneyList } } }, async (request) => {
    const ws = principalOf(request).workspaceId;
    const [items, totals] = await Promise.all([deps.store.journeys.list(ws), deps.store.journeys.totals(ws)]);
    return { items: items.map((j) => ({ ...journeyJson(j), ...(totals.get(j.id) ?? { active: 0, finished: 0, exited: 0 }) })) };
  });

  r.get('/api/v1/journeys/recipes', { config: { permission: 'automations:read' }, schema: { tags, summary: 'Ready journeys made in one click', response: { 200: JourneyRecipeList } } }, async () => ({
    items: RECIPE_KEYS.map((key) => {
      const spec = recipe(key);
      const def = spec.build({ templates: {}, segmentId: null });
      return { key, name: spec.name, description: spec.description, templates: spec.templates.map((t) => ({ code: t.code, message: t.message })), trigger: def.trigger.kind === 'event' ? def.trigger.eventType : 'segment' };
    }),
  }));

  r.post('/api/v1/journeys/recipes', { config: { permission: 'automations:write' }, schema: { tags, summary: 'Creates a recipe\'s journey (a draft) with its templates and segment when missing', body: RecipeInput, response: { 201: JourneyDetail } } }, async (request, reply) => {
    const p = principalOf(request);
    const j = await createFromRecipe(deps, p, request.body);
    return reply.code(201).send(await detail(p.workspaceId, j));
  });

  r.post('/api/v1/journeys', { config: { permission: 'automations:write' }, schema: { tags, body: JourneyInput, response: { 201: JourneyDetail } } }, async (request, reply) => {
    const p = principalOf(request);
    return reply.code(201).send(await detail(p.workspaceId, await createJourney(deps, p, request.body)));
  });

  r.get('/api/v1/journeys/:id', { config: { permission: 'automations:read' }, schema: { tags, summary: 'A journey with the number of contacts at each step, finished and exited', params: IdParams, response: { 200: JourneyDetail } } }, async (request) => {
    const ws = principalOf(request).workspaceId;
    return detail(ws, found(await deps.store.journeys.get(ws, request.params.id), 'Journey'));
  });

  r.put('/api/v1/journeys/:id', { config: { permission: 'automations:write' }, schema: { tags, params: IdParams, body: JourneyInput, response: { 200: JourneyDetail } } }, async (request) => {
    const p = principalOf(request);
    return detail(p.workspaceId, await updateJourney(deps, p, request.params.id, request.body));
  });

  r.delete('/api/v1/journeys/:id', { config: { permission: 'automations:write' }, schema: { tags, params: IdParams } }, async (request, reply) => {
    await deleteJourney(deps, principalOf(request), request.params.id);
    return reply.code(204).send();
  });

  for (const [action, to] of [['activate', 'active'], ['pause', 'paused']] as const) {
    r.post(`/api/v1/journeys/:id/${action}`, { config: { permission: 'automations:write' }, schema: { tags, params: IdParams, response: { 200: JourneyDetail } } }, async (request) => {
      const p = principalOf(request);
      return detail(p.workspaceId, await setJourneyStatus(deps, p, request.params.id, to));
    });
  }

  r.get('/api/v1/journeys/:id/report', {
    config: { permission: 'messages:read' },
    schema: { tags, summary: 'The journey\'s funnel: converted, revenue, then sent, delivered, read, clicked, opt-outs (its messages by journey_id)', params: IdParams, response: { 200: CampaignReport } },
  }, async (request) => campaignReport(deps, principalOf(request), { kind: 'journey', id: request.params.id }));

  r.get('/api/v1/journeys/:id/ab-results', {
    config: { permission: 'messages:read' },
    schema: { tags, summary: 'Each A/B send step\'s test: sent, the metric (conversion by default) per variant, the z-test or chi-square with p-value and interval, and the winner', params: IdParams, response: { 200: JourneyAbResults } },
  }, async (request) => journeyAbResults(deps, principalOf(request), request.params.id));
}
