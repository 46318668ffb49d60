// Kontak: editing a row (with the server's 422 invalid-phone and 409 duplicate shown inline),
// a contact's own page (tags, consent, orders, messages) and deleting one after a confirm.
import type { SapaClient } from '@sapa/client';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApiClient } from './support/api-client.js';
import { snap } from './support/browser.js';
import { openE2eSession, type E2eSession } from './support/e2e-session.js';

let session: E2eSession;
let page: Page;
let api: SapaClient;
const ids: Record<string, string> = {};

async function createContact(name: string, phone: string): Promise<void> {
  ids[name] = (await api.post('/api/v1/contacts', { body: { name, phone } })).id;
}

beforeAll(async () => {
  session = await openE2eSession();
  page = session.page;
  api = await openApiClient(session.sapa);
  await createContact('Ani', '0813-1111-2222');
  await createContact('Budi', '0812-3456-7890');
  // Citra arrives with her orders; an automation writes her a message.
  const tpl = await api.post('/api/v1/templates', { body: { code: 'PESANAN_DIBUAT', message: 'Halo {contactname}, pesanan {documentnumber} sudah kami catat.', category: 'utility' } });
  await api.post('/api/v1/automations', { body: { name: 'Pesanan dibuat', trigger: 'order.created', templateId: tpl.id, channel: 'whatsapp', delayMinutes: 0, enabled: true } });
  const contact = { externalId: 'C-CITRA', name: 'Citra', phone: '+62 857 1234 5678' };
  for (const data of [
    { id: 'evt-citra-1', type: 'order.created', occurredAt: '2026-11-20T09:00:00+07:00', contact, order: { number: 'SO-2001', items: [{ name: 'Kopi', quantity: 2, price: 50000 }], total: 100000, currency: 'IDR' } },
    { id: 'evt-citra-2', type: 'order.paid', occurredAt: '2026-11-21T09:00:00+07:00', contact, order: { number: 'SO-2001', invoiceNumber: 'INV-2001' } },
    { id: 'evt-citra-3', type: 'order.created', occurredAt: '2026-11-22T09:00:00+07:00', contact, order: { number: 'SO-2002', items: [{ name: 'Teh', quantity: 1 }], total: 35000, currency: 'IDR' } },
  ]) {
    ids.Citra = (await api.post('/api/v1/events', { body: data })).contactId!;
  }
  // A person's edit (the session, not the key): the page says the consent was given in Sapa, not over the API.
  const patched = await page.request.patch(`/api/v1/contacts/${ids.Citra}`, { data: { tags: ['pelanggan-setia', 'jakarta'], consent: { whatsapp: 'opted_in', email: 'opted_out' } } });
  expect(patched.status(), await patched.text()).toBe(200);
});

afterAll(() => session?.close());

describe('Kontak edit and delete', () => {
  it('edits a contact, showing invalid-phone and duplicate refusals inline', async () => {
    await page.getByRole('navigation').getByRole('link', { name: 'Kontak' }).click();
    await page.getByTestId('contact-row-Ani').waitFor();
    await page.getByRole('button', { name: 'Ubah Ani' }).click();
    const dialog = page.getByRole('dialog', { name: 'Ubah kontak' });
    const phone = dialog.getByRole('textbox', { name: 'Telepon', exact: true });
    expect(await phone.inputValue()).toBe('+6281311112222');

    await phone.fill('12345');
    await dialog.getByRole('button', { name: 'Simpan' }).click();
    await dialog.getByText('Nomor telepon tidak valid.').waitFor();

    await phone.fill('0812-3456-7890');
    await dialog.getByRole('button', { name: 'Simpan' }).click();
    await dialog.getByText('Kontak dengan nomor atau ID yang sama sudah ada.').waitFor();
    await snap(page, '19-contact-edit-duplicate');

    await dialog.getByRole('textbox', { name: 'Nama', exact: true }).fill('Ani Wijaya');
    await phone.fill('0813-9999-0000');
    await dialog.getByRole('textbox', { name: 'Email', exact: true }).fill('ani@example.com');
    await dialog.getByRole('button', { name: 'Simpan' }).click();
    await dialog.waitFor({ state: 'hidden' });
    const row = page.getByTestId('contact-row-Ani Wijaya');
    await row.waitFor();
    // Stored as +6281399990000 (checked below), listed in national form.
    expect(await row.textContent()).toContain('0813-9999-0000');
    expect(await row.textContent()).toContain('ani@example.com');

    const stored = await api.get('/api/v1/contacts/{id}', { params: { path: { id: ids.Ani! } } });
    expect(stored).toMatchObject({ name: 'Ani Wijaya', phone: '+6281399990000', email: 'ani@example.com' });
  });

  it("opens a contact's page from the list: phone, tags, consent per channel, orders and messages", async () => {
    await page.getByRole('link', { name: 'Citra', exact: true }).click();
    await page.waitForURL(new RegExp(`/contacts/${ids.Citra}$`));
    await page.getByRole('heading', { name: 'Citra', level: 2 }).waitFor();
    const details = page.getByTestId('contact-details');
    expect(await details.textContent()).toContain('0857-1234-5678');
    // The tags as chips of the inline editor (personal-data.test.ts edits them).
    expect(await page.getByTestId('contact-tags').locator('.mantine-Pill-label').allTextContents()).toEqual(['pelanggan-setia', 'jakarta']);
    const consent = page.getByTestId('contact-consent');
    expect(await consent.locator('[data-channel="whatsapp"] [data-status]').textContent()).toBe('Setuju');
    expect(await consent.locator('[data-channel="email"] [data-status]').textContent()).toBe('Menolak');
    expect(await consent.locator('[data-channel="sms"] [data-status]').textContent()).toBe('Belum diketahui');
    // Where each consent came from, in words (it was set through the web app's session).
    expect(await consent.locator('[data-channel="whatsapp"]').textContent()).toContain('diisi di Sapa');

    // Newest first; the status is the last order event seen, in words.
    const orders = page.getByTestId('contact-orders');
    await orders.getByTestId('order-row-SO-2002').waitFor();
    const orderRows = await orders.locator('[data-testid^="order-row-"]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-testid')));
    expect(orderRows).toEqual(['order-row-SO-2002', 'order-row-SO-2001']);
    const paid = (await orders.getByTestId('order-row-SO-2001').textContent())?.replace(/\s/g, ' ');
    expect(paid).toContain('Pesanan dibayar');
    expect(paid).toContain('Rp 100.000');
    expect(paid).toContain('20 Nov 2026');

    // Her two automation messages, sent by the worker; one opens in the message drawer.
    const messages = page.getByTestId('contact-messages');
    await messages.getByTestId('contact-message-row').filter({ hasText: 'Terkirim' }).nth(1).waitFor({ timeout: 30_000 });
    expect(await messages.getByTestId('contact-message-row').count()).toBe(2);
    await snap(page, '20-contact-page');
    await messages.getByTestId('contact-message-row').filter({ hasText: 'SO-2001' }).click();
    const detail = page.getByTestId('message-detail');
    await detail.waitFor();
    expect(await detail.textContent()).toContain('Halo Citra, pesanan SO-2001 sudah kami catat.');
    // The drawer's contact link leads to this page.
    expect(await detail.getByRole('link', { name: 'Citra', exact: true }).getAttribute('href')).toBe(`/contacts/${ids.Citra}`);
    await page.keyboard.press('Escape');
    await detail.waitFor({ state: 'hidden' });
    expect(await page.getByRole('link', { name: 'Cari di halaman Pesan' }).getAttribute('href')).toBe('/messages?q=0857-1234-5678');

    await page.getByRole('link', { name: '← Semua kontak' }).click();
    await page.getByTestId('contact-row-Budi').waitFor();
  });

  it("answers a contact page that does not exist with the load error, not a blank page", async () => {
    await page.goto('/contacts/00000000-0000-4000-8000-000000000000');
    await page.getByTestId('load-error').waitFor();
    await page.getByRole('link', { name: '← Semua kontak' }).click();
    await page.getByTestId('contact-row-Budi').waitFor();
  });

  it('asks before closing the dialog with typed edits; an untouched one closes at once', async () => {
    await page.getByRole('button', { name: 'Ubah Ani Wijaya' }).click();
    const form = page.getByRole('dialog', { name: 'Ubah kontak' });
    await form.getByRole('textbox', { name: 'Nama', exact: true }).fill('Ani Berubah');
    await page.keyboard.press('Escape');
    const ask = page.getByRole('dialog', { name: 'Perubahan belum disimpan' });
    await ask.getByRole('button', { name: 'Tetap di sini' }).click();
    await ask.waitFor({ state: 'detached' });
    expect(await form.getByRole('textbox', { name: 'Nama', exact: true }).inputValue()).toBe('Ani Berubah');
    await page.keyboard.press('Escape');
    await ask.getByRole('button', { name: 'Tinggalkan' }).click();
    await form.waitFor({ state: 'hidden' });
    expect(await api.get('/api/v1/contacts/{id}', { params: { path: { id: ids.Ani! } } })).toMatchObject({ name: 'Ani Wijaya' });

    await page.getByRole('button', { name: 'Ubah Ani Wijaya' }).click();
    await form.getByRole('textbox', { name: 'Nama', exact: true }).waitFor();
    await page.keyboard.press('Escape');
    await form.waitFor({ state: 'hidden' });
    expect(await ask.count()).toBe(0);
  });

  it('deletes a contact after the confirm; cancel keeps it', async () => {
    await page.getByRole('button', { name: 'Hapus Budi' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('Hapus kontak "Budi" beserta data pribadinya?', { exact: false }).waitFor();
    await dialog.getByRole('button', { name: 'Batal' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByTestId('contact-row-Budi').waitFor();

    await page.getByRole('button', { name: 'Hapus Budi' }).click();
    await snap(page, '20-contact-delete');
    await dialog.getByRole('button', { name: 'Hapus', exact: true }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByTestId('contact-row-Budi').waitFor({ state: 'detached' });
    await page.getByTestId('contact-row-Ani Wijaya').waitFor();
    await expect(api.get('/api/v1/contacts/{id}', { params: { path: { id: ids.Budi! } } })).rejects.toMatchObject({ status: 404, code: 'not_found' });
    await snap(page, '21-contacts');
  });

  it('reads in English after the switch', async () => {
    await page.getByText('EN', { exact: true }).click();
    await page.getByRole('button', { name: 'Edit Ani Wijaya' }).click();
    await page.getByRole('dialog', { name: 'Edit contact' }).getByRole('textbox', { name: 'Phone', exact: true }).waitFor();
    await snap(page, '22-contact-edit-en');
    await page.keyboard.press('Escape');
    await page.getByText('ID', { exact: true }).click();
    await page.getByRole('navigation').getByRole('link', { name: 'Kontak' }).waitFor();
  });
});
