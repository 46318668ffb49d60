/**
 * Edge cases: latest receipt across channels; failed/queued/skipped messages ignored; a click
 * beats a later receipt; window edges for receipts and clicks (exactly 72 h counts, 72 h + 1 ms
 * does not; same millisecond as the order counts; after the order does not); other contacts'
 * touches ignored; a custom window; same-millisecond ties by messageId and independence from
 * input order (fast-check); invalid windows refused; batch attribution crediting one message
 * with two orders; the campaign funnel.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { attributeOrder, attributeOrders, campaignFunnel, campaignOptOuts, type AttributableMessage, type AttributableOrder, type TrackedClick } from './attribution.js';

const H = 3_600_000;
const O = Date.UTC(2026, 6, 10, 12, 0, 0);
const before = (ms: number) => new Date(O - ms);
const order: AttributableOrder = { orderId: 'o1', contactId: 'c1', occurredAt: new Date(O), amountIdr: 250_000 };
const msg = (messageId: string, channel: AttributableMessage['channel'], status: AttributableMessage['status'], sentBeforeMs: number | null, contactId = 'c1'): AttributableMessage => ({
  messageId,
  contactId,
  channel,
  status,
  sentAt: sentBeforeMs === null ? null : before(sentBeforeMs),
});
const click = (messageId: string, channel: TrackedClick['channel'], beforeMs: number, contactId = 'c1'): TrackedClick => ({ messageId, contactId, channel, clickedAt: before(beforeMs) });

describe('attributeOrder', () => {
  const messages = [msg('wa-1', 'whatsapp', 'read', 10 * H), msg('em-1', 'email', 'delivered', 2 * H), msg('push-1', 'push', 'failed', 1 * H), msg('sms-1', 'sms', 'queued', null)];

  it('credits the latest received message on any channel, ignoring ones that never arrived', () => {
    expect(attributeOrder(order, messages, [])).toEqual({ orderId: 'o1', messageId: 'em-1', channel: 'email', via: 'receipt', touchAt: before(2 * H) });
  });
  it('lets a click beat a later receipt', () => {
    expect(attributeOrder(order, messages, [click('wa-1', 'whatsapp', 5 * H)])).toMatchObject({ messageId: 'wa-1', channel: 'whatsapp', via: 'click', touchAt: before(5 * H) });
  });
  it('takes the latest of several clicks', () => {
    expect(attributeOrder(order, messages, [click('wa-1', 'whatsapp', 5 * H), click('em-1', 'email', 3 * H)])).toMatchObject({ messageId: 'em-1', via: 'click' });
  });
  it('counts a receipt exactly 72 h before, not 72 h + 1 ms', () => {
    expect(attributeOrder(order, [msg('sms-2', 'sms', 'sent', 72 * H)], [])).toMatchObject({ messageId: 'sms-2', via: 'receipt' });
    expect(attributeOrder(order, [msg('sms-2', 'sms', 'sent', 72 * H + 1)], [])).toBeNull();
  });
  it('counts a click exactly 72 h before; one 1 ms older falls back to the receipt', () => {
    const inbox = [msg('em-9', 'email', 'delivered', 80 * H), msg('wa-2', 'whatsapp', 'delivered', 1 * H)];
    expect(attributeOrder(order, inbox, [click('em-9', 'email', 72 * H)])).toMatchObject({ messageId: 'em-9', via: 'click' });
    expect(attributeOrder(order, inbox, [click('em-9', 'email', 72 * H + 1)])).toMatchObject({ messageId: 'wa-2', via: 'receipt' });
  });
  it('counts touches at the order millisecond, not after it', () => {
    expect(attributeOrder(order, [msg('wa-3', 'whatsapp', 'sent', 0)], [])).toMatchObject({ messageId: 'wa-3' });
    expect(attributeOrder(order, [msg('wa-3', 'whatsapp', 'sent', -1)], [click('wa-3', 'whatsapp', -1)])).toBeNull();
  });
  it("ignores other contacts' messages and clicks", () => {
    expect(attributeOrder(order, [msg('x', 'email', 'read', H, 'c2')], [click('x', 'email', H, 'c2')])).toBeNull();
  });
  it('honours a custom window', () => {
    expect(attributeOrder(order, [msg('wa-1', 'whatsapp', 'read', 30 * H)], [], 24 * H)).toBeNull();
    expect(attributeOrder(order, [msg('wa-1', 'whatsapp', 'read', 24 * H)], [], 24 * H)).toMatchObject({ messageId: 'wa-1' });
    expect(() => attributeOrder(order, [], [], 0)).toThrow(RangeError);
    expect(() => attributeOrder(order, [], [], Number.NaN)).toThrow(RangeError);
  });
  it('breaks same-millisecond ties by the greatest messageId, whatever the input order', () => {
    const tied = [msg('m-a', 'email', 'sent', H), msg('m-c', 'sms', 'sent', H), msg('m-b', 'whatsapp', 'sent', H)];
    expect(attributeOrder(order, tied, [])).toMatchObject({ messageId: 'm-c' });
    const touches = fc.array(fc.record({ id: fc.constantFrom('a', 'b', 'c', 'd'), back: fc.integer({ min: -H, max: 80 * H }), isClick: fc.boolean() }), { maxLength: 12 });
    fc.assert(
      fc.property(touches, (list) => {
        const ms = list.filter((t) => !t.isClick).map((t) => msg(t.id, 'email', 'delivered', t.back));
        const cs = list.filter((t) => t.isClick).map((t) => click(t.id, 'email', t.back));
        const forward = attributeOrder(order, ms, cs);
        const reversed = attributeOrder(order, [...ms].reverse(), [...cs].reverse());
        return JSON.stringify(forward) === JSON.stringify(reversed);
      }),
    );
  });
});

describe('attributeOrders and campaignFunnel', () => {
  const messages = [
    msg('b-1', 'whatsapp', 'read', 5 * H, 'c1'),
    msg('b-2', 'whatsapp', 'delivered', 5 * H, 'c2'),
    msg('b-3', 'whatsapp', 'sent', 5 * H, 'c3'),
    msg('b-4', 'whatsapp', 'failed', null, 'c4'),
  ];
  const clicks = [click('b-1', 'whatsapp', 4 * H, 'c1'), click('b-1', 'whatsapp', 3 * H, 'c1')];
  const orders: AttributableOrder[] = [
    { orderId: 'o1', contactId: 'c1', occurredAt: new Date(O), amountIdr: 100_000 },
    { orderId: 'o2', contactId: 'c1', occurredAt: new Date(O + H), amountIdr: 50_000 },
    { orderId: 'o3', contactId: 'c2', occurredAt: new Date(O), amountIdr: 200_000 },
    { orderId: 'o4', contactId: 'c9', occurredAt: new Date(O), amountIdr: 999_000 },
  ];
  const attributions = attributeOrders(orders, messages, clicks);

  it('credits each order on its own (one message may win several) and leaves the rest out', () => {
    expect(attributions.map((a) => [a.orderId, a.messageId, a.via])).toEqual([
      ['o1', 'b-1', 'click'],
      ['o2', 'b-1', 'click'],
      ['o3', 'b-2', 'receipt'],
    ]);
  });
  it('builds the funnel with revenue per message sent', () => {
    // sent = b-1, b-2, b-3 (b-4 failed); delivered = b-1, b-2; read = b-1; clicked = b-1;
    // converted messages = b-1, b-2; orders 3; revenue 100k + 50k + 200k = 350k; per sent 350k / 3 = 116 667.
    expect(campaignFunnel(messages, clicks, attributions, orders)).toEqual({
      sent: 3,
      delivered: 2,
      read: 1,
      clicked: 1,
      converted: 2,
      orders: 3,
      revenueIdr: 350_000,
      revenuePerMessageIdr: 116_667,
    });
    expect(campaignFunnel([], [], [], []).revenuePerMessageIdr).toBe(0);
  });
});

describe('campaignOptOuts', () => {
  // Two messages to c1 (WhatsApp 10 h and 2 h before O), one to c2 (email), one never sent to c3.
  const sent = [msg('wa-1', 'whatsapp', 'read', 10 * H), msg('wa-2', 'whatsapp', 'delivered', 2 * H), msg('em-1', 'email', 'sent', 5 * H, 'c2'), msg('sms-1', 'sms', 'failed', null, 'c3')];

  it('counts a contact once when it opted out of the message\'s channel within the window after it', () => {
    expect(campaignOptOuts(sent, [{ contactId: 'c1', channel: 'whatsapp', at: new Date(O) }, { contactId: 'c1', channel: 'whatsapp', at: new Date(O + H) }])).toBe(1);
  });

  it('ignores an opt-out of another channel, before the message, after the window, or of a contact never reached', () => {
    expect(campaignOptOuts(sent, [
      { contactId: 'c2', channel: 'whatsapp', at: new Date(O) },
      { contactId: 'c2', channel: 'email', at: before(6 * H) },
      { contactId: 'c2', channel: 'email', at: new Date(O - 5 * H + 72 * H + 1) },
      { contactId: 'c3', channel: 'sms', at: new Date(O) },
    ])).toBe(0);
    // Exactly at the window's end still counts.
    expect(campaignOptOuts(sent, [{ contactId: 'c2', channel: 'email', at: new Date(O - 5 * H + 72 * H) }])).toBe(1);
  });
});
