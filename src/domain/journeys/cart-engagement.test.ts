/**
 * Two journey moves a shop owner asks for: a cart event fills {productname} from its items (and a
 * cart without items fails the message with the usual reason, never a hole), and a branch on how
 * far this run's message from an earlier send step got (delivered / read / clicked), with its
 * validation: the step must be a send step before the branch on every path.
 */
import { describe, expect, it } from 'vitest';
import { missingValueReason } from '../event-variables.js';
import { parseTemplate } from '../template/parse.js';
import { compileTemplate, renderTemplate } from '../template/render.js';
import {
  engagementOf, engagementSteps, isCartEvent, journeyVariables, moveRun, recipe, resolveJourneyVariables, validateJourney,
  type Engagement, type JourneyDefinition, type JourneyStep, type RunFacts, type RunPosition,
} from './index.js';

const ctx = {
  templates: new Map([
    ['t-name', { code: 'NAME', variables: ['contactname'] }],
    ['t-product', { code: 'PRODUCT', variables: ['contactname', 'productname'] }],
  ]),
  segmentIds: new Set<string>(),
};
const def = (steps: JourneyStep[], eventType = 'cart.abandoned'): JourneyDefinition => ({
  trigger: { kind: 'event', eventType }, steps, exit: { eventTypes: ['order.created'], onOptOut: true }, allowReentry: false,
});
const codes = (d: JourneyDefinition) => validateJourney(d, ctx).map((e) => `${e.code}@${e.stepId ?? '-'}:${e.field}`);
const render = (message: string, vars: ReturnType<typeof resolveJourneyVariables>) => {
  const r = renderTemplate(compileTemplate(parseTemplate(message)), vars.values);
  return r.ok ? r.text : missingValueReason(r.missing, vars.sources);
};

describe('cart events fill {productname}', () => {
  it('offers {productname} on cart.abandoned and cart.recovered only, beside the trigger table', () => {
    expect(isCartEvent('cart.abandoned')).toBe(true);
    expect(isCartEvent('cart.recovered')).toBe(true);
    expect(isCartEvent('cart.updated')).toBe(false);
    expect(journeyVariables(def([], 'cart.abandoned'))).toEqual(['contactname', 'productname']);
    expect(journeyVariables(def([], 'cart.recovered'))).toEqual(['contactname', 'productname']);
    expect(journeyVariables(def([], 'quiz.finished'))).toEqual(['contactname']);
    expect(journeyVariables(def([], 'lifecycle.at_risk'))).toEqual(['contactname']);
    expect(journeyVariables({ trigger: { kind: 'segment', segmentId: 's' } })).toEqual(['contactname']);
    expect(journeyVariables(def([], 'order.delivery'))).toEqual(['contactname', 'productname', 'username', 'documentnumber']);
  });

  it('lets a cart journey use {productname} and refuses it on a custom event', () => {
    const send: JourneyStep = { id: 's', kind: 'send', templateId: 't-product', channels: ['whatsapp'], next: null };
    expect(codes(def([send], 'cart.abandoned'))).toEqual([]);
    expect(codes(def([send], 'cart.recovered'))).toEqual([]);
    expect(codes(def([send], 'quiz.finished'))).toEqual(['journey.variable_not_available@s:templateId']);
  });

  it('names the cart items as one Indonesian list, each product once, blank names dropped', () => {
    const vars = resolveJourneyVariables(def([]), ' Budi ', {
      order: { number: 'CART-9', items: [{ name: 'Kopi Arabika' }, { name: '  ' }, { name: 'Teh Melati' }, { name: 'Kopi Arabika' }, { name: 'Gula Aren' }] },
    });
    expect(vars.values).toEqual({ contactname: 'Budi', productname: 'Kopi Arabika, Teh Melati dan Gula Aren' });
    expect(render('Halo {contactname}, {productname} masih menunggu di keranjangmu.', vars)).toBe('Halo Budi, Kopi Arabika, Teh Melati dan Gula Aren masih menunggu di keranjangmu.');
    expect(render('{productname}', resolveJourneyVariables(def([]), 'Budi', { order: { items: [{ name: 'Sepatu' }] } }))).toBe('Sepatu');
  });

  it('fails the message with missing_value: productname (order.items) when the cart event has no items', () => {
    const message = 'Halo {contactname}, {productname} masih menunggu.';
    for (const payload of [{}, { order: null }, { order: { number: 'C', items: [] } }, { order: { number: 'C', items: [{ name: ' ' }] } }]) {
      expect(render(message, resolveJourneyVariables(def([]), 'Budi', payload)), JSON.stringify(payload)).toBe('missing_value: productname (order.items)');
    }
  });

  it('keeps the trigger table for trigger keys and the name alone for other events', () => {
    const order = { number: 'SO-1', items: [{ name: 'Kopi' }] };
    expect(resolveJourneyVariables(def([], 'order.created'), 'Budi', { order, user: { name: 'Sari' } }).values).toEqual({ contactname: 'Budi', productname: 'Kopi', username: 'Sari', documentnumber: 'SO-1' });
    // A custom event's order is not read: its templates may not name products.
    expect(resolveJourneyVariables(def([], 'quiz.finished'), 'Budi', { order }).values).toEqual({ contactname: 'Budi' });
  });

  it('writes the cart recipe reminders with {productname}, and the recipe still validates', () => {
    const r = recipe('cart_abandonment');
    expect(r.templates.map((t) => t.message)).toEqual([
      'Halo {contactname}, {productname} masih menunggu di keranjangmu. Yuk selesaikan pesananmu sebelum kehabisan!',
      'Hai {contactname}, {productname} masih tersimpan di keranjangmu. Khusus untukmu: diskon 10% dengan kode BALIK10, berlaku 24 jam.',
    ]);
    const templates = new Map(r.templates.map((t) => [t.code, { code: t.code, variables: ['contactname', 'productname'] }]));
    const d = r.build({ templates: Object.fromEntries(r.templates.map((t) => [t.code, t.code])), segmentId: null });
    expect(validateJourney(d, { templates, segmentIds: new Set() })).toEqual([]);
  });
});

describe('branch on engagement with an earlier send step', () => {
  // Send on WhatsApp, wait a day, then: read → thank-you exit; not read → email.
  const journey = (engagement: Engagement = 'read', stepId = 'wa'): JourneyDefinition => def([
    { id: 'wa', kind: 'send', templateId: 't-name', channels: ['whatsapp'], next: 'wait' },
    { id: 'wait', kind: 'wait', wait: { minutes: 1440 }, next: 'seen' },
    { id: 'seen', kind: 'branch', condition: { kind: 'message_engaged', stepId, engagement }, yes: 'done', no: 'mail' },
    { id: 'mail', kind: 'send', templateId: 't-name', channels: ['email'], next: null },
    { id: 'done', kind: 'exit' },
  ]);
  const facts = (engaged?: Record<string, Engagement[]>): RunFacts => ({
    optedOut: new Set(), inSegments: new Set(), orderedSinceEntry: false, hasUnpaidOrder: false, eventArrived: false,
    ...(engaged ? { engaged: new Map(Object.entries(engaged).map(([k, v]) => [k, new Set(v)])) } : {}),
  });
  const run: RunPosition = { runId: 'r1', journeyId: 'j1', contactId: 'c1', position: 'wait', phase: 'waiting', seq: 1, enteredAt: new Date(0) };
  const after = (d: JourneyDefinition, f: RunFacts) => moveRun(d, run, f, new Date(86_400_000), 'Asia/Jakarta');

  it('takes yes when the message reached the engagement asked for, no otherwise', () => {
    expect(after(journey('read'), facts({ wa: ['delivered', 'read'] }))).toMatchObject({ status: 'finished', end: 'exit_step', position: 'done', sends: [] });
    const no = after(journey('read'), facts({ wa: ['delivered'] }));
    expect(no).toMatchObject({ status: 'finished', end: 'completed' });
    expect(no.sends.map((s) => [s.stepId, s.channels])).toEqual([['mail', ['email']]]);
    // Nothing known about the run's messages (none sent, or none got anywhere): not engaged.
    expect(after(journey('delivered'), facts()).sends.map((s) => s.stepId)).toEqual(['mail']);
    expect(after(journey('delivered'), facts({ wa: ['delivered'] })).position).toBe('done');
    expect(after(journey('clicked'), facts({ wa: ['delivered', 'read'] })).sends.map((s) => s.stepId)).toEqual(['mail']);
    expect(after(journey('clicked'), facts({ wa: ['delivered', 'clicked'] })).position).toBe('done');
    // Another step's engagement is not this one's.
    expect(after(journey('read'), facts({ other: ['delivered', 'read'] })).sends.map((s) => s.stepId)).toEqual(['mail']);
  });

  it('reads engagement from recorded facts: read implies delivered, a click implies delivered but not read', () => {
    expect([...engagementOf({ delivered: false, read: false, clicked: false })]).toEqual([]);
    expect([...engagementOf({ delivered: true, read: false, clicked: false })]).toEqual(['delivered']);
    expect([...engagementOf({ delivered: false, read: true, clicked: false })]).toEqual(['delivered', 'read']);
    expect([...engagementOf({ delivered: false, read: false, clicked: true })]).toEqual(['delivered', 'clicked']);
    expect(engagementSteps(journey())).toEqual(['wa']);
    expect(engagementSteps(def([{ id: 'x', kind: 'exit' }]))).toEqual([]);
  });

  it('accepts a send step that comes before the branch on every path', () => {
    expect(codes(journey())).toEqual([]);
    // Through a split whose both paths pass the send.
    expect(codes(def([
      { id: 'sp', kind: 'split', branches: [{ weight: 1, next: 'wa' }, { weight: 1, next: 'w2' }] },
      { id: 'w2', kind: 'wait', wait: { minutes: 5 }, next: 'wa' },
      { id: 'wa', kind: 'send', templateId: 't-name', channels: ['whatsapp'], next: 'wait' },
      { id: 'wait', kind: 'wait', wait: { minutes: 60 }, next: 'seen' },
      { id: 'seen', kind: 'branch', condition: { kind: 'message_engaged', stepId: 'wa', engagement: 'delivered' }, yes: null, no: null },
    ]))).toEqual([]);
  });

  it('refuses a step that is missing or not a send step, a bad engagement, and a send not before the branch on every path', () => {
    expect(codes(journey('read', 'nope'))).toEqual(['journey.engagement_step_invalid@seen:condition.stepId']);
    expect(codes(journey('read', 'wait'))).toEqual(['journey.engagement_step_invalid@seen:condition.stepId']);
    expect(codes(journey('opened' as Engagement))).toEqual(['journey.engagement_invalid@seen:condition.engagement']);
    // One path of the split skips the send.
    expect(codes(def([
      { id: 'sp', kind: 'split', branches: [{ weight: 1, next: 'wa' }, { weight: 1, next: 'wait' }] },
      { id: 'wa', kind: 'send', templateId: 't-name', channels: ['whatsapp'], next: 'wait' },
      { id: 'wait', kind: 'wait', wait: { minutes: 60 }, next: 'seen' },
      { id: 'seen', kind: 'branch', condition: { kind: 'message_engaged', stepId: 'wa', engagement: 'read' }, yes: null, no: null },
    ]))).toEqual(['journey.engagement_step_not_before@seen:condition.stepId']);
    // The send comes after the branch.
    expect(codes(def([
      { id: 'wait', kind: 'wait', wait: { minutes: 60 }, next: 'seen' },
      { id: 'seen', kind: 'branch', condition: { kind: 'message_engaged', stepId: 'wa', engagement: 'read' }, yes: 'wa', no: null },
      { id: 'wa', kind: 'send', templateId: 't-name', channels: ['whatsapp'], next: null },
    ]))).toEqual(['journey.engagement_step_not_before@seen:condition.stepId']);
  });
});
