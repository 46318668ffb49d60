// Seed 000's own flow in the browser: Login → Template Chat → +Add Template Chat →
// "Template Chat – New" → Code, Message → Save → the template is in the list.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginViaUi, snap } from './support/browser.js';
import { openE2eSession, type E2eSession } from './support/e2e-session.js';

const SEED_MESSAGE = 'Terima kasih, {contactname}, pesanan Anda untuk produk {productname} dengan kode {documentnumber} telah berhasil kami proses.';

let session: E2eSession;
let page: Page;

beforeAll(async () => {
  session = await openE2eSession({ login: false });
  page = session.page;
});

afterAll(() => session?.close());

describe('Template Chat (seed flow)', () => {
  it('logs in, adds the seed template on "Template Chat – New" and finds it in the list', async () => {
    await page.goto('/');
    await page.getByRole('heading', { name: 'Masuk ke Sapa' }).waitFor();
    await page.getByLabel('Email').fill('admin@toko-sapa.test');
    await page.getByLabel('Kata sandi').fill('salah-sandi');
    await page.getByRole('button', { name: 'Masuk' }).click();
    await page.getByRole('alert').getByText('Email atau kata sandi salah.').waitFor();
    await snap(page, '01-login');
    await loginViaUi(page);

    await page.getByRole('navigation').getByRole('link', { name: 'Template Chat' }).click();
    await page.getByRole('heading', { name: 'Template Chat', exact: true }).waitFor();
    await page.getByRole('link', { name: '+Add Template Chat' }).click();

    await page.getByRole('heading', { name: 'Template Chat – New', exact: true }).waitFor();
    // Mantine marks required fields with an asterisk after the label text.
    expect(await page.locator('label', { hasText: 'Code' }).textContent()).toMatch(/^Code\s*\*$/);
    expect(await page.locator('label', { hasText: 'Message' }).textContent()).toMatch(/^Message\s*\*$/);

    await page.getByRole('textbox', { name: 'Code', exact: true }).fill('TERIMA_KASIH_ORDER');
    await page.getByRole('textbox', { name: 'Message', exact: true }).fill(SEED_MESSAGE);
    // The live preview renders the seed example with sample data.
    await page.getByTestId('template-preview-text').getByText('Terima kasih, Budi Santoso, pesanan Anda untuk produk', { exact: false }).waitFor();
    await snap(page, '03-template-new');
    await page.getByRole('button', { name: 'Save' }).click();

    await page.waitForURL(/\/templates$/);
    const row = page.getByTestId('template-row-TERIMA_KASIH_ORDER');
    await row.waitFor();
    expect(await row.textContent()).toContain('Terima kasih, {contactname}, pesanan Anda untuk produk {productname}');
    await snap(page, '02-template-list');
  });

  it('flags an unknown variable inline with its position and "did you mean {contactname}"', async () => {
    await page.getByRole('link', { name: '+Add Template Chat' }).click();
    await page.getByRole('textbox', { name: 'Code', exact: true }).fill('SALAH_KETIK');
    await page.getByRole('textbox', { name: 'Message', exact: true }).fill('Halo {contactnama}, pesanan {documentnumber} sudah kami terima.');
    const error = page.getByText('Variabel {contactnama} tidak dikenal (posisi 6). Mungkin maksud Anda {contactname}?');
    await error.waitFor();
    await snap(page, '04-template-unknown-variable');

    // The server refuses the same text on Save, and the inline error stays.
    const refused = page.waitForResponse((r) => r.url().endsWith('/api/v1/templates') && r.request().method() === 'POST');
    await page.getByRole('button', { name: 'Save' }).click();
    expect((await refused).status()).toBe(422);
    await error.waitFor();
    expect(page.url()).toMatch(/\/templates\/new$/);
  });

  it('refuses a duplicate code (case-insensitive) under the Code field', async () => {
    await page.goto('/templates/new');
    await page.getByRole('textbox', { name: 'Code', exact: true }).fill('terima_kasih_order');
    await page.getByRole('textbox', { name: 'Message', exact: true }).fill('Halo {contactname}');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Code ini sudah dipakai template lain.').waitFor();
  });

  it('inserts a trigger variable at the cursor from its chip', async () => {
    await page.goto('/templates/new');
    await page.getByRole('combobox', { name: 'Pemicu' }).click();
    // Indonesian label first, the seed's English label beside it.
    await page.getByRole('option', { name: 'Pesanan dibayar Contact Order Paid', exact: true }).click();
    const message = page.getByRole('textbox', { name: 'Message', exact: true });
    await message.fill('Halo , terima kasih.');
    await message.evaluate((el: HTMLTextAreaElement) => el.setSelectionRange(5, 5));
    await page.getByTestId('variable-chips').getByText('{contactname}').click();
    expect(await message.inputValue()).toBe('Halo {contactname}, terima kasih.');
    // order.paid has no {productname}: its chip is not offered.
    expect(await page.getByTestId('variable-chips').getByText('{productname}').count()).toBe(0);
    await page.getByTestId('template-preview-text').getByText('Halo Budi Santoso, terima kasih.').waitFor();
  });

  it('sets the approved WhatsApp template name, refusing one WhatsApp would not accept', async () => {
    await page.goto('/templates/new');
    await page.getByRole('textbox', { name: 'Code', exact: true }).fill('Promo Lebaran');
    await page.getByRole('textbox', { name: 'Message', exact: true }).fill('Halo {contactname}, diskon Lebaran!');
    const waName = page.getByRole('textbox', { name: 'Nama template WhatsApp' });
    // Left empty, the name comes from Code.
    expect(await waName.getAttribute('placeholder')).toBe('promo_lebaran');
    await waName.fill('Promo Lebaran V2');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByTestId('field-error').first().waitFor();
    expect(page.url()).toMatch(/\/templates\/new$/);
    await waName.fill('promo_lebaran_v2');
    const saved = page.waitForResponse((r) => r.url().endsWith('/api/v1/templates') && r.request().method() === 'POST');
    await page.getByRole('button', { name: 'Save' }).click();
    const body = await (await saved).json();
    expect(body).toMatchObject({ code: 'Promo Lebaran', whatsappName: 'promo_lebaran_v2', whatsappLanguage: 'id' });
    await page.waitForURL(/\/templates$/);
  });

  it('switches to English and keeps Code/Message/Save verbatim', async () => {
    await page.goto('/templates/new');
    await page.getByText('EN', { exact: true }).click();
    await page.getByRole('heading', { name: 'Template Chat – New', exact: true }).waitFor();
    await page.getByRole('combobox', { name: 'Trigger' }).waitFor();
    await page.getByRole('textbox', { name: 'Message', exact: true }).fill('Hi {contactnama}');
    await page.getByText('Unknown variable {contactnama} at position 4. Did you mean {contactname}?').waitFor();
    await snap(page, '05-template-new-en');
    await page.goto('/templates');
    await page.getByRole('navigation').getByRole('link', { name: 'Automations' }).waitFor();
    await snap(page, '06-template-list-en');
    // The choice persists across reloads; switch back for the other tests.
    await page.reload();
    await page.getByRole('navigation').getByRole('link', { name: 'Messages' }).waitFor();
    await page.getByText('ID', { exact: true }).click();
    await page.getByRole('navigation').getByRole('link', { name: 'Pesan' }).waitFor();
  });
});
