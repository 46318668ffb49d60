/** The journeys' ports: the journeys themselves, and the runner's units (entry, moves, segment sweeps). */
import type { Engagement, JourneyDefinition, RunStatus } from '../domain/journeys/index.js';
import type { ChannelKind } from '../domain/vocabulary.js';
import type { NewMessage, TemplateRecord } from './records.js';

export type JourneyStatus = 'draft' | 'active' | 'paused';

export interface JourneyFields { name: string; definition: JourneyDefinition; recipe: string | null }
export interface JourneyRecord extends JourneyFields { id: string; workspaceId: string; status: JourneyStatus; createdAt: Date; updatedAt: Date }

/** A journey message in a send step's A/B test (one per intent: a fallback stands for what it replaced). */
export interface JourneyVariantMessage {
  id: string; stepId: string; contactId: string; variant: string; status: string;
  /** When it reached the channel; null otherwise. */
  sentAt: Date | null; readAt: Date | null; clickedAt: Date | null; createdAt: Date;
}

/** A send step's recorded A/B decision. */
export interface JourneyAbDecision { stepId: string; winner: string; verdict: string; pValue: number | null; decidedAt: Date }

/** A send step of an active journey whose test-then-winner is not decided yet, with its test so far. */
export interface UndecidedStep { journeyId: string; workspaceId: string; stepId: string; definition: JourneyDefinition; testSent: number; firstSentAt: Date | null }

/** Runs of one journey by where they are: active ones at their step, ended ones by status. */
export interface StepCount { position: string | null; status: RunStatus; count: number }

export interface JourneyRepo {
  list(workspaceId: string): Promise<JourneyRecord[]>;
  get(workspaceId: string, id: string): Promise<JourneyRecord | null>;
  create(workspaceId: string, fields: JourneyFields, status: JourneyStatus): Promise<JourneyRecord>;
  update(workspaceId: string, id: string, fields: JourneyFields): Promise<JourneyRecord | null>;
  setStatus(workspaceId: string, id: string, status: JourneyStatus): Promise<JourneyRecord | null>;
  delete(workspaceId: string, id: string): Promise<boolean>;
  /** Runs per journey of the workspace by status. */
  totals(workspaceId: string): Promise<Map<string, Record<RunStatus, number>>>;
  /** Counts of runs per (status, position); messages sent per step. */
  counts(workspaceId: string, id: string): Promise<{ runs: StepCount[]; sentByStep: Record<string, number> }>;
  /** The journey's messages that carry an A/B variant. */
  variantMessages(workspaceId: string, id: string): Promise<JourneyVariantMessage[]>;
  abDecisions(workspaceId: string, id: string): Promise<JourneyAbDecision[]>;
}

/** An event that may enter, exit or wake runs: stored by intake (eventId) or internal (lifecycle.*, eventId null). */
export interface JourneyEvent {
  eventId: string | null;
  /** Makes entry idempotent per journey: the event's id, or the caller's key for an internal event. */
  key: string;
  contactId: string;
  type: string;
  at: Date;
}

/** A due run as claimed, with everything its move needs. */
export interface ClaimedRun {
  id: string;
  workspaceId: string;
  journeyId: string;
  contactId: string;
  eventId: string | null;
  position: string;
  phase: 'arrive' | 'waiting';
  seq: number;
  enteredAt: Date;
  eventArrived: boolean;
  definition: JourneyDefinition;
  timeZone: string;
}

/** The facts and data a batch's moves read, all looked up set-wise in the claim's transaction. */
export interface RunBatchData {
  contacts: Map<string, {
    name: string; phone: string | null; email: string | null; emailBounced: boolean; optedOut: Set<ChannelKind>;
    hasUnpaidOrder: boolean; lastOrderAt: Date | null; inSegments: Set<string>;
  }>;
  /** The triggering events' payloads (contact, order, user) by event id. */
  events: Map<string, { type: string; payload: Record<string, unknown> }>;
  templates: Map<string, TemplateRecord>;
  /** Decided A/B winners: journey id → send step id → variant key. */
  abWinners: Map<string, Map<string, string>>;
  /**
   * For runs whose journey branches on engagement: run id → send step id → how far that run's
   * messages from the step got (fallbacks included). Read in one statement for the batch.
   */
  engagement: Map<string, Map<string, Set<Engagement>>>;
}

/** What one move writes: the run's new state and the messages its sends made. */
export interface RunUpdate {
  id: string;
  status: RunStatus;
  position: string | null;
  phase: 'arrive' | 'waiting';
  seq: number;
  dueAt: Date | null;
  awaiting: readonly string[];
  endReason: string | null;
}

export interface JourneyRunnerStore {
  /**
   * One batch in one transaction: claims up to `limit` due runs of active journeys (SKIP LOCKED,
   * oldest due first), looks up their data, lets `decide` move them, and writes the moves, the
   * messages (unique per `jr:<run>:<seq>`) and their delivery jobs. Returns how many it claimed.
   */
  advance(limit: number, now: Date, decide: (runs: readonly ClaimedRun[], data: RunBatchData) => { updates: RunUpdate[]; messages: (NewMessage & { journeyId: string; journeyStepId: string; variant: string | null })[] }): Promise<number>;
  /** Exits, wakes and enters runs for events (in the caller's transaction when it is intake's). */
  onEvents(workspaceId: string, events: readonly JourneyEvent[], now: Date): Promise<{ entered: number; exited: number; woken: number }>;
  /** Send steps of active journeys with a test-then-winner and no decision yet (at most `limit` journeys). */
  abUndecided(limit: number): Promise<UndecidedStep[]>;
  /** Records a step's decision once; false when one was already recorded (another worker's). */
  abDecide(step: { journeyId: string; workspaceId: string; stepId: string }, decision: Omit<JourneyAbDecision, 'stepId'>): Promise<boolean>;
  /** Enters contacts that match the segment of an active segment-triggered journey, at most `limit` per journey per call. */
  sweepSegments(now: Date, limit: number): Promise<number>;
}
