/**
 * Shopify mapping, on the documented order webhook JSON (samples.ts). Edge cases: each topic to its
 * stage, the tracking number from fulfillments[], delivered shipments, orders/updated without news,
 * ids beyond 2^53 keyed exactly by admin_graphql_api_id, the phone from order, customer or billing
 * address, a missing topic; and for any JSON: no throw, either events or a named refusal.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SHOP_REFUSALS } from './platform.js';
import { SHOPIFY_FULFILLMENT_SAMPLE, SHOPIFY_ORDER_SAMPLE } from './samples.js';
import { shopify } from './shopify.js';

const order = (patch: Record<string, unknown> = {}) => ({ ...(JSON.parse(SHOPIFY_ORDER_SAMPLE) as Record<string, unknown>), ...patch });
const fulfilled = (patch: Record<string, unknown> = {}) => order({
  fulfillment_status: 'fulfilled', fulfillments: [{ ...(JSON.parse(SHOPIFY_FULFILLMENT_SAMPLE) as object), ...patch }],
});
const map = (body: unknown, topic: string | null) => shopify.map({ topic, body });

describe('Shopify order webhooks', () => {
  it('orders/create → order.created, keyed by the exact order id, numbered by its name', () => {
    expect(map(order(), 'orders/create')).toEqual({
      ok: true,
      events: [{
        id: 'shopify:820982911946154508:order.created',
        type: 'order.created',
        occurredAt: '2026-11-23T02:00:00.000Z',
        contact: { name: 'Siti Rahayu', phone: '+6281311112222', email: 'siti@example.com' },
        order: {
          number: '#1001',
          invoiceNumber: '#1001',
          items: [{ name: 'Teh Melati - 100 g', quantity: 1, price: 75000 }, { name: 'Gula Aren', quantity: 2, price: 50000 }],
          total: 185000,
          currency: 'IDR',
        },
      }],
    });
  });

  it('orders/paid → order.paid at processed_at', () => {
    const m = map(order(), 'orders/paid');
    expect(m.ok && m.events.map((e) => [e.id, e.occurredAt])).toEqual([['shopify:820982911946154508:order.paid', '2026-11-23T02:00:05.000Z']]);
  });

  it('orders/fulfilled → order.delivery with the fulfilment\'s tracking number', () => {
    const m = map(fulfilled(), 'orders/fulfilled');
    expect(m.ok && m.events).toEqual([expect.objectContaining({ id: 'shopify:820982911946154508:order.delivery', type: 'order.delivery', order: expect.objectContaining({ trackingNumber: 'JNE0012345' }) })]);
    const fromList = map(fulfilled({ tracking_number: null, tracking_numbers: ['SPX-1'] }), 'orders/fulfilled');
    expect(fromList.ok && fromList.events[0]!.order.trackingNumber).toBe('SPX-1');
  });

  it('a delivered shipment is order.received; orders/updated with nothing new does nothing', () => {
    const delivered = fulfilled({ shipment_status: 'delivered', updated_at: '2026-11-26T15:00:00+07:00' });
    const m = map(delivered, 'orders/updated');
    expect(m.ok && m.events.map((e) => [e.type, e.occurredAt])).toEqual([['order.delivery', undefined], ['order.received', '2026-11-26T08:00:00.000Z']]);
    expect(map(order(), 'orders/updated')).toMatchObject({ ok: false, reason: 'nothing_to_do' });
  });

  it('refuses unknown or missing topics and bodies that are no order', () => {
    expect(map(order(), 'orders/cancelled')).toMatchObject({ ok: false, reason: 'unsupported_topic' });
    expect(map(order(), null)).toMatchObject({ ok: false, reason: 'unsupported_topic' });
    expect(map({ name: '#1' }, 'orders/create')).toMatchObject({ ok: false, reason: 'not_an_order' });
    expect(map('order', 'orders/create')).toMatchObject({ ok: false, reason: 'not_an_order' });
  });

  it('uses the numeric id when there is no admin_graphql_api_id and it is exact', () => {
    const m = map(order({ admin_graphql_api_id: undefined, id: 450789469 }), 'orders/create');
    expect(m.ok && m.events[0]!.id).toBe('shopify:450789469:order.created');
    expect(map(order({ admin_graphql_api_id: undefined }), 'orders/create')).toMatchObject({ ok: false, reason: 'not_an_order' });
  });

  it('takes the phone from the order, then the customer, then the billing address', () => {
    const phoneOf = (patch: Record<string, unknown>) => {
      const m = map(order(patch), 'orders/create');
      return m.ok ? m.events[0]!.contact.phone : m.reason;
    };
    expect(phoneOf({ phone: '+6281298765432' })).toBe('+6281298765432');
    expect(phoneOf({ customer: { first_name: 'Siti', phone: '0857-0000-1111' } })).toBe('+6285700001111');
    expect(phoneOf({})).toBe('+6281311112222');
    expect(phoneOf({ email: null, contact_email: null, customer: null, billing_address: null, shipping_address: null })).toBe('no_contact');
  });

  it('never throws on any JSON: either events of the trigger table or a named refusal', () => {
    const arbitraryOrder = fc.record({
      id: fc.jsonValue(),
      admin_graphql_api_id: fc.oneof(fc.string(), fc.constant('gid://shopify/Order/1'), fc.jsonValue()),
      email: fc.jsonValue(), phone: fc.oneof(fc.string(), fc.jsonValue()),
      customer: fc.jsonValue(), billing_address: fc.jsonValue(),
      line_items: fc.oneof(fc.jsonValue(), fc.array(fc.record({ name: fc.jsonValue(), title: fc.jsonValue(), quantity: fc.jsonValue(), price: fc.jsonValue() }))),
      fulfillments: fc.oneof(fc.jsonValue(), fc.array(fc.record({ tracking_number: fc.jsonValue(), tracking_numbers: fc.jsonValue(), shipment_status: fc.jsonValue() }))),
      total_price: fc.jsonValue(), created_at: fc.jsonValue(),
    }, { requiredKeys: [] });
    const topic = fc.option(fc.oneof(fc.constantFrom(...shopify.topics), fc.string()));
    fc.assert(fc.property(fc.oneof(fc.jsonValue(), arbitraryOrder), topic, (body, t) => {
      const m = shopify.map({ topic: t, body });
      if (m.ok) {
        expect(m.events.length).toBeGreaterThan(0);
        for (const e of m.events) expect(e.contact.phone ?? e.contact.email).toBeTruthy();
      } else {
        expect(SHOP_REFUSALS).toContain(m.reason);
      }
    }), { numRuns: 500 });
  });
});
