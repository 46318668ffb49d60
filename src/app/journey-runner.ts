/**
 * The journeys' worker loop: each tick moves due runs a bounded batch (one transaction) at a time
 * until none is due, and now and then enters contacts that newly match the segments of
 * segment-triggered journeys. Any number of processes may run it (the claim skips locked runs).
 *
 * A send step's message is rendered when the run reaches it, from the trigger event's values
 * (the trigger table's variables for a trigger key; the cart's products for a cart event; the
 * contact's name otherwise) and the contact
 * as it is now; it goes on the first of the step's channels the contact can be reached on, the
 * others rendered as fallbacks — the automations' rules (plan-message.ts).
 */
import {
  chooseChannel, compileTemplate, emptyContent, missingValueReason, parseTemplate, recipientFor, renderChannelContent,
  renderTemplate, type CompiledTemplate, type MessageContent,
} from '../domain/index.js';
import { moveRun, resolveJourneyVariables, type PlannedSend } from '../domain/journeys/index.js';
import type { ClaimedRun, RunBatchData, RunUpdate } from './journey.port.js';
import { decideDueJourneyAbTests } from './journey-ab.js';
import { repeatEvery, type Periodic } from './periodic.js';
import type { Deps } from './ports.js';
import type { FallbackContent, NewMessage, TemplateRecord } from './records.js';

export interface JourneyRunnerOptions {
  intervalMs: number;
  /** Runs moved per transaction. */
  batch: number;
  /** Batches moved at once (each its own transaction). */
  lanes: number;
  /** How often segment-triggered journeys look for new members (ms). */
  segmentIntervalMs: number;
}

type JourneyMessage = NewMessage & { journeyId: string; journeyStepId: string; variant: string | null };

/**
 * Moves every due run, batch by batch, `lanes` batches at once; returns how many moved. Lanes
 * overlap one batch's rendering in Node with another's writes in PostgreSQL (2 cores here); the
 * claim skips locked runs, so lanes never take the same run, as separate workers never do.
 */
export async function advanceDueRuns(deps: Pick<Deps, 'store' | 'clock'>, batch: number, lanes = 1): Promise<number> {
  let total = 0;
  const lane = async () => {
    for (;;) {
      const now = deps.clock.now();
      const n = await deps.store.journeyRunner.advance(batch, now, (runs, data) => decideMoves(runs, data, now));
      total += n;
      if (n < batch) return;
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, lanes) }, lane));
  return total;
}

/** The moves of a claimed batch: the step machine per run, and the messages its sends make. */
export function decideMoves(runs: readonly ClaimedRun[], data: RunBatchData, now: Date): { updates: RunUpdate[]; messages: JourneyMessage[] } {
  const updates: RunUpdate[] = [];
  const messages: JourneyMessage[] = [];
  const compiled = new Map<string, CompiledTemplate | null>();
  for (const run of runs) {
    const contact = data.contacts.get(run.contactId);
    if (!contact) {
      updates.push({ id: run.id, status: 'exited', position: run.position, phase: run.phase, seq: run.seq, dueAt: null, awaiting: [], endReason: 'contact_erased' });
      continue;
    }
    const move = moveRun(run.definition, { ...run, runId: run.id }, {
      optedOut: contact.optedOut, inSegments: contact.inSegments, hasUnpaidOrder: contact.hasUnpaidOrder,
      orderedSinceEntry: contact.lastOrderAt !== null && contact.lastOrderAt >= run.enteredAt, eventArrived: run.eventArrived,
      abWinners: data.abWinners.get(run.journeyId), engaged: data.engagement.get(run.id),
    }, now, run.timeZone);
    updates.push(move.status === 'active'
      ? { id: run.id, status: 'active', position: move.position, phase: 'waiting', seq: move.seq, dueAt: move.dueAt, awaiting: move.awaiting, endReason: null }
      : { id: run.id, status: move.status, position: move.position, phase: 'arrive', seq: move.seq, dueAt: null, awaiting: [], endReason: move.end });
    for (const send of move.sends) {
      const template = data.templates.get(send.templateId);
      messages.push(planJourneyMessage(run, send, template && template.workspaceId === run.workspaceId ? template : null, contact, data.events.get(run.eventId ?? ''), compiled, now));
    }
  }
  return { updates, messages };
}

function planJourneyMessage(
  run: ClaimedRun, send: PlannedSend, template: TemplateRecord | null, contact: NonNullable<ReturnType<RunBatchData['contacts']['get']>>,
  event: { type: string; payload: Record<string, unknown> } | undefined, compiled: Map<string, CompiledTemplate | null>, now: Date,
): JourneyMessage {
  const choice = chooseChannel({ id: run.contactId, ...contact, consent: Object.fromEntries([...contact.optedOut].map((c) => [c, 'opted_out' as const])) }, send.channels);
  const channel = choice.channel;
  const base = {
    workspaceId: run.workspaceId, contactId: run.contactId, channel, recipient: recipientFor(channel, { id: run.contactId, ...contact }),
    templateId: template?.id ?? null, automationId: null, eventId: run.eventId, journeyId: run.journeyId, journeyStepId: send.stepId, variant: send.variant,
    idempotencyKey: `jr:${run.id}:${send.seq}`, category: template?.category ?? 'marketing', scheduledAt: now, requestId: null,
  } as const;
  const refused = (status: 'failed' | 'skipped', reason: string, body = '', content: MessageContent = emptyContent(channel)): JourneyMessage =>
    ({ ...base, body, content, status, failureReason: reason });
  if (!template) return refused('failed', 'template_deleted');
  let c = compiled.get(template.id);
  if (c === undefined) {
    const parsed = parseTemplate(template.message);
    c = parsed.errors.length > 0 ? null : compileTemplate(parsed);
    compiled.set(template.id, c);
  }
  if (c === null) return refused('failed', 'template_invalid');
  const payload = (event?.payload ?? {}) as {
    order?: { number?: string; invoiceNumber?: string; trackingNumber?: string; items?: { name: string }[] }; user?: { name?: string };
    referral?: { code?: string | null; link?: string | null; referredName?: string | null; reward?: string | null };
  };
  // A trigger key's variables, a cart event's products, or the contact's name (domain/journeys/variables.ts).
  const { values, sources } = resolveJourneyVariables(run.definition, contact.name, payload);
  const rendered = renderTemplate(c, values);
  if (!rendered.ok) return refused('failed', missingValueReason(rendered.missing, sources));
  const made = renderChannelContent(channel, template, values, rendered.params);
  if (!made.ok) return refused('failed', made.reason ?? missingValueReason(made.missing, sources), rendered.text);
  if (choice.refusal !== null) return refused('skipped', choice.refusal, rendered.text, made.content);
  const fallbackContent: FallbackContent = {};
  for (const fb of choice.fallbacks) {
    const m = renderChannelContent(fb, template, values, rendered.params);
    if (m.ok) fallbackContent[fb] = { body: rendered.text, content: m.content };
  }
  return {
    ...base, body: rendered.text, content: made.content, status: 'queued', failureReason: null,
    fallbackChannels: choice.fallbacks, fallbackContent: choice.fallbacks.length > 0 ? fallbackContent : null,
  };
}

export function startJourneyRunner(deps: Pick<Deps, 'store' | 'clock' | 'log'>, options: JourneyRunnerOptions): Periodic {
  let lastSweep = 0;
  const tick = async (stopped: () => boolean) => {
    const now = deps.clock.now().getTime();
    if (now - lastSweep >= options.segmentIntervalMs) {
      lastSweep = now;
      const entered = await deps.store.journeyRunner.sweepSegments(deps.clock.now(), 10_000);
      if (entered > 0) deps.log.info({ entered }, 'journeys: contacts entered from segments');
    }
    if (stopped()) return;
    // Decisions first: a step whose test is over gives its winner to the runs moved right after.
    const decided = await decideDueJourneyAbTests(deps);
    if (decided.length > 0) deps.log.info({ decided }, 'journeys: A/B tests decided');
    if (stopped()) return;
    const moved = await advanceDueRuns(deps, options.batch, options.lanes);
    if (moved > 0) deps.log.debug({ moved }, 'journeys: runs moved');
  };
  return repeatEvery(options.intervalMs, tick, (err) => deps.log.warn({ err }, 'journey runner tick failed'));
}
