/**
 * Issue 9's proof: "a contact opted out of email receives no email from any path". A contact gets
 * one marketing email over a real SMTP conversation, unsubscribes with exactly the RFC 8058 POST,
 * and then every path that can make an email is tried on it — an automation, a broadcast (both set
 * by contact ids and by segment), a quick message, a journey's send step, a resend of the email it
 * got, and a WhatsApp → email fallback after a permanent WhatsApp failure. The SMTP server must
 * see nothing more for that address, while a control contact on the same paths does get email.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeWhatsApp, type FakeWhatsApp } from '../../support/fake-whatsapp/server.js';
import { startSmtpSink, type SmtpSink } from '../../support/smtp-sink.js';
import { eventually, marketingAtAnyHour, startTestApp, type TestApp } from '../../support/test-app.js';

const PUBLIC = 'https://sapa.toko.test';
const OUT = 'keluar@pelanggan.test';
const IN = 'tetap@pelanggan.test';
let t: TestApp;
let sink: SmtpSink;
let wa: FakeWhatsApp;
let marketing: string;
let out: { id: string };
let stay: { id: string };

interface Msg { id: string; contactId: string; channel: string; status: string; failureReason: string | null; fallbackOf: string | null }

beforeAll(async () => {
  sink = await startSmtpSink();
  wa = await startFakeWhatsApp();
  t = await startTestApp({ whatsapp: wa, env: {
    SMTP_URL: sink.url, EMAIL_FROM: 'Toko Sapa <halo@toko.test>', SAPA_PUBLIC_URL: PUBLIC,
    SAPA_SECRET_KEY: 'kunci-rahasia-untuk-tes-email-123', SAPA_JOURNEY_INTERVAL_MS: '100',
  } });
  // Quiet hours off and no frequency cap: the control contact receives several marketing emails here.
  await marketingAtAnyHour(t);
  marketing = (await json(await post('/api/v1/templates', {
    code: 'Promo Semua Jalur', category: 'marketing', message: 'Diskon untuk {contactname}', subject: 'Promo {contactname}',
  }), 201)).id;
  out = await json(await post('/api/v1/contacts', { externalId: 'OUT-1', name: 'Keluar', email: OUT, phone: '081255500011' }), 201);
  stay = await json(await post('/api/v1/contacts', { externalId: 'IN-1', name: 'Tetap', email: IN, phone: '081255500012' }), 201);
}, 60_000);
afterAll(async () => {
  await t?.close();
  await sink?.close();
  await wa?.close();
});

async function json(res: Response, status: number) {
  const body = await res.json();
  if (res.status !== status) throw new Error(`${res.status}: ${JSON.stringify(body)}`);
  return body;
}
const post = (path: string, body: unknown) => t.api(path, { method: 'POST', json: body });
const mailsTo = (address: string) => sink.messages().filter((m) => m.envelope.rcptTo.includes(address));
const settledOf = (query: string, count: number) => eventually(async () => {
  const items = (await json(await t.api(`/api/v1/messages?${query}`), 200)).items as Msg[];
  return items.length >= count && items.every((m) => m.status !== 'queued' && m.status !== 'sending') ? items : undefined;
}, 30_000, `${count} settled messages for ${query}`);

/** Every automation so far switched off: each event below makes exactly the intents of the one that follows. */
async function onlyAutomation(body: Record<string, unknown>): Promise<string> {
  for (const a of (await json(await t.api('/api/v1/automations'), 200)).items as { id: string }[]) {
    await json(await t.api(`/api/v1/automations/${a.id}`, { method: 'PATCH', json: { enabled: false } }), 200);
  }
  return (await json(await post('/api/v1/automations', { name: `a${Date.now()}`, trigger: 'order.created', templateId: marketing, ...body }), 201)).id;
}
let seq = 0;
const order = (externalId: string) => post('/api/v1/events', {
  id: `oo-evt-${++seq}`, type: 'order.created', contact: { externalId },
  order: { number: `SO-OO-${seq}`, items: [{ name: 'Kopi', quantity: 1, price: 1000 }], total: 1000, currency: 'IDR' },
});

describe('a contact who unsubscribed by one-click receives no email from any path', () => {
  let firstEmail: string;

  it('gets one marketing email, and unsubscribes with the RFC 8058 POST', async () => {
    const b = await json(await post('/api/v1/broadcasts', { name: 'awal', templateId: marketing, channel: 'email', contactIds: [out.id] }), 201);
    await json(await post(`/api/v1/broadcasts/${b.id}/send`, {}), 202);
    const [m] = await settledOf(`broadcastId=${b.id}`, 1);
    expect(m).toMatchObject({ status: 'sent' });
    firstEmail = m!.id;
    const mail = await eventually(async () => mailsTo(OUT)[0], 10_000, 'the first email');
    const link = /^<(https:\/\/sapa\.toko\.test\/u\/[A-Za-z0-9_.-]+)>$/.exec(mail.header('list-unsubscribe') ?? '')![1]!;
    const res = await fetch(t.url + link.slice(PUBLIC.length), { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
    expect(res.status).toBe(200);
    expect((await json(await t.api(`/api/v1/contacts/${out.id}`), 200)).consent.email).toMatchObject({ status: 'opted_out', source: 'unsubscribe_link' });
    sink.reset();
  });

  it('an automation on email: skipped as opted out; the control contact gets its email', async () => {
    const automationId = await onlyAutomation({ channel: 'email' });
    await json(await order('OUT-1'), 202);
    await json(await order('IN-1'), 202);
    expect(await settledOf(`contactId=${out.id}&automationId=${automationId}`, 1)).toEqual([expect.objectContaining({ channel: 'email', status: 'skipped', failureReason: 'opted_out' })]);
    await eventually(async () => mailsTo(IN)[0], 10_000, 'the control email');
  });

  it('a broadcast on email, by contact ids and by segment: skipped as opted out', async () => {
    const byIds = await json(await post('/api/v1/broadcasts', { name: 'ids', templateId: marketing, channel: 'email', contactIds: [out.id, stay.id] }), 201);
    await json(await post(`/api/v1/broadcasts/${byIds.id}/send`, {}), 202);
    const items = await settledOf(`broadcastId=${byIds.id}`, 2);
    expect(items.find((m) => m.contactId === out.id)).toMatchObject({ status: 'skipped', failureReason: 'opted_out' });
    expect(items.find((m) => m.contactId === stay.id)).toMatchObject({ status: 'sent' });

    const segment = await json(await post('/api/v1/segments', { name: 'Pelanggan uji', match: 'all', rules: [{ field: 'email', op: 'contains', value: '@pelanggan.test' }] }), 201);
    const bySegment = await json(await post('/api/v1/broadcasts', { name: 'segmen', templateId: marketing, channel: 'email', segmentId: segment.id }), 201);
    await json(await post(`/api/v1/broadcasts/${bySegment.id}/send`, {}), 202);
    const seg = await settledOf(`broadcastId=${bySegment.id}`, 2);
    expect(seg.find((m) => m.contactId === out.id)).toMatchObject({ status: 'skipped', failureReason: 'opted_out' });
  });

  it('a quick message on email is refused (422 quick_message.opted_out)', async () => {
    const res = await post(`/api/v1/contacts/${out.id}/messages`, { channel: 'email', text: 'Halo, paket Anda', subject: 'Paket' });
    expect(res.status).toBe(422);
    expect((await res.json()).code).toBe('quick_message.opted_out');
  });

  it('a resend of the email it received before: not sent', async () => {
    const res = await post(`/api/v1/messages/${firstEmail}/resend`, {});
    if (res.status === 202) {
      const again = await res.json() as Msg;
      const settled = await eventually(async () => {
        const m = await json(await t.api(`/api/v1/messages/${again.id}`), 200) as Msg;
        return m.status === 'queued' || m.status === 'sending' ? undefined : m;
      }, 20_000, 'the resend settled');
      expect(settled).toMatchObject({ status: 'skipped', failureReason: 'opted_out' });
    } else {
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
    }
  });

  it('a journey send step on email: no email', async () => {
    const j = await json(await post('/api/v1/journeys', {
      name: 'Keranjang email',
      definition: {
        trigger: { kind: 'event', eventType: 'cart.abandoned' },
        steps: [{ id: 's1', kind: 'send', templateId: marketing, channels: ['email'], next: null }],
        // Kept in the journey on opt-out, so the send step itself meets the opted-out contact.
        exit: { eventTypes: [], onOptOut: false }, allowReentry: false,
      },
    }), 201);
    await json(await post(`/api/v1/journeys/${j.id}/activate`, {}), 200);
    for (const externalId of ['OUT-1', 'IN-1']) await json(await post('/api/v1/events', { id: `oo-cart-${++seq}`, type: 'cart.abandoned', contact: { externalId } }), 202);
    const rows = await eventually(async () => {
      const r = (await t.rt.db.executeSql(`select contact_id, channel, status, failure_reason from messages where journey_id = $1`, [j.id])).rows as { contact_id: string; status: string; failure_reason: string | null }[];
      return r.length === 2 && r.every((x) => x.status !== 'queued' && x.status !== 'sending') ? r : undefined;
    }, 30_000, 'two journey messages settled');
    expect(rows.find((r) => String(r.contact_id) === out.id)).toMatchObject({ status: 'skipped', failure_reason: 'opted_out' });
    expect(rows.find((r) => String(r.contact_id) === stay.id)).toMatchObject({ status: 'sent' });
    await json(await post(`/api/v1/journeys/${j.id}/pause`, {}), 200);
  });

  it('WhatsApp then email: a permanent WhatsApp failure does not fall back to the opted-out email', async () => {
    const automationId = await onlyAutomation({ channels: ['whatsapp', 'email'] });
    wa.failNext(1, { status: 400, body: { error: { message: '(#131026) Message undeliverable', type: 'OAuthException', code: 131026 } } });
    await json(await order('OUT-1'), 202);
    const [failed] = await settledOf(`contactId=${out.id}&automationId=${automationId}`, 1);
    expect(failed).toMatchObject({ channel: 'whatsapp', status: 'failed', failureReason: 'whatsapp:131026' });
    // The control contact, the same failure: its email takes the intent.
    wa.failNext(1, { status: 400, body: { error: { message: '(#131026) Message undeliverable', type: 'OAuthException', code: 131026 } } });
    await json(await order('IN-1'), 202);
    const control = await settledOf(`contactId=${stay.id}&automationId=${automationId}`, 2);
    expect(control.map((m) => `${m.channel}:${m.status}`).sort()).toEqual(['email:sent', 'whatsapp:failed']);
    await new Promise((r) => setTimeout(r, 500));
    expect(await settledOf(`contactId=${out.id}&automationId=${automationId}`, 1)).toHaveLength(1);
  });

  it('and the SMTP server never saw that address again', () => {
    expect(mailsTo(OUT)).toEqual([]);
    expect(mailsTo(IN).length).toBeGreaterThanOrEqual(4);
  });
});
