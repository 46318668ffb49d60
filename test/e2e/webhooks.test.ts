// Pengaturan → Webhook, as an owner: add a subscription with the event checkboxes, copy the secret
// shown once, watch a delivery to a real local receiver (which verifies its signature) appear in the
// log, redeliver it (same webhook-id); a receiver that keeps failing gets the subscription paused,
// shown by a banner with Resume.
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { snap } from './support/browser.js';
import { openE2eSession, type E2eSession } from './support/e2e-session.js';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.js';

let session: E2eSession;
let page: Page;
let rx: WebhookReceiver;

beforeAll(async () => {
  rx = await startWebhookReceiver();
  session = await openE2eSession({
    env: {
      SAPA_SECRET_KEY: 'e2e-webhooks-secret-key-0123456789abcdef',
      SAPA_WEBHOOK_INTERVAL_MS: '100', SAPA_WEBHOOK_TIMEOUT_MS: '1000',
      SAPA_WEBHOOK_RETRY_DELAYS_MS: '200,200,200,200', SAPA_WEBHOOK_PAUSE_AFTER_FAILURES: '2',
    },
  });
  page = session.page;
});
afterAll(async () => {
  await session?.close();
  await rx?.close();
});

/** The section alone, readable at full size beside the full-page picture. */
async function snapSection(locator: Locator, name: string): Promise<void> {
  const dir = process.env.SAPA_E2E_SCREENS;
  if (dir) await locator.screenshot({ path: join(dir, `${name}.png`) });
}

async function waitFor(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('webhooks in Pengaturan', () => {
  it('adds a subscription, shows its secret once, logs a delivery and redelivers it', async () => {
    await page.goto('/settings');
    const section = page.getByTestId('webhooks-section');
    await section.getByLabel('URL penerima (https)').fill(`${rx.url}/toko`);
    await section.getByLabel('Kontak dibuat (contact.created)').check();
    await section.getByRole('button', { name: 'Tambah webhook' }).click();
    const secret = (await page.getByTestId('new-webhook-secret').textContent())?.trim() ?? '';
    expect(secret).toMatch(/^whsec_/);
    rx.secret = secret;
    await snap(page, 'webhooks-created-desktop');

    const res = await page.request.post('/api/v1/contacts', { data: { name: 'Rina', phone: '081233334444' } });
    expect(res.status(), await res.text()).toBe(201);
    await waitFor(() => rx.received.length >= 1, 'the delivery');
    expect(rx.received[0]!.verified).toBe(true);

    await section.getByRole('button', { name: 'Log kiriman' }).click();
    const row = section.getByTestId('delivery-delivered').first();
    await row.waitFor();
    expect(await row.textContent()).toContain('contact.created');
    expect(await row.textContent()).toContain('200');
    await row.getByRole('button', { name: /Kirim ulang/ }).click();
    await waitFor(() => rx.received.length >= 2, 'the redelivery');
    expect(rx.received[1]).toMatchObject({ id: rx.received[0]!.id, verified: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await snap(page, 'webhooks-log-phone');
    await snapSection(section, 'webhooks-section-phone');
    await page.setViewportSize({ width: 1366, height: 800 });
  });

  it('shows a banner for a subscription paused after repeated failures, and resumes it', async () => {
    rx.answer = ({ id }) => (rx.received.some((r) => r.id === id && r.answered === 200) ? 200 : 500);
    const created = await page.request.post('/api/v1/webhooks', { data: { url: `${rx.url}/down`, events: ['contact.updated'] } });
    expect(created.status()).toBe(201);
    const { id } = (await created.json()) as { id: string };
    rx.answer = () => 500;
    const contacts = (await (await page.request.get('/api/v1/contacts')).json()) as { items: { id: string }[] };
    await page.request.patch(`/api/v1/contacts/${contacts.items[0]!.id}`, { data: { name: 'Rina Wati' } });
    const deadline = Date.now() + 15_000;
    while (((await (await page.request.get(`/api/v1/webhooks/${id}`)).json()) as { status: string }).status !== 'paused') {
      if (Date.now() > deadline) throw new Error('not paused');
      await page.waitForTimeout(200);
    }
    await page.reload();
    const banner = page.getByTestId('webhook-paused-banner');
    await banner.waitFor();
    expect(await banner.textContent()).toContain(`${rx.url}/down`);
    await snap(page, 'webhooks-paused-desktop');
    await snapSection(page.getByTestId('webhooks-section'), 'webhooks-section-desktop');
    rx.answer = () => 200;
    await banner.getByRole('button', { name: 'Lanjutkan' }).click();
    await banner.waitFor({ state: 'detached' });
    await waitFor(() => rx.received.some((r) => r.path === '/down' && r.answered === 200), 'delivery after resume');
  });
});
