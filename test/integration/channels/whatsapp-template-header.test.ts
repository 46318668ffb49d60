/**
 * Submitting a template with an image or document header: the header's file goes to Meta through
 * the Resumable Upload API of the workspace's Meta app, and the handle Meta answers is the HEADER's
 * `example.header_handle`. The exact requests on the wire, against the local Cloud API server:
 * `POST /{v}/{app-id}/uploads?file_name=&file_length=&file_type=&access_token=` (no body), then
 * `POST /{v}/upload:<session>?sig=<sig>` with `Authorization: OAuth <token>`, `file_offset: 0` and the
 * bytes, then the template with HEADER, BODY and BUTTONS.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeWhatsApp, type FakeWhatsApp } from '../../support/fake-whatsapp/server.js';
import { startTestApp, type TestApp } from '../../support/test-app.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');

let wa: FakeWhatsApp;
let t: TestApp;

beforeAll(async () => {
  wa = await startFakeWhatsApp();
  t = await startTestApp({ whatsapp: wa, waba: true, env: { WHATSAPP_APP_ID: wa.appId, SAPA_TEMPLATE_SYNC_SECONDS: '3600' } });
}, 60_000);
afterAll(async () => {
  await t?.close();
  await wa?.close();
});

async function upload(bytes: Buffer, type: string, filename: string): Promise<string> {
  const res = await t.api(`/api/v1/media?filename=${filename}`, { method: 'POST', headers: { 'content-type': type }, body: new Uint8Array(bytes) });
  expect(res.status).toBe(201);
  return ((await res.json()) as Json).id as string;
}
async function submit(id: string): Promise<{ status: number; body: Json }> {
  const res = await t.api(`/api/v1/templates/${id}/whatsapp`, { method: 'POST' });
  return { status: res.status, body: await res.json() as Json };
}

describe('a media header submitted through the Resumable Upload API', () => {
  it('uploads the image, then creates the template with its handle: the exact requests on the wire', async () => {
    const mediaId = await upload(PNG, 'image/png', 'promo.png');
    const created = await t.api('/api/v1/templates', {
      method: 'POST', json: { code: 'Promo Foto', message: 'Halo {contactname|Kak}, promo minggu ini sudah mulai.', category: 'marketing', header: { mediaId }, buttons: [{ text: 'Mau' }, { text: 'Nanti' }] },
    });
    expect(created.status).toBe(201);
    const id = ((await created.json()) as Json).id as string;
    const from = wa.requests.length;
    const res = await submit(id);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ whatsappStatus: 'pending' });

    const [open, data, template, ...rest] = wa.requests.slice(from);
    expect(rest).toEqual([]);
    // 1. The session: described in the query, the token as access_token, no body.
    expect(open).toMatchObject({ method: 'POST', path: `/v21.0/${wa.appId}/uploads`, outcome: 'accepted' });
    expect(Object.fromEntries(new URLSearchParams(open!.search))).toEqual({ file_name: 'promo.png', file_length: String(PNG.length), file_type: 'image/png', access_token: wa.accessToken });
    expect(open!.bytes.length).toBe(0);
    // 2. The bytes to the session id Meta answered (with its ?sig=), token and offset as headers only.
    expect(data!.method).toBe('POST');
    expect(data!.path).toMatch(/^\/v21\.0\/upload:[A-Za-z0-9_-]+$/);
    expect(data!.search).toMatch(/^\?sig=[A-Za-z0-9_-]+$/);
    expect(data!.headers).toMatchObject({ authorization: `OAuth ${wa.accessToken}`, file_offset: '0' });
    expect(data!.bytes.equals(PNG)).toBe(true);
    expect(data!.outcome).toBe('accepted');
    // 3. The template, its HEADER's example the handle Meta gave.
    expect(wa.uploaded).toHaveLength(1);
    expect(template!.path).toBe(`/v21.0/${wa.wabaId}/message_templates`);
    expect(template!.body).toEqual({
      name: 'promo_foto', language: 'id', category: 'MARKETING',
      components: [
        { type: 'HEADER', format: 'IMAGE', example: { header_handle: [wa.uploaded[0]!.handle] } },
        { type: 'BODY', text: 'Halo {{1}}, promo minggu ini sudah mulai.', example: { body_text: [['Budi Santoso']] } },
        { type: 'BUTTONS', buttons: [{ type: 'QUICK_REPLY', text: 'Mau' }, { type: 'QUICK_REPLY', text: 'Nanti' }] },
      ],
    });
    expect(template!.outcome).toBe('accepted');
  });

  it('a PDF goes as a DOCUMENT header', async () => {
    const mediaId = await upload(PDF, 'application/pdf', 'katalog.pdf');
    const created = await t.api('/api/v1/templates', { method: 'POST', json: { code: 'Katalog', message: 'Berikut katalog terbaru kami.', header: { mediaId } } });
    const id = ((await created.json()) as Json).id as string;
    expect((await submit(id)).status).toBe(200);
    expect(wa.uploaded.at(-1)).toMatchObject({ name: 'katalog.pdf', type: 'application/pdf' });
    expect(wa.uploaded.at(-1)!.bytes.equals(PDF)).toBe(true);
    expect(wa.templates.at(-1)!.components[0]).toEqual({ type: 'HEADER', format: 'DOCUMENT', example: { header_handle: [wa.uploaded.at(-1)!.handle] } });
  });

  it("Meta refusing the submission after the upload is a 4xx with Meta's words, and no template is created", async () => {
    const mediaId = await upload(PNG, 'image/png', 'lagi.png');
    const created = await t.api('/api/v1/templates', { method: 'POST', json: { code: 'Promo Lagi', message: 'Promo lagi untuk Anda.', header: { mediaId } } });
    const id = ((await created.json()) as Json).id as string;
    const templatesBefore = wa.templates.length;
    wa.failNext(1, { status: 400, body: { error: { message: '(#100) Invalid parameter', type: 'OAuthException', code: 100, fbtrace_id: 'x' } } });
    const res = await submit(id);
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('whatsapp.meta_refused');
    expect(wa.templates.length).toBe(templatesBefore);
  });
});
