// Pengaturan: the WhatsApp transport shown read-only, and an API key's whole life in the UI —
// created (secret shown once), used by an integration over plain HTTP, revoked (401 after).
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { snap } from './support/browser.js';
import { openE2eSession, type E2eSession } from './support/e2e-session.js';
import type { SapaServer } from './support/sapa-server.js';

let session: E2eSession;
let sapa: SapaServer;
let page: Page;

/** What a POS would send: an order event authenticated with the key alone (no cookie). */
function postOrderEvent(key: string, id: string): Promise<Response> {
  return fetch(`${sapa.url}/api/v1/events`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      id,
      type: 'order.created',
      occurredAt: '2026-11-23T09:00:00+07:00',
      contact: { externalId: 'C-7', name: 'Citra', phone: '0812-7777-8888' },
      order: { number: 'SO-7001', items: [{ name: 'Teh Melati', quantity: 1, price: 25000 }], total: 25000, currency: 'IDR' },
      user: { name: 'Sari' },
    }),
  });
}

beforeAll(async () => {
  session = await openE2eSession({ permissions: ['clipboard-read', 'clipboard-write'] });
  ({ sapa, page } = session);
});

afterAll(() => session?.close());

describe('Pengaturan', () => {
  it('shows the sandbox transport with its explanation', async () => {
    await page.getByRole('navigation').getByRole('link', { name: 'Pengaturan' }).click();
    await page.getByRole('heading', { name: 'Pengaturan', exact: true }).waitFor();
    const card = page.getByTestId('whatsapp-transport');
    await card.getByText('Sandbox', { exact: true }).waitFor();
    expect(await card.textContent()).toContain('Pesan hanya dicatat, tidak benar-benar dikirim.');
    expect(await card.textContent()).toContain('WHATSAPP_*');
    await page.getByRole('heading', { name: 'Kunci API' }).waitFor();
  });

  it('refuses an empty key name inline', async () => {
    await page.getByRole('button', { name: 'Buat kunci' }).click();
    await page.getByTestId('api-keys-section').getByText('Wajib diisi.').waitFor();
    expect(await page.getByTestId('new-api-key').count()).toBe(0);
  });

  it('creates a key shown once, which authenticates an event; revoking it makes the same call 401', async () => {
    await page.getByRole('textbox', { name: 'Nama kunci' }).fill('POS toko');
    await page.getByRole('button', { name: 'Buat kunci' }).click();
    const box = page.getByTestId('new-api-key-box');
    await box.waitFor();
    expect(await box.textContent()).toContain('Kunci ini tidak akan ditampilkan lagi.');
    const key = ((await page.getByTestId('new-api-key').textContent()) ?? '').trim();
    expect(key.length).toBeGreaterThan(20);
    const row = page.getByTestId('api-key-row-POS toko');
    await row.waitFor();
    // The list shows only the prefix, never the secret.
    const rowText = (await row.textContent()) ?? '';
    expect(rowText).not.toContain(key);
    const prefix = ((await row.locator('code').textContent()) ?? '').replace('…', '');
    expect(prefix.length).toBeGreaterThan(3);
    expect(key.startsWith(prefix)).toBe(true);
    expect(rowText).toContain('Belum pernah');

    await box.getByRole('button', { name: 'Salin' }).click();
    await box.getByRole('button', { name: 'Tersalin' }).waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(key);
    await snap(page, '15-settings-new-key');

    const accepted = await postOrderEvent(key, 'evt-settings-1');
    expect(accepted.status, await accepted.text()).toBe(202);

    // Shown once: after a reload the secret is gone, and the row records the use.
    await page.reload();
    await row.waitFor();
    expect(await page.getByTestId('new-api-key').count()).toBe(0);
    expect(await row.textContent()).not.toContain('Belum pernah');
    await snap(page, '16-settings');

    await row.getByRole('button', { name: 'Cabut POS toko' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('Cabut kunci "POS toko"?', { exact: false }).waitFor();
    await snap(page, '17-settings-revoke');
    await dialog.getByRole('button', { name: 'Cabut', exact: true }).click();
    await dialog.waitFor({ state: 'hidden' });
    await row.waitFor({ state: 'detached' });

    const refused = await postOrderEvent(key, 'evt-settings-2');
    expect(refused.status, await refused.text()).toBe(401);
  });

  it('reads in English after the switch', async () => {
    await page.getByText('EN', { exact: true }).click();
    await page.getByRole('heading', { name: 'Settings', exact: true }).waitFor();
    await page.getByRole('heading', { name: 'API keys' }).waitFor();
    expect(await page.getByTestId('whatsapp-transport').textContent()).toContain('Messages are recorded, not actually sent.');
    await page.getByRole('textbox', { name: 'Key name' }).fill('Web shop');
    await page.getByRole('button', { name: 'Create key' }).click();
    await page.getByTestId('new-api-key-box').getByText('It will not be shown again.', { exact: false }).waitFor();
    await snap(page, '18-settings-en');
    await page.getByText('ID', { exact: true }).click();
    await page.getByRole('heading', { name: 'Pengaturan', exact: true }).waitFor();
  });
});
