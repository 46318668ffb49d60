/**
 * Orders from WooCommerce and Shopify over HTTP, on the store under test: a connection answers its
 * webhook URL; a notification signed as the platform signs it (base64 HMAC-SHA256 of the raw body)
 * becomes the trigger's event and the automation's message, delivered to the local WhatsApp Cloud
 * API server; a bad or missing signature is 401 and changes nothing; a redelivery (same order and
 * stage, new delivery id) makes no second event or message; an unknown URL is 404; a signed body
 * that is no order is 4xx; WooCommerce's unsigned ping on creation is 200.
 */
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHOPIFY_FULFILLMENT_SAMPLE, SHOPIFY_ORDER_SAMPLE, WOOCOMMERCE_ORDER_SAMPLE } from '../../../src/domain/shop/samples.js';
import { startFakeWhatsApp, type FakeWhatsApp } from '../../support/fake-whatsapp/server.js';
import { eventually, startTestApp, type TestApp } from '../../support/test-app.js';
import { storeKindUnderTest } from '../../support/test-store.js';

let wa: FakeWhatsApp;
let t: TestApp;
const WOO_SECRET = 'wc-secret-Tk9#rahasia';
const SHOPIFY_SECRET = 'shpss_0123456789abcdef0123456789abcdef';
let wooUrl: string;
let shopifyUrl: string;

interface Msg { id: string; status: string; body: string; recipient: string | null; automationId: string | null }

async function json(res: Response, status: number) {
  const body = await res.json();
  if (res.status !== status) throw new Error(`${res.status}: ${JSON.stringify(body)}`);
  return body;
}
const sign = (secret: string, body: string) => createHmac('sha256', secret).update(Buffer.from(body, 'utf8')).digest('base64');
let delivery = 0;
const postWoo = (body: string, topic = 'order.updated', signature: string | null = sign(WOO_SECRET, body), url = wooUrl) => fetch(url, {
  method: 'POST', body,
  headers: {
    'content-type': 'application/json', 'user-agent': 'WooCommerce/9.4.0 Hookshot (WordPress/6.7)', 'x-wc-webhook-source': 'https://toko.example/',
    'x-wc-webhook-topic': topic, 'x-wc-webhook-resource': 'order', 'x-wc-webhook-event': topic.split('.')[1] ?? 'updated', 'x-wc-webhook-id': '12',
    'x-wc-webhook-delivery-id': String(++delivery), ...(signature === null ? {} : { 'x-wc-webhook-signature': signature }),
  },
});
const postShopify = (body: string, topic: string, signature: string | null = sign(SHOPIFY_SECRET, body), webhookId = `b54557e4-bdd9-4b37-8a5f-bf7d70bc${String(++delivery).padStart(4, '0')}`) => fetch(shopifyUrl, {
  method: 'POST', body,
  headers: {
    'content-type': 'application/json', 'x-shopify-topic': topic, 'x-shopify-shop-domain': 'toko-sapa.myshopify.com', 'x-shopify-api-version': '2025-10',
    'x-shopify-webhook-id': webhookId, 'x-shopify-triggered-at': '2026-11-23T02:00:06.000Z', ...(signature === null ? {} : { 'x-shopify-hmac-sha256': signature }),
  },
});
const messagesOfAutomation = async (automationId: string) => (await json(await t.api(`/api/v1/messages?automationId=${automationId}`), 200) as { items: Msg[] }).items;
const settled = (automationId: string, count: number) => eventually(async () => {
  const items = await messagesOfAutomation(automationId);
  return items.length === count && items.every((m) => m.status === 'sent' || m.status === 'delivered' || m.status === 'failed') ? items : undefined;
}, 20_000, `${count} settled messages`);

const automations: Record<string, string> = {};

beforeAll(async () => {
  wa = await startFakeWhatsApp();
  t = await startTestApp({ whatsapp: wa, env: storeKindUnderTest() === 'postgres' ? { SAPA_SECRET_KEY: 'cGFzc3BocmFzZS1mb3ItdGhlLXNhcGEtdGVzdC1rZXk=' } : {} });
  const tpl = async (code: string, message: string) => (await json(await t.api('/api/v1/templates', { method: 'POST', json: { code, message } }), 201)).id as string;
  const auto = async (trigger: string, templateId: string) => {
    automations[trigger] = (await json(await t.api('/api/v1/automations', { method: 'POST', json: { name: `${trigger} dari toko`, trigger, templateId } }), 201)).id;
  };
  await auto('order.created', await tpl('Pesanan Baru', 'Halo {contactname}, terima kasih telah membeli {productname}. Kode penjualan Anda adalah {documentnumber}.'));
  await auto('order.paid', await tpl('Lunas', 'Halo {contactname}, pembayaran untuk {documentnumber} sudah kami terima.'));
  await auto('order.delivery', await tpl('Dikirim', 'Hai {contactname}, pesanan {productname} dikirim. Nomor resi: {documentnumber}.'));
  wooUrl = (await json(await t.api('/api/v1/shop-connections', { method: 'POST', json: { platform: 'woocommerce', secret: WOO_SECRET } }), 201)).webhookUrl;
  shopifyUrl = (await json(await t.api('/api/v1/shop-connections', { method: 'POST', json: { platform: 'shopify', secret: SHOPIFY_SECRET } }), 201)).webhookUrl;
});
afterAll(async () => {
  await t?.close();
  await wa?.close();
});

describe('shop connections', () => {
  it('answer a webhook URL with an unguessable token, and the secret masked', async () => {
    const list = await json(await t.api('/api/v1/shop-connections'), 200) as { items: { platform: string; webhookUrl: string; secret: string; topics: string[] }[] };
    expect(list.items.map((c) => c.platform)).toEqual(['shopify', 'woocommerce']);
    for (const c of list.items) {
      expect(c.webhookUrl).toMatch(new RegExp(`^${t.url}/webhooks/shop/${c.platform}/[A-Za-z0-9_-]{43}$`));
      expect(c.secret).toMatch(/^••••.{4}$/);
      expect(JSON.stringify(c)).not.toContain(c.platform === 'shopify' ? SHOPIFY_SECRET : WOO_SECRET);
    }
    expect(wooUrl).not.toBe(shopifyUrl.replace('shopify', 'woocommerce'));
  });

  it('refuse a second connection to the same platform (409)', async () => {
    const res = await t.api('/api/v1/shop-connections', { method: 'POST', json: { platform: 'shopify', secret: 'another-secret-123' } });
    expect(res.status).toBe(409);
    expect((await res.json()).errors).toEqual([expect.objectContaining({ field: 'platform', reason: 'shop.duplicate_platform' })]);
  });
});

describe('WooCommerce', () => {
  it('answers the unsigned ping WooCommerce sends when the webhook is saved', async () => {
    const res = await fetch(wooUrl, { method: 'POST', body: 'webhook_id=12', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(res.status).toBe(200);
    expect((await fetch(wooUrl, { method: 'POST' })).status).toBe(200);
    // A ping with a signature is a notification like any other: checked, and refused when wrong.
    expect((await fetch(wooUrl, { method: 'POST', body: 'webhook_id=12', headers: { 'x-wc-webhook-signature': sign('wrong', 'webhook_id=12') } })).status).toBe(401);
  });

  it('turns a signed paid order into order.paid and its message, once across redeliveries', async () => {
    const body = WOOCOMMERCE_ORDER_SAMPLE;
    const res = await postWoo(body);
    const answer = await json(res, 200) as { events: { type: string; created: boolean; messages: unknown[] }[] };
    expect(answer.events).toEqual([expect.objectContaining({ type: 'order.paid', created: true })]);
    expect(answer.events[0]!.messages).toHaveLength(1);
    const [msg] = await settled(automations['order.paid']!, 1);
    expect(msg, JSON.stringify(msg)).toMatchObject({ status: 'sent', body: 'Halo Budi Santoso, pembayaran untuk 727 sudah kami terima.', recipient: '+6281234567890' });
    expect(wa.sent().some((r) => (r.body as { to?: string } | null)?.to === '6281234567890')).toBe(true);

    // WooCommerce redelivers (a new delivery id), and sends the order again on an unrelated update.
    const again = await json(await postWoo(body), 200) as { events: { created: boolean; messages: unknown[] }[] };
    expect(again.events).toEqual([expect.objectContaining({ created: false })]);
    const noteAdded = JSON.stringify({ ...JSON.parse(body), customer_note: 'Tolong dibungkus rapi' });
    expect((await json(await postWoo(noteAdded), 200)).events[0].created).toBe(false);
    await new Promise((r) => setTimeout(r, 300));
    expect(await messagesOfAutomation(automations['order.paid']!)).toHaveLength(1);

    const contacts = await json(await t.api('/api/v1/contacts?q=budi@example.com'), 200) as { items: { phone: string; name: string }[] };
    expect(contacts.items).toEqual([expect.objectContaining({ phone: '+6281234567890', name: 'Budi Santoso' })]);
  });

  it('a tracking number in the order\'s meta makes order.delivery with the resi', async () => {
    const order = JSON.parse(WOOCOMMERCE_ORDER_SAMPLE);
    const body = JSON.stringify({ ...order, id: 728, number: '728', meta_data: [{ id: 5, key: '_wc_shipment_tracking_items', value: [{ tracking_provider: 'jne', tracking_number: 'JNE0012345' }] }] });
    const answer = await json(await postWoo(body), 200) as { events: { type: string }[] };
    expect(answer.events.map((e) => e.type)).toEqual(['order.paid', 'order.delivery']);
    const [msg] = await settled(automations['order.delivery']!, 1);
    expect(msg!.body).toBe('Hai Budi Santoso, pesanan Kopi Arabika dikirim. Nomor resi: JNE0012345.');
  });

  it('refuses a bad or missing signature with 401 and stores nothing', async () => {
    const body = JSON.stringify({ ...JSON.parse(WOOCOMMERCE_ORDER_SAMPLE), id: 900, number: '900' });
    for (const signature of [sign('wrong-secret', body), null, '', 'bm90IGEgc2lnbmF0dXJl', sign(WOO_SECRET, `${body} `)]) {
      const res = await postWoo(body, 'order.updated', signature);
      expect(res.status).toBe(401);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
    }
    // The body as received, byte for byte: a signature over re-serialised JSON does not pass.
    const spaced = WOOCOMMERCE_ORDER_SAMPLE.replace('"id": 727', '"id": 901');
    expect((await postWoo(spaced, 'order.updated', sign(WOO_SECRET, JSON.stringify(JSON.parse(spaced))))).status).toBe(401);
    const events = await json(await t.api('/api/v1/contacts?q=budi@example.com'), 200) as { items: { id: string }[] };
    const orders = await json(await t.api(`/api/v1/contacts/${events.items[0]!.id}/orders`), 200) as { items: { number: string }[] };
    expect(orders.items.map((o) => o.number).sort()).toEqual(['727', '728']);
  });

  it('answers 200 without an event for a cancelled order, so WooCommerce does not retry', async () => {
    const body = JSON.stringify({ ...JSON.parse(WOOCOMMERCE_ORDER_SAMPLE), id: 902, status: 'cancelled' });
    expect(await json(await postWoo(body), 200)).toMatchObject({ received: true, ignored: 'ignored_status' });
  });
});

describe('Shopify', () => {
  it('orders/create, orders/paid and orders/fulfilled become created, paid and delivery; each once', async () => {
    const created = await json(await postShopify(SHOPIFY_ORDER_SAMPLE, 'orders/create'), 200) as { events: { type: string; created: boolean }[] };
    expect(created.events).toEqual([expect.objectContaining({ type: 'order.created', created: true })]);
    const [msg] = await settled(automations['order.created']!, 1);
    expect(msg).toMatchObject({ recipient: '+6281311112222', body: 'Halo Siti Rahayu, terima kasih telah membeli Teh Melati - 100 g dan Gula Aren. Kode penjualan Anda adalah #1001.' });

    expect((await json(await postShopify(SHOPIFY_ORDER_SAMPLE, 'orders/paid'), 200)).events[0]).toMatchObject({ type: 'order.paid', created: true });
    // Shopify retries with the same X-Shopify-Webhook-Id.
    const webhookId = 'b54557e4-bdd9-4b37-8a5f-bf7d70bcde09';
    const fulfilled = SHOPIFY_ORDER_SAMPLE.replace('"fulfillments": []', `"fulfillments": [${SHOPIFY_FULFILLMENT_SAMPLE}]`);
    expect((await json(await postShopify(fulfilled, 'orders/fulfilled', undefined, webhookId), 200)).events[0]).toMatchObject({ type: 'order.delivery', created: true });
    expect((await json(await postShopify(fulfilled, 'orders/fulfilled', undefined, webhookId), 200)).events[0]).toMatchObject({ type: 'order.delivery', created: false });
    expect((await json(await postShopify(SHOPIFY_ORDER_SAMPLE, 'orders/create'), 200)).events[0]).toMatchObject({ created: false });

    const delivery = await settled(automations['order.delivery']!, 2);
    expect(delivery.map((m) => m.body)).toContain('Hai Siti Rahayu, pesanan Teh Melati - 100 g dan Gula Aren dikirim. Nomor resi: JNE0012345.');
    await new Promise((r) => setTimeout(r, 300));
    expect(await messagesOfAutomation(automations['order.created']!)).toHaveLength(1);
    expect(await messagesOfAutomation(automations['order.paid']!)).toHaveLength(3); // 727, 728 and #1001
  });

  it('a bad signature is 401; a topic Sapa does not act on is 200 and ignored', async () => {
    expect((await postShopify(SHOPIFY_ORDER_SAMPLE, 'orders/create', sign(WOO_SECRET, SHOPIFY_ORDER_SAMPLE))).status).toBe(401);
    expect((await postShopify(SHOPIFY_ORDER_SAMPLE, 'orders/create', null)).status).toBe(401);
    expect(await json(await postShopify(SHOPIFY_ORDER_SAMPLE, 'orders/cancelled'), 200)).toMatchObject({ ignored: 'unsupported_topic' });
  });
});

describe('hostile input', () => {
  it('answers 404 for an unknown platform or token, before reading the body', async () => {
    const token = wooUrl.split('/').pop()!;
    for (const path of [`/webhooks/shop/woocommerce/${'A'.repeat(43)}`, `/webhooks/shop/magento/${token}`, `/webhooks/shop/shopify/${token}`, '/webhooks/shop/woocommerce/%00', `/webhooks/shop/woocommerce/${token}x`]) {
      const res = await fetch(`${t.url}${path}`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
      expect(res.status, path).toBe(404);
    }
  });

  it('answers 4xx, never 5xx, for signed bodies that are no usable order', async () => {
    const order = JSON.parse(WOOCOMMERCE_ORDER_SAMPLE);
    const bodies: [string, number][] = [
      ['not json', 400],
      ['   ', 400],
      ['[]', 422],
      ['{"id": 1e300}', 422],
      [JSON.stringify({ ...order, id: 903, billing: { phone: '', email: '' } }), 422],
      [JSON.stringify({ ...order, id: 904, billing: { ...order.billing, first_name: 'Bu\u0000di' } }), 422],
      [JSON.stringify({ ...order, id: 905, number: '\ud800' }), 422],
      [JSON.stringify({ ...order, id: 906, total: 1e300, line_items: [{ name: 'X', quantity: 1e300, price: 1e300 }] }), 200],
      [JSON.stringify({ ...order, id: 907, date_paid_gmt: '0000-00-00T00:00:00' }), 200],
    ];
    for (const [body, status] of bodies) {
      const res = await postWoo(body);
      expect(res.status, body.slice(0, 80)).toBe(status);
      if (status !== 200) expect((await res.json()).code).toMatch(/^shop\./);
    }
  });

  it('checks the management routes\' input: platform, secret, another workspace\'s id', async () => {
    const post = (json: unknown) => t.api('/api/v1/shop-connections', { method: 'POST', json });
    expect((await post({ platform: 'magento', secret: 'abcdefghij' })).status).toBe(400);
    expect((await post({ platform: 'woocommerce', secret: 'abc\u0000defghij' })).status).toBe(400);
    expect((await post({ platform: 'woocommerce', secret: 'abc\ud800defghij' })).status).toBe(400);
    expect((await post({ platform: 'woocommerce', secret: 1e300 })).status).toBe(400);
    expect((await t.api('/api/v1/shop-connections/not-a-uuid')).status).toBe(404);
    expect((await t.api('/api/v1/shop-connections/00000000-0000-4000-8000-000000000000', { method: 'PATCH', json: { secret: 'new-secret-123' } })).status).toBe(404);
    const preview = (json: unknown) => t.api('/api/v1/shop-connections/preview', { method: 'POST', json });
    expect((await preview({ platform: 'shopify', topic: 'orders/\u0000', payload: '{}' })).status).toBe(400);
    expect(await json(await preview({ platform: 'shopify', topic: 'orders/create', payload: '{"id": 1e300}' }), 200)).toMatchObject({ ok: false, reason: 'not_an_order' });
  });
});

describe('workspaces', () => {
  it('another workspace sees none of these connections and cannot change them (404); its own Shopify connection is its own', async () => {
    const { store, passwords } = t.rt.deps;
    const ws = await store.workspaces.create({ name: 'Toko Lain' });
    await store.users.create({ workspaceId: ws.id, email: 'lain@toko.test', name: 'Lain', role: 'owner', passwordHash: await passwords.hash('password-lain-123') });
    const login = await t.client(null)('/api/v1/auth/login', { method: 'POST', json: { email: 'lain@toko.test', password: 'password-lain-123' } });
    const other = t.client((login.headers.get('set-cookie') ?? '').split(';')[0]!);
    const mine = (await json(await t.api('/api/v1/shop-connections'), 200) as { items: { id: string }[] }).items;
    expect((await json(await other('/api/v1/shop-connections'), 200)).items).toEqual([]);
    for (const c of mine) {
      expect((await other(`/api/v1/shop-connections/${c.id}`)).status).toBe(404);
      expect((await other(`/api/v1/shop-connections/${c.id}`, { method: 'PATCH', json: { secret: 'taken-over-123' } })).status).toBe(404);
      expect((await other(`/api/v1/shop-connections/${c.id}`, { method: 'DELETE' })).status).toBe(404);
    }
    const theirs = await json(await other('/api/v1/shop-connections', { method: 'POST', json: { platform: 'shopify', secret: 'their-own-secret-1' } }), 201);
    expect(theirs.webhookUrl).not.toBe(shopifyUrl);
    // Signed with their secret, the first workspace's URL still refuses it.
    expect((await postShopify(SHOPIFY_ORDER_SAMPLE, 'orders/create', sign('their-own-secret-1', SHOPIFY_ORDER_SAMPLE))).status).toBe(401);
  });
});

describe('the tester', () => {
  it('shows the events a sample becomes without storing or sending anything', async () => {
    const before = wa.sent().length;
    const body = JSON.stringify({ ...JSON.parse(WOOCOMMERCE_ORDER_SAMPLE), id: 999, number: 'WC-999' });
    const answer = await json(await t.api('/api/v1/shop-connections/preview', { method: 'POST', json: { platform: 'woocommerce', topic: 'order.created', payload: body } }), 200);
    expect(answer).toMatchObject({ ok: true, reason: null, events: [{ id: 'woocommerce:999:order.created', type: 'order.created' }, { id: 'woocommerce:999:order.paid', type: 'order.paid', order: { number: 'WC-999' } }] });
    expect(await json(await t.api('/api/v1/shop-connections/preview', { method: 'POST', json: { platform: 'woocommerce', payload: '{' } }), 200)).toMatchObject({ ok: false, reason: 'invalid_json' });
    await new Promise((r) => setTimeout(r, 300));
    expect(wa.sent().length).toBe(before);
    const contacts = await json(await t.api('/api/v1/contacts?q=budi@example.com'), 200) as { items: { id: string }[] };
    const orders = await json(await t.api(`/api/v1/contacts/${contacts.items[0]!.id}/orders`), 200) as { items: { number: string }[] };
    expect(orders.items.map((o) => o.number)).not.toContain('WC-999');
  });

  it('a changed secret takes effect at once; a deleted connection\'s URL is 404', async () => {
    const list = await json(await t.api('/api/v1/shop-connections'), 200) as { items: { id: string; platform: string }[] };
    const woo = list.items.find((c) => c.platform === 'woocommerce')!;
    await json(await t.api(`/api/v1/shop-connections/${woo.id}`, { method: 'PATCH', json: { secret: 'rotated-secret-456' } }), 200);
    const body = JSON.stringify({ ...JSON.parse(WOOCOMMERCE_ORDER_SAMPLE), id: 950, number: '950', status: 'pending' });
    expect((await postWoo(body)).status).toBe(401);
    expect((await postWoo(body, 'order.updated', sign('rotated-secret-456', body))).status).toBe(200);
    expect((await t.api(`/api/v1/shop-connections/${woo.id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await postWoo(body, 'order.updated', sign('rotated-secret-456', body))).status).toBe(404);
  });
});
