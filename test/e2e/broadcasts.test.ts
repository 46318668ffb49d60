// Pesan Broadcast in the browser (issue 7): a draft made in the editor (the marketing-on-WhatsApp
// warning shows as soon as a marketing template is chosen, the segment shows its count), a test
// send to one contact, the broadcast sent to the segment with its progress bar reaching 100% over
// the live stream and the opted-out contact skipped in words; another one scheduled on the shop's
// clock and then cancelled. Every page pictured at phone and desktop size and checked with axe.
import type { SapaClient } from '@sapa/client';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { horizontalOverflow, seriousA11yViolations } from './support/axe.js';
import { openApiClient } from './support/api-client.js';
import { snap } from './support/browser.js';
import { openE2eSession, type E2eSession } from './support/e2e-session.js';

let session: E2eSession;
let page: Page;
let api: SapaClient;
const ids: Record<string, string> = {};

/** Pictures the page at both sizes and checks that it fits a phone and has no serious accessibility problem. */
async function look(name: string): Promise<void> {
  for (const [width, height, size] of [[390, 844, 'phone'], [1366, 800, 'desktop']] as const) {
    await page.setViewportSize({ width, height });
    await page.waitForTimeout(250);
    await snap(page, `broadcast-${name}-${size}`);
    expect(await horizontalOverflow(page), `${name} at ${size} scrolls sideways`).toBeLessThanOrEqual(0);
    expect(await seriousA11yViolations(page), `${name} at ${size}`).toEqual([]);
  }
}

/** Chooses an option of a Mantine select by typing part of it. */
async function choose(testId: string, typed: string, option: RegExp): Promise<void> {
  const input = page.getByTestId(testId);
  await input.click();
  await input.fill(typed);
  await page.getByRole('option', { name: option }).first().click();
}

beforeAll(async () => {
  session = await openE2eSession();
  page = session.page;
  api = await openApiClient(session.sapa);
  ids.promo = (await api.post('/api/v1/templates', { body: { code: 'PROMO_DESEMBER', message: 'Halo {contactname}, diskon 20% untuk kopi!', category: 'marketing' } })).id;
  ids.info = (await api.post('/api/v1/templates', { body: { code: 'INFO_JAM_BUKA', message: 'Halo {contactname|Kak}, toko kami buka sampai jam 21.00 selama Desember.', category: 'utility' } })).id;
  const people = [
    ['Budi Santoso', '0812-1111-2222', 'opted_in'],
    ['Siti Aminah', '0857-3333-4444', 'opted_in'],
    ['Rina Wijaya', '0813-5555-6666', 'unknown'],
    ['Joko Susilo', '0815-7777-8888', 'opted_out'],
  ] as const;
  for (const [name, phone, consent] of people) {
    const c = await api.post('/api/v1/contacts', { body: { name, phone, tags: ['pelanggan-e2e'], consent: { whatsapp: consent } } });
    ids[name] = c.id;
  }
  ids.segment = (await api.post('/api/v1/segments', { body: { name: 'Pelanggan e2e', match: 'all', rules: [{ field: 'tags', op: 'contains', value: 'pelanggan-e2e' }] } })).id;
  expect(await api.get('/api/v1/segments/{id}/count', { params: { path: { id: ids.segment } } })).toEqual({ count: 4 });
});

afterAll(() => session?.close());

describe('broadcasts', () => {
  it('makes a draft in the editor: the marketing warning before saving, the segment with its count', async () => {
    await page.getByRole('navigation').getByRole('link', { name: 'Broadcast' }).click();
    await page.getByRole('heading', { name: 'Broadcast', level: 2 }).waitFor();
    await page.getByTestId('broadcast-table-empty').waitFor();
    await look('list-empty');
    await page.getByRole('link', { name: '+Buat Broadcast' }).click();
    await page.getByRole('heading', { name: 'Broadcast – Baru' }).waitFor();

    await page.getByRole('button', { name: 'Simpan draf' }).click();
    expect(await page.getByTestId('field-error').count()).toBeGreaterThanOrEqual(3);

    await page.getByLabel('Nama').fill('Info jam buka Desember');
    await choose('broadcast-template', 'PROMO', /PROMO_DESEMBER/);
    await page.getByTestId('marketing-warning').waitFor();
    expect(await page.getByTestId('template-preview-text').textContent()).toContain('diskon 20% untuk kopi');
    // A utility template is no promotion: the warning goes.
    await choose('broadcast-template', 'INFO', /INFO_JAM_BUKA/);
    await page.getByTestId('marketing-warning').waitFor({ state: 'detached' });
    await page.getByTestId('template-preview-text').filter({ hasText: 'buka sampai jam 21.00' }).waitFor();

    await choose('audience-segment', 'Pelanggan', /Pelanggan e2e/);
    await page.getByText('4 kontak cocok saat ini').waitFor();
    await look('new');
    await page.getByRole('button', { name: 'Simpan draf' }).click();
    await page.getByRole('heading', { name: 'Info jam buka Desember' }).waitFor();
    await page.getByTestId('broadcast-status').filter({ hasText: 'Draf' }).waitFor();
    ids.sent = page.url().split('/').at(-1) ?? '';
    expect(await page.getByTestId('broadcast-summary').textContent()).toContain('Segmen Pelanggan e2e');
  });

  it('sends a test to one contact and shows the message it sent', async () => {
    await choose('test-contact', '0812', /Budi Santoso/);
    await page.getByRole('button', { name: 'Kirim tes' }).click();
    const result = page.getByTestId('test-result');
    await result.waitFor();
    expect(await result.getAttribute('data-outcome')).toBe('sent');
    expect(await page.getByTestId('test-result-body').textContent()).toBe('Halo Budi Santoso, toko kami buka sampai jam 21.00 selama Desember.');
    await look('draft-tested');
  });

  it('sends to the segment after a confirmation naming its size, and the bar reaches 100%', async () => {
    await page.getByTestId('send-button').click();
    expect(await page.getByTestId('send-confirm-text').textContent()).toContain('ke 4 kontak sekarang');
    await look('confirm-send');
    await page.getByTestId('send-confirm').click();
    await page.getByTestId('progress-percent').filter({ hasText: /^100%$/ }).waitFor({ timeout: 30_000 });
    await page.getByTestId('broadcast-status').filter({ hasText: 'Selesai' }).waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('progress-count').textContent()).toBe('4 dari 4');
    // The opted-out contact is skipped, said in words.
    expect(await page.getByTestId('skipped-by').textContent()).toContain('tidak bersedia menerima');
    expect(await page.getByTestId('funnel-total').textContent()).toContain('4');
    expect(await page.getByTestId('funnel-sent').textContent()).toContain('3');
    await expect.poll(() => page.getByTestId('broadcast-message-row').count(), { timeout: 10_000 }).toBeGreaterThanOrEqual(3);
    // The test message is not one of the broadcast's: Budi appears once.
    expect(await page.getByTestId('broadcast-message-row').filter({ hasText: 'Budi Santoso' }).count()).toBe(1);
    await look('done');

    await page.getByRole('link', { name: '← Semua broadcast' }).click();
    const row = page.getByTestId('broadcast-row-Info jam buka Desember');
    await row.getByTestId('broadcast-status').filter({ hasText: 'Selesai' }).waitFor();
    expect(await row.getByTestId('broadcast-progress-compact').textContent()).toContain('4 dari 4');
  });

  it('reads the broadcast\'s results: an order after it counts as its conversion, with the revenue first', async () => {
    await page.goto(`/broadcasts/${ids.sent}`);
    await page.getByTestId('campaign-report').waitFor();
    await api.post('/api/v1/events', { body: {
      id: 'e2e-report-order-1', type: 'order.created', contact: { name: 'Budi Santoso', phone: '0812-1111-2222' },
      order: { number: 'SO-E2E-REPORT-1', items: [{ name: 'Kopi Arabika', quantity: 1, price: 120000 }], total: 120000, currency: 'IDR' },
    } });
    await page.reload();
    await page.getByTestId('report-converted').filter({ hasText: /^1$/ }).waitFor({ timeout: 10_000 });
    expect(await page.getByTestId('report-revenue').textContent()).toMatch(/Rp\s?120\.000/);
    expect(await page.getByTestId('report-row-whatsapp').textContent()).toContain('WhatsApp');
    expect(await page.getByTestId('report-csv').getAttribute('href')).toBe(`/api/v1/broadcasts/${ids.sent}/report?format=csv`);
    const csv = await page.request.get(`/api/v1/broadcasts/${ids.sent}/report?format=csv`);
    expect((await csv.text()).split('\r\n')[1]).toMatch(/,all,3,0,0,0,1,0\.3333,1,120000,40000,0,72$/);
    await page.getByTestId('campaign-report').scrollIntoViewIfNeeded();
    await look('report');
  });

  it('schedules another on the shop clock and cancels it', async () => {
    const draft = await api.post('/api/v1/broadcasts', { body: { name: 'Pengingat besok', templateId: ids.info!, contactIds: [ids['Budi Santoso']!, ids['Siti Aminah']!] } });
    await page.goto(`/broadcasts/${draft.id}`);
    await page.getByRole('heading', { name: 'Pengingat besok' }).waitFor();
    await page.getByText('Jadwalkan', { exact: true }).first().click();
    // Tomorrow 10:00 on the shop's clock (Asia/Jakarta), whatever the browser's zone.
    const tomorrow = new Date(Date.now() + 7 * 3_600_000 + 86_400_000).toISOString().slice(0, 10);
    await page.getByTestId('schedule-at').fill(`${tomorrow}T10:00`);
    await page.getByTestId('send-button').click();
    expect(await page.getByTestId('send-confirm-text').textContent()).toMatch(/ke 2 kontak pada .*10\.00/);
    await page.getByTestId('send-confirm').click();
    await page.getByTestId('broadcast-status').filter({ hasText: 'Terjadwal' }).waitFor();
    const stored = await api.get('/api/v1/broadcasts/{id}', { params: { path: { id: draft.id } } });
    expect(Date.parse(stored.scheduledAt!)).toBe(Date.parse(`${tomorrow}T10:00:00+07:00`));
    expect(await page.getByTestId('broadcast-summary').textContent()).toContain('10.00');
    await look('scheduled');

    await page.getByRole('button', { name: 'Batalkan broadcast' }).click();
    await page.getByTestId('cancel-confirm').click();
    await page.getByTestId('broadcast-status').filter({ hasText: 'Dibatalkan' }).waitFor();
    expect(await page.getByRole('button', { name: 'Batalkan broadcast' }).count()).toBe(0);
    await look('cancelled');
    await page.goto('/broadcasts');
    await page.getByTestId('broadcast-row-Pengingat besok').getByTestId('broadcast-status').filter({ hasText: 'Dibatalkan' }).waitFor();
    await look('list');
  });

  it('picks contacts one by one for a draft, keeps them on edit, and deletes the draft from the list', async () => {
    await page.goto('/broadcasts/new');
    await page.getByLabel('Nama').fill('Undangan VIP');
    await choose('broadcast-template', 'INFO', /INFO_JAM_BUKA/);
    await page.getByText('Pilih kontak', { exact: true }).click();
    // A number as typed finds the contact on the server; a second pick keeps the first.
    await choose('audience-contacts', '0857', /Siti Aminah/);
    await choose('audience-contacts', 'Rina', /Rina Wijaya/);
    await page.getByText('2 kontak dipilih').waitFor();
    await look('new-contacts');
    await page.getByRole('button', { name: 'Simpan draf' }).click();
    await page.getByRole('heading', { name: 'Undangan VIP' }).waitFor();
    expect(await page.getByTestId('broadcast-summary').textContent()).toContain('2 kontak');

    await page.getByRole('link', { name: 'Ubah draf' }).click();
    await page.getByText('Draf ini dikirim ke 2 kontak yang sudah dipilih').waitFor();
    await page.getByLabel('Nama').fill('Undangan VIP Desember');
    await page.getByRole('button', { name: 'Simpan draf' }).click();
    await page.getByRole('heading', { name: 'Undangan VIP Desember' }).waitFor();
    expect(await page.getByTestId('broadcast-summary').textContent()).toContain('2 kontak');

    await page.getByRole('link', { name: '← Semua broadcast' }).click();
    await page.getByRole('button', { name: 'Hapus Undangan VIP Desember' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Hapus' }).click();
    await page.getByTestId('broadcast-row-Undangan VIP Desember').waitFor({ state: 'detached' });
  });
});
