/**
 * Journeys: validation codes and the step machine. Edge cases: a loop with and without a wait,
 * unreachable and unknown steps, variables a trigger lacks, wait until a time of day across
 * midnight in Asia/Jakarta (UTC+7), wait-for-event on event and on timeout, a split that is the same
 * for the same contact, opt-out of every channel vs one, a step deleted while a run rested on it.
 */
import { describe, expect, it } from 'vitest';
import { moveRun, pickBranch, recipe, RECIPE_KEYS, validateJourney, waitEnd, type JourneyDefinition, type JourneyStep, type RunFacts, type RunPosition } from './index.js';

const ctx = {
  templates: new Map([
    ['t-name', { code: 'NAME', variables: ['contactname'] }],
    ['t-product', { code: 'PRODUCT', variables: ['contactname', 'productname'] }],
  ]),
  segmentIds: new Set(['seg-1']),
};
const def = (steps: JourneyStep[], over: Partial<JourneyDefinition> = {}): JourneyDefinition => ({
  trigger: { kind: 'event', eventType: 'cart.abandoned' }, steps, exit: { eventTypes: ['order.created'], onOptOut: true }, allowReentry: false, ...over,
});
const codes = (d: JourneyDefinition) => validateJourney(d, ctx).map((e) => `${e.code}@${e.stepId ?? '-'}`);
const facts = (over: Partial<RunFacts> = {}): RunFacts => ({ optedOut: new Set(), inSegments: new Set(), orderedSinceEntry: false, hasUnpaidOrder: false, eventArrived: false, ...over });
const at = (iso: string) => new Date(iso);
const run = (position: string, over: Partial<RunPosition> = {}): RunPosition => ({ runId: 'r1', journeyId: 'j1', contactId: 'c1', position, phase: 'arrive', seq: 0, enteredAt: at('2026-01-01T00:00:00Z'), ...over });

describe('validateJourney', () => {
  it('accepts every recipe', () => {
    for (const key of RECIPE_KEYS) {
      const r = recipe(key);
      const templates = new Map(r.templates.map((t) => [`id-${t.code}`, { code: t.code, variables: [...t.message.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!) }]));
      const d = r.build({ templates: Object.fromEntries(r.templates.map((t) => [t.code, `id-${t.code}`])), segmentId: 'seg-1' });
      expect(validateJourney(d, { templates, segmentIds: new Set(['seg-1']) }), key).toEqual([]);
    }
  });
  it('names no steps, unknown references and duplicates', () => {
    expect(codes(def([]))).toEqual(['journey.no_steps@-']);
    expect(codes(def([{ id: 'a', kind: 'wait', wait: { minutes: 5 }, next: 'nope' }]))).toEqual(['journey.unknown_step@a']);
    expect(codes(def([{ id: 'a', kind: 'exit' }, { id: 'a', kind: 'exit' }]))).toEqual(['journey.duplicate_step@a']);
  });
  it('finds a loop without a wait, and lets a loop through a wait pass', () => {
    const loop = def([
      { id: 'a', kind: 'send', templateId: 't-name', channels: ['whatsapp'], next: 'b' },
      { id: 'b', kind: 'branch', condition: { kind: 'ordered_since_entry' }, yes: null, no: 'a' },
    ]);
    expect(codes(loop)).toEqual(['journey.cycle_without_wait@a']);
    const waited = def([
      { id: 'a', kind: 'send', templateId: 't-name', channels: ['whatsapp'], next: 'w' },
      { id: 'w', kind: 'wait', wait: { minutes: 60 }, next: 'b' },
      { id: 'b', kind: 'branch', condition: { kind: 'ordered_since_entry' }, yes: null, no: 'a' },
    ]);
    expect(codes(waited)).toEqual([]);
  });
  it('refuses a template variable the trigger lacks, and allows it on a trigger that has it', () => {
    const send: JourneyStep = { id: 's', kind: 'send', templateId: 't-product', channels: ['whatsapp'], next: null };
    expect(codes(def([send], { trigger: { kind: 'event', eventType: 'lifecycle.at_risk' } }))).toEqual(['journey.variable_not_available@s']);
    expect(codes(def([send], { trigger: { kind: 'event', eventType: 'order.created' } }))).toEqual([]);
  });
  it('names unreachable steps, bad waits, splits, channels, event types and segments', () => {
    const d = def([
      { id: 'a', kind: 'wait', wait: { untilTime: '25:00' }, next: null },
      { id: 'b', kind: 'split', branches: [{ weight: 0, next: null }] },
      { id: 'c', kind: 'send', templateId: 'missing', channels: [], next: null },
      { id: 'd', kind: 'wait_for_event', eventTypes: ['Bad Type'], timeoutMinutes: 0, onEvent: null, onTimeout: null },
      { id: 'e', kind: 'branch', condition: { kind: 'segment', segmentId: 'other' }, yes: null, no: null },
    ], { trigger: { kind: 'segment', segmentId: 'gone' } });
    expect(codes(d).sort()).toEqual([
      'journey.channels_invalid@c', 'journey.event_type_invalid@d', 'journey.segment_not_found@-', 'journey.segment_not_found@e',
      'journey.split_invalid@b', 'journey.split_invalid@b', 'journey.template_not_found@c', 'journey.timeout_invalid@d',
      'journey.unreachable_step@b', 'journey.unreachable_step@c', 'journey.unreachable_step@d', 'journey.unreachable_step@e', 'journey.wait_invalid@a',
    ]);
  });
});

describe('moveRun', () => {
  const cart = recipe('cart_abandonment').build({ templates: { JOURNEY_CART_REMINDER_1: 't1', JOURNEY_CART_REMINDER_2: 't2' }, segmentId: null });
  const now = at('2026-01-01T00:00:00Z');
  it('walks the cart recipe: wait, send, wait, send, end — two sends with distinct seqs', () => {
    const m1 = moveRun(cart, run('wait-1h'), facts(), now, 'Asia/Jakarta');
    expect(m1).toMatchObject({ status: 'active', position: 'wait-1h', phase: 'waiting', dueAt: at('2026-01-01T01:00:00Z'), sends: [] });
    const m2 = moveRun(cart, run('wait-1h', { phase: 'waiting', seq: m1.seq }), facts(), at('2026-01-01T01:00:00Z'), 'Asia/Jakarta');
    expect(m2).toMatchObject({ status: 'active', position: 'wait-24h', dueAt: at('2026-01-02T01:00:00Z') });
    expect(m2.sends.map((s) => s.stepId)).toEqual(['reminder-1']);
    const m3 = moveRun(cart, run('wait-24h', { phase: 'waiting', seq: m2.seq }), facts(), at('2026-01-02T01:00:00Z'), 'Asia/Jakarta');
    expect(m3).toMatchObject({ status: 'finished', end: 'completed' });
    expect(m3.sends.map((s) => s.stepId)).toEqual(['reminder-2']);
    expect(m3.sends[0]!.seq).not.toBe(m2.sends[0]!.seq);
  });
  it('exits at a send when every channel of it is opted out, not when one is', () => {
    expect(moveRun(cart, run('reminder-1'), facts({ optedOut: new Set(['whatsapp', 'email']) }), now, 'UTC')).toMatchObject({ status: 'exited', end: 'opted_out', sends: [] });
    expect(moveRun(cart, run('reminder-1'), facts({ optedOut: new Set(['whatsapp']) }), now, 'UTC').sends).toHaveLength(1);
  });
  it('takes the event exit or the timeout exit of a wait-for-event', () => {
    const d = def([
      { id: 'w', kind: 'wait_for_event', eventTypes: ['order.paid'], timeoutMinutes: 120, onEvent: 'thanks', onTimeout: 'nudge' },
      { id: 'thanks', kind: 'exit' },
      { id: 'nudge', kind: 'send', templateId: 't-name', channels: ['sms'], next: null },
    ]);
    expect(moveRun(d, run('w'), facts(), now, 'UTC')).toMatchObject({ status: 'active', dueAt: at('2026-01-01T02:00:00Z'), awaiting: ['order.paid'] });
    expect(moveRun(d, run('w', { phase: 'waiting' }), facts({ eventArrived: true }), now, 'UTC')).toMatchObject({ status: 'finished', end: 'exit_step', position: 'thanks' });
    expect(moveRun(d, run('w', { phase: 'waiting' }), facts(), now, 'UTC').sends.map((s) => s.stepId)).toEqual(['nudge']);
  });
  it('branches on a segment and splits the same way for the same contact', () => {
    const d = def([
      { id: 'b', kind: 'branch', condition: { kind: 'segment', segmentId: 'seg-1' }, yes: 'y', no: null },
      { id: 'y', kind: 'exit' },
    ]);
    expect(moveRun(d, run('b'), facts({ inSegments: new Set(['seg-1']) }), now, 'UTC')).toMatchObject({ end: 'exit_step' });
    expect(moveRun(d, run('b'), facts(), now, 'UTC')).toMatchObject({ end: 'completed' });
    const split = def([{ id: 's', kind: 'split', branches: [{ weight: 50, next: 'x' }, { weight: 50, next: null }] }, { id: 'x', kind: 'exit' }]);
    const ends = Array.from({ length: 400 }, (_, i) => moveRun(split, run('s', { contactId: `c${i}` }), facts(), now, 'UTC').status === 'finished' && moveRun(split, run('s', { contactId: `c${i}` }), facts(), now, 'UTC').position === 'x');
    const again = Array.from({ length: 400 }, (_, i) => moveRun(split, run('s', { contactId: `c${i}` }), facts(), now, 'UTC').position === 'x');
    expect(ends).toEqual(again);
    const share = ends.filter(Boolean).length / 400;
    expect(share).toBeGreaterThan(0.4);
    expect(share).toBeLessThan(0.6);
  });
  it('ends a run whose resting step was deleted', () => {
    expect(moveRun(cart, run('gone', { phase: 'waiting' }), facts(), now, 'UTC')).toMatchObject({ status: 'exited', end: 'invalid_step' });
  });
  it('guards an unvalidated loop without a wait', () => {
    const d = def([{ id: 'a', kind: 'branch', condition: { kind: 'ordered_since_entry' }, yes: null, no: 'a' }]);
    expect(moveRun(d, run('a'), facts(), now, 'UTC')).toMatchObject({ status: 'exited', end: 'invalid_step' });
  });
});

describe('waitEnd and pickBranch', () => {
  it('waits until the next 10:00 in Jakarta (03:00 UTC), strictly later', () => {
    expect(waitEnd({ untilTime: '10:00' }, at('2026-01-01T02:30:00Z'), 'Asia/Jakarta')).toEqual(at('2026-01-01T03:00:00Z'));
    expect(waitEnd({ untilTime: '10:00' }, at('2026-01-01T03:00:00Z'), 'Asia/Jakarta')).toEqual(at('2026-01-02T03:00:00Z'));
    expect(waitEnd({ untilTime: '10:00' }, at('2026-01-01T03:00:30Z'), 'Asia/Jakarta')).toEqual(at('2026-01-02T03:00:00Z'));
    expect(waitEnd({ untilTime: '00:30' }, at('2026-01-01T16:00:00Z'), 'Asia/Jakarta')).toEqual(at('2026-01-01T17:30:00Z'));
  });
  it('lays paths end to end by weight', () => {
    const b = [{ weight: 1, next: 'a' }, { weight: 3, next: 'b' }];
    expect(pickBranch(b, 0)).toBe('a');
    expect(pickBranch(b, 0.2499)).toBe('a');
    expect(pickBranch(b, 0.25)).toBe('b');
    expect(pickBranch(b, 0.9999)).toBe('b');
  });
});
