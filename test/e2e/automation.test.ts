// Automations end to end: built in the UI, fired by an event over the API, and the
// message seen in Pesan and in the sandbox outbox; plus the seed's trigger/variable refusal.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { snap } from './support/browser.js';
import { openE2eSession, type E2eSession } from './support/e2e-session.js';

let session: E2eSession;
let page: Page;

async function createTemplate(code: string, message: string): Promise<void> {
  // page.request shares the browser context's session cookie.
  const res = await page.request.post('/api/v1/templates', { data: { code, message, category: 'utility' } });
  expect(res.status(), await res.text()).toBe(201);
}

async function pick(label: string, option: string): Promise<void> {
  await page.getByRole('combobox', { name: label, exact: true }).click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

beforeAll(async () => {
  session = await openE2eSession();
  page = session.page;
  await createTemplate('TERIMA_KASIH_ORDER', 'Halo {contactname}, Terima kasih telah membeli {productname}. Kode penjualan Anda adalah {documentnumber}. Kami akan segera memproses pesanan Anda.');
  await createTemplate('LUNAS_PRODUK', 'Pembayaran {productname} dengan invoice {documentnumber} sudah kami terima.');
});

afterAll(() => session?.close());

describe('Automations', () => {
  it('shows the Sandbox badge when WhatsApp is not configured', async () => {
    await page.getByTestId('sandbox-badge').waitFor();
    expect(await page.getByTestId('sandbox-badge').textContent()).toBe('Sandbox');
  });

  it('creates an automation in the UI; an order event produces a message seen in Pesan and the sandbox outbox', async () => {
    await page.getByRole('navigation').getByRole('link', { name: 'Otomasi' }).click();
    await page.getByRole('link', { name: '+Tambah Otomasi' }).click();
    await page.getByRole('textbox', { name: 'Nama', exact: true }).fill('Terima kasih order');
    // Triggers in lifecycle order, each Indonesian label with the seed's English one beside it.
    await page.getByRole('combobox', { name: 'Pemicu', exact: true }).click();
    expect(await page.getByRole('option').allTextContents()).toEqual([
      'Kontak baruContact Created',
      'Pesanan dibuatContact Order Created',
      'Pesanan dibayarContact Order Paid',
      'Pesanan dikirimContact Order Delivery',
      'Pengingat pengirimanContact Order Followup Delivery',
      'Pesanan diterimaContact Order Received',
      'Hadiah referral didapatReferral Reward Earned',
    ]);
    await page.keyboard.press('Escape');
    await pick('Pemicu', 'Pesanan dibuat Contact Order Created');
    await pick('Template', 'TERIMA_KASIH_ORDER');
    await snap(page, '08-automation-new');
    await page.getByRole('button', { name: 'Simpan' }).click();
    await page.waitForURL(/\/automations$/);
    const row = page.getByTestId('automation-row-Terima kasih order');
    await row.waitFor();
    expect(await row.textContent()).toContain('Pesanan dibuat');
    expect(await row.textContent()).toContain('TERIMA_KASIH_ORDER');
    await snap(page, '07-automation-list');

    const res = await page.request.post('/api/v1/events', {
      data: {
        id: 'evt-e2e-0001',
        type: 'order.created',
        occurredAt: '2026-11-23T09:00:00+07:00',
        contact: { externalId: 'C-1', name: 'Budi', phone: '0812-3456-7890' },
        order: { number: 'SO-1001', items: [{ name: 'Kopi Arabika', quantity: 2, price: 50000 }], total: 100000, currency: 'IDR' },
        user: { name: 'Sari' },
      },
    });
    expect(res.status(), await res.text()).toBe(202);

    const expected = 'Halo Budi, Terima kasih telah membeli Kopi Arabika. Kode penjualan Anda adalah SO-1001. Kami akan segera memproses pesanan Anda.';
    await page.getByRole('navigation').getByRole('link', { name: 'Pesan' }).click();
    const messageRow = page.getByTestId('message-row').filter({ hasText: 'Budi' });
    await messageRow.first().waitFor({ timeout: 20_000 });
    // The log auto-refreshes: wait for the worker to move it past "Antre" (queued).
    await messageRow.filter({ hasText: 'Terkirim' }).first().waitFor({ timeout: 30_000 });
    expect(await messageRow.first().textContent()).toContain('Halo Budi, Terima kasih telah membeli Kopi Arabika.');
    await snap(page, '09-messages');

    await messageRow.first().click();
    const detail = page.getByTestId('message-detail');
    await detail.waitFor();
    expect(await detail.textContent()).toContain(expected);
    await snap(page, '10-message-detail');
    await page.keyboard.press('Escape');

    await page.getByRole('tab', { name: 'Sandbox outbox' }).click();
    await page.getByText('Sandbox — tidak benar-benar dikirim').waitFor();
    const outboxRow = page.getByTestId('outbox-row').filter({ hasText: expected });
    await outboxRow.first().waitFor({ timeout: 20_000 });
    expect(await outboxRow.first().textContent()).toContain('+6281234567890');
    // The row also shows the exact Cloud API request: an approved template with ordered parameters.
    const payload = outboxRow.first().getByTestId('outbox-payload');
    expect(await payload.locator('summary').textContent()).toBe('template terima_kasih_order (id) · 3 param');
    await payload.locator('summary').click();
    const json = JSON.parse((await payload.locator('pre').textContent()) ?? '{}');
    expect(json.template.components[0].parameters.map((p: { text: string }) => p.text)).toEqual(['Budi', 'Kopi Arabika', 'SO-1001']);
    expect(json.to).toBe('6281234567890');
    await snap(page, '11-sandbox-outbox');
  });

  it('offers only the templates the trigger allows, greying out the others with the reason', async () => {
    await page.goto('/automations/new');
    await pick('Pemicu', 'Pesanan dibayar Contact Order Paid');
    await page.getByRole('combobox', { name: 'Template', exact: true }).click();
    // Both templates use {productname}, which order.paid does not provide.
    for (const code of ['LUNAS_PRODUK', 'TERIMA_KASIH_ORDER']) {
      const option = page.getByRole('option', { name: new RegExp(`^${code}`) });
      expect(await option.getAttribute('aria-disabled')).toBe('true');
      expect(await option.textContent()).toContain('Memakai {productname}, yang tidak tersedia untuk Pesanan dibayar');
    }
    await page.getByText('Template yang pudar memakai variabel yang tidak tersedia untuk pemicu ini.').waitFor();
    await snap(page, '12-automation-templates-greyed');
    await page.getByRole('option', { name: /^LUNAS_PRODUK/ }).click({ force: true });
    expect(await page.getByRole('combobox', { name: 'Template', exact: true }).inputValue()).toBe('');
    await page.keyboard.press('Escape');

    // Another trigger offers them.
    await pick('Pemicu', 'Pesanan dibuat Contact Order Created');
    await page.getByRole('combobox', { name: 'Template', exact: true }).click();
    expect(await page.getByRole('option', { name: 'LUNAS_PRODUK', exact: true }).getAttribute('aria-disabled')).toBeNull();
    await page.keyboard.press('Escape');
  });

  it('refuses {productname} on Pesanan dibayar with an inline error naming the variable and trigger, before and after saving', async () => {
    await page.goto('/automations/new');
    await page.getByRole('textbox', { name: 'Nama', exact: true }).fill('Lunas');
    // The template chosen first, then a trigger that cannot fill it.
    await pick('Template', 'LUNAS_PRODUK');
    await pick('Pemicu', 'Pesanan dibayar Contact Order Paid');
    const inline = page.getByText('Variabel {productname} tidak tersedia untuk pemicu Pesanan dibayar');
    await inline.waitFor();
    const refused = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/api/v1/automations'));
    await page.getByRole('button', { name: 'Simpan' }).click();
    expect((await refused).status()).toBe(422);
    await inline.waitFor();
    expect(page.url()).toMatch(/\/automations\/new$/);
    await snap(page, '12-automation-refused');
  });

  it("reads the seed's English trigger labels, in the same order, in the English UI", async () => {
    await page.goto('/automations');
    await page.getByText('EN', { exact: true }).click();
    expect(await page.getByTestId('automation-row-Terima kasih order').textContent()).toContain('Contact Order Created');
    await page.getByRole('link', { name: '+Add Automation' }).click();
    await page.getByRole('combobox', { name: 'Trigger', exact: true }).click();
    expect(await page.getByRole('option').allTextContents()).toEqual([
      'Contact Created', 'Contact Order Created', 'Contact Order Paid', 'Contact Order Delivery', 'Contact Order Followup Delivery', 'Contact Order Received', 'Referral Reward Earned',
    ]);
    await page.getByRole('option', { name: 'Contact Order Paid', exact: true }).click();
    await page.getByRole('combobox', { name: 'Template', exact: true }).click();
    expect(await page.getByRole('option', { name: /^LUNAS_PRODUK/ }).textContent()).toContain('Uses {productname}, which Contact Order Paid does not provide');
    await page.keyboard.press('Escape');
    await page.getByText('ID', { exact: true }).click();
    await page.getByRole('combobox', { name: 'Pemicu', exact: true }).waitFor();
  });

  it('turns an automation off with its switch (PATCH) and the list shows it off after reload', async () => {
    await page.goto('/automations');
    const toggle = page.getByRole('switch', { name: 'Aktifkan otomasi Terima kasih order' });
    expect(await toggle.isChecked()).toBe(true);
    const patched = page.waitForResponse((r) => r.request().method() === 'PATCH' && r.url().includes('/api/v1/automations/'));
    await toggle.click({ force: true });
    expect((await patched).status()).toBe(200);
    await page.reload();
    await page.getByRole('switch', { name: 'Aktifkan otomasi Terima kasih order' }).waitFor({ state: 'attached' });
    expect(await page.getByRole('switch', { name: 'Aktifkan otomasi Terima kasih order' }).isChecked()).toBe(false);
  });

  it('shows the invalid-phone refusal inline on the contact form', async () => {
    await page.getByRole('navigation').getByRole('link', { name: 'Kontak' }).click();
    await page.getByText('Budi', { exact: true }).waitFor();
    await page.getByRole('button', { name: '+Tambah Kontak' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('textbox', { name: 'Nama', exact: true }).fill('Ani');
    await dialog.getByRole('textbox', { name: 'Telepon', exact: true }).fill('12345');
    await dialog.getByRole('button', { name: 'Simpan' }).click();
    await dialog.getByText('Nomor telepon tidak valid.').waitFor();
    await snap(page, '13-contact-invalid-phone');
    await dialog.getByRole('textbox', { name: 'Telepon', exact: true }).fill('0813-1111-2222');
    await dialog.getByRole('button', { name: 'Simpan' }).click();
    await dialog.waitFor({ state: 'hidden' });
    // Stored as +6281311112222, shown the way the shop writes it.
    await page.getByText('0813-1111-2222').waitFor();
    await snap(page, '14-contacts');
  });
});
