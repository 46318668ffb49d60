/**
 * SMS end to end against the local Twilio Messages API: an automation's SMS goes out with our
 * receipts URL, receipts move it (delivered, undelivered with the error), a bad signature is
 * refused, a refused number fails at once, a rate limit is retried, and STOP opts the contact out.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { twilioSignature } from '../../../src/adapters/channels/sms-webhook.js';
import { startFakeSms, type FakeSms } from '../../support/fake-sms.js';
import { freePort } from '../../support/sapa-process.js';
import { eventually, startTestApp, type TestApp } from '../../support/test-app.js';

let t: TestApp;
let sms: FakeSms;
let workspaceId: string;
let seq = 0;

beforeAll(async () => {
  sms = await startFakeSms();
  const port = await freePort();
  t = await startTestApp({ env: {
    PORT: String(port), SAPA_PUBLIC_URL: `http://127.0.0.1:${port}`,
    SMS_API_BASE: sms.baseUrl, SMS_ACCOUNT_SID: sms.accountSid, SMS_AUTH_TOKEN: sms.authToken, SMS_FROM: '+6281100000000',
  } });
  workspaceId = (await (await t.api('/api/v1/auth/session')).json()).workspace.id;
  const tpl = await json(await post('/api/v1/templates', { code: 'SMS Pesanan', message: 'Halo {contactname}, pesanan {documentnumber} kami terima.' }), 201);
  await json(await post('/api/v1/automations', { name: 'sms order', trigger: 'order.created', templateId: tpl.id, channel: 'sms' }), 201);
}, 60_000);
afterAll(async () => {
  await t?.close();
  await sms?.close();
});

async function json(res: Response, status: number) {
  const body = await res.json();
  if (res.status !== status) throw new Error(`${res.status}: ${JSON.stringify(body)}`);
  return body;
}
const post = (path: string, body: unknown) => t.api(path, { method: 'POST', json: body });
const message = async (id: string) => json(await t.api(`/api/v1/messages/${id}`), 200);
const until = (id: string, done: (m: { status: string }) => boolean, what: string) => eventually(async () => {
  const m = await message(id);
  return done(m) ? m : undefined;
}, 20_000, what);
const settled = (id: string) => until(id, (m) => m.status !== 'queued' && m.status !== 'sending', `message ${id} settled`);

/** Orders an event for a contact with this phone; answers the SMS message's id. */
async function order(phone: string): Promise<string> {
  const n = ++seq;
  const res = await json(await post('/api/v1/events', {
    id: `sms-evt-${n}`, type: 'order.created', occurredAt: new Date().toISOString(),
    contact: { externalId: `SMS-${phone}`, name: 'Sari', phone },
    order: { number: `SO-SMS-${n}`, items: [{ name: 'Kopi', quantity: 1, price: 1000 }], total: 1000, currency: 'IDR' },
  }), 202);
  return res.messages[0].id as string;
}

/** Posts a form to the workspace's SMS webhook, signed with `token` as Twilio signs it. */
async function webhook(params: Record<string, string>, token = sms.authToken, query = '') {
  const url = `${t.url}/webhooks/sms/${workspaceId}${query}`;
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': twilioSignature(url, params, token) },
    body: new URLSearchParams(params).toString(),
  });
}

describe('SMS through the Twilio Messages API', () => {
  it('an automation’s SMS arrives with our receipts URL, and receipts move it to delivered', async () => {
    const id = await order('081234500001');
    const sent = await settled(id);
    const created = sms.messages().find((m) => m.sid === sent.providerMessageId);
    expect(sent).toMatchObject({ channel: 'sms', status: 'sent', recipient: '+6281234500001' });
    expect(created).toMatchObject({ to: '+6281234500001', from: '+6281100000000', body: 'Halo Sari, pesanan SO-SMS-1 kami terima.' });
    expect(created!.statusCallback).toBe(`${t.url}/webhooks/sms/${workspaceId}?m=${id}`);

    expect(await sms.sendStatus(created!.sid, 'sent')).toBe(200);
    expect(await sms.sendStatus(created!.sid, 'delivered')).toBe(200);
    expect(await until(id, (m) => m.status === 'delivered', 'delivered')).toMatchObject({ status: 'delivered' });
  });

  it('an undelivered receipt fails the message with the carrier’s error code', async () => {
    const id = await order('081234500002');
    const sent = await settled(id);
    expect(await sms.sendStatus(sent.providerMessageId, 'undelivered', { errorCode: 30003 })).toBe(200);
    expect(await until(id, (m) => m.status === 'failed', 'failed')).toMatchObject({ status: 'failed', failureReason: 'sms:30003' });
  });

  it('a receipt with a wrong signature is refused with 403 and changes nothing', async () => {
    const id = await order('081234500003');
    const sent = await settled(id);
    const params = { MessageSid: sent.providerMessageId, MessageStatus: 'delivered', AccountSid: sms.accountSid };
    const forged = await webhook(params, 'not-the-token', `?m=${id}`);
    expect(forged.status).toBe(403);
    expect((await forged.json()).code).toBe('sms.bad_signature');
    // Signed for another URL (the query is part of what is signed).
    const url = `${t.url}/webhooks/sms/${workspaceId}`;
    const moved = await fetch(`${url}?m=${id}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': twilioSignature(url, params, sms.authToken) }, body: new URLSearchParams(params).toString() });
    expect(moved.status).toBe(403);
    const unsigned = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(params).toString() });
    expect(unsigned.status).toBe(403);
    expect((await message(id)).status).toBe('sent');
  });

  it('a number Twilio refuses (21211) fails at once, without a retry', async () => {
    sms.failNext(400, 21211, "Invalid 'To' Phone Number");
    const before = sms.requests().length;
    const id = await order('081234500004');
    expect(await settled(id)).toMatchObject({ status: 'failed', failureReason: 'sms:21211', failureDetail: "21211 Invalid 'To' Phone Number" });
    expect(sms.requests().length - before).toBe(1);
  });

  it('429 from the provider is tried again and then sent', async () => {
    sms.failNext(429, 20429, 'Too Many Requests');
    const before = sms.requests().length;
    const id = await order('081234500005');
    await until(id, (m) => m.status === "sent", "sent after the retry");
    expect(sms.requests().slice(before).map((r) => r.status)).toEqual([429, 201]);
  }, 30_000);

  it('STOP opts the contact out of SMS and the next SMS is skipped; MULAI opts back in', async () => {
    const first = await settled(await order('081234500006'));
    const contactId = first.contactId as string;
    const stop = await webhook({ MessageSid: `SM${'1'.repeat(32)}`, SmsSid: `SM${'1'.repeat(32)}`, SmsStatus: 'received', From: '+6281234500006', To: '+6281100000000', Body: 'STOP', AccountSid: sms.accountSid });
    expect(stop.status).toBe(200);
    expect(stop.headers.get('content-type')).toMatch(/^text\/xml/);
    // The incoming SMS is in the inbox, in the contact's SMS conversation.
    const inbox = await json(await t.api('/api/v1/conversations?limit=100'), 200) as { items: { contactId: string; channel: string; lastMessageText: string; lastMessageDirection: string }[] };
    expect(inbox.items.find((c) => c.contactId === contactId && c.channel === 'sms')).toMatchObject({ lastMessageText: 'STOP', lastMessageDirection: 'in' });

    const contact = await json(await t.api(`/api/v1/contacts/${contactId}`), 200);
    expect(contact.consent.sms).toMatchObject({ status: 'opted_out' });
    expect(await settled(await order('081234500006'))).toMatchObject({ status: 'skipped', failureReason: 'opted_out' });

    expect((await webhook({ MessageSid: `SM${'2'.repeat(32)}`, From: '+6281234500006', To: '+6281100000000', Body: 'mulai' })).status).toBe(200);
    expect((await json(await t.api(`/api/v1/contacts/${contactId}`), 200)).consent.sms).toMatchObject({ status: 'opted_in' });
  });

  it('hostile webhooks get 4xx: unknown workspace, not a uuid, NUL, a body that is neither receipt nor SMS', async () => {
    const params = { MessageSid: `SM${'3'.repeat(32)}`, MessageStatus: 'delivered' };
    expect((await fetch(`${t.url}/webhooks/sms/00000000-0000-4000-8000-000000000000`, { method: 'POST', body: new URLSearchParams(params).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } })).status).toBe(404);
    expect((await fetch(`${t.url}/webhooks/sms/%00`, { method: 'POST', body: 'a=b' })).status).toBe(404);
    expect((await fetch(`${t.url}/webhooks/sms/${'9'.repeat(5000)}`, { method: 'POST', body: 'a=b' })).status).toBeLessThan(500);
    expect((await webhook({ MessageSid: 'SM\u0000x', MessageStatus: 'delivered' })).status).toBe(400);
    expect((await webhook({ MessageSid: `SM${'4'.repeat(32)}`, MessageStatus: 'constructor' })).status).toBe(400);
    expect((await webhook({ MessageSid: `SM${'5'.repeat(32)}`, From: '+628123\ud800', Body: 'STOP' })).status).toBe(400);
    expect((await webhook({ Nothing: 'here' })).status).toBe(400);
    // A receipt for a message we never sent is acknowledged (Twilio would only retry it) and changes nothing.
    expect((await webhook({ MessageSid: `SM${'6'.repeat(32)}`, MessageStatus: 'delivered' })).status).toBe(200);
  });
});
