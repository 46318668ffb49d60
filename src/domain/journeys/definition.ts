/**
 * A journey (issue 10 part 3): entered on an event or on entry into a segment, it moves each
 * contact through steps — send, wait, wait-for-event, branch, random split, exit — until it ends or
 * an exit rule takes the contact out. A step names the step after it by id; `null` ends the run.
 */
import type { ChannelKind } from '../vocabulary.js';

/** What starts a run: an event type (any trigger key, `cart.abandoned`, `lifecycle.<stage>`, a custom type) or entry into a segment. */
export type JourneyTrigger =
  | { readonly kind: 'event'; readonly eventType: string }
  | { readonly kind: 'segment'; readonly segmentId: string };

/** What a branch step asks about the contact when it reaches it. */
export type BranchCondition =
  /** The contact is in the saved segment now. */
  | { readonly kind: 'segment'; readonly segmentId: string }
  /** The contact placed an order since entering the run. */
  | { readonly kind: 'ordered_since_entry' }
  /** The contact has an order not paid yet (an unfinished transaction, placed within the last 30 days). */
  | { readonly kind: 'has_unpaid_order' }
  /**
   * This run's message from an earlier send step reached at least `engagement`: delivered (read or
   * clicked counts too), read, or clicked (a tracked link of it was followed). A step whose message
   * fell back to another channel counts the fallback's engagement.
   */
  | { readonly kind: 'message_engaged'; readonly stepId: string; readonly engagement: Engagement };

/** How far a sent message got with its contact, for `message_engaged`. */
export type Engagement = 'delivered' | 'read' | 'clicked';
export const ENGAGEMENTS = ['delivered', 'read', 'clicked'] as const satisfies readonly Engagement[];

/** A wait: a number of minutes, or until the next time of day (`HH:MM`) in the workspace's zone. */
export type WaitSpec = { readonly minutes: number } | { readonly untilTime: string };

/**
 * One variant of a send step's A/B test: another template and/or other channels (each defaults to
 * the step's), with a relative weight. The step's own template and channels are not a variant by
 * themselves: the first variant is the control A (usually the step's template as it is).
 */
export interface SendVariant {
  readonly templateId?: string | undefined;
  readonly channels?: readonly ChannelKind[] | undefined;
  readonly weight: number;
}

/**
 * A send step's A/B test (app/journey-ab.ts has the rules): the metric, and optionally "test,
 * then the winner": the split lasts for the first `testContacts` contacts to reach the step or
 * until `decideAfterHours` after its first test send, whichever comes first, then the step sends
 * the winner (A without a significant one) to everyone after.
 */
export interface SendAbTest {
  readonly metric: 'conversion' | 'read' | 'click';
  readonly testContacts: number | null;
  readonly decideAfterHours: number | null;
  readonly allowMultipleChanges: boolean;
}

export type JourneyStep =
  | {
    readonly id: string; readonly kind: 'send'; readonly templateId: string; readonly channels: readonly ChannelKind[]; readonly next: string | null;
    /** 2–4 variants (keys A–D by position), or absent for a plain send. */
    readonly variants?: readonly SendVariant[] | null | undefined;
    readonly abTest?: SendAbTest | null | undefined;
  }
  | { readonly id: string; readonly kind: 'wait'; readonly wait: WaitSpec; readonly next: string | null }
  | {
    readonly id: string; readonly kind: 'wait_for_event'; readonly eventTypes: readonly string[]; readonly timeoutMinutes: number;
    /** Where the run goes when one of eventTypes arrives in time, and when the timeout passes first. */
    readonly onEvent: string | null; readonly onTimeout: string | null;
  }
  | { readonly id: string; readonly kind: 'branch'; readonly condition: BranchCondition; readonly yes: string | null; readonly no: string | null }
  | { readonly id: string; readonly kind: 'split'; readonly branches: readonly { readonly weight: number; readonly next: string | null }[] }
  | { readonly id: string; readonly kind: 'exit' };

export type JourneyStepKind = JourneyStep['kind'];
export const JOURNEY_STEP_KINDS = ['send', 'wait', 'wait_for_event', 'branch', 'split', 'exit'] as const satisfies readonly JourneyStepKind[];

/** Rules that take a contact out of a run whatever step it is at. */
export interface ExitRules {
  /** Leave when an event of one of these types arrives for the contact (e.g. `order.created`, `cart.recovered`). */
  readonly eventTypes: readonly string[];
  /** Leave at a send step when the contact has opted out of every channel of that step. */
  readonly onOptOut: boolean;
}

export interface JourneyDefinition {
  readonly trigger: JourneyTrigger;
  /** The first step is the one the run starts at. */
  readonly steps: readonly JourneyStep[];
  readonly exit: ExitRules;
  /**
   * False: a contact is in at most one active run of the journey (a new trigger while it runs is
   * ignored; after it ends the contact may enter again). True: every trigger starts a run.
   * A segment-triggered journey enters a contact once unless re-entry is allowed, and then again only
   * after the previous run has ended.
   */
  readonly allowReentry: boolean;
}

/** The ids a step may go to next, in order (yes before no, onEvent before onTimeout). */
export function successors(step: JourneyStep): (string | null)[] {
  switch (step.kind) {
    case 'send':
    case 'wait':
      return [step.next];
    case 'wait_for_event':
      return [step.onEvent, step.onTimeout];
    case 'branch':
      return [step.yes, step.no];
    case 'split':
      return step.branches.map((b) => b.next);
    case 'exit':
      return [];
  }
}

/** Event types that matter to a journey's runs at intake: its trigger, its exit rules and its wait-for-event steps. */
export function journeyEventTypes(def: JourneyDefinition): { trigger: string | null; exits: string[]; awaited: string[] } {
  return {
    trigger: def.trigger.kind === 'event' ? def.trigger.eventType : null,
    exits: [...def.exit.eventTypes],
    awaited: [...new Set(def.steps.flatMap((s) => (s.kind === 'wait_for_event' ? s.eventTypes : [])))],
  };
}
