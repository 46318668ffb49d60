/**
 * WooCommerce mapping, on the documented order JSON (samples.ts). Edge cases: each status to its
 * stage, the order.created topic, tracking from Shipment Tracking's meta or a courier plugin's
 * field, cancelled/refunded/failed ignored, other topics refused, a body that is no order, a
 * customer without a usable phone or email, a phone in another country, odd totals; and for any
 * JSON whatsoever: no throw, either events or a named refusal.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SHOP_REFUSALS } from './platform.js';
import { WOOCOMMERCE_ORDER_SAMPLE } from './samples.js';
import { woocommerce } from './woocommerce.js';

const order = (patch: Record<string, unknown> = {}) => ({ ...(JSON.parse(WOOCOMMERCE_ORDER_SAMPLE) as Record<string, unknown>), ...patch });
const map = (body: unknown, topic: string | null = 'order.updated') => woocommerce.map({ topic, body });
const types = (body: unknown, topic: string | null = 'order.updated') => {
  const m = map(body, topic);
  return m.ok ? m.events.map((e) => e.type) : m.reason;
};

describe('WooCommerce order webhooks', () => {
  it('maps a paid (processing) order to order.paid with the customer, lines and total', () => {
    const m = map(order());
    expect(m).toEqual({
      ok: true,
      events: [{
        id: 'woocommerce:727:order.paid',
        type: 'order.paid',
        occurredAt: '2026-11-23T02:05:00.000Z',
        contact: { name: 'Budi Santoso', phone: '+6281234567890', email: 'budi@example.com' },
        order: { number: '727', invoiceNumber: '727', items: [{ name: 'Kopi Arabika', quantity: 2, price: 50000 }], total: 110000, currency: 'IDR' },
      }],
    });
  });

  it.each([
    ['pending', ['order.created']],
    ['on-hold', ['order.created']],
    ['processing', ['order.paid']],
    ['completed', ['order.received']],
    ['cancelled', 'ignored_status'],
    ['refunded', 'ignored_status'],
    ['failed', 'ignored_status'],
    ['checkout-draft', 'ignored_status'],
    ['trash', 'ignored_status'],
  ])('status %s → %j', (status, expected) => {
    expect(types(order({ status }))).toEqual(expected);
  });

  it('the order.created topic is order.created, then the stage its status says', () => {
    expect(types(order({ status: 'pending' }), 'order.created')).toEqual(['order.created']);
    expect(types(order({ status: 'processing' }), 'order.created')).toEqual(['order.created', 'order.paid']);
  });

  it('a tracking number (Shipment Tracking extension) makes order.delivery with it as the document number', () => {
    const tracked = order({ meta_data: [{ id: 1, key: '_wc_shipment_tracking_items', value: [{ tracking_provider: 'jne', tracking_number: 'JNE0012345', date_shipped: '1795910400' }] }] });
    const m = map(tracked);
    expect(m.ok && m.events.map((e) => [e.id, e.order.trackingNumber])).toEqual([
      ['woocommerce:727:order.paid', 'JNE0012345'],
      ['woocommerce:727:order.delivery', 'JNE0012345'],
    ]);
    expect(types({ ...tracked, status: 'completed' })).toEqual(['order.delivery', 'order.received']);
    expect(types({ ...tracked, status: 'pending' })).toEqual(['order.created']);
  });

  it('takes a PDF invoice plugin\'s number for order.paid, else the order number', () => {
    const m = map(order({ meta_data: [{ id: 3, key: '_wcpdf_invoice_number', value: 'INV-2026-0042' }] }));
    expect(m.ok && m.events[0]!.order).toMatchObject({ number: '727', invoiceNumber: 'INV-2026-0042' });
  });

  it('reads a courier plugin\'s plain resi field', () => {
    const m = map(order({ meta_data: [{ id: 9, key: 'resi', value: ' SICEPAT-778 ' }] }));
    expect(m.ok && m.events[1]).toMatchObject({ type: 'order.delivery', order: { trackingNumber: 'SICEPAT-778' } });
  });

  it('refuses other topics, and bodies that are no order', () => {
    expect(types(order(), 'customer.created')).toBe('unsupported_topic');
    expect(types(order(), 'order.deleted')).toBe('unsupported_topic');
    expect(types({ webhook_id: 3 })).toBe('not_an_order');
    expect(types([])).toBe('not_an_order');
    expect(types(order({ id: '727' }))).toBe('not_an_order');
    expect(types(null)).toBe('not_an_order');
  });

  it('drops an unusable phone but keeps the email; refuses a customer with neither', () => {
    const noPhone = map(order({ billing: { ...order().billing as object, phone: 'WA saja' } }));
    expect(noPhone.ok && noPhone.events[0]!.contact).toEqual({ name: 'Budi Santoso', email: 'budi@example.com' });
    expect(types(order({ billing: { first_name: 'Budi', phone: '', email: 'bukan-email' } }))).toBe('no_contact');
  });

  it('reads national numbers in the billing country, Indonesia by default', () => {
    const my = map(order({ billing: { first_name: 'Aminah', phone: '012-345 6789', country: 'MY' } }));
    expect(my.ok && my.events[0]!.contact.phone).toBe('+60123456789');
    const none = map(order({ billing: { first_name: 'Dewi', phone: '0812 3456 7890' } }));
    expect(none.ok && none.events[0]!.contact).toEqual({ name: 'Dewi', phone: '+6281234567890' });
  });

  it('leaves out a total that is not an amount, and falls back to the id for the number', () => {
    const m = map(order({ total: 'gratis', number: '' }));
    expect(m.ok && m.events[0]!.order).toMatchObject({ number: '727' });
    expect(m.ok && 'total' in m.events[0]!.order).toBe(false);
  });

  it('never throws on any JSON: either events of the trigger table or a named refusal', () => {
    const arbitraryOrder = fc.record({
      id: fc.oneof(fc.integer(), fc.string(), fc.constant(727)),
      status: fc.oneof(fc.constantFrom('pending', 'processing', 'on-hold', 'completed', 'cancelled'), fc.string()),
      billing: fc.oneof(fc.jsonValue(), fc.record({ phone: fc.string(), email: fc.string(), country: fc.string() })),
      line_items: fc.oneof(fc.jsonValue(), fc.array(fc.record({ name: fc.jsonValue(), quantity: fc.jsonValue(), price: fc.jsonValue() }))),
      total: fc.jsonValue(),
      meta_data: fc.jsonValue(),
    }, { requiredKeys: [] });
    fc.assert(fc.property(fc.oneof(fc.jsonValue(), arbitraryOrder), fc.option(fc.string()), (body, topic) => {
      const m = woocommerce.map({ topic, body });
      if (m.ok) {
        expect(m.events.length).toBeGreaterThan(0);
        for (const e of m.events) expect(e.id.startsWith('woocommerce:')).toBe(true);
      } else {
        expect(SHOP_REFUSALS).toContain(m.reason);
      }
    }), { numRuns: 500 });
  });
});
