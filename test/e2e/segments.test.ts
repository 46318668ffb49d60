// Segmen: build a segment in the browser — a rule, then a second one with any/all — and watch the
// live count follow each edit; the server's 422 shows on the rule it names; save it and see its
// count in the list. Screenshots at 390×844 and 1366×800 go to SAPA_E2E_SCREENS when set.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { snap } from './support/browser.js';
import { openE2eSession, type E2eSession } from './support/e2e-session.js';

let session: E2eSession;
let page: Page;

async function post(path: string, data: unknown): Promise<void> {
  const res = await page.request.post(path, { data });
  expect(res.status(), await res.text()).toBeLessThan(300);
}

beforeAll(async () => {
  session = await openE2eSession();
  page = session.page;
  await post('/api/v1/contacts', { name: 'Ani', phone: '0813-1111-2222', tags: ['vip'] });
  await post('/api/v1/contacts', { name: 'Budi', phone: '0812-3456-7890', tags: ['vip', 'grosir'] });
  // Citra has no tag but bought coffee; Dewi has neither.
  await post('/api/v1/events', {
    id: 'evt-seg-1', type: 'order.created', occurredAt: '2026-11-20T09:00:00+07:00',
    contact: { externalId: 'C-CITRA', name: 'Citra', phone: '+62 857 1234 5678' },
    order: { number: 'SO-3001', items: [{ name: 'Kopi Arabika', quantity: 1, price: 50000 }], total: 50000, currency: 'IDR' },
  });
  await post('/api/v1/contacts', { name: 'Dewi', phone: '0811-2222-3333' });
});

afterAll(() => session?.close());

const badge = () => page.getByTestId('segment-count-badge');

/** Picks an option of the Mantine select named `label` inside `scope`. */
async function choose(scope: ReturnType<Page['locator']>, label: string, option: string): Promise<void> {
  await scope.getByLabel(label, { exact: true }).click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

describe('Segmen', () => {
  it('builds a segment, the count following each edit, and saves it', async () => {
    await page.setViewportSize({ width: 1366, height: 800 });
    await page.getByRole('navigation').getByRole('link', { name: 'Segmen' }).click();
    await page.getByRole('heading', { name: 'Segmen', level: 2 }).waitFor();
    await page.getByRole('link', { name: '+Segmen baru' }).click();
    await page.getByRole('heading', { name: 'Segmen baru', level: 2 }).waitFor();

    // The first rule starts empty: the server's check names its value, and the count waits.
    const first = page.getByTestId('segment-rule').nth(0);
    await first.getByText('Isi nilai yang sesuai.').waitFor();
    expect(await badge().textContent()).toBe('Periksa aturan');

    await first.getByLabel('Nilai', { exact: true }).fill('vip');
    await page.getByTestId('segment-live-count').getByText('2 kontak cocok').waitFor();
    expect(await badge().textContent()).toBe('2 kontak cocok');
    const sample = page.getByTestId('segment-preview');
    await sample.getByRole('link', { name: 'Ani' }).waitFor();
    await sample.getByRole('link', { name: 'Budi' }).waitFor();

    // A second rule on the orders: all → 0 (no VIP bought coffee), any → 3.
    await page.getByRole('button', { name: '+ Aturan' }).click();
    const second = page.getByTestId('segment-rule').nth(1);
    await choose(second, 'Data', 'Produk yang dibeli');
    expect(await second.getByLabel('Kondisi', { exact: true }).inputValue()).toBe('nama produk mengandung');
    await second.getByLabel('Nilai', { exact: true }).fill('kopi');
    await page.getByTestId('segment-live-count').getByText('0 kontak cocok').waitFor();
    await page.getByText('salah satu', { exact: true }).click();
    await page.getByTestId('segment-live-count').getByText('3 kontak cocok').waitFor();
    await sample.getByRole('link', { name: 'Citra' }).waitFor();
    await snap(page, 'segment-builder-desktop');

    await page.setViewportSize({ width: 390, height: 844 });
    await page.waitForTimeout(300);
    expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
    await snap(page, 'segment-builder-phone');

    await page.getByLabel('Nama segmen').fill('VIP atau kopi');
    await page.getByRole('button', { name: 'Simpan' }).click();
    await page.getByRole('heading', { name: 'Segmen', level: 2 }).waitFor();
    const row = page.getByTestId('segment-row-VIP atau kopi');
    await row.getByText('3 kontak').waitFor();
    await snap(page, 'segment-list-phone');
    await page.setViewportSize({ width: 1366, height: 800 });
    await snap(page, 'segment-list-desktop');
  });

  it('changes a saved segment: a nested group narrows it, and the list shows the new count', async () => {
    await page.getByRole('link', { name: 'VIP atau kopi', exact: true }).click();
    await page.getByRole('heading', { name: 'Ubah segmen', level: 2 }).waitFor();
    await page.getByTestId('segment-live-count').getByText('3 kontak cocok').waitFor();
    // Drop the coffee rule, back to "all", then a nested "any" group with tag grosir: only Budi has both.
    await page.getByRole('button', { name: 'Hapus aturan' }).nth(1).click();
    await page.getByText('semua', { exact: true }).click();
    await page.getByTestId('segment-live-count').getByText('2 kontak cocok').waitFor();
    await page.getByRole('button', { name: '+ Grup aturan' }).click();
    const group = page.getByTestId('segment-group');
    await group.getByLabel('Nilai', { exact: true }).fill('grosir');
    await page.getByTestId('segment-live-count').getByText('1 kontak cocok').waitFor();
    await snap(page, 'segment-nested-desktop');
    await page.getByRole('button', { name: 'Simpan' }).click();
    await page.getByTestId('segment-row-VIP atau kopi').getByText('1 kontak').waitFor();
  });
});
