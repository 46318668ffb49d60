// The template editor as a WhatsApp tool (formatting in the bubble, the bad variable marked
// with the preview still shown, a 1,024-character counter, long words wrapping) and the list
// and form behaviour every page shares: empty vs no results, retry, toasts, unsaved warning.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { snap } from './support/browser.js';
import { openE2eSession, type E2eSession } from './support/e2e-session.js';

let session: E2eSession;
let page: Page;

const message = () => page.getByRole('textbox', { name: 'Message', exact: true });
const bubble = () => page.getByTestId('template-preview-text');

beforeAll(async () => {
  session = await openE2eSession();
  page = session.page;
});

afterAll(() => session?.close());

describe('Template editor', () => {
  it('renders WhatsApp formatting in the preview bubble, as text only', async () => {
    await page.goto('/templates/new');
    await message().fill('Halo *{contactname}*, _promo_ ~harga lama~ ```KODE-1``` <b>x</b><img src=x>');
    await bubble().locator('strong', { hasText: 'Budi Santoso' }).waitFor();
    expect(await bubble().locator('em').textContent()).toBe('promo');
    expect(await bubble().locator('s').textContent()).toBe('harga lama');
    expect(await bubble().locator('code').textContent()).toBe('KODE-1');
    // Markup typed by the author is shown, never interpreted.
    expect(await bubble().textContent()).toContain('<b>x</b><img src=x>');
    expect(await bubble().locator('b, img').count()).toBe(0);
    await snap(page, 'editor-formatting');
  });

  it('marks only the bad variable, keeps the preview with the good ones filled, and selects it on request', async () => {
    await page.goto('/templates/new');
    const text = 'Halo *{contactname}*, pesanan {contactnama} sudah kami terima.';
    await message().fill(text);
    await page.getByText('Variabel {contactnama} tidak dikenal (posisi 31). Mungkin maksud Anda {contactname}?').waitFor();
    const marks = bubble().getByTestId('preview-mark');
    expect(await marks.allTextContents()).toEqual(['{contactnama}']);
    expect(await bubble().textContent()).toBe('Halo Budi Santoso, pesanan {contactnama} sudah kami terima.');
    expect(await bubble().locator('strong').textContent()).toBe('Budi Santoso');
    // The field itself is not painted red as a whole; it is still announced as invalid.
    expect(await message().getAttribute('data-error')).toBeNull();
    expect(await message().getAttribute('aria-invalid')).toBe('true');
    await page.getByRole('button', { name: 'Tunjukkan di pesan' }).click();
    const selected = await message().evaluate((el: HTMLTextAreaElement) => el.value.slice(el.selectionStart, el.selectionEnd));
    expect(selected).toBe('{contactnama}');
    await snap(page, 'editor-bad-variable');
  });

  it('counts characters against WhatsApp’s 1,024 limit', async () => {
    await page.goto('/templates/new');
    await message().fill('Halo {contactname}');
    expect(await page.getByTestId('message-counter').textContent()).toBe('18 / 1.024 karakter');
    await message().fill('a'.repeat(1030));
    expect(await page.getByTestId('message-counter').textContent()).toBe('1.030 / 1.024 karakter — Melebihi batas WhatsApp 1.024 karakter untuk isi template.');
  });

  it('wraps a long word inside the bubble', async () => {
    await page.goto('/templates/new');
    await message().fill(`Resi ${'X'.repeat(300)}`);
    await bubble().getByText('Resi', { exact: false }).waitFor();
    const fits = await bubble().evaluate((el) => el.scrollWidth <= el.clientWidth);
    expect(fits).toBe(true);
  });

  it('shows the meaning of each variable chip beside it', async () => {
    await page.goto('/templates/new');
    const chips = page.getByTestId('variable-chips');
    await chips.getByText('Nama Pelanggan', { exact: true }).waitFor();
    expect(await chips.getByRole('button', { name: '{contactname} Nama Pelanggan' }).isVisible()).toBe(true);
  });
});

describe('Forms and lists', () => {
  it('says "Belum ada data." for an empty list and "Tidak ada hasil" for a search without a match', async () => {
    await page.goto('/contacts');
    await page.getByTestId('contact-table-empty').getByText('Belum ada data.').waitFor();
    await page.goto('/templates?q=tidak-ada-yang-cocok');
    await page.getByTestId('template-table-empty').getByText('Tidak ada hasil').waitFor();
  });

  it('warns before leaving an edited form, and lets the user stay or leave', async () => {
    await page.goto('/templates/new');
    await page.getByRole('textbox', { name: 'Code', exact: true }).fill('BELUM_DISIMPAN');
    await page.getByRole('navigation').getByRole('link', { name: 'Otomasi' }).click();
    const dialog = page.getByRole('dialog', { name: 'Perubahan belum disimpan' });
    await dialog.waitFor();
    await snap(page, 'editor-unsaved');
    await dialog.getByRole('button', { name: 'Tetap di sini' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(page.url()).toMatch(/\/templates\/new$/);
    expect(await page.getByRole('textbox', { name: 'Code', exact: true }).inputValue()).toBe('BELUM_DISIMPAN');
    await page.getByRole('navigation').getByRole('link', { name: 'Otomasi' }).click();
    await page.getByRole('dialog', { name: 'Perubahan belum disimpan' }).getByRole('button', { name: 'Tinggalkan' }).click();
    await page.waitForURL(/\/automations$/);
  });

  it('does not warn for an untouched form', async () => {
    await page.goto('/templates/new');
    await page.getByRole('navigation').getByRole('link', { name: 'Kontak' }).click();
    await page.waitForURL(/\/contacts$/);
  });

  it('confirms a save and a delete with a toast', async () => {
    await page.goto('/templates/new');
    await page.getByRole('textbox', { name: 'Code', exact: true }).fill('TOAST');
    await message().fill('Halo {contactname}');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForURL(/\/templates$/);
    await page.getByText('Tersimpan.', { exact: true }).waitFor();
    await page.getByTestId('template-row-TOAST').waitFor();
    await page.getByRole('button', { name: 'Hapus TOAST' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Hapus' }).click();
    await page.getByText('Terhapus.', { exact: true }).waitFor();
    await page.getByTestId('template-row-TOAST').waitFor({ state: 'detached' });
  });

  it('shows a failed load with a retry button that loads again', async () => {
    let fail = true;
    await page.route('**/api/v1/contacts*', (route) =>
      fail
        ? route.fulfill({ status: 503, contentType: 'application/problem+json', body: JSON.stringify({ type: 'about:blank', title: 'Unavailable', status: 503, detail: 'down for a moment', code: 'internal' }) })
        : route.continue(),
    );
    await page.goto('/contacts');
    const failed = page.getByTestId('load-error');
    await failed.waitFor({ timeout: 15_000 });
    await snap(page, 'list-load-error');
    fail = false;
    await failed.getByRole('button', { name: 'Coba lagi' }).click();
    await page.getByTestId('contact-table-empty').waitFor();
    expect(await failed.count()).toBe(0);
    await page.unroute('**/api/v1/contacts*');
  });
});
