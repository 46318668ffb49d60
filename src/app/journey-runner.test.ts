/**
 * decideMoves, the runner's pure part, on a hand-made batch: a cart journey's message names the
 * cart's products from the stored event (and fails without them), and a branch on engagement
 * routes each run by its own messages' engagement — the batch's facts are per run, not per journey.
 */
import { describe, expect, it } from 'vitest';
import type { JourneyDefinition } from '../domain/journeys/index.js';
import type { ClaimedRun, RunBatchData } from './journey.port.js';
import { decideMoves } from './journey-runner.js';
import { NO_WHATSAPP_LINK, type TemplateRecord } from './records.js';

const WS = 'ws-1';
const now = new Date('2026-03-02T03:00:00Z');
const template: TemplateRecord = {
  id: 'tpl-1', workspaceId: WS, code: 'CART', message: 'Halo {contactname}, {productname} masih di keranjangmu.', category: 'marketing',
  whatsappName: null, whatsappLanguage: 'id', variables: ['contactname', 'productname'], header: null, buttons: [], subject: 'Keranjangmu', html: null, title: null, link: null,
  createdAt: now, updatedAt: now, ...NO_WHATSAPP_LINK, whatsappCheckedAt: null,
};
const definition: JourneyDefinition = {
  trigger: { kind: 'event', eventType: 'cart.abandoned' },
  steps: [
    { id: 'seen', kind: 'branch', condition: { kind: 'message_engaged', stepId: 'wa', engagement: 'read' }, yes: null, no: 'mail' },
    { id: 'mail', kind: 'send', templateId: 'tpl-1', channels: ['email'], next: null },
    { id: 'wa', kind: 'send', templateId: 'tpl-1', channels: ['whatsapp'], next: 'seen' },
  ],
  exit: { eventTypes: [], onOptOut: true }, allowReentry: false,
};
const claimed = (id: string, position: string, eventId: string): ClaimedRun => ({
  id, workspaceId: WS, journeyId: 'j-1', contactId: `c-${id}`, eventId, position, phase: 'arrive', seq: 1, enteredAt: now, eventArrived: false, definition, timeZone: 'Asia/Jakarta',
});
const contact = (name: string) => ({ name, phone: '+6281200000001', email: `${name.toLowerCase()}@toko.test`, emailBounced: false, optedOut: new Set<never>(), hasUnpaidOrder: false, lastOrderAt: null, inSegments: new Set<string>() });
const batch = (over: Partial<RunBatchData> = {}): RunBatchData => ({
  contacts: new Map([['c-r1', contact('Budi')], ['c-r2', contact('Sari')]]),
  events: new Map([
    ['e-1', { type: 'cart.abandoned', payload: { order: { number: 'CART-1', items: [{ name: 'Kopi Arabika', quantity: 1 }, { name: 'Teh Melati', quantity: 1 }] } } }],
    ['e-2', { type: 'cart.abandoned', payload: {} }],
  ]),
  templates: new Map([['tpl-1', template]]),
  abWinners: new Map(),
  engagement: new Map(),
  ...over,
});

describe('decideMoves', () => {
  it('names the cart products from the trigger event, and fails a cart without items with the usual reason', () => {
    const { messages } = decideMoves([claimed('r1', 'mail', 'e-1'), claimed('r2', 'mail', 'e-2')], batch(), now);
    expect(messages.map((m) => [m.contactId, m.status, m.failureReason, m.body, m.idempotencyKey])).toEqual([
      ['c-r1', 'queued', null, 'Halo Budi, Kopi Arabika dan Teh Melati masih di keranjangmu.', 'jr:r1:2'],
      ['c-r2', 'failed', 'missing_value: productname (order.items)', '', 'jr:r2:2'],
    ]);
  });

  it('branches each run on its own messages: read goes yes, delivered only goes no', () => {
    const engagement: RunBatchData['engagement'] = new Map([
      ['r1', new Map([['wa', new Set(['delivered', 'read'] as const)]])],
      ['r2', new Map([['wa', new Set(['delivered'] as const)]])],
    ]);
    const runs = [claimed('r1', 'seen', 'e-1'), claimed('r2', 'seen', 'e-1')];
    const { updates, messages } = decideMoves(runs, batch({ contacts: new Map([['c-r1', contact('Budi')], ['c-r2', contact('Sari')]]), engagement }), now);
    expect(updates.map((u) => [u.id, u.status, u.endReason])).toEqual([['r1', 'finished', 'completed'], ['r2', 'finished', 'completed']]);
    expect(messages.map((m) => [m.contactId, m.journeyStepId, m.channel])).toEqual([['c-r2', 'mail', 'email']]);
  });
});
