// Kontak: editing a row (with the server's 422 invalid-phone and 409 duplicate shown inline)
// and deleting one after a confirm.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { snap } from './support/browser.js';
import { openE2eSession, type E2eSession } from './support/e2e-session.js';

let session: E2eSession;
let page: Page;
const ids: Record<string, string> = {};

async function createContact(name: string, phone: string): Promise<void> {
  const res = await page.request.post('/api/v1/contacts', { data: { name, phone } });
  expect(res.status(), await res.text()).toBe(201);
  ids[name] = ((await res.json()) as { id: string }).id;
}

beforeAll(async () => {
  session = await openE2eSession();
  page = session.page;
  await createContact('Ani', '0813-1111-2222');
  await createContact('Budi', '0812-3456-7890');
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

    const stored = await page.request.get(`/api/v1/contacts/${ids.Ani}`);
    expect(await stored.json()).toMatchObject({ name: 'Ani Wijaya', phone: '+6281399990000', email: 'ani@example.com' });
  });

  it('deletes a contact after the confirm; cancel keeps it', async () => {
    await page.getByRole('button', { name: 'Hapus Budi' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('Hapus kontak "Budi" beserta datanya?').waitFor();
    await dialog.getByRole('button', { name: 'Batal' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByTestId('contact-row-Budi').waitFor();

    await page.getByRole('button', { name: 'Hapus Budi' }).click();
    await snap(page, '20-contact-delete');
    await dialog.getByRole('button', { name: 'Hapus', exact: true }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByTestId('contact-row-Budi').waitFor({ state: 'detached' });
    await page.getByTestId('contact-row-Ani Wijaya').waitFor();
    expect((await page.request.get(`/api/v1/contacts/${ids.Budi}`)).status()).toBe(404);
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
