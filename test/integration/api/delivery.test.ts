import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeWhatsApp, type FakeWhatsApp } from '../../support/fake-whatsapp/server.js';
import { eventually, startTestApp, type TestApp } from '../../support/test-app.js';

let wa: FakeWhatsApp;
let t: TestApp;
let seq = 0;

beforeAll(async () => {
  wa = await startFakeWhatsApp();
  t = await startTestApp({ whatsapp: wa });
  const tpl = async (code: string, message: string) => (await (await t.api('/api/v1/templates', { method: 'POST', json: { code, message } })).json()).id as string;
  const auto = async (trigger: string, templateId: string, extra: Record<string, unknown> = {}) => {
    const res = await t.api('/api/v1/automations', { method: 'POST', json: { name: `${trigger} auto`, trigger, templateId, ...extra } });
    if (res.status !== 201) throw new Error(await res.text());
  };
  await auto('order.created', await tpl('Terima Kasih', 'Halo {contactname}, Terima kasih telah membeli {productname}. Kode penjualan Anda adalah {documentnumber}. Kami akan segera memproses pesanan Anda.'));
  await auto('order.delivery', await tpl('Kirim', 'Hai {contactname}, Pesanan Anda telah dikirim! Nomor resi pengiriman Anda adalah {documentnumber}. Terima kasih telah berbelanja di toko kami.'));
  await auto('order.received', await tpl('Diterima', 'Pesanan {documentnumber} sudah diterima, {contactname}. Ulasan untuk {productname}?'), { delayMinutes: 60 * 24 });
});
afterAll(async () => {
  await t?.close();
  await wa?.close();
});
beforeEach(() => { seq++; });

const phone = () => `0812-5555-${String(1000 + seq).slice(-4)}`;
const e164 = () => `+628125555${String(1000 + seq).slice(-4)}`;

function orderEvent(type: string, overrides: Record<string, unknown> = {}) {
  return {
    id: `evt-${seq}-${type}`,
    type,
    occurredAt: new Date().toISOString(),
    contact: { externalId: `C-${seq}`, name: 'Budi', phone: phone() },
    order: { number: `SO-${seq}`, invoiceNumber: `INV-${seq}`, trackingNumber: `JNE${seq}`, items: [{ name: 'Kopi Arabika', quantity: 2, price: 50000 }, { name: 'Teh Melati', quantity: 1, price: 20000 }], total: 120000, currency: 'IDR' },
    user: { name: 'Sari' },
    ...overrides,
  };
}

async function post(body: unknown) {
  const res = await t.api('/api/v1/events', { method: 'POST', json: body });
  return { status: res.status, body: await res.json() };
}

const message = async (id: string) => (await t.api(`/api/v1/messages/${id}`)).json();
const until = (id: string, status: string, timeoutMs = 15_000) =>
  eventually(async () => { const m = await message(id); return m.status === status ? m : undefined; }, timeoutMs, `message ${id} ${status}`);

describe('events → automations → WhatsApp Cloud API', () => {
  it('renders the seed template and sends it as an approved template with ordered body parameters', async () => {
    const { status, body } = await post(orderEvent('order.created'));
    expect(status).toBe(202);
    expect(body.created).toBe(true);
    expect(body.messages).toHaveLength(1);
    expect(body.messages[0]).toMatchObject({ channel: 'whatsapp', status: 'queued' });
    const sent = await until(body.messages[0].id, 'sent');
    expect(sent.body).toBe(`Halo Budi, Terima kasih telah membeli Kopi Arabika dan Teh Melati. Kode penjualan Anda adalah SO-${seq}. Kami akan segera memproses pesanan Anda.`);
    expect(sent.recipient).toBe(e164());

    const req = wa.sent().find((r) => r.wamid === sent.providerMessageId)!;
    expect(req.path).toBe(`/v21.0/${wa.phoneNumberId}/messages`);
    expect(req.headers.authorization).toBe(`Bearer ${wa.accessToken}`);
    expect(req.headers['idempotency-key']).toBe(sent.id);
    expect(req.body).toEqual({
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to: e164().slice(1),
      type: 'template',
      biz_opaque_callback_data: sent.id,
      template: {
        name: 'terima_kasih',
        language: { code: 'id' },
        components: [{ type: 'body', parameters: [
          { type: 'text', text: 'Budi' }, { type: 'text', text: 'Kopi Arabika dan Teh Melati' }, { type: 'text', text: `SO-${seq}` },
        ] }],
      },
    });
  });

  it('produces its messages once when the same event arrives twice, also concurrently', async () => {
    const ev = orderEvent('order.created');
    const [a, b] = await Promise.all([post(ev), post(ev)]);
    expect([a.status, b.status]).toEqual([202, 202]);
    expect([a.body.created, b.body.created].sort()).toEqual([false, true]);
    expect(a.body.messages.map((m: { id: string }) => m.id)).toEqual(b.body.messages.map((m: { id: string }) => m.id));
    const again = await post(ev);
    expect(again.body.created).toBe(false);
    expect(again.body.messages[0].id).toBe(a.body.messages[0].id);
    await until(a.body.messages[0].id, 'sent');
    await new Promise((r) => setTimeout(r, 500));
    expect(wa.sent().filter((r) => (r.body as { biz_opaque_callback_data?: string }).biz_opaque_callback_data === a.body.messages[0].id)).toHaveLength(1);
    const list = await (await t.api(`/api/v1/messages?contactId=${a.body.contactId}`)).json();
    expect(list.items).toHaveLength(1);
  });

  it('answers a repeat of an event whose contact was erased since', async () => {
    const ev = orderEvent('order.created');
    const first = await post(ev);
    await until(first.body.messages[0].id, 'sent');
    expect((await t.api(`/api/v1/contacts/${first.body.contactId}`, { method: 'DELETE' })).status).toBe(204);
    const again = await post(ev);
    expect(again.status).toBe(202);
    expect(again.body).toMatchObject({ created: false, contactId: null });
    expect(again.body.messages.map((m: { id: string }) => m.id)).toEqual([first.body.messages[0].id]);
  });

  it('never sends with a hole: a missing value fails the message with its reason', async () => {
    const ev = orderEvent('order.delivery');
    delete (ev.order as { trackingNumber?: string }).trackingNumber;
    const { body } = await post(ev);
    expect(body.messages[0]).toMatchObject({ status: 'failed', failureReason: 'missing_value: documentnumber (order.trackingNumber)' });
    // Failed when it was planned: its failure time is when it was stored.
    const stored = await message(body.messages[0].id);
    expect(stored.failedAt).toBe(stored.createdAt);
    const before = wa.requests.length;
    await new Promise((r) => setTimeout(r, 700));
    expect(wa.requests.length).toBe(before);
  });

  it('keeps an order across its events: items left out are remembered, items given replace the old ones', async () => {
    await post(orderEvent('order.created'));
    const shipped = await post({ ...orderEvent('order.delivery'), order: { number: `SO-${seq}`, trackingNumber: `JNE-X${seq}`, currency: 'IDR' } });
    expect((await until(shipped.body.messages[0].id, 'sent')).body).toContain(`JNE-X${seq}`);
    // order.received carries no items: its message (delayed a day) names the stored order's products.
    const received = await post({ ...orderEvent('order.received'), order: { number: `SO-${seq}`, currency: 'IDR' } });
    expect((await message(received.body.messages[0].id)).body).toBe(`Pesanan SO-${seq} sudah diterima, Budi. Ulasan untuk Kopi Arabika dan Teh Melati?`);
    // A corrected order with new items replaces them.
    const corrected = await post({ ...orderEvent('order.created'), id: `evt-${seq}-fix`, order: { number: `SO-${seq}`, items: [{ name: 'Gula Aren', quantity: 1 }], currency: 'IDR' } });
    expect((await until(corrected.body.messages[0].id, 'sent')).body).toContain('membeli Gula Aren.');
  });

  it('schedules a delayed automation for later', async () => {
    const { body } = await post(orderEvent('order.received'));
    const scheduled = new Date(body.messages[0].scheduledAt).getTime();
    expect(scheduled - Date.now()).toBeGreaterThan(23.9 * 3600_000);
    expect((await message(body.messages[0].id)).status).toBe('queued');
  });

  it('rejects an event with an invalid phone with 422 and stores nothing', async () => {
    const ev = orderEvent('order.created', { contact: { externalId: `C-bad-${seq}`, name: 'X', phone: '12' } });
    const res = await t.api('/api/v1/events', { method: 'POST', json: ev });
    expect(res.status).toBe(422);
    expect(await res.json()).toMatchObject({ code: 'contact.invalid_phone', errors: [{ field: 'contact.phone' }] });
    const retry = await post({ ...ev, contact: { externalId: `C-bad-${seq}`, name: 'X', phone: '0812 1111 2222' } });
    expect(retry.body.created).toBe(true);
    await until(retry.body.messages[0].id, 'sent');
  });

  it('retries transient provider errors with backoff and sends once', async () => {
    wa.failNext(1, { status: 429, body: { error: { message: '(#130429) Rate limit hit', type: 'OAuthException', code: 130429 } }, headers: { 'retry-after': '1' } });
    const { body } = await post(orderEvent('order.created'));
    const id = body.messages[0].id;
    const sent = await until(id, 'sent', 30_000);
    expect(sent.attempts).toBe(2);
    expect(sent.history.map((h: { status: string }) => h.status)).toEqual(['queued', 'sending', 'queued', 'sending', 'sent']);
    expect(sent.history[2].reason).toBe('whatsapp:130429');
    expect(wa.sent().filter((r) => (r.body as { biz_opaque_callback_data?: string }).biz_opaque_callback_data === id)).toHaveLength(1);
  });

  it("fails at once on a permanent error with the provider's reason", async () => {
    wa.failNext(1, { status: 400, body: { error: { message: '(#131026) Message undeliverable', type: 'OAuthException', code: 131026, error_data: { messaging_product: 'whatsapp', details: 'Receiver is incapable of receiving this message' } } } });
    const { body } = await post(orderEvent('order.created'));
    const failed = await until(body.messages[0].id, 'failed');
    expect(failed.failureReason).toBe('whatsapp:131026');
    expect(failed.failureDetail).toContain('Receiver is incapable');
    expect(failed.attempts).toBe(1);
  });
});

describe('WhatsApp webhooks', () => {
  const hook = () => `${t.url}/webhooks/whatsapp`;

  it('answers the verification handshake', async () => {
    const ok = await fetch(`${hook()}?hub.mode=subscribe&hub.verify_token=verify-me&hub.challenge=12345`);
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe('12345');
    expect((await fetch(`${hook()}?hub.mode=subscribe&hub.verify_token=wrong&hub.challenge=1`)).status).toBe(403);
  });

  it('applies delivered, read and failed statuses; refuses a bad signature without any change', async () => {
    const { body } = await post(orderEvent('order.created'));
    const sent = await until(body.messages[0].id, 'sent');

    const forged = wa.statusWebhook({ wamid: sent.providerMessageId, status: 'read' });
    const bad = await fetch(hook(), { method: 'POST', body: JSON.stringify(forged), headers: { 'content-type': 'application/json', 'x-hub-signature-256': 'sha256=' + '0'.repeat(64) } });
    expect(bad.status).toBe(401);
    expect((await message(sent.id)).status).toBe('sent');

    expect((await wa.postWebhook(hook(), wa.statusWebhook({ wamid: sent.providerMessageId, status: 'delivered' }))).status).toBe(200);
    expect((await message(sent.id)).status).toBe('delivered');
    await wa.postWebhook(hook(), wa.statusWebhook({ wamid: sent.providerMessageId, status: 'read' }));
    // A late `delivered` after `read` does not move it back.
    await wa.postWebhook(hook(), wa.statusWebhook({ wamid: sent.providerMessageId, status: 'delivered' }));
    const read = await message(sent.id);
    expect(read.status).toBe('read');
    expect(read.readAt).not.toBeNull();

    seq++;
    const second = await post(orderEvent('order.created'));
    const s2 = await until(second.body.messages[0].id, 'sent');
    await wa.postWebhook(hook(), wa.statusWebhook({ wamid: s2.providerMessageId, status: 'failed', error: { code: 131047, title: 'Re-engagement message', details: 'More than 24 hours have passed since the recipient last replied' } }));
    const failed = await message(s2.id);
    expect(failed).toMatchObject({ status: 'failed', failureReason: 'whatsapp:131047' });
    expect(failed.failureDetail).toContain('Re-engagement message');
  });

  it("ignores a signed notification for a number that is not Sapa's", async () => {
    const { body } = await post(orderEvent('order.created'));
    const sent = await until(body.messages[0].id, 'sent');
    const payload = wa.statusWebhook({ wamid: sent.providerMessageId, status: 'read' });
    const value = payload.entry[0]!.changes[0]!.value as { metadata: { phone_number_id: string } };
    value.metadata.phone_number_id = '999999999999999';
    const res = await wa.postWebhook(hook(), payload);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ignored: true });
    expect((await message(sent.id)).status).toBe('sent');
  });

  it('an inbound message opens the 24-hour window: the next message goes as free-form text', async () => {
    await wa.postWebhook(hook(), wa.inboundWebhook({ from: e164(), text: 'Halo kak, pesanan saya sudah dikirim?', profileName: 'Budi' }));
    const { body } = await post(orderEvent('order.created'));
    const sent = await until(body.messages[0].id, 'sent');
    const req = wa.sent().find((r) => r.wamid === sent.providerMessageId)!;
    expect(req.body).toMatchObject({ type: 'text', text: { preview_url: false, body: sent.body } });
    const contact = await (await t.api(`/api/v1/contacts/${body.contactId}`)).json();
    expect(contact.whatsappLastInboundAt).not.toBeNull();
  });

  it('STOP or BERHENTI opts the contact out of WhatsApp: later messages are skipped', async () => {
    await post(orderEvent('order.created'));
    await wa.postWebhook(hook(), wa.inboundWebhook({ from: e164(), text: ' berhenti ' }));
    const { body } = await post({ ...orderEvent('order.created'), id: `evt-${seq}-after-stop`, order: { ...orderEvent('order.created').order, number: `SO-${seq}-b` } });
    expect(body.messages[0]).toMatchObject({ status: 'skipped', failureReason: 'opted_out' });
    const contact = await (await t.api(`/api/v1/contacts/${body.contactId}`)).json();
    expect(contact.consent.whatsapp).toMatchObject({ status: 'opted_out', source: 'inbound:BERHENTI' });
  });
});
