// The WhatsApp channel against the local Cloud API over real HTTP: the exact request on the wire,
// and how every kind of answer (or silence) becomes a SendResult.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createKeepAliveHttp } from '../../../src/adapters/channels/keep-alive-http.js';
import type { OutboundMessage } from '../../../src/app/channel.port.js';
import { createWhatsAppChannel, WhatsAppConfigSchema } from '../../../src/adapters/channels/whatsapp.channel.js';
import { startFakeWhatsApp, type FakeWhatsApp } from '../../support/fake-whatsapp/server.js';

/** The channel's production HTTP client (keep-alive node:http). */
const http = createKeepAliveHttp();

let wa: FakeWhatsApp;
beforeEach(async () => {
  wa = await startFakeWhatsApp();
});
afterEach(async () => {
  await wa.close();
});

function channelFor(server: { baseUrl: string; phoneNumberId: string; accessToken: string; appSecret: string }, timeoutMs?: number) {
  return createWhatsAppChannel({
    apiBase: server.baseUrl,
    phoneNumberId: server.phoneNumberId,
    accessToken: server.accessToken,
    appSecret: server.appSecret,
    verifyToken: 'verify-me',
    ...(timeoutMs !== undefined ? { timeoutMs } : {}),
  }, { http });
}

type MessageOverrides = Partial<Omit<OutboundMessage, 'content'>> & { params?: string[]; template?: { name: string; language: string } | null };

/** A message; params and template build its WhatsApp content. */
function message({ params = ['Sari', 'INV-001'], template = { name: 'order_shipped', language: 'id' }, ...overrides }: MessageOverrides = {}): OutboundMessage {
  return {
    id: 'msg_01',
    workspaceId: 'ws_1',
    channel: 'whatsapp',
    to: '+6281234567890',
    body: 'Halo Sari, pesanan INV-001 sudah dikirim.',
    content: { channel: 'whatsapp', params, template },
    windowOpen: false,
    ...overrides,
  };
}

describe('WhatsApp channel: the request on the wire', () => {
  it('sends free-form text inside the 24-hour window', async () => {
    const result = await channelFor(wa).send(message({ windowOpen: true }));

    expect(result.ok).toBe(true);
    const [sent] = wa.sent();
    expect(wa.sent()).toHaveLength(1);
    expect(result).toEqual({ ok: true, providerMessageId: sent!.wamid });
    expect(sent!.method).toBe('POST');
    expect(sent!.path).toBe(`/v21.0/${wa.phoneNumberId}/messages`);
    expect(sent!.headers.authorization).toBe(`Bearer ${wa.accessToken}`);
    expect(sent!.headers['content-type']).toBe('application/json');
    expect(sent!.headers['idempotency-key']).toBe('msg_01');
    expect(sent!.body).toEqual({
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to: '6281234567890',
      biz_opaque_callback_data: 'msg_01',
      type: 'text',
      text: { preview_url: false, body: 'Halo Sari, pesanan INV-001 sudah dikirim.' },
    });
  });

  it('sends the template with body parameters in order outside the window', async () => {
    const result = await channelFor(wa).send(message({ params: ['Sari', 'INV-001', 'Rp 150.000'] }));

    expect(result.ok).toBe(true);
    expect(wa.sent()[0]!.body).toEqual({
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to: '6281234567890',
      biz_opaque_callback_data: 'msg_01',
      type: 'template',
      template: {
        name: 'order_shipped',
        language: { code: 'id' },
        components: [{
          type: 'body',
          parameters: [
            { type: 'text', text: 'Sari' },
            { type: 'text', text: 'INV-001' },
            { type: 'text', text: 'Rp 150.000' },
          ],
        }],
      },
    });
  });

  it('omits components for a template without variables', async () => {
    await channelFor(wa).send(message({ params: [], template: { name: 'hello_world', language: 'en_US' } }));

    expect(wa.sent()[0]!.body?.template).toEqual({ name: 'hello_world', language: { code: 'en_US' } });
  });

  it('fails permanently without calling the API when there is no template outside the window', async () => {
    const result = await channelFor(wa).send(message({ template: null }));

    expect(result).toMatchObject({ ok: false, reason: 'whatsapp:no_template', failureClass: 'permanent' });
    expect(wa.requests).toHaveLength(0);
  });

  it('uses the configured API version', async () => {
    const channel = createWhatsAppChannel({
      apiBase: `${wa.baseUrl}/`, apiVersion: 'v19.0', phoneNumberId: wa.phoneNumberId,
      accessToken: wa.accessToken, appSecret: wa.appSecret, verifyToken: 'v',
    }, { http });

    await channel.send(message());

    expect(wa.sent()[0]!.path).toBe(`/v19.0/${wa.phoneNumberId}/messages`);
  });

  it('does not send twice when the same message is retried (same idempotency key)', async () => {
    const channel = channelFor(wa);
    const first = await channel.send(message());
    const second = await channel.send(message());

    expect(second).toEqual(first);
    expect(wa.sent()).toHaveLength(1);
    expect(wa.requests.map((r) => r.outcome)).toEqual(['accepted', 'duplicate']);
  });

  it('applies config defaults and rejects incomplete config', () => {
    const parsed = WhatsAppConfigSchema.parse({ phoneNumberId: '1', accessToken: 't', appSecret: 's', verifyToken: 'v' });
    expect(parsed).toMatchObject({ apiBase: 'https://graph.facebook.com', apiVersion: 'v21.0', timeoutMs: 15_000 });
    expect(WhatsAppConfigSchema.safeParse({ phoneNumberId: '1', accessToken: '', appSecret: 's', verifyToken: 'v' }).success).toBe(false);
  });
});

describe('WhatsApp channel: files and quick-reply buttons on the wire', () => {
  const mediaBase = 'https://toko.example';
  const withMedia = (base: string | null = mediaBase) => createWhatsAppChannel({
    apiBase: wa.baseUrl, phoneNumberId: wa.phoneNumberId, accessToken: wa.accessToken, appSecret: wa.appSecret, verifyToken: 'v',
  }, { http, mediaBase: base });
  const image = { type: 'image' as const, token: 'tok_img', filename: 'promo.jpg' };
  const pdf = { type: 'document' as const, token: 'tok_pdf', filename: 'Katalog Desember.pdf' };
  const envelope = { messaging_product: 'whatsapp', recipient_type: 'individual', to: '6281234567890', biz_opaque_callback_data: 'msg_01' };

  it('puts an image header, the body and the quick-reply payloads in the template', async () => {
    const result = await withMedia().send({ ...message(), content: { channel: 'whatsapp', params: ['Sari'], template: { name: 'promo', language: 'id' }, media: image, buttons: ['YA', 'TIDAK'] } });

    expect(result.ok).toBe(true);
    expect(wa.sent()[0]!.body).toEqual({
      ...envelope,
      type: 'template',
      template: {
        name: 'promo',
        language: { code: 'id' },
        components: [
          { type: 'header', parameters: [{ type: 'image', image: { link: 'https://toko.example/media/tok_img' } }] },
          { type: 'body', parameters: [{ type: 'text', text: 'Sari' }] },
          { type: 'button', sub_type: 'quick_reply', index: '0', parameters: [{ type: 'payload', payload: 'YA' }] },
          { type: 'button', sub_type: 'quick_reply', index: '1', parameters: [{ type: 'payload', payload: 'TIDAK' }] },
        ],
      },
    });
  });

  it('puts a document header with its filename, and nothing else when the template has no variables', async () => {
    await withMedia().send({ ...message(), content: { channel: 'whatsapp', params: [], template: { name: 'katalog', language: 'id' }, media: pdf } });

    expect(wa.sent()[0]!.body?.template).toEqual({
      name: 'katalog',
      language: { code: 'id' },
      components: [{ type: 'header', parameters: [{ type: 'document', document: { link: 'https://toko.example/media/tok_pdf', filename: 'Katalog Desember.pdf' } }] }],
    });
  });

  it('sends an image (with the text as caption) or a document inside the window, by link', async () => {
    const channel = withMedia();
    await channel.send({ ...message({ windowOpen: true, id: 'msg_01' }), content: { channel: 'whatsapp', params: [], template: null, media: image } });
    await channel.send({ ...message({ windowOpen: true, id: 'msg_02' }), content: { channel: 'whatsapp', params: [], template: null, media: pdf } });

    expect(wa.sent().map((r) => r.body)).toEqual([
      { ...envelope, type: 'image', image: { link: 'https://toko.example/media/tok_img', caption: 'Halo Sari, pesanan INV-001 sudah dikirim.' } },
      { ...envelope, biz_opaque_callback_data: 'msg_02', type: 'document', document: { link: 'https://toko.example/media/tok_pdf', caption: 'Halo Sari, pesanan INV-001 sudah dikirim.', filename: 'Katalog Desember.pdf' } },
    ]);
  });

  it('fails permanently, without calling Meta, when no public address is known to link the file from', async () => {
    const result = await withMedia(null).send({ ...message(), content: { channel: 'whatsapp', params: [], template: { name: 'promo', language: 'id' }, media: image } });

    expect(result).toMatchObject({ ok: false, reason: 'whatsapp:no_public_url', failureClass: 'permanent' });
    expect(wa.requests).toHaveLength(0);
  });

  it('the local Cloud API refuses a header without a link or id, as Meta does', async () => {
    const res = await fetch(`${wa.baseUrl}/v21.0/${wa.phoneNumberId}/messages`, {
      method: 'POST', headers: { authorization: `Bearer ${wa.accessToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ ...envelope, type: 'template', template: { name: 'x', language: { code: 'id' }, components: [{ type: 'header', parameters: [{ type: 'image', image: {} }] }] } }),
    });
    expect(res.status).toBe(400);
  });
});

describe('WhatsApp channel: errors become outcomes', () => {
  const metaError = (code: number, message: string, details?: string) => ({
    error: { message, type: 'OAuthException', code, ...(details ? { error_data: { messaging_product: 'whatsapp', details } } : {}), fbtrace_id: 'AbC123' },
  });

  it('maps 429 to rate_limited with Retry-After', async () => {
    wa.failNext(1, { status: 429, body: metaError(130429, '(#130429) Rate limit hit', 'Cloud API message throughput has been reached.'), headers: { 'retry-after': '7' } });

    const result = await channelFor(wa).send(message());

    expect(result).toEqual({
      ok: false,
      reason: 'whatsapp:130429',
      failureClass: 'rate_limited',
      detail: '130429 (#130429) Rate limit hit: Cloud API message throughput has been reached.',
      retryAfterMs: 7000,
    });
  });

  it('reads an HTTP-date Retry-After', async () => {
    const at = new Date(Date.now() + 60_000).toUTCString();
    wa.failNext(1, { status: 429, body: 'slow down', headers: { 'retry-after': at } });

    const result = await channelFor(wa).send(message());

    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.reason).toBe('http_429');
    expect(result.failureClass).toBe('rate_limited');
    expect(result.retryAfterMs).toBeGreaterThan(50_000);
    expect(result.retryAfterMs).toBeLessThanOrEqual(60_000);
  });

  it('maps a Meta 500 to transient', async () => {
    wa.failNext(1, { status: 500, body: metaError(131000, 'Something went wrong', 'Unknown error, please retry.') });

    const result = await channelFor(wa).send(message());

    expect(result).toMatchObject({ ok: false, reason: 'whatsapp:131000', failureClass: 'transient' });
  });

  it('maps a non-JSON 503 to http_503, transient', async () => {
    wa.failNext(1, { status: 503, body: '<html>Service Unavailable</html>' });

    const result = await channelFor(wa).send(message());

    expect(result).toMatchObject({ ok: false, reason: 'http_503', failureClass: 'transient' });
    expect(result.ok || result.retryAfterMs).toBeUndefined();
  });

  it('maps pair rate limit 131056 to a retryable class', async () => {
    wa.failNext(1, { status: 400, body: metaError(131056, '(Business Account, Consumer Account) pair rate limit hit', 'Too many messages sent from this phone number to the same phone number in a short period.') });

    const result = await channelFor(wa).send(message());

    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.reason).toBe('whatsapp:131056');
    expect(['rate_limited', 'transient']).toContain(result.failureClass);
  });

  it('maps 131026 (undeliverable) to permanent with Meta\'s words', async () => {
    wa.failNext(1, { status: 400, body: metaError(131026, 'Message Undeliverable.', 'Unable to deliver message. Recipient is not a WhatsApp user.') });

    const result = await channelFor(wa).send(message());

    expect(result).toEqual({
      ok: false,
      reason: 'whatsapp:131026',
      failureClass: 'permanent',
      detail: '131026 Message Undeliverable.: Unable to deliver message. Recipient is not a WhatsApp user.',
    });
  });

  it('maps the server\'s own validation error (code 100) to permanent', async () => {
    const result = await channelFor(wa).send(message({ to: '+62' }));

    expect(result).toMatchObject({ ok: false, reason: 'whatsapp:100', failureClass: 'permanent' });
    if (result.ok) return;
    expect(result.detail).toContain("100 (#100) Invalid parameter: Parameter 'to'");
    expect(wa.sent()).toHaveLength(0);
  });

  it('maps a wrong access token (190) to permanent', async () => {
    const channel = createWhatsAppChannel({
      apiBase: wa.baseUrl, phoneNumberId: wa.phoneNumberId, accessToken: 'expired', appSecret: wa.appSecret, verifyToken: 'v',
    }, { http });

    const result = await channel.send(message());

    expect(result).toMatchObject({ ok: false, reason: 'whatsapp:190', failureClass: 'permanent' });
    expect(wa.requests[0]!.status).toBe(401);
  });

  it('retries after an injected failure are new sends, once', async () => {
    wa.failNext(1, { status: 503, body: 'busy' });
    const channel = channelFor(wa);

    const first = await channel.send(message());
    const second = await channel.send(message());

    expect(first.ok).toBe(false);
    expect(second.ok).toBe(true);
    expect(wa.sent()).toHaveLength(1);
  });

  it('treats a 200 without a message id as a permanent bad response, not a success', async () => {
    wa.failNext(1, { status: 200, body: { messaging_product: 'whatsapp' } });

    const result = await channelFor(wa).send(message());

    expect(result).toMatchObject({ ok: false, reason: 'whatsapp:bad_response', failureClass: 'permanent' });
  });
});

describe('WhatsApp channel: network failures', () => {
  it('turns a server that never answers into a transient network failure within timeoutMs', async () => {
    wa.hangNext(1);
    const started = Date.now();

    const result = await channelFor(wa, 200).send(message());

    expect(Date.now() - started).toBeLessThan(5_000);
    // The request reached the server: the message may be out, so its outcome is unknown.
    expect(result).toMatchObject({ ok: false, reason: 'network', failureClass: 'transient', detail: 'no answer within 200 ms', outcomeUnknown: true });
    expect(wa.requests[0]!.outcome).toBe('hung');
  });

  it('times out a server that sends headers and then stalls the body', async () => {
    let server: Server | undefined;
    try {
      server = createServer((_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('{"messaging_product":');
      });
      await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
      const { port } = server.address() as AddressInfo;

      const result = await channelFor({ ...wa, baseUrl: `http://127.0.0.1:${port}` }, 200).send(message());

      expect(result).toMatchObject({ ok: false, reason: 'network', failureClass: 'transient', outcomeUnknown: true });
    } finally {
      server?.closeAllConnections();
      await new Promise<void>((resolve) => server?.close(() => resolve()));
    }
  });

  it('turns a refused connection into a transient network failure that certainly sent nothing', async () => {
    const closed = await startFakeWhatsApp();
    await closed.close();

    const result = await channelFor(closed).send(message());

    expect(result).toMatchObject({ ok: false, reason: 'network', failureClass: 'transient', outcomeUnknown: false });
  });
});
