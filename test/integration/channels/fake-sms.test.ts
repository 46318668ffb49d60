/**
 * The fake Twilio server over real HTTP, driven as the SMS adapter will drive it (fetch, form
 * encoding, basic auth): the Message resource on 201, each documented validation error, 401 on
 * bad credentials, a Messaging Service send, a forced 429, and signed status callbacks whose
 * signature checks out against Twilio's published example and an independent computation.
 */
import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeSms, twilioSignature, type FakeSms } from '../../support/fake-sms.js';

let sms: FakeSms | undefined;
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await sms?.close();
  sms = undefined;
  for (const c of closers.splice(0)) await c();
});

function send(s: FakeSms, form: Record<string, string>, auth = { user: s.accountSid, pass: s.authToken }, sid = s.accountSid) {
  return fetch(`${s.baseUrl}/2010-04-01/Accounts/${sid}/Messages.json`, {
    method: 'POST',
    headers: {
      authorization: 'Basic ' + Buffer.from(`${auth.user}:${auth.pass}`).toString('base64'),
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams(form).toString(),
  });
}

/** A webhook receiver standing in for Sapa's status-callback route. */
async function startReceiver() {
  const got: { url: string; headers: IncomingMessage['headers']; body: string }[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      got.push({ url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  closers.push(() => new Promise<void>((r) => server.close(() => r())));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, got };
}

describe('fake-sms (Twilio Messages API)', () => {
  it('creates a message and answers 201 with the Message resource', async () => {
    sms = await startFakeSms({ now: () => new Date('2024-03-01T02:03:04Z') });
    const body = 'a'.repeat(161);
    const res = await send(sms, { To: '+6281234567890', From: '+15005550006', Body: body });
    expect(res.status).toBe(201);
    const msg = await res.json() as Record<string, unknown>;
    expect(msg).toMatchObject({
      account_sid: sms.accountSid,
      api_version: '2010-04-01',
      body,
      to: '+6281234567890',
      from: '+15005550006',
      status: 'queued',
      direction: 'outbound-api',
      num_segments: '2',
      num_media: '0',
      error_code: null,
      error_message: null,
      messaging_service_sid: null,
      date_created: 'Fri, 01 Mar 2024 02:03:04 +0000',
      date_sent: null,
    });
    expect(msg['sid']).toMatch(/^SM[0-9a-f]{32}$/);
    expect(sms.accountSid).toMatch(/^AC[0-9a-f]{32}$/);
    expect(msg['uri']).toBe(`/2010-04-01/Accounts/${sms.accountSid}/Messages/${String(msg['sid'])}.json`);
    expect(sms.requests()).toEqual([expect.objectContaining({ method: 'POST', status: 201, form: { To: '+6281234567890', From: '+15005550006', Body: body } })]);
    expect(sms.messages()).toHaveLength(1);
  });

  it('answers 401 with error 20003 for missing or wrong credentials, or another account in the path', async () => {
    sms = await startFakeSms();
    const form = { To: '+6281234567890', From: '+15005550006', Body: 'Halo' };
    const noAuth = await fetch(`${sms.baseUrl}/2010-04-01/Accounts/${sms.accountSid}/Messages.json`, { method: 'POST', body: new URLSearchParams(form) });
    expect(noAuth.status).toBe(401);
    expect(await noAuth.json()).toEqual({ code: 20003, message: 'Authenticate', more_info: 'https://www.twilio.com/docs/errors/20003', status: 401 });
    expect((await send(sms, form, { user: sms.accountSid, pass: 'salah' })).status).toBe(401);
    expect((await send(sms, form, undefined, 'AC' + '0'.repeat(32))).status).toBe(401);
    expect(sms.messages()).toEqual([]);
  });

  it('validates as Twilio does', async () => {
    sms = await startFakeSms();
    const cases: [Record<string, string>, number][] = [
      [{ From: '+15005550006', Body: 'x' }, 21604],
      [{ To: '081234567890', From: '+15005550006', Body: 'x' }, 21211],
      [{ To: '+62 812', From: '+15005550006', Body: 'x' }, 21211],
      [{ To: '+6281234567890', Body: 'x' }, 21603],
      [{ To: '+6281234567890', From: '+15005550006' }, 21602],
      [{ To: '+6281234567890', From: '+15005550006', Body: '' }, 21602],
      [{ To: '+6281234567890', From: '+15005550006', Body: 'x'.repeat(1601) }, 21617],
    ];
    for (const [form, code] of cases) {
      const res = await send(sms, form);
      expect(res.status, JSON.stringify(form).slice(0, 80)).toBe(400);
      expect(await res.json()).toMatchObject({ code, status: 400, more_info: `https://www.twilio.com/docs/errors/${code}` });
    }
    expect((await send(sms, { To: '+6281234567890', From: '+15005550006', Body: 'x'.repeat(1600) })).status).toBe(201);
  });

  it('accepts a Messaging Service instead of From', async () => {
    sms = await startFakeSms();
    const service = 'MG' + 'a'.repeat(32);
    const res = await send(sms, { To: '+6281234567890', MessagingServiceSid: service, Body: 'Halo' });
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ status: 'accepted', messaging_service_sid: service, from: null, num_segments: '0' });
  });

  it('fails the next request on demand, then works again', async () => {
    sms = await startFakeSms();
    sms.failNext(429, 20429, 'Too Many Requests');
    const form = { To: '+6281234567890', From: '+15005550006', Body: 'Halo' };
    const res = await send(sms, form);
    expect(res.status).toBe(429);
    expect(await res.json()).toMatchObject({ code: 20429 });
    expect((await send(sms, form)).status).toBe(201);
  });

  it('signs like Twilio\'s published example', () => {
    // Twilio's "Webhooks security" example request.
    const params = { CallSid: 'CA1234567890ABCDE', Caller: '+12349013030', Digits: '1234', From: '+12349013030', To: '+18005551212' };
    expect(twilioSignature('https://mycompany.com/myapp.php?foo=1&bar=2', params, '12345')).toBe('0/KCTR6DLpKmkAf8muzZqo1nDgQ=');
  });

  it('posts signed status callbacks and keeps the message status', async () => {
    sms = await startFakeSms();
    const receiver = await startReceiver();
    const callback = `${receiver.url}/webhooks/sms/status?ws=toko-1`;
    const created = await (await send(sms, { To: '+6281234567890', From: '+15005550006', Body: 'Halo', StatusCallback: callback })).json() as { sid: string };
    expect(await sms.sendStatus(created.sid, 'sent')).toBe(204);
    expect(await sms.sendStatus(created.sid, 'undelivered', { errorCode: 30003 })).toBe(204);
    expect(receiver.got).toHaveLength(2);

    const [sent, undelivered] = receiver.got.map((g) => ({ ...g, form: Object.fromEntries(new URLSearchParams(g.body)) }));
    expect(sent!.url).toBe('/webhooks/sms/status?ws=toko-1');
    expect(sent!.headers['content-type']).toMatch(/^application\/x-www-form-urlencoded/);
    expect(sent!.form).toEqual({
      AccountSid: sms.accountSid, ApiVersion: '2010-04-01', From: '+15005550006', MessageSid: created.sid,
      MessageStatus: 'sent', SmsSid: created.sid, SmsStatus: 'sent', To: '+6281234567890',
    });
    expect(undelivered!.form).toMatchObject({ MessageStatus: 'undelivered', ErrorCode: '30003' });
    // Verify each signature independently: URL + sorted name/value pairs, HMAC-SHA1 with the token.
    for (const g of [sent!, undelivered!]) {
      const data = callback + Object.entries(g.form).sort(([p], [q]) => (p < q ? -1 : 1)).map(([k, v]) => k + v).join('');
      expect(g.headers['x-twilio-signature']).toBe(createHmac('sha1', sms.authToken).update(data).digest('base64'));
    }

    const fetched = await fetch(`${sms.baseUrl}/2010-04-01/Accounts/${sms.accountSid}/Messages/${created.sid}.json`, {
      headers: { authorization: 'Basic ' + Buffer.from(`${sms.accountSid}:${sms.authToken}`).toString('base64') },
    });
    expect(await fetched.json()).toMatchObject({ sid: created.sid, status: 'undelivered', error_code: 30003 });
  });

  it('answers 404 for an unknown path', async () => {
    sms = await startFakeSms();
    const res = await fetch(`${sms.baseUrl}/2010-04-01/Accounts/${sms.accountSid}/Calls.json`, { method: 'POST' });
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ code: 20404, status: 404 });
  });
});
