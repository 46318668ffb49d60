/**
 * WooCommerce order webhooks (REST API v3 order JSON; topics `order.created` and `order.updated`).
 *
 * WooCommerce sends the whole order on every change, so the stage comes from its `status`:
 * `pending` and `on-hold` (awaiting payment, e.g. bank transfer) → order.created; `processing`
 * (payment received) → order.paid; `completed` (fulfilled) → order.received. The `order.created`
 * topic is also order.created whatever the status. WooCommerce itself has no tracking number: an
 * order carrying one in its `meta_data` (the Shipment Tracking extension's
 * `_wc_shipment_tracking_items`, or a `tracking_number`/`resi` field from a courier plugin) while
 * processing or completed → order.delivery with it. Cancelled, refunded, failed, draft and trashed
 * orders become nothing.
 */
import {
  amountOf, arrayOf, contactOf, currencyOf, fullName, instantOf, itemsOf, objectOf, refuse, stageEvents, textOf,
  type ShopEventType, type ShopPlatformMapper,
} from './platform.js';

const TRACKING_KEYS = ['tracking_number', '_tracking_number', 'resi', 'no_resi', '_resi'];
// PDF Invoices & Packing Slips writes its number here; without it the order number is the invoice's.
const INVOICE_KEYS = ['_wcpdf_invoice_number', 'invoice_number', '_invoice_number'];

/** The invoice number a plugin stored in the order's meta data, if any. */
function invoiceOf(meta: unknown): string | undefined {
  for (const entry of arrayOf(meta)) {
    const m = objectOf(entry);
    if (typeof m?.key === 'string' && INVOICE_KEYS.includes(m.key)) {
      const v = textOf(m.value, 100);
      if (v) return v;
    }
  }
  return undefined;
}

/** The tracking number an order's meta data carries, if any (the last shipment's). */
function trackingOf(meta: unknown): string | undefined {
  let found: string | undefined;
  for (const entry of arrayOf(meta)) {
    const m = objectOf(entry);
    const key = typeof m?.key === 'string' ? m.key : '';
    if (key === '_wc_shipment_tracking_items') {
      for (const item of arrayOf(m?.value)) found = textOf(objectOf(item)?.tracking_number, 100) ?? found;
    } else if (TRACKING_KEYS.includes(key)) {
      found = textOf(m?.value, 100) ?? found;
    }
  }
  return found;
}

export const woocommerce: ShopPlatformMapper = {
  platform: 'woocommerce',
  label: 'WooCommerce',
  headers: { signature: 'x-wc-webhook-signature', topic: 'x-wc-webhook-topic', deliveryId: 'x-wc-webhook-delivery-id' },
  signature: 'hmac-sha256-base64',
  topics: ['order.created', 'order.updated'],
  table: [
    { when: 'order.created', trigger: 'order.created', documentNumber: 'number' },
    { when: 'status pending / on-hold', trigger: 'order.created', documentNumber: 'number' },
    { when: 'status processing', trigger: 'order.paid', documentNumber: 'meta_data _wcpdf_invoice_number, else number' },
    { when: 'meta_data tracking number (processing / completed)', trigger: 'order.delivery', documentNumber: 'tracking_number' },
    { when: 'status completed', trigger: 'order.received', documentNumber: 'number' },
  ],
  map({ topic, body }) {
    if (topic !== null && topic !== 'order.created' && topic !== 'order.updated' && topic !== 'order.restored') {
      return refuse('unsupported_topic', `Topic ${topic.slice(0, 60)} is not an order Sapa acts on`);
    }
    const order = objectOf(body);
    const id = order && typeof order.id === 'number' && Number.isSafeInteger(order.id) && order.id > 0 ? String(order.id) : undefined;
    if (!order || !id) return refuse('not_an_order', 'The body is not a WooCommerce order (no numeric id)');
    const status = textOf(order.status, 40) ?? '';
    const tracking = trackingOf(order.meta_data);

    const stages: { type: ShopEventType; at?: string | undefined }[] = [];
    if (topic === 'order.created') stages.push({ type: 'order.created', at: instantOf(order.date_created_gmt, true) });
    if (status === 'pending' || status === 'on-hold') stages.push({ type: 'order.created', at: instantOf(order.date_created_gmt, true) });
    else if (status === 'processing' || status === 'completed') {
      if (status === 'processing') stages.push({ type: 'order.paid', at: instantOf(order.date_paid_gmt, true) });
      if (tracking) stages.push({ type: 'order.delivery' });
      if (status === 'completed') stages.push({ type: 'order.received', at: instantOf(order.date_completed_gmt, true) });
    }
    if (stages.length === 0) return refuse('ignored_status', `Orders with status ${status || '(none)'} become no event`);

    const billing = objectOf(order.billing) ?? {};
    const shipping = objectOf(order.shipping) ?? {};
    const contact = contactOf({
      name: fullName(billing.first_name, billing.last_name) ?? fullName(shipping.first_name, shipping.last_name),
      phones: [billing.phone, shipping.phone],
      email: billing.email,
      country: billing.country ?? shipping.country,
    });
    if (!contact) return refuse('no_contact', 'The order has no usable billing.phone or billing.email');
    const total = amountOf(order.total);
    const number = textOf(order.number, 100) ?? id;
    return {
      ok: true,
      events: stageEvents('woocommerce', id, stages, contact, {
        number,
        invoiceNumber: invoiceOf(order.meta_data) ?? number,
        ...(tracking ? { trackingNumber: tracking } : {}),
        items: itemsOf(order.line_items, ['name']),
        ...(total !== undefined ? { total } : {}),
        currency: currencyOf(order.currency),
      }),
    };
  },
};
