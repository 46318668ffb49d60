// Pengaturan → Toko online: an owner connects WooCommerce (the URL to paste appears, the secret
// never does), reads the mapping table, and uses the tester: the example becomes "Pesanan Dibayar"
// with the normalised phone, a cancelled order is refused in words; then a real signed webhook
// to the shown URL marks the connection as having received an order. On a phone and a desktop.
import { createHmac } from 'node:crypto';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WOOCOMMERCE_ORDER_SAMPLE } from '../../src/domain/shop/samples.js';
import { snap } from './support/browser.js';
import { seriousA11yViolations } from './support/axe.js';
import { openE2eSession, type E2eSession } from './support/e2e-session.js';

const SECRET = 'wc-e2e-secret-7788';
let session: E2eSession;
let page: Page;

beforeAll(async () => {
  session = await openE2eSession();
  ({ page } = session);
  await page.setViewportSize({ width: 390, height: 844 });
});
afterAll(() => session?.close());

describe('Pengaturan → Toko online', () => {
  it('connects WooCommerce and shows the webhook URL to paste, never the secret', async () => {
    await page.goto('/settings');
    const section = page.getByTestId('shop-section');
    await section.waitFor();
    await section.scrollIntoViewIfNeeded();
    expect(await page.getByTestId('shop-none').textContent()).toBe('Belum ada toko online yang terhubung.');
    await page.getByTestId('shop-new-secret').fill(SECRET);
    await page.getByTestId('shop-connect').click();
    const url = page.getByTestId('shop-url-woocommerce');
    await url.waitFor();
    expect(await url.textContent()).toMatch(/^http:\/\/[^/]+\/webhooks\/shop\/woocommerce\/[A-Za-z0-9_-]{43}$/);
    expect(await page.content()).not.toContain(SECRET);
    const rows = page.getByTestId('shop-mapping-woocommerce').locator('tbody tr');
    expect(await rows.count()).toBe(5);
    expect(await rows.nth(2).textContent()).toContain('Pesanan dibayar');
  });

  it('the tester shows the event the example becomes, and a refusal in words', async () => {
    await page.getByRole('button', { name: 'Pakai contoh' }).click();
    await page.getByTestId('shop-test-run').click();
    const event = page.getByTestId('shop-test-event');
    await event.first().waitFor();
    expect(await event.count()).toBe(1);
    const text = (await event.first().textContent()) ?? '';
    expect(text).toContain('order.paid');
    expect(text).toContain('woocommerce:727:order.paid');
    expect(text).toContain('Budi Santoso · +6281234567890 · budi@example.com');
    expect(text).toContain('Kopi Arabika × 2');
    await snap(page, '70-shop-tester-390');
    if (process.env.SAPA_E2E_SCREENS) await page.getByTestId('shop-section').screenshot({ path: `${process.env.SAPA_E2E_SCREENS}/70-shop-section-390.png` });
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);

    const cancelled = WOOCOMMERCE_ORDER_SAMPLE.replace('"status": "processing"', '"status": "cancelled"');
    await page.getByTestId('shop-test-payload').fill(cancelled);
    await page.getByTestId('shop-test-run').click();
    const refusal = page.getByTestId('shop-test-refusal');
    await refusal.waitFor();
    expect(await refusal.textContent()).toContain('Pesanan dengan status ini (dibatalkan, dikembalikan, gagal, draf) tidak menjadi event.');
    await page.getByTestId('shop-test-payload').fill('{"id": 1,');
    await page.getByTestId('shop-test-run').click();
    await expect.poll(async () => refusal.textContent()).toContain('Payload bukan JSON yang valid.');
    expect(await seriousA11yViolations(page)).toEqual([]);
  });

  it('after a signed order arrives at the shown URL, the connection says so (desktop, English)', async () => {
    const url = (await page.getByTestId('shop-url-woocommerce').textContent())!;
    const body = WOOCOMMERCE_ORDER_SAMPLE;
    const res = await fetch(url, {
      method: 'POST', body,
      headers: { 'content-type': 'application/json', 'x-wc-webhook-topic': 'order.created', 'x-wc-webhook-signature': createHmac('sha256', SECRET).update(body).digest('base64') },
    });
    expect(res.status).toBe(200);
    await page.setViewportSize({ width: 1366, height: 800 });
    await page.evaluate(() => localStorage.setItem('sapa.lang', 'en'));
    await page.reload();
    const card = page.getByTestId('shop-connection-woocommerce');
    await card.waitFor();
    await expect.poll(async () => card.textContent()).toMatch(/Last order received/);
    await snap(page, '71-shop-connected-1366');
    if (process.env.SAPA_E2E_SCREENS) await card.screenshot({ path: `${process.env.SAPA_E2E_SCREENS}/71-shop-connection-1366.png` });
  });
});
