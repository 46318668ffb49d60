/**
 * Journeys as use cases: saved only when the domain's validation passes (its problems come back
 * as the items of one 422, each with its code and step); activation, pause; the recipes; the
 * counts of contacts at each step; and events from inside Sapa (lifecycle stage changes) that
 * enter and exit runs like stored events do.
 */
import type { VariantContent } from '../domain/insights/index.js';
import { hasVariants, recipe, validateJourney, variantContent, type JourneyDefinition, type RecipeKey } from '../domain/journeys/index.js';
import { refuseMoreThanOneChange } from './ab-tests.js';
import { audit } from './audit.js';
import { requirePermission } from './auth.js';
import { AppError, found } from './errors.js';
import type { JourneyRecord } from './journey.port.js';
import type { Deps, Principal } from './ports.js';
import { createTemplate } from './templates.js';
import type { StageChange } from './lifecycle.port.js';

type JourneyDeps = Pick<Deps, 'store' | 'clock'>;

/** Refuses a definition with problems (422 journey.invalid, one item per problem). */
async function checkDefinition(deps: Pick<Deps, 'store'>, workspaceId: string, definition: JourneyDefinition): Promise<void> {
  const [templates, segments] = await Promise.all([deps.store.templates.list(workspaceId), deps.store.segments.list(workspaceId)]);
  const errors = validateJourney(definition, {
    templates: new Map(templates.map((t) => [t.id, { code: t.code, variables: t.variables, category: t.category }])),
    segmentIds: new Set(segments.map((s) => s.id)),
  });
  if (errors.length > 0) {
    throw new AppError('journey.invalid', errors[0]!.message, errors.map((e) => ({
      field: e.stepId === null ? e.field : `steps.${e.stepId}.${e.field}`, reason: e.code, message: e.message,
    })));
  }
  // The one-change rule of playbook q39, as for broadcasts: text, subject (the template) and channels.
  const byId = new Map(templates.map((t) => [t.id, t]));
  for (const step of definition.steps.filter(hasVariants)) {
    const contents = step.variants.map((v): VariantContent => {
      const c = variantContent(step, v);
      const t = byId.get(c.templateId);
      return { templateText: t?.message ?? '', subject: t?.subject ?? null, channel: c.channels.join(' > '), sendAt: null };
    });
    refuseMoreThanOneChange(contents, step.abTest?.allowMultipleChanges ?? false, `steps.${step.id}.variants`);
  }
}

export async function createJourney(deps: JourneyDeps, principal: Principal, input: { name: string; definition: JourneyDefinition }, recipeKey: string | null = null): Promise<JourneyRecord> {
  requirePermission(principal, 'automations:write');
  await checkDefinition(deps, principal.workspaceId, input.definition);
  const created = await deps.store.journeys.create(principal.workspaceId, { name: input.name, definition: input.definition, recipe: recipeKey }, 'draft');
  await audit(deps, principal, 'journey.created', { type: 'journey', id: created.id }, { name: created.name, recipe: recipeKey });
  return created;
}

/** Replaces the name and definition; runs resting at a step that no longer exists end (invalid_step) when next due. */
export async function updateJourney(deps: JourneyDeps, principal: Principal, id: string, input: { name: string; definition: JourneyDefinition }): Promise<JourneyRecord> {
  requirePermission(principal, 'automations:write');
  const current = found(await deps.store.journeys.get(principal.workspaceId, id), 'Journey');
  await checkDefinition(deps, principal.workspaceId, input.definition);
  const updated = found(await deps.store.journeys.update(principal.workspaceId, id, { ...input, recipe: current.recipe }), 'Journey');
  await audit(deps, principal, 'journey.updated', { type: 'journey', id }, { name: updated.name });
  return updated;
}

export async function deleteJourney(deps: JourneyDeps, principal: Principal, id: string): Promise<void> {
  requirePermission(principal, 'automations:write');
  const current = found(await deps.store.journeys.get(principal.workspaceId, id), 'Journey');
  if (!(await deps.store.journeys.delete(principal.workspaceId, id))) found(null, 'Journey');
  await audit(deps, principal, 'journey.deleted', { type: 'journey', id }, { name: current.name });
}

/** Activate (from draft or paused; the definition is checked again, its templates may have changed) or pause (from active). */
export async function setJourneyStatus(deps: JourneyDeps, principal: Principal, id: string, to: 'active' | 'paused'): Promise<JourneyRecord> {
  requirePermission(principal, 'automations:write');
  const current = found(await deps.store.journeys.get(principal.workspaceId, id), 'Journey');
  if (to === 'active' && current.status === 'active') return current;
  if (to === 'paused' && current.status !== 'active') throw new AppError('journey.status_conflict', 'Only an active journey can be paused');
  if (to === 'active') await checkDefinition(deps, principal.workspaceId, current.definition);
  const updated = found(await deps.store.journeys.setStatus(principal.workspaceId, id, to), 'Journey');
  await audit(deps, principal, to === 'active' ? 'journey.activated' : 'journey.paused', { type: 'journey', id }, { name: updated.name });
  return updated;
}

/** Contacts at each step (active runs), ended runs by status, and messages per send step. */
export async function journeyCounts(deps: Pick<Deps, 'store'>, workspaceId: string, journey: JourneyRecord) {
  const { runs, sentByStep } = await deps.store.journeys.counts(workspaceId, journey.id);
  const activeAt = new Map<string, number>();
  let active = 0; let finished = 0; let exited = 0;
  for (const r of runs) {
    if (r.status === 'active') { active += r.count; if (r.position) activeAt.set(r.position, (activeAt.get(r.position) ?? 0) + r.count); }
    else if (r.status === 'finished') finished += r.count;
    else exited += r.count;
  }
  return {
    steps: journey.definition.steps.map((s) => ({ stepId: s.id, active: activeAt.get(s.id) ?? 0, sent: sentByStep[s.id] ?? 0 })),
    active, finished, exited,
  };
}

/** Makes a recipe's journey (a draft): its templates are created when the workspace has none of their codes, its segment likewise. */
export async function createFromRecipe(deps: JourneyDeps, principal: Principal, input: { recipe: RecipeKey; name?: string | undefined; inactiveDays?: number | undefined; upsellDays?: number | undefined }): Promise<JourneyRecord> {
  requirePermission(principal, 'automations:write');
  const ws = principal.workspaceId;
  const spec = recipe(input.recipe, { ...(input.inactiveDays ? { inactiveDays: input.inactiveDays } : {}), ...(input.upsellDays ? { upsellDays: input.upsellDays } : {}) });
  const existing = await deps.store.templates.list(ws);
  const ids: Record<string, string> = {};
  for (const t of spec.templates) {
    const have = existing.find((e) => e.code === t.code);
    ids[t.code] = have ? have.id
      : (await createTemplate(deps, principal, { code: t.code, message: t.message, category: t.category, whatsappLanguage: 'id', subject: t.subject })).id;
  }
  let segmentId: string | null = null;
  if (spec.segment) {
    const made = await deps.store.segments.create(ws, spec.segment, deps.clock.now());
    segmentId = made === 'duplicate_name'
      ? found((await deps.store.segments.list(ws)).find((s) => s.name.toLowerCase() === spec.segment!.name.toLowerCase()), 'Segment').id
      : made.id;
  }
  return createJourney(deps, principal, { name: input.name ?? spec.name, definition: spec.build({ templates: ids, segmentId }) }, spec.key);
}

/**
 * The lifecycle's listener (`Deps.onStageChanged`): each stage change is the internal event
 * `lifecycle.<stage>`, which a journey may start on, wait for or exit on. Heard twice (a repeated
 * restage), it enters once: the key is the contact, the stage and the instant of the change.
 */
export function stageChangesToJourneys(deps: Pick<Deps, 'store' | 'clock'>): (change: StageChange) => Promise<void> {
  return async (change) => {
    await journeyEvent(deps, {
      workspaceId: change.workspaceId, contactId: change.contactId, type: `lifecycle.${change.to}`, at: change.at,
      key: `lifecycle:${change.contactId}:${change.to}:${change.at.toISOString()}`,
    });
  };
}

/**
 * An event from inside Sapa (e.g. the lifecycle's `onStageChanged` as `lifecycle.<stage>`): enters
 * journeys it triggers, exits runs that exit on it, wakes runs waiting for it — as a stored event
 * would. `key` makes it idempotent per journey (default: type, contact and time).
 */
export async function journeyEvent(
  deps: Pick<Deps, 'store' | 'clock'>,
  input: { workspaceId: string; contactId: string; type: string; data?: Record<string, unknown>; at: Date; key?: string },
): Promise<{ entered: number; exited: number; woken: number }> {
  const key = input.key ?? `${input.type}:${input.contactId}:${input.at.toISOString()}`;
  return deps.store.journeyRunner.onEvents(input.workspaceId, [{ eventId: null, key, contactId: input.contactId, type: input.type, at: input.at }], deps.clock.now());
}
