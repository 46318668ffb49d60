/**
 * Shopify order webhooks (Admin API order JSON). The topic says the stage: `orders/create` →
 * order.created, `orders/paid` → order.paid, `orders/fulfilled` → order.delivery with the
 * fulfilment's `tracking_number`; `orders/updated` → order.delivery once a fulfilment carries a
 * tracking number, and order.received once a fulfilment's `shipment_status` is `delivered` (Shopify
 * has no topic of its own for that). The order's `name` (`#1001`) is the number customers see.
 *
 * Shopify's ids exceed 2^53 (JSON numbers lose digits in JavaScript), so the order is keyed by
 * the exact `admin_graphql_api_id` (`gid://shopify/Order/<id>`) when present.
 */
import {
  amountOf, arrayOf, contactOf, currencyOf, fullName, instantOf, itemsOf, objectOf, refuse, stageEvents, textOf,
  type ShopEventType, type ShopPlatformMapper,
} from './platform.js';

const TOPICS = ['orders/create', 'orders/paid', 'orders/fulfilled', 'orders/updated'] as const;

function orderIdOf(order: Readonly<Record<string, unknown>>): string | undefined {
  const gid = typeof order.admin_graphql_api_id === 'string' ? /^gid:\/\/shopify\/Order\/(\d{1,30})$/.exec(order.admin_graphql_api_id) : null;
  if (gid) return gid[1];
  return typeof order.id === 'number' && Number.isSafeInteger(order.id) && order.id > 0 ? String(order.id) : undefined;
}

/** The latest tracking number over the order's fulfilments, and whether one was delivered. */
function shipmentOf(fulfillments: unknown): { tracking?: string; delivered: boolean; deliveredAt?: string } {
  let tracking: string | undefined;
  let delivered = false;
  let deliveredAt: string | undefined;
  for (const f of arrayOf(fulfillments)) {
    const o = objectOf(f);
    if (!o) continue;
    tracking = textOf(o.tracking_number, 100) ?? arrayOf(o.tracking_numbers).map((t) => textOf(t, 100)).find(Boolean) ?? tracking;
    if (o.shipment_status === 'delivered') {
      delivered = true;
      deliveredAt = instantOf(o.updated_at) ?? deliveredAt;
    }
  }
  return { ...(tracking ? { tracking } : {}), delivered, ...(deliveredAt ? { deliveredAt } : {}) };
}

export const shopify: ShopPlatformMapper = {
  platform: 'shopify',
  label: 'Shopify',
  headers: { signature: 'x-shopify-hmac-sha256', topic: 'x-shopify-topic', deliveryId: 'x-shopify-webhook-id' },
  signature: 'hmac-sha256-base64',
  topics: TOPICS,
  table: [
    { when: 'orders/create', trigger: 'order.created', documentNumber: 'name' },
    { when: 'orders/paid', trigger: 'order.paid', documentNumber: 'name' },
    { when: 'orders/fulfilled, orders/updated with fulfillments[].tracking_number', trigger: 'order.delivery', documentNumber: 'tracking_number' },
    { when: 'fulfillments[].shipment_status delivered', trigger: 'order.received', documentNumber: 'name' },
  ],
  map({ topic, body }) {
    if (topic === null || !(TOPICS as readonly string[]).includes(topic)) {
      return refuse('unsupported_topic', topic === null ? 'X-Shopify-Topic is missing' : `Topic ${topic.slice(0, 60)} is not an order Sapa acts on`);
    }
    const order = objectOf(body);
    const id = order ? orderIdOf(order) : undefined;
    if (!order || !id) return refuse('not_an_order', 'The body is not a Shopify order (no id)');
    const shipment = shipmentOf(order.fulfillments);

    const stages: { type: ShopEventType; at?: string | undefined }[] = [];
    if (topic === 'orders/create') stages.push({ type: 'order.created', at: instantOf(order.created_at) });
    if (topic === 'orders/paid') stages.push({ type: 'order.paid', at: instantOf(order.processed_at) ?? instantOf(order.updated_at) });
    if (topic === 'orders/fulfilled' || (topic === 'orders/updated' && shipment.tracking)) stages.push({ type: 'order.delivery' });
    if ((topic === 'orders/fulfilled' || topic === 'orders/updated') && shipment.delivered) stages.push({ type: 'order.received', at: shipment.deliveredAt });
    if (stages.length === 0) return refuse('nothing_to_do', 'This update carries no new tracking number or delivery');

    const customer = objectOf(order.customer) ?? {};
    const billing = objectOf(order.billing_address) ?? {};
    const shipping = objectOf(order.shipping_address) ?? {};
    const contact = contactOf({
      name: fullName(customer.first_name, customer.last_name) ?? textOf(billing.name) ?? textOf(shipping.name),
      phones: [order.phone, customer.phone, billing.phone, shipping.phone],
      email: order.email ?? order.contact_email ?? customer.email,
      country: billing.country_code ?? shipping.country_code,
    });
    if (!contact) return refuse('no_contact', 'The order has no usable phone (phone, customer.phone, billing_address.phone) or email');
    const total = amountOf(order.total_price);
    const number = textOf(order.name, 100) ?? textOf(order.order_number, 100) ?? id;
    return {
      ok: true,
      events: stageEvents('shopify', id, stages, contact, {
        number,
        // Shopify has no invoice numbers: its order name is what the receipt shows.
        invoiceNumber: number,
        ...(shipment.tracking ? { trackingNumber: shipment.tracking } : {}),
        items: itemsOf(order.line_items, ['name', 'title']),
        ...(total !== undefined ? { total } : {}),
        currency: currencyOf(order.currency),
      }),
    };
  },
};
