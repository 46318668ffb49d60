/**
 * The step machine: given where a run is, the clock and the facts about its contact, what happens
 * next — the messages to send and where the run rests (and until when). Pure: the runner stores
 * the result and the sends in one transaction, so a run moves exactly once per due time.
 *
 * A run rests only at a wait or a wait-for-event step (phase `waiting`, due at the wait's end) or
 * ends. Send, branch and split steps are passed through in the same move; validation guarantees
 * every loop passes a wait, and MAX_STEPS_PER_MOVE guards a definition that was not validated.
 */
import { assignmentPoint } from '../insights/ab-test.js';
import { minutesOfDay } from '../quiet-hours.js';
import type { ChannelKind } from '../vocabulary.js';
import type { BranchCondition, Engagement, JourneyDefinition, JourneyStep, WaitSpec } from './definition.js';
import { resolveSend } from './send-variants.js';

export type RunStatus = 'active' | 'finished' | 'exited';
export const RUN_STATUSES = ['active', 'finished', 'exited'] as const satisfies readonly RunStatus[];

/** Why a run left early (exited) or how it ended (finished). */
export type RunEnd = 'completed' | 'exit_step' | 'opted_out' | 'event' | 'journey_deleted' | 'invalid_step' | 'manual';

/** A run where it rests. `arrive`: it is to enter `position` (a new run, or moved by an event); `waiting`: it sits at a wait there. */
export interface RunPosition {
  readonly runId: string;
  readonly journeyId: string;
  readonly contactId: string;
  readonly position: string;
  readonly phase: 'arrive' | 'waiting';
  /** Moves made so far: a send's idempotency key carries it, so a step reached twice (a loop) sends twice, a retried move once. */
  readonly seq: number;
  readonly enteredAt: Date;
}

/** What the runner looked up about the contact for this move. */
export interface RunFacts {
  /** Channels the contact has opted out of. */
  readonly optedOut: ReadonlySet<ChannelKind>;
  /** Segments (of those the journey's branches name) the contact is in now. */
  readonly inSegments: ReadonlySet<string>;
  readonly orderedSinceEntry: boolean;
  readonly hasUnpaidOrder: boolean;
  /** At a wait-for-event step: one of its events arrived (intake marked the run). */
  readonly eventArrived: boolean;
  /** The journey's decided A/B winners by send step (absent: none decided). */
  readonly abWinners?: ReadonlyMap<string, string> | undefined;
  /** How far this run's messages got, by send step (absent or no entry: none sent, or none got anywhere). */
  readonly engaged?: ReadonlyMap<string, ReadonlySet<Engagement>> | undefined;
}

export interface PlannedSend {
  readonly stepId: string; readonly seq: number; readonly templateId: string; readonly channels: readonly ChannelKind[];
  /** The A/B variant (A–D) the contact got at this step, null without a test. */
  readonly variant: string | null;
}

export type MoveResult =
  | { readonly status: 'active'; readonly position: string; readonly phase: 'waiting'; readonly dueAt: Date; readonly awaiting: readonly string[]; readonly seq: number; readonly sends: readonly PlannedSend[] }
  | { readonly status: 'finished' | 'exited'; readonly end: RunEnd; readonly position: string | null; readonly seq: number; readonly sends: readonly PlannedSend[] };

export const MAX_STEPS_PER_MOVE = 100;

/** Moves a due run: from its position through every step that does not wait, to the next wait or the end. */
export function moveRun(def: JourneyDefinition, run: RunPosition, facts: RunFacts, now: Date, timeZone: string): MoveResult {
  const byId = new Map(def.steps.map((s) => [s.id, s]));
  const sends: PlannedSend[] = [];
  let seq = run.seq;
  let current: string | null = run.position;
  let phase = run.phase;
  const end = (status: 'finished' | 'exited', why: RunEnd, at: string | null): MoveResult => ({ status, end: why, position: at, seq, sends });

  for (let n = 0; n < MAX_STEPS_PER_MOVE; n++) {
    if (current === null) return end('finished', 'completed', null);
    const step: JourneyStep | undefined = byId.get(current);
    // A step removed by an edit while runs rested on it: the run ends rather than guess.
    if (!step) return end('exited', 'invalid_step', current);
    if (phase === 'waiting') {
      phase = 'arrive';
      if (step.kind === 'wait') { current = step.next; seq++; continue; }
      if (step.kind === 'wait_for_event') { current = facts.eventArrived ? step.onEvent : step.onTimeout; seq++; continue; }
      // Resting at a step that is no longer a wait (edited): go on as if arriving there.
    }
    switch (step.kind) {
      case 'send': {
        // With an A/B test, the channels are those of the contact's variant.
        const chosen = resolveSend(step, run.journeyId, run.contactId, facts.abWinners?.get(step.id) ?? null);
        if (def.exit.onOptOut && chosen.channels.every((c) => facts.optedOut.has(c))) return end('exited', 'opted_out', step.id);
        seq++;
        sends.push({ stepId: step.id, seq, templateId: chosen.templateId, channels: chosen.channels, variant: chosen.variant });
        current = step.next;
        continue;
      }
      case 'wait':
        return { status: 'active', position: step.id, phase: 'waiting', dueAt: waitEnd(step.wait, now, timeZone), awaiting: [], seq, sends };
      case 'wait_for_event':
        return { status: 'active', position: step.id, phase: 'waiting', dueAt: new Date(now.getTime() + step.timeoutMinutes * 60_000), awaiting: step.eventTypes, seq, sends };
      case 'branch':
        current = holds(step.condition, facts) ? step.yes : step.no;
        seq++;
        continue;
      case 'split':
        current = pickBranch(step.branches, assignmentPoint(`${run.journeyId}:${step.id}`, run.contactId));
        seq++;
        continue;
      case 'exit':
        return end('finished', 'exit_step', step.id);
    }
  }
  return end('exited', 'invalid_step', current);
}

function holds(c: BranchCondition, facts: RunFacts): boolean {
  switch (c.kind) {
    case 'segment': return facts.inSegments.has(c.segmentId);
    case 'ordered_since_entry': return facts.orderedSinceEntry;
    case 'has_unpaid_order': return facts.hasUnpaidOrder;
    case 'message_engaged': return facts.engaged?.get(c.stepId)?.has(c.engagement) ?? false;
  }
}

/** The path a point u ∈ [0, 1) falls on, the paths laid end to end by weight (deterministic per contact and step). */
export function pickBranch(branches: readonly { readonly weight: number; readonly next: string | null }[], u: number): string | null {
  const total = branches.reduce((s, b) => s + b.weight, 0);
  let acc = 0;
  for (const b of branches) {
    acc += b.weight / total;
    if (u < acc) return b.next;
  }
  return branches[branches.length - 1]?.next ?? null;
}

/** When a wait started at `now` ends: after its minutes, or at the next `HH:MM` (strictly later) in the zone. */
export function waitEnd(wait: WaitSpec, now: Date, timeZone: string): Date {
  if ('minutes' in wait) return new Date(now.getTime() + wait.minutes * 60_000);
  const target = minutesOfDay(wait.untilTime) ?? 0;
  const local = localClock(now, timeZone);
  let ms = ((target - local.minutes + 1440) % 1440) * 60_000 - local.seconds * 1000 - now.getUTCMilliseconds();
  if (ms <= 0) ms += 1440 * 60_000;
  return new Date(now.getTime() + ms);
}

function localClock(at: Date, timeZone: string): { minutes: number; seconds: number } {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }).formatToParts(at);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return { minutes: get('hour') * 60 + get('minute'), seconds: get('second') };
}

/**
 * What a message's recorded times say it reached: read implies delivered (a read status may come
 * without a delivered one), a click implies delivered but not read (an email's link can be followed
 * with its images, hence its open pixel, blocked).
 */
export function engagementOf(m: { readonly delivered: boolean; readonly read: boolean; readonly clicked: boolean }): Set<Engagement> {
  const out = new Set<Engagement>();
  if (m.delivered || m.read || m.clicked) out.add('delivered');
  if (m.read) out.add('read');
  if (m.clicked) out.add('clicked');
  return out;
}

/** The send steps a journey's branches ask about engagement with (the runner reads their messages only then). */
export function engagementSteps(def: JourneyDefinition): string[] {
  return [...new Set(def.steps.flatMap((s) => (s.kind === 'branch' && s.condition.kind === 'message_engaged' ? [s.condition.stepId] : [])))];
}

/** The segments a journey's branches ask about (the runner looks up only these). */
export function branchSegments(def: JourneyDefinition): string[] {
  return [...new Set(def.steps.flatMap((s) => (s.kind === 'branch' && s.condition.kind === 'segment' ? [s.condition.segmentId] : [])))];
}
