/**
 * Checks a journey before it is saved: every problem at once, each with a code the API and the
 * editor share and the step it belongs to. A journey that passes can be run by the step machine
 * without surprises: every reference resolves, every loop waits, every template can be rendered
 * from what the trigger provides.
 */
import { minutesOfDay } from '../quiet-hours.js';
import { ENGAGEMENTS, successors, type JourneyDefinition, type JourneyStep } from './definition.js';
import { SEND_AB_LIMITS, variantContent } from './send-variants.js';
import { journeyVariables } from './variables.js';

export type JourneyErrorCode =
  | 'journey.no_steps'
  | 'journey.too_many_steps'
  | 'journey.duplicate_step'
  | 'journey.step_id_invalid'
  | 'journey.unknown_step'
  | 'journey.unreachable_step'
  | 'journey.cycle_without_wait'
  | 'journey.event_type_invalid'
  | 'journey.segment_not_found'
  | 'journey.template_not_found'
  | 'journey.variable_not_available'
  | 'journey.channels_invalid'
  | 'journey.wait_invalid'
  | 'journey.timeout_invalid'
  | 'journey.split_invalid'
  | 'journey.variants_invalid'
  | 'journey.engagement_step_invalid'
  | 'journey.engagement_step_not_before'
  | 'journey.engagement_invalid'
  | 'ab_test.category_mismatch';

export interface JourneyError {
  readonly code: JourneyErrorCode;
  /** The step at fault, or null for the journey as a whole (trigger, exit rules). */
  readonly stepId: string | null;
  /** Where in the step: `next`, `templateId`, `branches.1.weight`, `trigger.eventType`… */
  readonly field: string;
  readonly message: string;
}

/** What validation needs to know of the workspace: its templates' variables and its segments. */
export interface JourneyContext {
  readonly templates: ReadonlyMap<string, { readonly code: string; readonly variables: readonly string[]; readonly category?: string | undefined }>;
  readonly segmentIds: ReadonlySet<string>;
}

export const JOURNEY_LIMITS = { steps: 50, splitBranches: 4, waitMinutes: 60 * 24 * 365, eventTypes: 20 } as const;

const STEP_ID = /^[A-Za-z0-9_-]{1,40}$/;
/** `order.created`, `cart.abandoned`, `lifecycle.at_risk`, a shop's own `quiz.finished`. */
export const EVENT_TYPE = /^[a-z][a-z0-9_]{0,39}(\.[a-z0-9_]{1,40}){0,3}$/;

/** Every problem of the journey; empty when it may be saved and run. */
export function validateJourney(def: JourneyDefinition, ctx: JourneyContext): JourneyError[] {
  const errors: JourneyError[] = [];
  const err = (code: JourneyErrorCode, stepId: string | null, field: string, message: string) => errors.push({ code, stepId, field, message });

  if (def.trigger.kind === 'event' && !EVENT_TYPE.test(def.trigger.eventType)) err('journey.event_type_invalid', null, 'trigger.eventType', 'The trigger must be an event type like cart.abandoned');
  if (def.trigger.kind === 'segment' && !ctx.segmentIds.has(def.trigger.segmentId)) err('journey.segment_not_found', null, 'trigger.segmentId', 'The segment does not exist');
  def.exit.eventTypes.forEach((t, i) => { if (!EVENT_TYPE.test(t)) err('journey.event_type_invalid', null, `exit.eventTypes.${i}`, `"${t}" is not an event type`); });

  if (def.steps.length === 0) {
    err('journey.no_steps', null, 'steps', 'A journey needs at least one step');
    return errors;
  }
  if (def.steps.length > JOURNEY_LIMITS.steps) err('journey.too_many_steps', null, 'steps', `At most ${JOURNEY_LIMITS.steps} steps`);

  const byId = new Map<string, JourneyStep>();
  for (const s of def.steps) {
    if (!STEP_ID.test(s.id)) err('journey.step_id_invalid', s.id, 'id', 'A step id is 1–40 letters, digits, - or _');
    if (byId.has(s.id)) err('journey.duplicate_step', s.id, 'id', `Two steps are called "${s.id}"`);
    else byId.set(s.id, s);
  }
  const available = journeyVariables(def);
  for (const s of def.steps) checkStep(s, byId, ctx, available, err);
  if (errors.some((e) => e.code === 'journey.unknown_step' || e.code === 'journey.duplicate_step')) return errors;

  // Reachability from the first step.
  const reached = new Set<string>();
  const stack = [def.steps[0]!.id];
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (reached.has(id)) continue;
    reached.add(id);
    for (const n of successors(byId.get(id)!)) if (n !== null) stack.push(n);
  }
  for (const s of def.steps) if (!reached.has(s.id)) err('journey.unreachable_step', s.id, 'id', 'No step leads here');
  checkEngagementOrder(def, byId, err);

  // A loop must pass a wait (or a wait-for-event), or one run would spin (and send) without end in one tick.
  const cycle = cycleWithoutWait(def.steps, byId);
  if (cycle) err('journey.cycle_without_wait', cycle[0]!, 'next', `Steps ${cycle.join(' → ')} loop without a wait`);
  return errors;
}

type Report = (code: JourneyErrorCode, stepId: string | null, field: string, message: string) => void;

function checkStep(s: JourneyStep, byId: ReadonlyMap<string, JourneyStep>, ctx: JourneyContext, available: readonly string[], err: Report): void {
  const ref = (target: string | null, field: string) => {
    if (target !== null && !byId.has(target)) err('journey.unknown_step', s.id, field, `There is no step "${target}"`);
  };
  switch (s.kind) {
    case 'send': {
      ref(s.next, 'next');
      const checkTemplate = (id: string, field: string) => {
        const t = ctx.templates.get(id);
        if (!t) err('journey.template_not_found', s.id, field, 'The template does not exist');
        else {
          const missing = t.variables.filter((v) => !available.includes(v));
          if (missing.length > 0) err('journey.variable_not_available', s.id, field, `Template "${t.code}" uses ${missing.map((v) => `{${v}}`).join(', ')}, which this journey's trigger does not provide`);
        }
      };
      const checkChannels = (channels: readonly string[], field: string) => {
        if (channels.length === 0 || new Set(channels).size !== channels.length) err('journey.channels_invalid', s.id, field, 'Pick one or more channels, each once');
      };
      checkTemplate(s.templateId, 'templateId');
      checkChannels(s.channels, 'channels');
      checkSendTest(s, ctx, checkTemplate, checkChannels, err);
      return;
    }
    case 'wait': {
      ref(s.next, 'next');
      if ('minutes' in s.wait) {
        if (!Number.isInteger(s.wait.minutes) || s.wait.minutes < 1 || s.wait.minutes > JOURNEY_LIMITS.waitMinutes) err('journey.wait_invalid', s.id, 'wait.minutes', 'A wait is 1 minute to 365 days');
      } else if (minutesOfDay(s.wait.untilTime) === null) err('journey.wait_invalid', s.id, 'wait.untilTime', 'A time of day is HH:MM');
      return;
    }
    case 'wait_for_event':
      ref(s.onEvent, 'onEvent');
      ref(s.onTimeout, 'onTimeout');
      if (s.eventTypes.length === 0 || s.eventTypes.length > JOURNEY_LIMITS.eventTypes) err('journey.event_type_invalid', s.id, 'eventTypes', 'Name 1–20 event types to wait for');
      s.eventTypes.forEach((t, i) => { if (!EVENT_TYPE.test(t)) err('journey.event_type_invalid', s.id, `eventTypes.${i}`, `"${t}" is not an event type`); });
      if (!Number.isInteger(s.timeoutMinutes) || s.timeoutMinutes < 1 || s.timeoutMinutes > JOURNEY_LIMITS.waitMinutes) err('journey.timeout_invalid', s.id, 'timeoutMinutes', 'A timeout is 1 minute to 365 days');
      return;
    case 'branch':
      ref(s.yes, 'yes');
      ref(s.no, 'no');
      if (s.condition.kind === 'segment' && !ctx.segmentIds.has(s.condition.segmentId)) err('journey.segment_not_found', s.id, 'condition.segmentId', 'The segment does not exist');
      if (s.condition.kind === 'message_engaged') {
        if (byId.get(s.condition.stepId)?.kind !== 'send') err('journey.engagement_step_invalid', s.id, 'condition.stepId', 'Pick a send step of this journey');
        if (!(ENGAGEMENTS as readonly string[]).includes(s.condition.engagement)) err('journey.engagement_invalid', s.id, 'condition.engagement', 'Engagement is delivered, read or clicked');
      }
      return;
    case 'split':
      s.branches.forEach((b, i) => ref(b.next, `branches.${i}.next`));
      if (s.branches.length < 2 || s.branches.length > JOURNEY_LIMITS.splitBranches) err('journey.split_invalid', s.id, 'branches', 'A split has 2–4 paths');
      s.branches.forEach((b, i) => {
        if (!Number.isInteger(b.weight) || b.weight < 1 || b.weight > 100) err('journey.split_invalid', s.id, `branches.${i}.weight`, 'A weight is a whole number from 1 to 100');
      });
      return;
    case 'exit':
      return;
  }
}

/**
 * A send step's A/B test: 2–4 variants with whole weights 1–100, each template known, usable and of
 * the step template's category (the category decides quiet hours, consent and price, so variants
 * of different categories would not be sent under the same rules); the test's bounds. The
 * one-change rule needs the templates' texts and is the app's (app/journeys.ts).
 */
function checkSendTest(s: Extract<JourneyStep, { kind: 'send' }>, ctx: JourneyContext, checkTemplate: (id: string, field: string) => void,
  checkChannels: (channels: readonly string[], field: string) => void, err: Report): void {
  const variants = s.variants ?? null;
  if (variants === null) {
    if (s.abTest) err('journey.variants_invalid', s.id, 'variants', 'An A/B test needs 2–4 variants');
    return;
  }
  if (variants.length < SEND_AB_LIMITS.minVariants || variants.length > SEND_AB_LIMITS.maxVariants) {
    err('journey.variants_invalid', s.id, 'variants', 'An A/B test has 2–4 variants');
    return;
  }
  const category = ctx.templates.get(s.templateId)?.category;
  variants.forEach((v, i) => {
    if (!Number.isInteger(v.weight) || v.weight < 1 || v.weight > SEND_AB_LIMITS.maxWeight) err('journey.variants_invalid', s.id, `variants.${i}.weight`, 'A weight is a whole number from 1 to 100');
    const content = variantContent(s, v);
    if (v.templateId !== undefined) checkTemplate(v.templateId, `variants.${i}.templateId`);
    if (v.channels !== undefined) checkChannels(v.channels, `variants.${i}.channels`);
    const t = ctx.templates.get(content.templateId);
    if (t && category !== undefined && t.category !== undefined && t.category !== category) {
      err('ab_test.category_mismatch', s.id, `variants.${i}.templateId`, `Template "${t.code}" is ${t.category}, the step's is ${category}: every variant must be of the same category`);
    }
  });
  const ab = s.abTest;
  if (!ab) return;
  if (ab.testContacts !== null && (!Number.isInteger(ab.testContacts) || ab.testContacts < 2 || ab.testContacts > SEND_AB_LIMITS.maxTestContacts)) {
    err('journey.variants_invalid', s.id, 'abTest.testContacts', 'Test on 2 to 1,000,000 contacts');
  }
  if (ab.decideAfterHours !== null && (!Number.isInteger(ab.decideAfterHours) || ab.decideAfterHours < 1 || ab.decideAfterHours > SEND_AB_LIMITS.maxDecideAfterHours)) {
    err('journey.variants_invalid', s.id, 'abTest.decideAfterHours', 'Decide after 1 to 720 hours');
  }
}

/**
 * A branch on engagement asks about a message the run has already sent: its send step must come
 * before the branch on every path from the first step (it dominates the branch). Otherwise a run
 * could reach the branch without that message, and the answer "not read" would mean "never sent".
 * Checked on reachable steps, once every reference resolves.
 */
function checkEngagementOrder(def: JourneyDefinition, byId: ReadonlyMap<string, JourneyStep>, err: Report): void {
  for (const branch of def.steps) {
    if (branch.kind !== 'branch' || branch.condition.kind !== 'message_engaged') continue;
    const sendId = branch.condition.stepId;
    if (byId.get(sendId)?.kind !== 'send') continue; // already reported
    // Walk from the first step without passing the send: if the branch is reached, some path skips it.
    const seen = new Set<string>();
    const stack = [def.steps[0]!.id];
    let skipped = false;
    while (stack.length > 0 && !skipped) {
      const id = stack.pop()!;
      if (id === sendId || seen.has(id)) continue;
      seen.add(id);
      if (id === branch.id) { skipped = true; break; }
      for (const n of successors(byId.get(id)!)) if (n !== null) stack.push(n);
    }
    if (skipped) err('journey.engagement_step_not_before', branch.id, 'condition.stepId', `Step "${sendId}" does not come before this branch on every path`);
  }
}

/** A loop among steps that do not wait (send, branch, split), as the ids along it, or null. */
function cycleWithoutWait(steps: readonly JourneyStep[], byId: ReadonlyMap<string, JourneyStep>): string[] | null {
  const waits = (s: JourneyStep) => s.kind === 'wait' || s.kind === 'wait_for_event';
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const visit = (id: string): string[] | null => {
    const mark = state.get(id);
    if (mark === 'done') return null;
    if (mark === 'open') return path.slice(path.indexOf(id));
    const step = byId.get(id)!;
    if (waits(step)) { state.set(id, 'done'); return null; }
    state.set(id, 'open');
    path.push(id);
    for (const n of successors(step)) {
      if (n === null) continue;
      const found = visit(n);
      if (found) return found;
    }
    path.pop();
    state.set(id, 'done');
    return null;
  };
  for (const s of steps) {
    const found = visit(s.id);
    if (found) return found;
  }
  return null;
}
