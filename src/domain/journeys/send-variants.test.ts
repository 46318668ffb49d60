/**
 * A send step's variants: the split is the broadcasts' assignVariant under the test id
 * `<journey>:<step>` (same contact, same variant; weights honoured), the winner once decided, the
 * plain step without variants; when a test-then-winner is over; and validation of the variants.
 */
import { describe, expect, it } from 'vitest';
import { assignVariant } from '../insights/ab-test.js';
import type { JourneyDefinition, JourneyStep } from './definition.js';
import { moveRun } from './machine.js';
import { resolveSend, sendTestOver } from './send-variants.js';
import { validateJourney } from './validate.js';

const T1 = '11111111-1111-4111-8111-111111111111';
const T2 = '22222222-2222-4222-8222-222222222222';
const T3 = '33333333-3333-4333-8333-333333333333';
const send = (extra: Partial<Extract<JourneyStep, { kind: 'send' }>> = {}): Extract<JourneyStep, { kind: 'send' }> =>
  ({ id: 's1', kind: 'send', templateId: T1, channels: ['whatsapp'], next: null, ...extra });

describe('resolveSend', () => {
  const step = send({ variants: [{ weight: 70 }, { weight: 30, templateId: T2 }] });
  it('gives each contact the broadcasts\' deterministic variant for <journey>:<step>, by weight', () => {
    const ids = Array.from({ length: 4000 }, (_, i) => `contact-${i}`);
    const got = ids.map((id) => resolveSend(step, 'j1', id, null));
    ids.forEach((id, i) => expect(got[i]!.variant).toBe(assignVariant('j1:s1', id, [{ id: 'A', weight: 70 }, { id: 'B', weight: 30 }])));
    const b = got.filter((g) => g.variant === 'B');
    expect(Math.abs(b.length / ids.length - 0.3)).toBeLessThan(0.03);
    expect(b.every((g) => g.templateId === T2 && g.channels.join() === 'whatsapp')).toBe(true);
    expect(got.filter((g) => g.variant === 'A').every((g) => g.templateId === T1)).toBe(true);
    // Another step reshuffles.
    const moved = ids.filter((id) => resolveSend({ ...step, id: 's2' }, 'j1', id, null).variant !== resolveSend(step, 'j1', id, null).variant);
    expect(moved.length).toBeGreaterThan(800);
  });
  it('gives everyone the winner once decided, and splits again when the winner is no longer a variant', () => {
    expect(new Set(Array.from({ length: 50 }, (_, i) => resolveSend(step, 'j1', `c${i}`, 'B').variant))).toEqual(new Set(['B']));
    expect(resolveSend(step, 'j1', 'c1', 'D').variant).toBe(resolveSend(step, 'j1', 'c1', null).variant);
  });
  it('sends the step as it is without variants, and a variant\'s own channels', () => {
    expect(resolveSend(send(), 'j1', 'c1', null)).toEqual({ variant: null, templateId: T1, channels: ['whatsapp'] });
    const byChannel = send({ variants: [{ weight: 1 }, { weight: 1, channels: ['email'] }] });
    expect(resolveSend(byChannel, 'j1', 'c1', 'B')).toEqual({ variant: 'B', templateId: T1, channels: ['email'] });
  });
  it('is what the step machine plans, with the variant on the send', () => {
    const def: JourneyDefinition = { trigger: { kind: 'event', eventType: 'x.y' }, steps: [step], exit: { eventTypes: [], onOptOut: true }, allowReentry: false };
    const run = { runId: 'r1', journeyId: 'j1', contactId: 'c7', position: 's1', phase: 'arrive' as const, seq: 0, enteredAt: new Date(0) };
    const facts = { optedOut: new Set<never>(), inSegments: new Set<string>(), orderedSinceEntry: false, hasUnpaidOrder: false, eventArrived: false };
    const expected = resolveSend(step, 'j1', 'c7', null);
    expect(moveRun(def, run, facts, new Date(0), 'Asia/Jakarta').sends).toEqual([{ stepId: 's1', seq: 1, templateId: expected.templateId, channels: expected.channels, variant: expected.variant }]);
    expect(moveRun(def, run, { ...facts, abWinners: new Map([['s1', 'B']]) }, new Date(0), 'Asia/Jakarta').sends[0]).toMatchObject({ variant: 'B', templateId: T2 });
  });
});

describe('sendTestOver', () => {
  const first = new Date('2026-12-07T00:00:00Z');
  it('ends the test after N contacts or H hours after the first test send, whichever comes first', () => {
    expect(sendTestOver({ testContacts: 100, decideAfterHours: null }, { sent: 99, firstSentAt: first }, first)).toBe(false);
    expect(sendTestOver({ testContacts: 100, decideAfterHours: null }, { sent: 100, firstSentAt: first }, first)).toBe(true);
    const h = { testContacts: 100, decideAfterHours: 24 };
    expect(sendTestOver(h, { sent: 5, firstSentAt: first }, new Date(first.getTime() + 24 * 3_600_000 - 1))).toBe(false);
    expect(sendTestOver(h, { sent: 5, firstSentAt: first }, new Date(first.getTime() + 24 * 3_600_000))).toBe(true);
  });
  it('is never over before the first send, nor without a rule', () => {
    expect(sendTestOver({ testContacts: 1, decideAfterHours: 1 }, { sent: 0, firstSentAt: null }, new Date())).toBe(false);
    expect(sendTestOver({ testContacts: null, decideAfterHours: null }, { sent: 10_000, firstSentAt: first }, new Date())).toBe(false);
  });
});

describe('validateJourney with variants', () => {
  const ctx = {
    templates: new Map([
      [T1, { code: 'a', variables: [], category: 'marketing' }],
      [T2, { code: 'b', variables: [], category: 'marketing' }],
      [T3, { code: 'c', variables: [], category: 'utility' }],
    ]),
    segmentIds: new Set<string>(),
  };
  const def = (s: JourneyStep): JourneyDefinition => ({ trigger: { kind: 'event', eventType: 'x.y' }, steps: [s], exit: { eventTypes: [], onOptOut: false }, allowReentry: false });
  const codes = (s: JourneyStep) => validateJourney(def(s), ctx).map((e) => `${e.code}@${e.field}`);
  it('accepts 2–4 variants with whole weights of the same category', () => {
    expect(codes(send({ variants: [{ weight: 50 }, { weight: 50, templateId: T2 }], abTest: { metric: 'conversion', testContacts: 200, decideAfterHours: 48, allowMultipleChanges: false } }))).toEqual([]);
  });
  it('refuses 1 or 5 variants, bad weights, unknown templates, another category and bad test bounds', () => {
    expect(codes(send({ variants: [{ weight: 1 }] }))).toEqual(['journey.variants_invalid@variants']);
    expect(codes(send({ variants: Array.from({ length: 5 }, () => ({ weight: 1 })) }))).toEqual(['journey.variants_invalid@variants']);
    expect(codes(send({ variants: [{ weight: 0 }, { weight: 1e300 }] }))).toEqual(['journey.variants_invalid@variants.0.weight', 'journey.variants_invalid@variants.1.weight']);
    expect(codes(send({ variants: [{ weight: 1 }, { weight: 1, templateId: '44444444-4444-4444-8444-444444444444' }] }))).toEqual(['journey.template_not_found@variants.1.templateId']);
    expect(codes(send({ variants: [{ weight: 1 }, { weight: 1, templateId: T3 }] }))).toEqual(['ab_test.category_mismatch@variants.1.templateId']);
    expect(codes(send({ variants: [{ weight: 1 }, { weight: 1, channels: [] }] }))).toEqual(['journey.channels_invalid@variants.1.channels']);
    expect(codes(send({ abTest: { metric: 'read', testContacts: null, decideAfterHours: null, allowMultipleChanges: false } }))).toEqual(['journey.variants_invalid@variants']);
    expect(codes(send({ variants: [{ weight: 1 }, { weight: 1 }], abTest: { metric: 'read', testContacts: 1, decideAfterHours: 0.5, allowMultipleChanges: false } })))
      .toEqual(['journey.variants_invalid@abTest.testContacts', 'journey.variants_invalid@abTest.decideAfterHours']);
  });
});
