// Template Chat with a real number (the local Cloud API, with its WABA id): the list shows each
// template's WhatsApp approval in words, the editor submits it to WhatsApp and shows Meta's
// review as its status webhook arrives (approved, rejected with the reason), an edit asks for a
// resubmission, and the import links templates made in WhatsApp Manager — at 1366×800 and 390×844.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeWhatsApp, type FakeWhatsApp } from '../support/fake-whatsapp/server.js';
import { horizontalOverflow, seriousA11yViolations } from './support/axe.js';
import { snap } from './support/browser.js';
import { openE2eSession, type E2eSession } from './support/e2e-session.js';

let wa: FakeWhatsApp;
let session: E2eSession;
let page: Page;
const hook = () => `${session.sapa.url}/webhooks/whatsapp`;

beforeAll(async () => {
  wa = await startFakeWhatsApp();
  session = await openE2eSession({
    env: {
      WHATSAPP_API_BASE: wa.baseUrl, WHATSAPP_PHONE_NUMBER_ID: wa.phoneNumberId, WHATSAPP_ACCESS_TOKEN: wa.accessToken,
      WHATSAPP_APP_SECRET: wa.appSecret, WHATSAPP_VERIFY_TOKEN: 'verify-e2e', WHATSAPP_WABA_ID: wa.wabaId,
    },
  });
  page = session.page;
  await page.setViewportSize({ width: 1366, height: 800 });
  for (const [code, message] of <[string, string][]>[
    ['Pesanan Dikirim', 'Halo {contactname|Kak}, pesanan {documentnumber} sudah dikirim. Terima kasih!'],
    ['Promo Akhir Pekan', 'Halo {contactname}, diskon akhir pekan 20% untuk semua kopi. Sampai jumpa di toko!'],
    ['Konfirmasi Bayar', 'Terima kasih {contactname}, pembayaran {documentnumber} sudah kami terima.'],
  ]) {
    const res = await page.request.post('/api/v1/templates', { data: { code, message, category: code.startsWith('Promo') ? 'marketing' : 'utility' } });
    expect(res.status()).toBe(201);
  }
  // Made and approved by hand in WhatsApp Manager, under the name Sapa derives from its code.
  wa.addTemplate({ name: 'konfirmasi_bayar', body: 'Terima kasih {{1}}, pembayaran {{2}} sudah kami terima.', examples: ['Budi', 'INV-1'] });
}, 180_000);

afterAll(async () => {
  await session?.close();
  await wa?.close();
});

const row = (code: string) => page.getByTestId(`template-row-${code}`);
const statusOf = (code: string) => row(code).getByTestId('whatsapp-status').first().getAttribute('data-status');

async function idOf(code: string): Promise<string> {
  const items = (await (await page.request.get('/api/v1/templates')).json()).items as { id: string; code: string }[];
  return items.find((x) => x.code === code)!.id;
}

/** Opens the editor the way a person does: the row's edit button ("Ubah <code>"). */
async function openEditor(code: string) {
  await page.getByRole('link', { name: `Ubah ${code}` }).first().click();
  await page.getByTestId('whatsapp-review').waitFor();
}

async function openList() {
  // A fresh load: the templates and their statuses changed behind the page's back (API, webhooks).
  await page.goto('/templates');
  await page.getByRole('heading', { name: 'Template Chat', exact: true }).waitFor();
}

describe('Template Chat and WhatsApp approval', () => {
  it('lists every template as not yet submitted, in words', async () => {
    await openList();
    await row('Pesanan Dikirim').waitFor();
    expect(await statusOf('Pesanan Dikirim')).toBe('none');
    expect(await row('Pesanan Dikirim').getByTestId('whatsapp-status').textContent()).toContain('Belum diajukan');
    await snap(page, '60-templates-whatsapp-none-1366');
  });

  it('submits a template from the editor, and shows Meta’s approval once its webhook arrives', async () => {
    await openEditor('Pesanan Dikirim');
    const review = page.getByTestId('whatsapp-review');
    expect(await review.textContent()).toContain('Belum diajukan');
    await review.getByRole('button', { name: 'Ajukan ke WhatsApp' }).click();
    await expect.poll(() => review.getByTestId('whatsapp-status').getAttribute('data-status')).toBe('pending');
    expect(await review.textContent()).toContain('Sedang ditinjau');
    const submitted = wa.requests.find((r) => r.method === 'POST' && r.path.endsWith('/message_templates'));
    expect(submitted?.body).toEqual({
      name: 'pesanan_dikirim', language: 'id', category: 'UTILITY',
      components: [{ type: 'BODY', text: 'Halo {{1}}, pesanan {{2}} sudah dikirim. Terima kasih!', example: { body_text: [['Budi Santoso', 'SO-1001']] } }],
    });
    await snap(page, '61-template-submitted-1366');

    expect((await wa.reviewTemplate(hook(), wa.templates.find((x) => x.name === 'pesanan_dikirim')!.id, 'APPROVED')).status).toBe(200);
    await openList();
    await expect.poll(() => statusOf('Pesanan Dikirim')).toBe('approved');
    expect(await row('Pesanan Dikirim').getByTestId('whatsapp-status').textContent()).toContain('Disetujui');
  });

  it('shows a rejection with WhatsApp’s reason, and an edit that needs resubmitting', async () => {
    expect((await page.request.post(`/api/v1/templates/${await idOf('Promo Akhir Pekan')}/whatsapp`, { data: {} })).status()).toBe(200);
    await wa.reviewTemplate(hook(), wa.templates.find((x) => x.name === 'promo_akhir_pekan')!.id, 'REJECTED', 'INCORRECT_CATEGORY');
    await page.reload();
    await expect.poll(() => statusOf('Promo Akhir Pekan')).toBe('rejected');
    await openEditor('Promo Akhir Pekan');
    expect(await page.getByTestId('whatsapp-reason').textContent()).toContain('kategorinya tidak sesuai isi');
    await snap(page, '62-template-rejected-1366');
    // Changing the text: submit only after saving, and the list then says it must be submitted again.
    await page.getByRole('textbox', { name: 'Message' }).fill('Halo {contactname}, ada kopi baru minggu ini di toko kami. Sampai jumpa!');
    await page.getByTestId('whatsapp-review').getByText('Simpan perubahan dulu.').waitFor();
    expect(await page.getByTestId('whatsapp-review').getByRole('button', { name: 'Ajukan ulang' }).isDisabled()).toBe(true);
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('heading', { name: 'Template Chat', exact: true }).waitFor();
    await expect.poll(async () => row('Promo Akhir Pekan').getByTestId('whatsapp-status').first().textContent()).toContain('Berubah: ajukan ulang');
  });

  it('warns on an automation and a broadcast whose template WhatsApp has not approved (and not on an approved one)', async () => {
    for (const [name, code] of [['Promo otomatis', 'Promo Akhir Pekan'], ['Kirim otomatis', 'Pesanan Dikirim']] as const) {
      const res = await page.request.post('/api/v1/automations', { data: { name, trigger: 'order.created', templateId: await idOf(code), enabled: false } });
      expect(res.status(), await res.text()).toBe(201);
    }
    await page.goto('/automations');
    const promoRow = page.getByRole('row').filter({ hasText: 'Promo otomatis' });
    await promoRow.getByTestId('automation-warning').filter({ hasText: 'Belum disetujui WhatsApp' }).waitFor();
    expect(await page.getByRole('row').filter({ hasText: 'Kirim otomatis' }).getByTestId('automation-warning').count()).toBe(0);
    await snap(page, '66-automation-not-approved-1366');
    // The editor warns before saving, as soon as the template is chosen; an approved one has no warning.
    await page.getByRole('row').filter({ hasText: 'Promo otomatis' }).getByRole('link', { name: /Ubah/ }).click();
    await page.getByTestId('unapproved-warning').filter({ hasText: 'belum disetujui WhatsApp (Ditolak)' }).waitFor();
    await page.getByRole('combobox', { name: 'Template', exact: true }).click();
    await page.getByRole('option', { name: 'Pesanan Dikirim' }).click();
    await page.getByTestId('unapproved-warning').waitFor({ state: 'detached' });

    const contact = await (await page.request.post('/api/v1/contacts', { data: { name: 'Rina', phone: '0812-5555-0001' } })).json() as { id: string };
    const cast = await page.request.post('/api/v1/broadcasts', { data: { name: 'Promo minggu ini', channel: 'whatsapp', templateId: await idOf('Promo Akhir Pekan'), contactIds: [contact.id] } });
    expect(cast.status(), await cast.text()).toBe(201);
    await page.goto(`/broadcasts/${(await cast.json() as { id: string }).id}`);
    await page.getByRole('alert').filter({ hasText: 'belum disetujui WhatsApp' }).first().waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await snap(page, '67-broadcast-not-approved-1366');
    await page.getByRole('link', { name: 'Ubah draf' }).click();
    await page.getByTestId('unapproved-warning').filter({ hasText: 'belum disetujui WhatsApp' }).waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await snap(page, '68-broadcast-editor-not-approved-1366');
  });

  it('imports the template approved by hand and links it', async () => {
    await openList();
    await page.getByRole('button', { name: 'Impor dari WhatsApp' }).click();
    await page.getByTestId('import-result').waitFor();
    expect(await page.getByTestId('import-result').textContent()).toMatch(/Dari WhatsApp: \d+ ditautkan, 0 dibuat, 0 dilewati\./);
    await expect.poll(() => statusOf('Konfirmasi Bayar')).toBe('approved');
    await snap(page, '63-templates-whatsapp-1366');
  });

  it('reads well on a phone (390×844): the approval is visible on each card, nothing scrolls sideways', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.reload();
    await row('Pesanan Dikirim').waitFor();
    expect(await statusOf('Pesanan Dikirim')).toBe('approved');
    expect(await statusOf('Promo Akhir Pekan')).toBe('rejected');
    expect(await row('Pesanan Dikirim').getByTestId('whatsapp-status').isVisible()).toBe(true);
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await snap(page, '64-templates-whatsapp-390');
    await page.goto(`/templates/${await idOf('Promo Akhir Pekan')}/edit`);
    await page.getByTestId('whatsapp-review').waitFor();
    await page.getByTestId('whatsapp-review').scrollIntoViewIfNeeded();
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await snap(page, '65-template-review-390');
    await page.setViewportSize({ width: 1366, height: 800 });
  });
});
