// A contact's page for an owner: tags edited inline (chips with ×, suggestions from the workspace's
// tags), the consent history with who changed what, the personal-data download and erasure after
// typing a confirmation word; Pengaturan → the marketing rules (cap, quiet hours, time zone).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newContext, snap } from './support/browser.js';
import { ADMIN } from './support/sapa-server.js';
import { openE2eSession, type E2eSession } from './support/e2e-session.js';

let session: E2eSession;
let page: Page;
let dewiId = '';
let ekoId = '';

const PHONE = { width: 390, height: 844 };
/** The section alone, readable at full size beside the full-page picture. */
async function snapSection(locator: ReturnType<Page['getByTestId']>, name: string): Promise<void> {
  const dir = process.env.SAPA_E2E_SCREENS;
  if (dir) await locator.screenshot({ path: join(dir, `${name}.png`) });
}
const DESKTOP = { width: 1366, height: 800 };

beforeAll(async () => {
  session = await openE2eSession();
  page = session.page;
  // Tags already used elsewhere in the workspace: the editor suggests them.
  for (const [name, tags] of [['Eko', ['pelanggan-setia', 'grosir']], ['Fitri', ['pelanggan-setia']]] as const) {
    const res = await page.request.post('/api/v1/contacts', { data: { name, tags } });
    expect(res.status(), await res.text()).toBe(201);
    if (name === 'Eko') ekoId = ((await res.json()) as { id: string }).id;
  }
  const event = await page.request.post('/api/v1/events', {
    data: {
      id: 'evt-dewi-1', type: 'order.created', occurredAt: '2026-11-20T09:00:00+07:00',
      contact: { externalId: 'C-DEWI', name: 'Dewi Lestari', phone: '0812-4444-5555', email: 'dewi@contoh.test' },
      order: { number: 'SO-3001', items: [{ name: 'Kopi Arabika', quantity: 1, price: 75000 }], total: 75000, currency: 'IDR' },
    },
  });
  expect(event.status(), await event.text()).toBe(202);
  dewiId = ((await event.json()) as { contactId: string }).contactId;
  for (const consent of [{ whatsapp: 'opted_in' }, { email: 'opted_out' }]) {
    const res = await page.request.patch(`/api/v1/contacts/${dewiId}`, { data: { tags: ['jakarta'], consent } });
    expect(res.status(), await res.text()).toBe(200);
  }
});

afterAll(() => session?.close());

const storedTags = async () => ((await (await page.request.get(`/api/v1/contacts/${dewiId}`)).json()) as { tags: string[] }).tags;
async function until<T>(read: () => Promise<T>, want: T): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (JSON.stringify(await read()) !== JSON.stringify(want)) {
    if (Date.now() > deadline) throw new Error(`still ${JSON.stringify(await read())}, want ${JSON.stringify(want)}`);
    await page.waitForTimeout(100);
  }
}

describe("a contact's personal data", () => {
  it('edits tags inline: a suggested tag, a new one, and × removes one; each change is saved', async () => {
    await page.goto(`/contacts/${dewiId}`);
    await page.getByRole('heading', { name: 'Dewi Lestari', level: 2 }).waitFor();
    const input = page.getByTestId('contact-tags').getByRole('combobox', { name: 'Tag' });
    await input.click();
    await input.fill('pelang');
    await page.getByRole('option', { name: 'pelanggan-setia' }).click();
    await until(storedTags, ['jakarta', 'pelanggan-setia']);
    await input.fill('vip');
    await input.press('Enter');
    await until(storedTags, ['jakarta', 'pelanggan-setia', 'vip']);
    await page.getByTestId('contact-tags').locator('.mantine-Pill-root', { hasText: 'jakarta' }).locator('.mantine-Pill-remove').click();
    await until(storedTags, ['pelanggan-setia', 'vip']);
    expect(await page.getByTestId('contact-tags').locator('.mantine-Pill-label').allTextContents()).toEqual(['pelanggan-setia', 'vip']);
  });

  it('shows the consent history, newest first, with the source in words and who changed it', async () => {
    const history = page.getByTestId('consent-history');
    await history.getByTestId('consent-history-email').waitFor();
    const rows = await history.locator('[data-testid^="consent-history-"]').evaluateAll((els) => els.map((e) => e.textContent?.replace(/\s+/g, ' ') ?? ''));
    expect(rows).toHaveLength(2);
    expect(rows[0]).toContain('Email');
    expect(rows[0]).toContain('Menolak');
    expect(rows[1]).toContain('WhatsApp');
    expect(rows[1]).toContain('Setuju');
    for (const row of rows) {
      expect(row).toContain('diisi di Sapa');
      expect(row).toContain(ADMIN.email);
    }
  });

  it('looks right on a phone and a desktop', async () => {
    await page.setViewportSize(PHONE);
    await page.getByTestId('personal-data').scrollIntoViewIfNeeded();
    await snap(page, 'pdp-contact-phone');
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await page.setViewportSize(DESKTOP);
    await page.evaluate(() => window.scrollTo(0, 0));
    await snap(page, 'pdp-contact-desktop');
  });

  it('downloads the personal data as a JSON file', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Unduh data pribadi (JSON)' }).click()]);
    expect(download.suggestedFilename()).toBe(`kontak-${dewiId}.json`);
    const data = JSON.parse(readFileSync(await download.path(), 'utf8')) as { contact: { name: string }; orders: { number: string }[]; consent: { history: unknown[] } };
    expect(data.contact.name).toBe('Dewi Lestari');
    expect(data.orders.map((o) => o.number)).toEqual(['SO-3001']);
    expect(data.consent.history).toHaveLength(2);
  });

  it('erases the contact only after the confirmation word is typed', async () => {
    await page.getByRole('button', { name: 'Hapus kontak dan data pribadinya' }).click();
    const dialog = page.getByRole('dialog', { name: 'Hapus data pribadi' });
    await dialog.waitFor();
    const confirm = dialog.getByRole('button', { name: 'Hapus permanen' });
    expect(await confirm.isDisabled()).toBe(true);
    await dialog.getByRole('textbox', { name: 'Ketik HAPUS untuk melanjutkan' }).fill('hapus');
    await snap(page, 'pdp-erase-confirm');
    expect(await confirm.isDisabled()).toBe(false);
    await dialog.getByRole('button', { name: 'Batal' }).click();
    await dialog.waitFor({ state: 'hidden' });
    expect((await page.request.get(`/api/v1/contacts/${dewiId}`)).status()).toBe(200);

    await page.getByRole('button', { name: 'Hapus kontak dan data pribadinya' }).click();
    await dialog.getByRole('textbox', { name: 'Ketik HAPUS untuk melanjutkan' }).fill('HAPUS');
    await confirm.click();
    await page.waitForURL(/\/contacts$/);
    await page.getByText('Kontak "Dewi Lestari" dan data pribadinya sudah dihapus.').waitFor();
    await page.getByTestId('contact-row-Eko').waitFor();
    expect(await page.getByTestId('contact-row-Dewi Lestari').count()).toBe(0);
    expect((await page.request.get(`/api/v1/contacts/${dewiId}`)).status()).toBe(404);
  });
});

describe('Pengaturan → marketing rules', () => {
  it('changes the quiet hours, refuses an empty window with the reason, and keeps the saved rules', async () => {
    await page.goto('/settings');
    const section = page.getByTestId('messaging-settings');
    await section.getByText('update pesanan seperti konfirmasi, pembayaran dan resi tetap dikirim', { exact: false }).waitFor();
    expect(await section.getByTestId('messaging-summary').textContent()).toBe(
      'Paling banyak 2 pesan pemasaran per kontak per kanal dalam 7 hari. Tidak dikirim antara 21:00 dan 08:00 (Asia/Jakarta); pesan yang jatuh di jam itu menunggu sampai jam tenang selesai.',
    );
    const start = section.getByLabel('Mulai');
    const end = section.getByLabel('Selesai');
    await start.fill('22:00');
    await end.fill('22:00');
    await section.getByRole('button', { name: 'Simpan aturan' }).click();
    await section.getByText('Jam mulai dan selesai tidak boleh sama.').waitFor();

    await end.fill('06:30');
    await section.getByRole('textbox', { name: 'Maksimal pesan per kontak' }).fill('3');
    await section.getByRole('button', { name: 'Simpan aturan' }).click();
    await page.getByText('Aturan pesan pemasaran tersimpan.').waitFor();
    expect(await (await page.request.get('/api/v1/settings/messaging')).json()).toEqual({
      timezone: 'Asia/Jakarta', frequencyCap: { count: 3, days: 7 }, quietHours: { start: '22:00', end: '06:30' },
    });
    await section.getByTestId('messaging-summary').filter({ hasText: 'antara 22:00 dan 06:30' }).waitFor();
    expect(await section.getByTestId('messaging-summary').textContent()).toContain('Paling banyak 3 pesan');

    await page.setViewportSize(PHONE);
    await section.scrollIntoViewIfNeeded();
    await snap(page, 'pdp-settings-phone');
    await snapSection(section, 'pdp-settings-section-phone');
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await page.setViewportSize(DESKTOP);
    await page.evaluate(() => window.scrollTo(0, 0));
    await snap(page, 'pdp-settings-desktop');
    await snapSection(section, 'pdp-settings-section-desktop');
  });

  it('switches the quiet hours off and picks another time zone', async () => {
    const section = page.getByTestId('messaging-settings');
    await section.getByRole('switch', { name: 'Jam tenang' }).setChecked(false);
    expect(await section.getByLabel('Mulai').count()).toBe(0);
    const zone = section.getByRole('combobox', { name: 'Zona waktu' });
    await zone.click();
    await zone.fill('Makassar');
    await page.getByRole('option', { name: 'Asia/Makassar' }).click();
    await section.getByRole('button', { name: 'Simpan aturan' }).click();
    await section.getByTestId('messaging-summary').filter({ hasText: 'Tanpa jam tenang (zona waktu Asia/Makassar).' }).waitFor();
    expect(await (await page.request.get('/api/v1/settings/messaging')).json()).toMatchObject({ timezone: 'Asia/Makassar', quietHours: null });
  });
});

describe('an agent', () => {
  it('tags a contact but is offered neither the personal-data actions nor changes to the marketing rules', async () => {
    const member = await page.request.post('/api/v1/members', { data: { email: 'agen@toko-sapa.test', name: 'Agen', role: 'agent', password: 'agen-rahasia-123' } });
    expect(member.status(), await member.text()).toBe(201);
    const context = await newContext(session.browser, session.sapa.url);
    try {
      const agent = await context.newPage();
      await agent.goto('/');
      await agent.getByLabel('Email').fill('agen@toko-sapa.test');
      await agent.getByLabel('Kata sandi').fill('agen-rahasia-123');
      await agent.getByRole('button', { name: 'Masuk' }).click();
      await agent.getByRole('navigation').waitFor();

      await agent.goto(`/contacts/${ekoId}`);
      await agent.getByRole('heading', { name: 'Eko', level: 2 }).waitFor();
      const input = agent.getByTestId('contact-tags').getByRole('combobox', { name: 'Tag' });
      await input.fill('langganan');
      await input.press('Enter');
      const tagsOf = async () => ((await (await page.request.get(`/api/v1/contacts/${ekoId}`)).json()) as { tags: string[] }).tags;
      const deadline = Date.now() + 10_000;
      while (!(await tagsOf()).includes('langganan')) {
        if (Date.now() > deadline) throw new Error(`tags still ${JSON.stringify(await tagsOf())}`);
        await agent.waitForTimeout(100);
      }
      expect(await tagsOf()).toEqual(['pelanggan-setia', 'grosir', 'langganan']);
      await agent.getByTestId('consent-history').waitFor();
      expect(await agent.getByTestId('personal-data').count()).toBe(0);

      await agent.goto('/settings');
      const section = agent.getByTestId('messaging-settings');
      await section.getByText('Hanya pemilik atau admin yang dapat mengubah aturan ini.').waitFor();
      expect(await section.getByRole('textbox', { name: 'Maksimal pesan per kontak' }).isDisabled()).toBe(true);
      expect(await section.getByRole('button', { name: 'Simpan aturan' }).count()).toBe(0);
    } finally {
      await context.close();
    }
  });
});
