/**
 * Files on WhatsApp over HTTP, against the local Cloud API: an upload judged by its bytes, served
 * at its token's URL to anyone holding it (Meta), a template's image header and quick-reply
 * buttons on the wire, a quick message's file as an image/document message; hostile uploads and
 * another workspace's file answered 4xx, never 5xx.
 */
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeWhatsApp, type FakeWhatsApp } from '../../support/fake-whatsapp/server.js';
import { addMember, type TestMember } from '../../support/team.js';
import { eventually, startTestApp, type TestApp } from '../../support/test-app.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const PUBLIC = 'https://toko.example';
let wa: FakeWhatsApp;
let t: TestApp;
let agent: TestMember;
let other: TestApp['api'];

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('IHDR-sapa-test-image')]);
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
const upload = (bytes: Buffer, type: string, query = '', api = t.api) => api(`/api/v1/media${query}`, { method: 'POST', headers: { 'content-type': type }, body: new Uint8Array(bytes) });
const json = async (res: Response): Promise<{ status: number; body: Json }> => ({ status: res.status, body: JSON.parse((await res.text()) || '{}') as Json });
const post = (path: string, body: unknown, api = t.api) => api(path, { method: 'POST', json: body }).then(json);

/** A request announcing a body larger than any file WhatsApp takes, sending only its first bytes: answered before the rest. */
function announcedTooBig(): Promise<number> {
  return new Promise((resolve, reject) => {
    const u = new URL(`${t.url}/api/v1/media`);
    const req = httpRequest({ host: u.hostname, port: u.port, path: u.pathname, method: 'POST', headers: { cookie: t.cookie, 'content-type': 'application/pdf', 'content-length': String(100 * 1024 * 1024 + 1) } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
      req.destroy();
    });
    req.on('error', reject);
    req.write(PDF);
  });
}

beforeAll(async () => {
  wa = await startFakeWhatsApp();
  t = await startTestApp({ whatsapp: wa, env: { SAPA_PUBLIC_URL: PUBLIC, SAPA_LOG_LEVEL: process.env.TEST_LOG ?? 'silent' } });
  agent = await addMember(t, 'agent');
  const { store, passwords } = t.rt.deps;
  const ws = await store.workspaces.create({ name: 'Toko Lain' });
  await store.users.create({ workspaceId: ws.id, email: 'lain-media@toko.test', name: 'Lain', role: 'owner', passwordHash: await passwords.hash('password-lain-123') });
  const login = await t.client(null)('/api/v1/auth/login', { method: 'POST', json: { email: 'lain-media@toko.test', password: 'password-lain-123' } });
  other = t.client((login.headers.get('set-cookie') ?? '').split(';')[0]!);
}, 60_000);
afterAll(async () => {
  await t?.close();
  await wa?.close();
});

describe('uploads', () => {
  it('keeps an image judged by its bytes and serves it at its token, without a session; the same bytes and name again are the same file', async () => {
    const res = await json(await upload(PNG, 'image/png', '?filename=promo%20desember.png', agent.api));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ kind: 'image', contentType: 'image/png', filename: 'promo desember.png', size: PNG.length });
    expect(res.body.url).toMatch(/^\/media\/[A-Za-z0-9_-]{43}$/);

    const served = await fetch(`${t.url}${res.body.url as string}`);
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('image/png');
    expect(served.headers.get('x-content-type-options')).toBe('nosniff');
    expect(Buffer.from(await served.arrayBuffer()).equals(PNG)).toBe(true);

    const again = await json(await upload(PNG, 'application/octet-stream', '?filename=promo%20desember.png'));
    expect(again.body.id).toBe(res.body.id);
    expect((await json(await upload(PNG, 'image/png', '?filename=lain.png'))).body.id).not.toBe(res.body.id);
    expect((await json(await t.api(`/api/v1/media/${res.body.id as string}`))).body.sha256).toBe(res.body.sha256);
  });

  it('a PDF is a document, whatever name it came with', async () => {
    const res = await json(await upload(PDF, 'application/pdf', `?filename=${encodeURIComponent('../../Katalog\nbaru')}`));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ kind: 'document', contentType: 'application/pdf', filename: '.. .. Katalog baru.pdf' });
  });

  it('refuses hostile uploads with 4xx: wrong magic bytes, a contradicting type, empty, too big, NUL in the name; unknown tokens are 404', async () => {
    const gif = await json(await upload(Buffer.from('GIF89a-not-allowed'), 'image/png'));
    expect(gif).toMatchObject({ status: 415, body: { code: 'media.unsupported_type' } });
    const html = await json(await upload(Buffer.from('<html><script>alert(1)</script>'), 'image/jpeg'));
    expect(html).toMatchObject({ status: 415, body: { code: 'media.unsupported_type' } });
    expect(await json(await upload(PDF, 'image/png'))).toMatchObject({ status: 415, body: { code: 'media.type_mismatch' } });
    expect(await json(await t.api('/api/v1/media', { method: 'POST' }))).toMatchObject({ status: 422, body: { code: 'media.empty' } });
    const big = Buffer.alloc(5 * 1024 * 1024 + 1);
    PNG.copy(big);
    expect(await json(await upload(big, 'image/png'))).toMatchObject({ status: 413, body: { code: 'media.too_large' } });
    expect((await upload(PNG, 'image/png', '?filename=a%00b.png')).status).toBe(400);
    expect(await announcedTooBig()).toBe(413);
    expect((await fetch(`${t.url}/media/${'A'.repeat(43)}`)).status).toBe(404);
    expect((await fetch(`${t.url}/media/..%2F..%2Fetc%2Fpasswd`)).status).toBe(404);
    expect((await fetch(`${t.url}/media/${'x'.repeat(5000)}`)).status).toBeLessThan(500);
  });

  it("another workspace's file is not found: by id, as a template header, with a quick message", async () => {
    const mine = (await json(await upload(PDF, 'application/pdf'))).body;
    expect((await other(`/api/v1/media/${mine.id as string}`)).status).toBe(404);
    const tpl = await post('/api/v1/templates', { code: 'Curi', message: 'Halo', header: { mediaId: mine.id } }, other);
    expect(tpl).toMatchObject({ status: 404, body: { code: 'not_found' } });
    expect((await post('/api/v1/templates', { code: 'Asal', message: 'Halo', header: { mediaId: '00000000-0000-4000-8000-000000000000' } })).status).toBe(404);
  });
});

describe('templates with a header and buttons', () => {
  let image: Json;
  beforeAll(async () => {
    image = (await json(await upload(PNG, 'image/png'))).body;
  });

  it('keeps them, refuses more than 3 buttons or a 26-character label, and edits them', async () => {
    const created = await post('/api/v1/templates', { code: 'Promo Foto', message: 'Halo {contactname}, ada promo!', header: { mediaId: image.id }, buttons: [{ text: 'Mau' }, { text: 'Nanti', payload: 'LATER' }] });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({ header: { type: 'image', mediaId: image.id, url: image.url }, buttons: [{ text: 'Mau', payload: 'Mau' }, { text: 'Nanti', payload: 'LATER' }] });

    expect((await post('/api/v1/templates', { code: 'B4', message: 'x', buttons: [{ text: 'a' }, { text: 'b' }, { text: 'c' }, { text: 'd' }] })).status).toBe(400);
    expect((await post('/api/v1/templates', { code: 'B26', message: 'x', buttons: [{ text: 'x'.repeat(26) }] })).status).toBe(400);
    expect(await post('/api/v1/templates', { code: 'Bdup', message: 'x', buttons: [{ text: 'Ya' }, { text: 'ya' }] })).toMatchObject({ status: 422, body: { code: 'template.invalid' } });

    const patched = await json(await t.api(`/api/v1/templates/${created.body.id as string}`, { method: 'PATCH', json: { header: null, buttons: [{ text: 'Oke' }] } }));
    expect(patched.body).toMatchObject({ header: null, buttons: [{ text: 'Oke', payload: 'Oke' }] });
  });

  it('an automation sends the image header by link under SAPA_PUBLIC_URL and the buttons with their payloads', async () => {
    const tpl = (await post('/api/v1/templates', { code: 'Pesanan Foto', message: 'Halo {contactname}, pesanan {documentnumber} diterima.', header: { mediaId: image.id }, buttons: [{ text: 'Cek status', payload: 'STATUS' }] })).body;
    const auto = await post('/api/v1/automations', { name: 'foto', trigger: 'order.created', templateId: tpl.id });
    expect(auto.status, JSON.stringify(auto.body)).toBe(201);
    const ev = await post('/api/v1/events', { id: 'evt-media-1', type: 'order.created', contact: { externalId: 'C-media-1', name: 'Dewi', phone: '0812-3456-7001' }, order: { number: 'SO-77', items: [{ name: 'Kopi', quantity: 1 }] } });
    expect(ev.status, JSON.stringify(ev.body)).toBe(202);
    const sent = await eventually(async () => wa.sent().find((r) => r.body?.to === '6281234567001'), 20_000, 'the template sent');
    expect(sent.body!.template).toEqual({
      name: 'pesanan_foto',
      language: { code: 'id' },
      components: [
        { type: 'header', parameters: [{ type: 'image', image: { link: `${PUBLIC}${image.url as string}` } }] },
        { type: 'body', parameters: [{ type: 'text', text: 'Dewi' }, { type: 'text', text: 'SO-77' }] },
        { type: 'button', sub_type: 'quick_reply', index: '0', parameters: [{ type: 'payload', payload: 'STATUS' }] },
      ],
    });
  });

  it("a broadcast sends the header and buttons of the template as it was when Send was pressed", async () => {
    const tpl = (await post('/api/v1/templates', { code: 'Info Foto', message: 'Halo {contactname}, toko buka jam 8.', header: { mediaId: image.id }, buttons: [{ text: 'Oke', payload: 'OK' }] })).body;
    const contact = (await post('/api/v1/contacts', { name: 'Sinta', phone: '0812-3456-7002' })).body;
    const b = await post('/api/v1/broadcasts', { name: 'Info', channel: 'whatsapp', templateId: tpl.id, contactIds: [contact.id] });
    expect(b.status, JSON.stringify(b.body)).toBe(201);
    expect((await post(`/api/v1/broadcasts/${b.body.id as string}/send`, {})).status).toBe(202);
    // Changed after Send: the broadcast keeps its copy.
    await t.api(`/api/v1/templates/${tpl.id as string}`, { method: 'PATCH', json: { header: null, buttons: [] } });
    const sent = await eventually(async () => wa.sent().find((r) => r.body?.to === '6281234567002'), 20_000, 'the broadcast sent');
    expect(sent.body!.template).toEqual({
      name: 'info_foto',
      language: { code: 'id' },
      components: [
        { type: 'header', parameters: [{ type: 'image', image: { link: `${PUBLIC}${image.url as string}` } }] },
        { type: 'body', parameters: [{ type: 'text', text: 'Sinta' }] },
        { type: 'button', sub_type: 'quick_reply', index: '0', parameters: [{ type: 'payload', payload: 'OK' }] },
      ],
    });
  });

  it('refuses to submit a template with a media header where there is no WhatsApp Business Account (409), sending nothing', async () => {
    const tpl = (await post('/api/v1/templates', { code: 'Kirim Foto', message: 'Halo, ada promo.', header: { mediaId: image.id } })).body;
    const before = wa.requests.length;
    const res = await post(`/api/v1/templates/${tpl.id as string}/whatsapp`, undefined);
    // Submitting needs the WABA first; with one but no Meta app id it is 422 whatsapp.app_id_missing (whatsapp-templates.test.ts).
    expect(res).toMatchObject({ status: 409, body: { code: 'whatsapp.no_business_account' } });
    expect(wa.requests.length).toBe(before);
  });
});

describe('a quick message with a file', () => {
  it('goes as a document message with the text as caption inside the window', async () => {
    const doc = (await json(await upload(PDF, 'application/pdf', '?filename=Katalog.pdf'))).body;
    const from = '6281399887766';
    await wa.postWebhook(`${t.url}/webhooks/whatsapp`, wa.inboundWebhook({ from, text: 'Minta katalog' }));
    const contact = await eventually(async () => (await json(await t.api('/api/v1/contacts?q=%2B6281399887766'))).body.items?.[0] as Json | undefined, 10_000, 'contact');
    const res = await post(`/api/v1/contacts/${contact.id as string}/messages`, { text: 'Ini katalognya, Kak', mediaId: doc.id }, agent.api);
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    const sent = await eventually(async () => wa.sent().find((r) => r.body?.to === from), 10_000, 'the document sent');
    expect(sent.body).toMatchObject({ type: 'document', document: { link: `${PUBLIC}${doc.url as string}`, caption: 'Ini katalognya, Kak', filename: 'Katalog.pdf' } });
    expect((await post(`/api/v1/contacts/${contact.id as string}/messages`, { text: 'x', mediaId: doc.id }, other)).status).toBe(404);
  });
});

describe('a tapped button comes back', () => {
  it("is stored with its payload, shown in the conversation (and the file sent before it), and answers a keyword auto-reply by its label", async () => {
    const reply = (await post('/api/v1/templates', { code: 'Status Kirim', message: 'Pesanan Kakak sedang dikirim.' })).body;
    expect((await post('/api/v1/auto-replies', { keyword: 'Cek status', templateId: reply.id })).status).toBe(201);
    const from = '6281399887700';
    await wa.postWebhook(`${t.url}/webhooks/whatsapp`, wa.inboundWebhook({ from, text: 'Halo' }));
    const contact = await eventually(async () => (await json(await t.api('/api/v1/contacts?q=%2B6281399887700'))).body.items?.[0] as Json | undefined, 10_000, 'contact');
    const img = (await json(await upload(PNG, 'image/png', '?filename=status.png'))).body;
    expect((await post(`/api/v1/contacts/${contact.id as string}/messages`, { text: 'Mau cek status?', mediaId: img.id }, agent.api)).status).toBe(202);
    await eventually(async () => wa.sent().find((r) => r.body?.to === from && r.body.type === 'image'), 10_000, 'the image sent');

    const res = await wa.postWebhook(`${t.url}/webhooks/whatsapp`, wa.inboundWebhook({ from, type: 'button', text: 'Cek status', payload: 'STATUS', replyTo: 'wamid.X' }));
    expect(res.status).toBe(200);
    const autoReply = await eventually(async () => wa.sent().find((r) => r.body?.to === from && r.body.type === 'text'), 10_000, 'the auto-reply');
    expect(autoReply.body).toMatchObject({ text: { body: 'Pesanan Kakak sedang dikirim.' } });

    const conversation = (await json(await t.api(`/api/v1/contacts/${contact.id as string}/conversation`))).body;
    const page = (await json(await t.api(`/api/v1/conversations/${conversation.id as string}/messages`))).body;
    const tapped = (page.items as Json[]).find((m) => m.direction === 'in' && m.buttonPayload !== null);
    expect(tapped).toMatchObject({ text: 'Cek status', buttonPayload: 'STATUS', media: null });
    const withFile = (page.items as Json[]).find((m) => m.media !== null);
    expect(withFile).toMatchObject({ direction: 'out', text: 'Mau cek status?', media: { type: 'image', url: img.url, filename: 'status.png' }, buttonPayload: null });
  });
});
