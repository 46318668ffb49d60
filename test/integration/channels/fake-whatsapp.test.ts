// The local Cloud API itself, spoken to with plain fetch: it must refuse what Meta refuses, or
// tests built on it would pass against requests WhatsApp rejects.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeWhatsApp, type FakeWhatsApp } from '../../support/fake-whatsapp/server.js';

let wa: FakeWhatsApp;
beforeEach(async () => {
  wa = await startFakeWhatsApp({ phoneNumberId: '555', accessToken: 'tok' });
});
afterEach(async () => {
  await wa.close();
});

async function post(body: unknown, init: { token?: string; path?: string; key?: string } = {}) {
  const headers: Record<string, string> = { 'content-type': 'application/json', authorization: `Bearer ${init.token ?? 'tok'}` };
  if (init.key) headers['idempotency-key'] = init.key;
  const res = await fetch(`${wa.baseUrl}${init.path ?? '/v21.0/555/messages'}`, { method: 'POST', headers, body: typeof body === 'string' ? body : JSON.stringify(body) });
  return { status: res.status, json: (await res.json()) as { error?: { code: number; type: string; message: string }; messages?: { id: string }[]; contacts?: unknown[] } };
}

const text = { messaging_product: 'whatsapp', to: '6281234567890', type: 'text', text: { body: 'hai' } };

describe('fake WhatsApp Cloud API', () => {
  it('answers a valid send in Meta\'s shape', async () => {
    const { status, json } = await post(text);

    expect(status).toBe(200);
    expect(json.contacts).toEqual([{ input: '6281234567890', wa_id: '6281234567890' }]);
    expect(json.messages![0]!.id).toMatch(/^wamid\./);
    expect(wa.sent()[0]).toMatchObject({ path: '/v21.0/555/messages', body: text, outcome: 'accepted', wamid: json.messages![0]!.id });
  });

  it('refuses a wrong bearer token with OAuthException 190', async () => {
    const { status, json } = await post(text, { token: 'nope' });

    expect(status).toBe(401);
    expect(json.error).toMatchObject({ code: 190, type: 'OAuthException' });
    expect(wa.sent()).toEqual([]);
  });

  it.each([
    ['no messaging_product', { ...text, messaging_product: undefined }],
    ['a + in to', { ...text, to: '+6281234567890' }],
    ['text without body', { ...text, text: {} }],
    ['template without name', { messaging_product: 'whatsapp', to: '628123456', type: 'template', template: { language: { code: 'id' } } }],
    ['template without language', { messaging_product: 'whatsapp', to: '628123456', type: 'template', template: { name: 'x' } }],
    ['an empty parameter', { messaging_product: 'whatsapp', to: '628123456', type: 'template', template: { name: 'x', language: { code: 'id' }, components: [{ type: 'body', parameters: [{ type: 'text', text: '' }] }] } }],
    ['an unknown type', { ...text, type: 'carrier_pigeon' }],
    ['a body that is not JSON', 'hello'],
  ])('refuses %s with code 100', async (_label, body) => {
    const { status, json } = await post(body);

    expect(status).toBe(400);
    expect(json.error).toMatchObject({ code: 100, message: '(#100) Invalid parameter' });
    expect(wa.sent()).toEqual([]);
  });

  it('refuses another phone number id', async () => {
    const { status, json } = await post(text, { path: '/v21.0/666/messages' });

    expect(status).toBe(400);
    expect(json.error?.code).toBe(100);
  });

  it('dedupes on Idempotency-Key: same wamid, recorded as a duplicate, sent once', async () => {
    const a = await post(text, { key: 'msg_1' });
    const b = await post(text, { key: 'msg_1' });
    const c = await post(text, { key: 'msg_2' });

    expect(b.json.messages![0]!.id).toBe(a.json.messages![0]!.id);
    expect(c.json.messages![0]!.id).not.toBe(a.json.messages![0]!.id);
    expect(wa.requests.map((r) => r.outcome)).toEqual(['accepted', 'duplicate', 'accepted']);
    expect(wa.sent()).toHaveLength(2);
  });

  it('answers injected failures in order, then goes back to normal', async () => {
    wa.failNext(2, { status: 429, body: { error: { code: 130429, message: 'Rate limit hit' } }, headers: { 'retry-after': '3' } });

    const first = await fetch(`${wa.baseUrl}/v21.0/555/messages`, { method: 'POST', headers: { authorization: 'Bearer tok' }, body: JSON.stringify(text) });
    const second = await post(text);
    const third = await post(text);

    expect(first.status).toBe(429);
    expect(first.headers.get('retry-after')).toBe('3');
    expect(second.status).toBe(429);
    expect(third.status).toBe(200);
    expect(wa.requests.map((r) => r.outcome)).toEqual(['injected', 'injected', 'accepted']);
  });

  it('signs webhooks so that the HMAC over the body matches the header', async () => {
    const { createHmac } = await import('node:crypto');
    const { body, headers } = wa.signedWebhook(wa.inboundWebhook({ from: '628111', text: 'STOP' }));

    expect(headers['x-hub-signature-256']).toBe(`sha256=${createHmac('sha256', wa.appSecret).update(body).digest('hex')}`);
    expect(JSON.parse(body)).toMatchObject({
      object: 'whatsapp_business_account',
      entry: [{ id: wa.wabaId, changes: [{ field: 'messages', value: { metadata: { phone_number_id: '555' }, messages: [{ from: '628111', type: 'text', text: { body: 'STOP' } }] } }] }],
    });
  });

  it('fills a status webhook from the recorded send', async () => {
    const sent = await post({ ...text, biz_opaque_callback_data: 'msg_5' }, { key: 'msg_5' });
    const wamid = sent.json.messages![0]!.id;

    const payload = wa.statusWebhook({ wamid, status: 'delivered' });

    expect(payload.entry[0]!.changes[0]!.value.statuses).toEqual([
      expect.objectContaining({ id: wamid, status: 'delivered', recipient_id: '6281234567890', biz_opaque_callback_data: 'msg_5' }),
    ]);
  });

  it('posts signed webhooks to a URL', async () => {
    const receiver = await startFakeWhatsApp();
    try {
      // The receiver answers 400 to a non-messages path but records what arrived: enough to see the POST.
      const res = await wa.postWebhook(`${receiver.baseUrl}/webhooks/whatsapp`, wa.inboundWebhook({ from: '628111', text: 'hi' }));
      expect(res.status).toBe(400);
      expect(receiver.requests[0]!.headers['x-hub-signature-256']).toMatch(/^sha256=[0-9a-f]{64}$/);
      expect(receiver.requests[0]!.body).toMatchObject({ object: 'whatsapp_business_account' });
    } finally {
      await receiver.close();
    }
  });
});
