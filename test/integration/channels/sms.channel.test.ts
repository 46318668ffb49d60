// The SMS channel against the local Twilio Messages API over real HTTP: the exact request on the
// wire, and how each kind of answer (or silence) becomes a SendResult.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createKeepAliveHttp } from '../../../src/adapters/channels/keep-alive-http.js';
import { createSmsChannel } from '../../../src/adapters/channels/sms.channel.js';
import type { OutboundMessage } from '../../../src/app/channel.port.js';
import { startFakeSms, type FakeSms } from '../../support/fake-sms.js';

const http = createKeepAliveHttp();
let sms: FakeSms;
beforeEach(async () => { sms = await startFakeSms(); });
afterEach(async () => { await sms.close(); });

const channel = (overrides: { from?: string; authToken?: string; statusCallback?: (m: OutboundMessage) => string | null; timeoutMs?: number; apiBase?: string } = {}) => createSmsChannel({
  apiBase: sms.baseUrl, accountSid: sms.accountSid, authToken: sms.authToken, from: '+6281100000000', ...overrides,
}, { http });

const message = (overrides: Partial<OutboundMessage> = {}): OutboundMessage => ({
  id: '6f1c1a52-0000-4000-8000-000000000001', workspaceId: 'ws-1', channel: 'sms', to: '+6281234567890',
  body: 'Halo Sari, pesanan INV-001 sudah dikirim.', content: { channel: 'sms' }, windowOpen: false, ...overrides,
});

describe('SMS channel: the request on the wire', () => {
  it('posts To, From, Body and StatusCallback form-encoded with basic auth to the account’s Messages.json', async () => {
    const result = await channel({ statusCallback: (m) => `https://sapa.example/webhooks/sms/ws-1?m=${m.id}` }).send(message());
    const [req] = sms.requests();
    const [created] = sms.messages();
    expect(result).toEqual({ ok: true, providerMessageId: created!.sid });
    expect(created!.sid).toMatch(/^SM[0-9a-f]{32}$/);
    expect(req!.method).toBe('POST');
    expect(req!.path).toBe(`/2010-04-01/Accounts/${sms.accountSid}/Messages.json`);
    expect(req!.headers.authorization).toBe(`Basic ${Buffer.from(`${sms.accountSid}:${sms.authToken}`).toString('base64')}`);
    expect(req!.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(req!.form).toEqual({
      To: '+6281234567890', From: '+6281100000000', Body: 'Halo Sari, pesanan INV-001 sudah dikirim.',
      StatusCallback: 'https://sapa.example/webhooks/sms/ws-1?m=6f1c1a52-0000-4000-8000-000000000001',
    });
    expect(created!.num_segments).toBe('1');
  });

  it('sends through a Messaging Service as MessagingServiceSid, and no StatusCallback without a public address', async () => {
    const service = `MG${'a'.repeat(32)}`;
    expect((await channel({ from: service }).send(message())).ok).toBe(true);
    expect(sms.requests()[0]!.form).toEqual({ To: '+6281234567890', MessagingServiceSid: service, Body: 'Halo Sari, pesanan INV-001 sudah dikirim.' });
  });

  it('declares that Twilio honours no idempotency key', () => {
    expect(channel()).toMatchObject({ kind: 'sms', transport: 'twilio', idempotent: false });
  });
});

describe('SMS channel: answers become outcomes', () => {
  it('an invalid number (21211) fails permanently with Twilio’s words', async () => {
    expect(await channel().send(message({ to: '0812' }))).toEqual({ ok: false, reason: 'sms:21211', failureClass: 'permanent', detail: "21211 Invalid 'To' Phone Number: 0812" });
  });

  it('a refused account (401/20003) is permanent and says where to fix it', async () => {
    const result = await channel({ authToken: 'wrong-token' }).send(message());
    expect(result).toMatchObject({ ok: false, reason: 'sms:20003', failureClass: 'permanent' });
    expect(!result.ok && result.detail).toMatch(/Pengaturan → SMS/);
  });

  it('429 is rate limited and 5xx transient', async () => {
    sms.failNext(429, 20429, 'Too Many Requests');
    expect(await channel().send(message())).toMatchObject({ ok: false, reason: 'sms:20429', failureClass: 'rate_limited' });
    sms.failNext(503, 20503, 'Service unavailable');
    expect(await channel().send(message())).toMatchObject({ ok: false, reason: 'sms:20503', failureClass: 'transient' });
  });

  it('Retry-After is passed on, and silence past the deadline may have sent (outcome unknown)', async () => {
    let hits = 0;
    const server: Server = createServer((req, res) => {
      hits++;
      if (hits === 1) {
        res.writeHead(429, { 'retry-after': '7', 'content-type': 'application/json' });
        res.end(JSON.stringify({ code: 20429, message: 'Too Many Requests', status: 429 }));
      }
      // The second request is never answered.
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      expect(await channel({ apiBase: base }).send(message())).toMatchObject({ ok: false, failureClass: 'rate_limited', retryAfterMs: 7000 });
      expect(await channel({ apiBase: base, timeoutMs: 200 }).send(message())).toMatchObject({ ok: false, reason: 'network', failureClass: 'transient', outcomeUnknown: true });
    } finally {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    }
  });

  it('a refused connection never reached the provider: not outcome-unknown', async () => {
    const result = await channel({ apiBase: 'http://127.0.0.1:1' }).send(message());
    expect(result).toMatchObject({ ok: false, reason: 'network', failureClass: 'transient' });
    expect(!result.ok && result.outcomeUnknown).toBe(false);
  });
});
