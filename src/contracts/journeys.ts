/**
 * Journeys over the API (issue 10 part 3). The shape is checked here; what it means (references,
 * loops, variables, bounds) by domain/journeys/validate.ts, whose codes come back as the items of a
 * 422 `journey.invalid`, each naming its step (`field` = `steps.<stepId>.<field>`).
 */
import { z } from 'zod';
import { ENGAGEMENTS, JOURNEY_STEP_KINDS } from '../domain/journeys/definition.js';
import { RECIPE_KEYS } from '../domain/journeys/recipes.js';
import { RUN_STATUSES } from '../domain/journeys/machine.js';
import { AutomationChannel } from './automations.js';
import { AbMetric, AbResults } from './broadcasts.js';
import { text } from './common.js';

const stepId = text().max(40);
const next = stepId.nullable();
const eventType = text().max(200);

const Trigger = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('event'), eventType }),
  z.object({ kind: z.literal('segment'), segmentId: z.uuid() }),
]);

const Condition = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('segment'), segmentId: z.uuid() }),
  z.object({ kind: z.literal('ordered_since_entry') }),
  z.object({ kind: z.literal('has_unpaid_order') }),
  /** This run's message from an earlier send step (`stepId`) reached at least `engagement` (read implies delivered; clicked: a tracked link followed). */
  z.object({ kind: z.literal('message_engaged'), stepId, engagement: z.enum(ENGAGEMENTS) }),
]);

/** A send step's variant: another template and/or channels (each defaults to the step's), a weight (1–100, relative). */
const SendVariant = z.object({ templateId: z.uuid().optional(), channels: z.array(AutomationChannel).max(5).optional(), weight: z.number() }).strict();
/**
 * A send step's test: its metric, and optionally test then winner — the first `testContacts`
 * contacts reaching the step, or until `decideAfterHours` after its first test send, whichever
 * comes first; then everyone gets the winner (A when none is significant). app/journey-ab.ts.
 */
const SendAbTest = z.object({
  metric: AbMetric.default('conversion'),
  testContacts: z.number().nullable().default(null),
  decideAfterHours: z.number().nullable().default(null),
  allowMultipleChanges: z.boolean().default(false),
}).strict();

export const JourneyStep = z.discriminatedUnion('kind', [
  z.object({
    id: stepId, kind: z.literal('send'), templateId: z.uuid(), channels: z.array(AutomationChannel).max(5), next,
    /** 2–4 variants, the first the control A (validated by domain/journeys/validate.ts). */
    variants: z.array(SendVariant).max(10).nullish(),
    abTest: SendAbTest.nullish(),
  }),
  z.object({ id: stepId, kind: z.literal('wait'), wait: z.union([z.object({ minutes: z.number() }).strict(), z.object({ untilTime: text().max(5) }).strict()]), next }),
  z.object({ id: stepId, kind: z.literal('wait_for_event'), eventTypes: z.array(eventType).max(50), timeoutMinutes: z.number(), onEvent: next, onTimeout: next }),
  z.object({ id: stepId, kind: z.literal('branch'), condition: Condition, yes: next, no: next }),
  z.object({ id: stepId, kind: z.literal('split'), branches: z.array(z.object({ weight: z.number(), next })).max(10) }),
  z.object({ id: stepId, kind: z.literal('exit') }),
]);

export const JourneyDefinition = z.object({
  trigger: Trigger,
  steps: z.array(JourneyStep).max(200),
  exit: z.object({ eventTypes: z.array(eventType).max(50), onOptOut: z.boolean() }),
  allowReentry: z.boolean(),
});

export const JourneyInput = z.object({ name: text().trim().min(1).max(200), definition: JourneyDefinition });
export type JourneyInput = z.infer<typeof JourneyInput>;

export const JourneyStatus = z.enum(['draft', 'active', 'paused']);

export const Journey = z.object({
  id: z.uuid(),
  name: z.string(),
  status: JourneyStatus,
  recipe: z.string().nullable(),
  definition: JourneyDefinition,
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Journey = z.infer<typeof Journey>;

export const JourneyList = z.object({
  items: z.array(Journey.extend({ active: z.number().int(), finished: z.number().int(), exited: z.number().int() })),
});

/** A journey with where its contacts are: active runs per step, ended runs by status, messages per send step. */
export const JourneyDetail = Journey.extend({
  counts: z.object({
    steps: z.array(z.object({ stepId: z.string(), active: z.number().int(), sent: z.number().int() })),
    active: z.number().int(),
    finished: z.number().int(),
    exited: z.number().int(),
  }),
});
export type JourneyDetail = z.infer<typeof JourneyDetail>;

/** GET /api/v1/journeys/:id/ab-results: each A/B send step's test (the broadcasts' figures, app/journey-ab.ts). */
export const JourneyAbResults = z.object({
  journeyId: z.uuid(),
  attributionWindowHours: z.number().int(),
  currency: z.literal('IDR'),
  steps: z.array(z.object({
    stepId: z.string(),
    metric: AbMetric,
    testContacts: z.number().nullable(),
    decideAfterHours: z.number().nullable(),
    variants: z.array(AbResults.shape.variants.element.extend({ channels: z.array(AutomationChannel) })),
    test: AbResults.shape.test,
    verdict: AbResults.shape.verdict,
    winner: z.string().nullable(),
    /** single: a plain split; testing: test then winner, not decided; decided: the step sends `sentToRest`. */
    phase: z.enum(['single', 'testing', 'decided']),
    firstSentAt: z.string().nullable(),
    /** The latest the test is decided (first test send + decideAfterHours), when it has that rule. */
    decideBy: z.string().nullable(),
    decidedAt: z.string().nullable(),
    sentToRest: z.string().nullable(),
    /** Messages that got the winner after the decision (not in the figures above). */
    sentToWinner: z.number().int(),
  })),
});
export type JourneyAbResults = z.infer<typeof JourneyAbResults>;

export const RecipeKey = z.enum(RECIPE_KEYS);
export const JourneyRecipe = z.object({
  key: RecipeKey,
  name: z.string(),
  description: z.string(),
  templates: z.array(z.object({ code: z.string(), message: z.string() })),
  trigger: z.string(),
});
export const JourneyRecipeList = z.object({ items: z.array(JourneyRecipe) });
export const RecipeInput = z.object({
  recipe: RecipeKey,
  name: text().trim().min(1).max(200).optional(),
  inactiveDays: z.number().int().min(7).max(3650).optional(),
  upsellDays: z.number().int().min(1).max(90).optional(),
});
export type RecipeInput = z.infer<typeof RecipeInput>;

/** An internal event (lifecycle.<stage>, …) for journeys. */
export const JourneyStepKind = z.enum(JOURNEY_STEP_KINDS);
export const RunStatus = z.enum(RUN_STATUSES);
