/**
 * Importing templates made in WhatsApp Manager with more than a body, served by the local Cloud
 * API as Meta lists them (`GET /{waba-id}/message_templates` with `components`): an IMAGE or
 * DOCUMENT header comes with Meta's example file, which Sapa fetches and keeps as the header
 * upload; QUICK_REPLY labels become buttons. Templates with parts Sapa cannot send — a URL button
 * with a variable, a LOCATION or VIDEO header, a carousel, a footer — are listed as skipped with the
 * reason, never imported without them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeWhatsApp, type FakeWhatsApp } from '../../support/fake-whatsapp/server.js';
import { startTestApp, type TestApp } from '../../support/test-app.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

// A 1×1 PNG and a minimal PDF: what the bytes are decides what Sapa keeps.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');

let wa: FakeWhatsApp;
let t: TestApp;
let result: Json;

beforeAll(async () => {
  wa = await startFakeWhatsApp();
  t = await startTestApp({ whatsapp: wa, waba: true, env: { SAPA_TEMPLATE_SYNC_SECONDS: '3600' } });
  const image = wa.addExample('promo.png', PNG, 'image/png');
  const pdf = wa.addExample('katalog.pdf', PDF, 'application/pdf');
  const quickReplies = { type: 'BUTTONS', buttons: [{ type: 'QUICK_REPLY', text: 'Mau' }, { type: 'QUICK_REPLY', text: 'Nanti saja' }] };
  wa.addTemplate({ name: 'promo_gambar', body: 'Promo minggu ini untuk pelanggan setia!', category: 'MARKETING', header: { type: 'HEADER', format: 'IMAGE', example: { header_handle: [image] } }, after: [quickReplies] });
  wa.addTemplate({ name: 'katalog_pdf', body: 'Berikut katalog terbaru kami.', header: { type: 'HEADER', format: 'DOCUMENT', example: { header_handle: [pdf] } } });
  wa.addTemplate({ name: 'balas_cepat', body: 'Apakah pesanan sudah diterima?', after: [{ type: 'BUTTONS', buttons: [{ type: 'QUICK_REPLY', text: 'Sudah' }, { type: 'QUICK_REPLY', text: 'Belum' }] }] });
  wa.addTemplate({
    name: 'lacak_paket', body: 'Paket Anda sudah dikirim.',
    after: [{ type: 'BUTTONS', buttons: [{ type: 'URL', text: 'Lacak', url: 'https://toko.test/lacak/{{1}}', example: ['https://toko.test/lacak/SO-1'] }] }],
  });
  wa.addTemplate({ name: 'lokasi_toko', body: 'Kunjungi toko kami.', header: { type: 'HEADER', format: 'LOCATION' } });
  wa.addTemplate({ name: 'video_promo', body: 'Tonton promo kami.', header: { type: 'HEADER', format: 'VIDEO', example: { header_handle: ['https://scontent.whatsapp.net/v/video.mp4'] } } });
  wa.addTemplate({
    name: 'karusel_produk', body: 'Produk pilihan minggu ini.', category: 'MARKETING',
    after: [{ type: 'CAROUSEL', cards: [{ components: [{ type: 'HEADER', format: 'IMAGE', example: { header_handle: [image] } }, { type: 'BODY', text: 'Kopi' }] }] }],
  });
  wa.addTemplate({ name: 'dengan_footer', body: 'Terima kasih sudah berbelanja.', after: [{ type: 'FOOTER', text: 'Balas STOP untuk berhenti' }] });
  wa.addTemplate({ name: 'gambar_hilang', body: 'Promo spesial.', header: { type: 'HEADER', format: 'IMAGE', example: { header_handle: [`${wa.baseUrl}/examples/tidak-ada.png`] } } });
  const res = await t.api('/api/v1/templates/whatsapp/import', { method: 'POST', json: {} });
  expect(res.status).toBe(200);
  result = await res.json() as Json;
}, 60_000);
afterAll(async () => {
  await t?.close();
  await wa?.close();
});

const template = async (name: string): Promise<Json> => {
  const id = (result.created as Json[]).find((c) => c.name === name)?.templateId as string;
  expect(id, name).toBeTruthy();
  return (await t.api(`/api/v1/templates/${id}`)).json() as Promise<Json>;
};

describe('importing templates with a header and buttons', () => {
  it('an IMAGE header arrives as the header upload holding Meta’s example, quick replies as buttons', async () => {
    const promo = await template('promo_gambar');
    expect(promo).toMatchObject({ message: 'Promo minggu ini untuk pelanggan setia!', category: 'marketing', whatsappStatus: 'approved', header: { type: 'image', filename: 'promo_gambar.png' } });
    expect(promo.buttons).toEqual([{ text: 'Mau', payload: 'Mau' }, { text: 'Nanti saja', payload: 'Nanti saja' }]);
    // Changing nothing needs no resubmission: the labels are what Meta has.
    expect(promo.whatsappNeedsResubmit).toBe(false);
    // The bytes Sapa keeps (and serves Meta at send time) are the example's.
    const file = await fetch(`${t.url}${promo.header.url}`);
    expect(Buffer.from(await file.arrayBuffer()).equals(PNG)).toBe(true);
    expect(wa.requests.some((r) => r.method === 'GET' && r.path === '/examples/promo.png')).toBe(true);
  });

  it('a DOCUMENT header arrives as a PDF upload; buttons alone need no header', async () => {
    expect(await template('katalog_pdf')).toMatchObject({ header: { type: 'document', filename: 'katalog_pdf.pdf' }, buttons: [] });
    expect(await template('balas_cepat')).toMatchObject({ header: null, buttons: [{ text: 'Sudah' }, { text: 'Belum' }] });
  });

  it('templates with parts Sapa cannot send are skipped with the reason and the part, not imported without them', () => {
    const skipped = Object.fromEntries((result.skipped as Json[]).map((s) => [s.name, { reason: s.reason, part: s.part }]));
    expect(skipped).toEqual({
      lacak_paket: { reason: 'unsupported_button', part: 'URL' },
      lokasi_toko: { reason: 'unsupported_header', part: 'LOCATION' },
      video_promo: { reason: 'unsupported_header', part: 'VIDEO' },
      karusel_produk: { reason: 'unsupported_component', part: 'CAROUSEL' },
      dengan_footer: { reason: 'unsupported_footer', part: undefined },
      gambar_hilang: { reason: 'header_example_unavailable', part: undefined },
    });
    expect((result.created as Json[]).map((c) => c.name).sort()).toEqual(['balas_cepat', 'katalog_pdf', 'promo_gambar']);
  });
});
