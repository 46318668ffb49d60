// The webhook side of the WhatsApp channel: the subscription handshake, the signature over the raw
// body, and Meta's payloads (built by the fake Cloud API) turned into statuses and inbound messages.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWhatsAppChannel } from '../../../src/adapters/channels/whatsapp.channel.js';
import { signRawWebhook, signWebhook, startFakeWhatsApp, type FakeWhatsApp } from '../../support/fake-whatsapp/server.js';
import { createKeepAliveHttp } from '../../../src/adapters/channels/keep-alive-http.js';

let wa: FakeWhatsApp;
beforeAll(async () => {
  wa = await startFakeWhatsApp();
});
afterAll(async () => {
  await wa.close();
});

const channel = () => createWhatsAppChannel({
  apiBase: wa.baseUrl, phoneNumberId: wa.phoneNumberId, accessToken: wa.accessToken, appSecret: wa.appSecret, verifyToken: 'verify-me',
}, { http: createKeepAliveHttp() });

function signed(payload: unknown) {
  const { body, headers } = wa.signedWebhook(payload);
  return { rawBody: Buffer.from(body), headers };
}

describe('verifySubscription', () => {
  it('echoes the challenge for our verify token', () => {
    expect(channel().verifySubscription({ 'hub.mode': 'subscribe', 'hub.verify_token': 'verify-me', 'hub.challenge': '1158201444' })).toBe('1158201444');
  });

  it.each([
    { 'hub.mode': 'subscribe', 'hub.verify_token': 'wrong', 'hub.challenge': '1' },
    { 'hub.mode': 'unsubscribe', 'hub.verify_token': 'verify-me', 'hub.challenge': '1' },
    { 'hub.mode': 'subscribe', 'hub.challenge': '1' },
    { 'hub.mode': 'subscribe', 'hub.verify_token': 'verify-me' },
  ])('refuses %o', (query) => {
    expect(channel().verifySubscription(query)).toBeNull();
  });
});

describe('parseWebhook: signature', () => {
  const payload = () => wa.inboundWebhook({ from: '6281234567890', text: 'Halo' });

  it('accepts the right signature', () => {
    expect(channel().parseWebhook(signed(payload())).ok).toBe(true);
  });

  it('accepts the header under any case and as an array', () => {
    const { rawBody, headers } = signed(payload());
    const sig = headers['x-hub-signature-256']!;
    expect(channel().parseWebhook({ rawBody, headers: { 'X-Hub-Signature-256': sig } }).ok).toBe(true);
    expect(channel().parseWebhook({ rawBody, headers: { 'x-hub-signature-256': [sig] } }).ok).toBe(true);
  });

  it('rejects a missing signature', () => {
    const { rawBody } = signed(payload());
    expect(channel().parseWebhook({ rawBody, headers: {} })).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it('rejects a signature made with another secret', () => {
    const { body, headers } = signWebhook('someone-else', payload());
    expect(channel().parseWebhook({ rawBody: Buffer.from(body), headers })).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it('rejects a tampered body', () => {
    const { rawBody, headers } = signed(payload());
    const tampered = Buffer.from(rawBody.toString('utf8').replace('Halo', 'STOP'));
    expect(channel().parseWebhook({ rawBody: tampered, headers })).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it('rejects a malformed signature header', () => {
    const { rawBody, headers } = signed(payload());
    const hex = headers['x-hub-signature-256']!.slice('sha256='.length);
    for (const bad of [hex, `sha1=${hex}`, `sha256=${hex.slice(2)}`, 'sha256=']) {
      expect(channel().parseWebhook({ rawBody, headers: { 'x-hub-signature-256': bad } })).toEqual({ ok: false, reason: 'bad_signature' });
    }
  });

  it('reports a correctly signed non-JSON or wrongly shaped body as malformed', () => {
    for (const raw of ['not json', '{"entry": "nope"}', 'null', '[]']) {
      const { body, headers } = signRawWebhook(wa.appSecret, raw);
      expect(channel().parseWebhook({ rawBody: Buffer.from(body), headers })).toEqual({ ok: false, reason: 'malformed' });
    }
  });

  it('checks the signature over the raw bytes, not a re-serialisation', () => {
    const raw = '{ "object": "whatsapp_business_account",\n  "entry": [] }';
    const { body, headers } = signRawWebhook(wa.appSecret, raw);
    expect(channel().parseWebhook({ rawBody: Buffer.from(body), headers })).toEqual({ ok: true, phoneNumberIds: [], statuses: [], inbound: [] });
  });
});

describe('parseWebhook: statuses', () => {
  it('turns a failed status into an update with Meta\'s code and text and our message id', () => {
    const payload = wa.statusWebhook({
      wamid: 'wamid.HBgLNjI4MTIzNDU2Nzg5MBUCABEYEjA=',
      recipientId: '6281234567890',
      status: 'failed',
      timestamp: 1_700_000_000,
      ourMessageId: 'msg_01',
      error: { code: 131047, title: 'Re-engagement message', details: 'Message failed to send because more than 24 hours have passed since the customer last replied to this number.' },
    });

    const result = channel().parseWebhook(signed(payload));

    expect(result).toEqual({
      ok: true,
      phoneNumberIds: [wa.phoneNumberId],
      inbound: [],
      statuses: [{
        providerMessageId: 'wamid.HBgLNjI4MTIzNDU2Nzg5MBUCABEYEjA=',
        status: 'failed',
        at: new Date(1_700_000_000_000),
        errorCode: '131047',
        errorDetail: 'Re-engagement message: Message failed to send because more than 24 hours have passed since the customer last replied to this number.',
        ourMessageId: 'msg_01',
      }],
    });
  });

  it('reads sent/delivered/read for a message really sent through the fake', async () => {
    const sendResult = await channel().send({
      id: 'msg_77', workspaceId: 'ws', channel: 'whatsapp', to: '+6285700000001', body: 'Hai', content: { channel: 'whatsapp', params: [], template: null }, windowOpen: true,
    });
    if (!sendResult.ok) throw new Error(sendResult.detail);

    const parsed = (['sent', 'delivered', 'read'] as const).map((status) =>
      channel().parseWebhook(signed(wa.statusWebhook({ wamid: sendResult.providerMessageId, status, timestamp: 1_700_000_100 }))));

    for (const [i, status] of (['sent', 'delivered', 'read'] as const).entries()) {
      expect(parsed[i]).toEqual({
        ok: true,
        phoneNumberIds: [wa.phoneNumberId],
        inbound: [],
        statuses: [{ providerMessageId: sendResult.providerMessageId, status, at: new Date(1_700_000_100_000), ourMessageId: 'msg_77' }],
      });
    }
  });

  it('skips status kinds it does not know and keeps the rest', () => {
    const payload = wa.statusWebhook({ wamid: 'wamid.A', recipientId: '628111', status: 'delivered', timestamp: 1 });
    const value = payload.entry[0]!.changes[0]!.value;
    value.statuses = [{ id: 'wamid.B', status: 'deleted', timestamp: '1', recipient_id: '628111' }, ...(value.statuses as unknown[])];

    const result = channel().parseWebhook(signed(payload));

    expect(result.ok && result.statuses.map((s) => s.providerMessageId)).toEqual(['wamid.A']);
  });
});

describe('parseWebhook: inbound messages', () => {
  it('turns a text message into an inbound message with E.164 sender and profile name', () => {
    const payload = wa.inboundWebhook({ from: '6281234567890', text: 'BERHENTI', id: 'wamid.IN1', profileName: 'Sari', timestamp: 1_700_000_200 });

    const result = channel().parseWebhook(signed(payload));

    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.phoneNumberIds).toEqual([wa.phoneNumberId]);
    expect(result.statuses).toEqual([]);
    expect(result.inbound).toEqual([{
      providerMessageId: 'wamid.IN1',
      from: '+6281234567890',
      profileName: 'Sari',
      text: 'BERHENTI',
      at: new Date(1_700_000_200_000),
      raw: { from: '6281234567890', id: 'wamid.IN1', timestamp: '1700000200', type: 'text', text: { body: 'BERHENTI' } },
    }]);
  });

  it('reads the label of quick-reply buttons and interactive replies', () => {
    const button = channel().parseWebhook(signed(wa.inboundWebhook({ from: '628111', type: 'button', text: 'Stop promosi' })));
    const interactive = channel().parseWebhook(signed(wa.inboundWebhook({ from: '628111', type: 'interactive', text: 'Ya, lanjut' })));

    expect(button.ok && button.inbound[0]!.text).toBe('Stop promosi');
    expect(interactive.ok && interactive.inbound[0]!.text).toBe('Ya, lanjut');
  });

  it("keeps a tapped button's payload: a template quick reply's button.payload, an interactive reply's id", () => {
    const button = channel().parseWebhook(signed(wa.inboundWebhook({ from: '628111', type: 'button', text: 'Cek status', payload: 'STATUS', replyTo: 'wamid.OUT1' })));
    const interactive = channel().parseWebhook(signed(wa.inboundWebhook({ from: '628111', type: 'interactive', text: 'Ya', payload: 'yes-1' })));
    const typed = channel().parseWebhook(signed(wa.inboundWebhook({ from: '628111', text: 'STATUS' })));

    expect(button.ok && button.inbound[0]).toMatchObject({ text: 'Cek status', buttonPayload: 'STATUS', raw: { context: { id: 'wamid.OUT1' }, button: { payload: 'STATUS', text: 'Cek status' } } });
    expect(interactive.ok && interactive.inbound[0]).toMatchObject({ text: 'Ya', buttonPayload: 'yes-1' });
    expect(typed.ok && 'buttonPayload' in typed.inbound[0]!).toBe(false);
  });

  it('gives other message types null text but keeps them', () => {
    const result = channel().parseWebhook(signed(wa.inboundWebhook({ from: '628111', type: 'image' })));

    expect(result.ok && result.inbound.map((m) => [m.from, m.text])).toEqual([['+628111', null]]);
  });

  it('collects every entry and change of a batched webhook', () => {
    const a = wa.inboundWebhook({ from: '628111', text: 'satu' });
    const b = wa.statusWebhook({ wamid: 'wamid.X', recipientId: '628222', status: 'read', timestamp: 5 });
    const other = startOtherNumber(wa.inboundWebhook({ from: '628333', text: 'dua' }), '999');
    const batched = { object: 'whatsapp_business_account', entry: [...a.entry, { id: a.entry[0]!.id, changes: [...b.entry[0]!.changes, ...other.entry[0]!.changes] }] };

    const result = channel().parseWebhook(signed(batched));

    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.phoneNumberIds).toEqual([wa.phoneNumberId, '999']);
    expect(result.inbound.map((m) => m.text)).toEqual(['satu', 'dua']);
    expect(result.statuses.map((s) => s.status)).toEqual(['read']);
  });
});

function startOtherNumber<T extends { entry: { changes: { value: Record<string, unknown> }[] }[] }>(payload: T, phoneNumberId: string): T {
  payload.entry[0]!.changes[0]!.value.metadata = { display_phone_number: '628999', phone_number_id: phoneNumberId };
  return payload;
}
