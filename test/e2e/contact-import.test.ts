// Impor CSV in the browser: pick a file, see the first rows and the column mapping, import, see the
// counts and the bad row with its reason in words; Ekspor CSV downloads the contacts with a BOM.
// At a phone's and a desktop's size; nothing scrolls sideways.
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { horizontalOverflow } from './support/axe.js';
import { snap } from './support/browser.js';
import { openE2eSession, type E2eSession } from './support/e2e-session.js';

let session: E2eSession;
let page: Page;

beforeAll(async () => {
  session = await openE2eSession();
  page = session.page;
});
afterAll(() => session?.close());

const CSV = [
  'name;phone;email;tags;consent_whatsapp;Kota Asal',
  'Rina Wijaya;0812-7000-0001;rina@contoh.id;vip|grosir;opted_in;Solo',
  'Salah Nomor;0812;salah@contoh.id;;;Medan',
  '"Toko ""Maju""";0812-7000-0003;;;;"Jl. Merdeka 5, Solo"',
].join('\r\n');

async function pickCsv(name: string, text: string) {
  const chooser = page.waitForEvent('filechooser');
  await page.getByTestId('import-file').click();
  await (await chooser).setFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(text) });
}

describe('Impor CSV', () => {
  for (const vp of [{ name: 'phone', width: 390, height: 844 }, { name: 'desktop', width: 1366, height: 800 }]) {
    it(`imports a file with a bad row and shows that row's error (${vp.name})`, async () => {
      await page.setViewportSize({ width: vp.width, height: vp.height });
      await page.goto('/contacts');
      await page.getByRole('link', { name: 'Impor CSV' }).click();
      await page.getByRole('heading', { name: 'Impor kontak dari CSV' }).waitFor();
      // The same file twice: the second run updates instead of creating.
      await pickCsv(`kontak-${vp.name}.csv`, CSV);
      const preview = page.getByTestId('import-preview');
      await preview.getByText('→ Telepon').waitFor();
      await preview.getByText('→ kolom kustom kota_asal').waitFor();
      await preview.getByText('Toko "Maju"').waitFor();
      expect(await horizontalOverflow(page)).toBe(0);
      await snap(page, `60-import-preview-${vp.name}`);

      await preview.getByRole('button', { name: 'Impor', exact: true }).click();
      const result = page.getByTestId('import-result');
      await result.waitFor();
      const first = vp.name === 'phone';
      expect(await page.getByTestId('import-created').textContent()).toContain(first ? '2' : '0');
      expect(await page.getByTestId('import-updated').textContent()).toContain(first ? '0' : '2');
      expect(await page.getByTestId('import-failed').textContent()).toContain('1');
      const row = page.getByTestId('import-error-2');
      expect((await row.textContent())?.replace(/\s+/g, ' ')).toBe('2phoneNomor telepon tidak valid.');
      expect(await horizontalOverflow(page)).toBe(0);
      await snap(page, `61-import-result-${vp.name}`);
    });
  }

  it('shows an unusable header before sending anything, in English too', async () => {
    await page.goto('/contacts/import');
    await pickCsv('salah.csv', 'name,123\nA,1\n');
    await page.getByText('Judul kolom tidak bisa menjadi nama kolom: pakai huruf, angka dan spasi, diawali huruf.').waitFor();
    expect(await page.getByRole('button', { name: 'Impor', exact: true }).isDisabled()).toBe(true);
    await page.evaluate(() => localStorage.setItem('sapa.lang', 'en'));
    await page.reload();
    await pickCsv('wrong.csv', 'name,phone\nA,0812\n');
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await page.getByTestId('import-error-1').getByText('Invalid phone number.').waitFor();
    await snap(page, '62-import-result-en');
    await page.evaluate(() => localStorage.setItem('sapa.lang', 'id'));
  });

  it('downloads the export with a BOM, and the imported contacts are in the list', async () => {
    await page.goto('/contacts');
    await page.getByTestId('contact-row-Rina Wijaya').waitFor();
    const download = page.waitForEvent('download');
    await page.getByRole('link', { name: 'Ekspor CSV' }).click();
    const file = await (await download).path();
    const bytes = await readFile(file);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    // The number behind a ' (a spreadsheet would read a leading + as a formula).
    expect(bytes.toString('utf8')).toContain("Rina Wijaya,'+6281270000001,rina@contoh.id,,vip|grosir,opted_in");
  });
});
