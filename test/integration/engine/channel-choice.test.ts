/**
 * Channel choice (issue 9 part 5) over HTTP: an automation or broadcast names channels in order;
 * each intent becomes one message on the first channel that reaches the contact, and a second
 * message on the next channel only after a permanent failure (recorded with the failure).
 * WhatsApp goes to the local Cloud API server; SMS and email to the sandbox (no provider set).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeWhatsApp, type FakeWhatsApp } from '../../support/fake-whatsapp/server.js';
import { sweepDelivery } from '../../../src/app/delivery-worker.js';
import { eventually, startTestApp, type TestApp } from '../../support/test-app.js';

let wa: FakeWhatsApp;
let t: TestApp;
let templateId: string;
let seq = 0;

interface Msg { id: string; channel: string; status: string; recipient: string | null; failureReason: string | null; fallbackOf: string | null; fallbackChannels: string[]; body: string; attempts: number }

async function json(res: Response, status: number) {
  const body = await res.json();
  if (res.status !== status) throw new Error(`${res.status}: ${JSON.stringify(body)}`);
  return body;
}
const post = (path: string, body: unknown) => t.api(path, { method: 'POST', json: body });
const settledList = (query: string, count: number) => eventually(async () => {
  const list = await json(await t.api(`/api/v1/messages?${query}`), 200) as { items: Msg[] };
  return list.items.length === count && list.items.every((m) => m.status !== 'queued' && m.status !== 'sending') ? list.items : undefined;
}, 20_000, `${count} settled messages for ${query}`);

beforeAll(async () => {
  wa = await startFakeWhatsApp();
  t = await startTestApp({ whatsapp: wa });
  templateId = (await json(await post('/api/v1/templates', { code: 'Pilihan Kanal', message: 'Halo {contactname}, pesanan {documentnumber} kami terima.', subject: 'Pesanan {documentnumber}' }), 201)).id;
});
afterAll(async () => {
  await t?.close();
  await wa?.close();
});

describe('the API', () => {
  it('keeps the channels in order with channel as the first, and refuses a disagreement or a repeat', async () => {
    const a = await json(await post('/api/v1/automations', { name: 'urut', trigger: 'order.created', templateId, channels: ['whatsapp', 'sms', 'email'], enabled: false }), 201);
    expect(a).toMatchObject({ channel: 'whatsapp', channels: ['whatsapp', 'sms', 'email'] });
    const old = await json(await post('/api/v1/automations', { name: 'lama', trigger: 'order.created', templateId, channel: 'sms', enabled: false }), 201);
    expect(old).toMatchObject({ channel: 'sms', channels: ['sms'] });
    // An older client naming only `channel` moves it first and keeps the rest.
    const moved = await json(await t.api(`/api/v1/automations/${a.id}`, { method: 'PATCH', json: { channel: 'email' } }), 200);
    expect(moved.channels).toEqual(['email', 'whatsapp', 'sms']);
    const disagree = await post('/api/v1/automations', { name: 'x', trigger: 'order.created', templateId, channel: 'sms', channels: ['whatsapp', 'sms'] });
    expect(disagree.status).toBe(422);
    expect((await disagree.json()).code).toBe('automation.channels_invalid');
    for (const channels of [['sms', 'sms'], [], ['fax'], ['whatsapp', 'sms', 'email', 'push', 'inapp', 'whatsapp'], ['sms\u0000']]) {
      const res = await post('/api/v1/automations', { name: 'x', trigger: 'order.created', templateId, channels });
      expect(res.status, JSON.stringify(channels)).toBe(400);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
    }
    const b = await json(await post('/api/v1/broadcasts', { name: 'b', templateId: (await json(await post('/api/v1/templates', { code: `B ${++seq}`, message: 'Halo {contactname}' }), 201)).id, channels: ['sms', 'email'], contactIds: [a.id] }).then((r) => r), 422);
    expect(b.code).toBe('broadcast.invalid');
  });

  it('documents channels in the OpenAPI', async () => {
    const doc = JSON.stringify(await json(await t.api('/api/openapi.json'), 200));
    expect(doc).toContain('Channels in order of preference');
  });

  it('answers a template with its spam warnings, and saves it anyway', async () => {
    const spammy = await json(await post('/api/v1/templates', { code: `Spam ${++seq}`, message: 'GRATIS!!! KLIK DI SINI', category: 'marketing', subject: 'Klaim Hadiahmu!!!' }), 201);
    expect(spammy.spamWarnings).toEqual(expect.arrayContaining([
      { field: 'subject', code: 'spam.prize', excerpt: 'Hadiahmu' },
      { field: 'message', code: 'spam.free', excerpt: 'GRATIS' },
      { field: 'message', code: 'spam.click_here', excerpt: 'KLIK DI SINI' },
    ]));
    // An order update's text is not marketing: only its subject is checked.
    const utility = await json(await post('/api/v1/templates', { code: `Util ${++seq}`, message: 'GRATIS ongkir untuk pesanan {documentnumber}', category: 'utility' }), 201);
    expect(utility.spamWarnings).toEqual([]);
  });

  it('answers hostile channel input with 4xx problem JSON, never 5xx', async () => {
    const bodies: unknown[] = [
      { name: 'x', trigger: 'order.created', templateId, channels: 'whatsapp' },
      { name: 'x', trigger: 'order.created', templateId, channels: [1e308] },
      { name: 'x', trigger: 'order.created', templateId, channels: ['\ud800'] },
      { name: 'x', trigger: 'order.created', templateId, channels: Array.from({ length: 10_000 }, () => 'sms') },
      { name: 'x', trigger: 'order.created', templateId, channel: null, channels: null },
    ];
    for (const body of bodies) {
      const res = await post('/api/v1/automations', body);
      expect(res.status, JSON.stringify(body).slice(0, 80)).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
    }
    // An id that is not this workspace's is not found, whatever the channels.
    const res = await t.api('/api/v1/automations/00000000-0000-4000-8000-000000000000', { method: 'PATCH', json: { channels: ['sms'] } });
    expect(res.status).toBe(404);
  });
});

describe('an automation with fallbacks', () => {
  let automationId: string;
  beforeAll(async () => {
    // Earlier automations on this trigger are disabled: each event here must make exactly one intent.
    for (const a of (await json(await t.api('/api/v1/automations'), 200)).items as { id: string }[]) {
      await json(await t.api(`/api/v1/automations/${a.id}`, { method: 'PATCH', json: { enabled: false } }), 200);
    }
    automationId = (await json(await post('/api/v1/automations', { name: 'wa sms email', trigger: 'order.created', templateId, channels: ['whatsapp', 'sms', 'email'] }), 201)).id;
  });
  const event = (contact: { phone?: string; email?: string }) => {
    const n = ++seq;
    return {
      id: `cc-evt-${n}`, type: 'order.created', occurredAt: new Date().toISOString(), contact: { externalId: `CC-${n}`, name: 'Budi', ...contact },
      order: { number: `SO-CC-${n}`, items: [{ name: 'Kopi', quantity: 1, price: 1000 }], total: 1000, currency: 'IDR' },
    };
  };
  const phone = () => `08125556${String(1000 + seq).slice(-4)}`;
  const messagesOf = async (eventBody: { messages: { id: string }[] }, count: number) => {
    const first = await json(await t.api(`/api/v1/messages/${eventBody.messages[0]!.id}`), 200) as Msg & { contactId: string };
    return settledList(`contactId=${first.contactId}&automationId=${automationId}`, count);
  };

  it('sends one WhatsApp message when WhatsApp reaches the contact', async () => {
    const before = wa.sent().length;
    const res = await json(await post('/api/v1/events', event({ phone: phone(), email: 'a@toko.test' })), 202);
    const [m] = await messagesOf(res, 1);
    expect(m).toMatchObject({ channel: 'whatsapp', status: 'sent', fallbackOf: null, fallbackChannels: ['sms', 'email'] });
    expect(wa.sent().length).toBe(before + 1);
  });

  it('goes to SMS when the contact opted out of WhatsApp', async () => {
    const e = event({ phone: phone(), email: 'b@toko.test' });
    await json(await post('/api/v1/contacts', { externalId: e.contact.externalId, name: 'Budi', phone: e.contact.phone, consent: { whatsapp: 'opted_out' } }), 201);
    const before = wa.requests.length;
    const res = await json(await post('/api/v1/events', e), 202);
    expect(res.messages).toHaveLength(1);
    const [m] = await messagesOf(res, 1);
    expect(m).toMatchObject({ channel: 'sms', status: 'sent', recipient: expect.stringMatching(/^\+628125556/), fallbackChannels: ['email'] });
    expect(wa.requests.length).toBe(before);
  });

  it('goes to email when the contact has no phone', async () => {
    const res = await json(await post('/api/v1/events', event({ email: 'c@toko.test' })), 202);
    const [m] = await messagesOf(res, 1);
    expect(m).toMatchObject({ channel: 'email', status: 'sent', recipient: 'c@toko.test', fallbackChannels: [] });
  });

  it('is skipped on the preferred channel with its reason when no channel reaches the contact', async () => {
    const e = event({ email: 'd@toko.test' });
    await json(await post('/api/v1/contacts', { externalId: e.contact.externalId, name: 'Budi', email: 'd@toko.test', consent: { email: 'opted_out' } }), 201);
    const res = await json(await post('/api/v1/events', e), 202);
    const [m] = await messagesOf(res, 1);
    expect(m).toMatchObject({ channel: 'whatsapp', status: 'skipped', failureReason: 'no_recipient: contact has no phone' });
  });

  it('hands the intent to SMS when the contact opts out of WhatsApp after the message was queued', async () => {
    const delayed = (await json(await post('/api/v1/automations', { name: 'later', trigger: 'order.paid', templateId, channels: ['whatsapp', 'sms'], delayMinutes: 60 }), 201)).id as string;
    try {
      const base = event({ phone: phone(), email: 'late@toko.test' });
      const e = { ...base, type: 'order.paid', order: { ...base.order, invoiceNumber: `INV-${base.order.number}` } };
      const res = await json(await post('/api/v1/events', e), 202);
      const queued = await json(await t.api(`/api/v1/messages/${res.messages[0].id as string}`), 200) as Msg & { contactId: string };
      expect(queued).toMatchObject({ channel: 'whatsapp', status: 'queued', fallbackChannels: ['sms'] });
      await json(await t.api(`/api/v1/contacts/${queued.contactId}`, { method: 'PATCH', json: { consent: { whatsapp: 'opted_out' } } }), 200);
      // Its hour has come: the sweep queues it again, and the worker finds the opt-out at send time.
      await t.rt.db.executeSql(`update messages set scheduled_at = now() - interval '2 hours' where id = $1`, [queued.id]);
      const before = wa.requests.length;
      await sweepDelivery(t.rt.workerDeps, { ...t.rt.config.delivery, reconcileChannels: ['whatsapp', 'sms'], overdueMs: 60_000 });
      const list = await settledList(`contactId=${queued.contactId}&automationId=${delayed}`, 2);
      const skipped = list.find((m) => m.channel === 'whatsapp')!;
      expect(skipped).toMatchObject({ status: 'skipped', failureReason: 'opted_out' });
      expect(list.find((m) => m.channel === 'sms')).toMatchObject({ status: 'sent', fallbackOf: skipped.id, fallbackChannels: [] });
      expect(wa.requests.length).toBe(before);
    } finally {
      await json(await t.api(`/api/v1/automations/${delayed}`, { method: 'PATCH', json: { enabled: false } }), 200);
    }
  });

  it('after a permanent WhatsApp failure sends one SMS, linked to the failed message', async () => {
    wa.failNext(1, { status: 400, body: { error: { message: '(#131026) Message undeliverable', type: 'OAuthException', code: 131026 } } });
    const res = await json(await post('/api/v1/events', event({ phone: phone(), email: 'e@toko.test' })), 202);
    const list = await messagesOf(res, 2);
    const failed = list.find((m) => m.channel === 'whatsapp')!;
    const sms = list.find((m) => m.channel === 'sms')!;
    expect(failed).toMatchObject({ status: 'failed', failureReason: 'whatsapp:131026' });
    expect(sms).toMatchObject({ status: 'sent', fallbackOf: failed.id, fallbackChannels: ['email'], body: failed.body });
    // The failed message names the one that took over, and is not sent again beside it.
    expect(await json(await t.api(`/api/v1/messages/${failed.id}`), 200)).toMatchObject({ fallbackAs: sms.id });
    const again = await post(`/api/v1/messages/${failed.id}/resend`, {});
    expect(again.status).toBe(409);
    expect(again.headers.get('content-type')).toContain('application/problem+json');
    expect((await again.json()).code).toBe('message.fell_back');
    // Settled: no third message appears later.
    await new Promise((r) => setTimeout(r, 300));
    expect((await settledList(`contactId=${(await json(await t.api(`/api/v1/messages/${sms.id}`), 200)).contactId}`, 2))).toHaveLength(2);
  });

  it('falls back when WhatsApp reports a permanent failure by status webhook after accepting the send; not for a transient code', async () => {
    const hook = `${t.url}/webhooks/whatsapp`;
    // Each a contact of its own (a shared email would match the earlier contact).
    const sentOne = async () => {
      const res = await json(await post('/api/v1/events', event({ phone: phone(), email: `g${seq}@toko.test` })), 202);
      const [m] = await messagesOf(res, 1);
      expect(m).toMatchObject({ channel: 'whatsapp', status: 'sent' });
      return { res, m: await json(await t.api(`/api/v1/messages/${m!.id}`), 200) as Msg & { providerMessageId: string } };
    };
    const undeliverable = await sentOne();
    const failed = wa.statusWebhook({ wamid: undeliverable.m.providerMessageId, status: 'failed', error: { code: 131026, title: 'Message undeliverable' } });
    expect((await wa.postWebhook(hook, failed)).status).toBe(200);
    const list = await messagesOf(undeliverable.res, 2);
    expect(list.find((m) => m.channel === 'whatsapp')).toMatchObject({ status: 'failed', failureReason: 'whatsapp:131026' });
    expect(list.find((m) => m.channel === 'sms')).toMatchObject({ status: 'sent', fallbackOf: undeliverable.m.id });
    // The same webhook again (Meta retries deliveries) makes no second fallback.
    expect((await wa.postWebhook(hook, failed)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 300));
    expect(await messagesOf(undeliverable.res, 2)).toHaveLength(2);

    const overloaded = await sentOne();
    expect((await wa.postWebhook(hook, wa.statusWebhook({ wamid: overloaded.m.providerMessageId, status: 'failed', error: { code: 131016, title: 'Service overloaded' } }))).status).toBe(200);
    await eventually(async () => ((await json(await t.api(`/api/v1/messages/${overloaded.m.id}`), 200)) as Msg).status === 'failed' || undefined, 10_000, 'failed');
    await new Promise((r) => setTimeout(r, 300));
    expect(await messagesOf(overloaded.res, 1)).toHaveLength(1);
  });

  it('does not fall back after a transient failure: WhatsApp is retried and sends once', async () => {
    wa.failNext(1, { status: 500, body: { error: { message: 'Service temporarily unavailable', type: 'OAuthException', code: 2 } } });
    const res = await json(await post('/api/v1/events', event({ phone: phone(), email: 'f@toko.test' })), 202);
    const [m] = await messagesOf(res, 1);
    expect(m).toMatchObject({ channel: 'whatsapp', status: 'sent', attempts: 2 });
  });
});

describe('a bounced email address', () => {
  const bounce = async (contactId: string) => {
    await t.rt.db.executeSql(`update contacts set email_bounced_at = now(), email_bounce_reason = '550 5.1.1 unknown user' where id = $1`, [contactId]);
  };

  it('is passed over by an automation: the next channel takes the intent, and the contact page says why', async () => {
    const tpl = await json(await post('/api/v1/templates', { code: `Bayar ${++seq}`, message: 'Halo {contactname}, pembayaran {documentnumber} kami terima.', subject: 'Pembayaran {documentnumber}' }), 201);
    const automation = await json(await post('/api/v1/automations', { name: 'email lalu sms', trigger: 'order.paid', templateId: tpl.id, channels: ['email', 'sms'] }), 201);
    const contact = await json(await post('/api/v1/contacts', { externalId: 'BOUNCE-1', name: 'Gita', phone: '081255580001', email: 'gita@toko.test' }), 201);
    await bounce(contact.id);
    expect(await json(await t.api(`/api/v1/contacts/${contact.id}`), 200)).toMatchObject({ emailBounced: { reason: '550 5.1.1 unknown user' } });
    const event = { id: `bounce-evt-${++seq}`, type: 'order.paid', contact: { externalId: 'BOUNCE-1' }, order: { number: `SO-BN-${seq}`, invoiceNumber: `INV-BN-${seq}`, items: [{ name: 'Kopi', quantity: 1 }] } };
    await json(await post('/api/v1/events', event), 202);
    const [m] = await settledList(`contactId=${contact.id}&automationId=${automation.id}`, 1);
    expect(m, m?.failureReason ?? '').toMatchObject({ channel: 'sms', status: 'sent', recipient: '+6281255580001' });
    // A new address is a fresh start: email again.
    await json(await t.api(`/api/v1/contacts/${contact.id}`, { method: 'PATCH', json: { email: 'gita.baru@toko.test' } }), 200);
    expect(await json(await t.api(`/api/v1/contacts/${contact.id}`), 200)).toMatchObject({ emailBounced: null });
    await json(await post('/api/v1/events', { ...event, id: `bounce-evt-${++seq}`, order: { ...event.order, number: `SO-BN-${seq}` } }), 202);
    const list = await settledList(`contactId=${contact.id}&automationId=${automation.id}`, 2);
    expect(list.map((x) => x.channel).sort()).toEqual(['email', 'sms']);
    await json(await t.api(`/api/v1/automations/${automation.id}`, { method: 'PATCH', json: { enabled: false } }), 200);
  });

  it('is passed over by a broadcast, set-based; with email alone the message is skipped as bounced', async () => {
    const tpl = await json(await post('/api/v1/templates', { code: `Kabar ${++seq}`, message: 'Halo {contactname}, ada kabar.', subject: 'Kabar untuk {contactname}' }), 201);
    const withPhone = (await json(await post('/api/v1/contacts', { name: 'Hana', phone: '081255580002', email: 'hana@toko.test' }), 201)).id as string;
    const emailOnly = (await json(await post('/api/v1/contacts', { name: 'Ical', email: 'ical@toko.test' }), 201)).id as string;
    await bounce(withPhone);
    await bounce(emailOnly);
    const b = await json(await post('/api/v1/broadcasts', { name: 'pantul', templateId: tpl.id, channels: ['email', 'sms'], contactIds: [withPhone, emailOnly] }), 201);
    await json(await post(`/api/v1/broadcasts/${b.id}/send`, {}), 202);
    const list = await settledList(`broadcastId=${b.id}`, 2) as (Msg & { contactId: string })[];
    expect(list.find((m) => m.contactId === withPhone)).toMatchObject({ channel: 'sms', status: 'sent' });
    expect(list.find((m) => m.contactId === emailOnly)).toMatchObject({ channel: 'email', status: 'skipped', failureReason: 'email_bounced' });
  });
});

describe('a broadcast with fallbacks', () => {
  it('picks per contact, set-based: WhatsApp, SMS for the opted-out, email without a phone, skipped when none; one message each', async () => {
    const tpl = await json(await post('/api/v1/templates', { code: `Promo ${++seq}`, message: 'Halo {contactname}, ada promo.', subject: 'Promo untuk {contactname}' }), 201);
    const mk = async (name: string, extra: Record<string, unknown>) => (await json(await post('/api/v1/contacts', { name, ...extra }), 201)).id as string;
    const ids = {
      wa: await mk('Ani', { phone: '081255570001', email: 'ani@toko.test' }),
      sms: await mk('Bayu', { phone: '081255570002', consent: { whatsapp: 'opted_out' } }),
      email: await mk('Citra', { email: 'citra@toko.test' }),
      none: await mk('Dodi', { phone: '081255570004', consent: { whatsapp: 'opted_out', sms: 'opted_out' } }),
    };
    const b = await json(await post('/api/v1/broadcasts', { name: 'pilihan', templateId: tpl.id, channels: ['whatsapp', 'sms', 'email'], contactIds: Object.values(ids) }), 201);
    expect(b.channels).toEqual(['whatsapp', 'sms', 'email']);
    await json(await post(`/api/v1/broadcasts/${b.id}/send`, {}), 202);
    const list = await settledList(`broadcastId=${b.id}`, 4) as (Msg & { contactId: string })[];
    const of = (id: string) => list.filter((m) => m.contactId === id);
    expect(of(ids.wa)).toEqual([expect.objectContaining({ channel: 'whatsapp', status: 'sent', fallbackChannels: ['sms', 'email'] })]);
    expect(of(ids.sms)).toEqual([expect.objectContaining({ channel: 'sms', status: 'sent', body: 'Halo Bayu, ada promo.' })]);
    expect(of(ids.email)).toEqual([expect.objectContaining({ channel: 'email', status: 'sent', recipient: 'citra@toko.test' })]);
    expect(of(ids.none)).toEqual([expect.objectContaining({ channel: 'whatsapp', status: 'skipped', failureReason: 'opted_out' })]);
  });

  it('a permanent WhatsApp failure gives one SMS, personalised at send time', async () => {
    const tpl = await json(await post('/api/v1/templates', { code: `Promo ${++seq}`, message: 'Halo {contactname}, ada promo.' }), 201);
    const c = (await json(await post('/api/v1/contacts', { name: 'Eka', phone: '081255570005' }), 201)).id as string;
    const b = await json(await post('/api/v1/broadcasts', { name: 'gagal', templateId: tpl.id, channels: ['whatsapp', 'sms'], contactIds: [c] }), 201);
    wa.failNext(1, { status: 400, body: { error: { message: '(#131026) Message undeliverable', type: 'OAuthException', code: 131026 } } });
    await json(await post(`/api/v1/broadcasts/${b.id}/send`, {}), 202);
    const list = await settledList(`broadcastId=${b.id}`, 2);
    const failed = list.find((m) => m.channel === 'whatsapp')!;
    expect(failed.status).toBe('failed');
    expect(list.find((m) => m.channel === 'sms')).toMatchObject({ status: 'sent', fallbackOf: failed.id, body: 'Halo Eka, ada promo.', recipient: '+6281255570005' });
    // One intent, one count: the replaced WhatsApp message is not counted beside its SMS.
    const stats = (await json(await t.api(`/api/v1/broadcasts/${b.id}`), 200)).stats;
    expect(stats).toMatchObject({ total: 1, sent: 1, failed: 0 });
  });
});
