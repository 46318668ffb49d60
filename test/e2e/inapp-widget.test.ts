// The in-app widget on a shop's page (issue 9, in-app): a tiny page served by the test on another
// origin adds /inapp/widget.js with a contact token; an automation's message appears live in the
// bell's badge without reloading, opening the panel shows it and its read status reaches Sapa's
// message log. The shop's styles do not reach into the widget, and the widget's do not leak out.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSapaClient } from '@sapa/client';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openE2eSession, type E2eSession } from './support/e2e-session.js';

let session: E2eSession;
let shop: http.Server;
let shopUrl: string;
let token = '';

async function post(page: Page, path: string, data: unknown, headers: Record<string, string> = {}): Promise<Record<string, unknown>> {
  const res = await page.request.post(path, { data, headers });
  expect(res.status(), `${path}: ${await res.text()}`).toBeLessThan(300);
  return (await res.json()) as Record<string, unknown>;
}

beforeAll(async () => {
  session = await openE2eSession();
  const { page, sapa } = session;
  const tpl = await post(page, '/api/v1/templates', { code: 'Pesanan Web', message: 'Halo {contactname}, pesanan {documentnumber} sedang dikemas.' });
  await post(page, '/api/v1/automations', { name: 'web order', trigger: 'order.created', templateId: tpl.id, channel: 'inapp' });
  const contact = await post(page, '/api/v1/contacts', { externalId: 'WEB-1', name: 'Sari' });
  const key = await post(page, '/api/v1/api-keys', { name: 'Toko Web', scopes: ['contacts:write'] });
  // As the shop's server would: with its API key, no session.
  const shopServer = createSapaClient({ baseUrl: sapa.url, apiKey: String(key.key) });
  ({ token } = await shopServer.post('/api/v1/contacts/{id}/token', { params: { path: { id: String(contact.id) } }, body: {} }));

  // The shop's page, on its own origin, with styles that would spoil an unprotected widget.
  shop = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><html lang="id"><head><title>Toko Sari</title>
      <style>li { color: rgb(255, 0, 0) !important; font-size: 40px; } button { background: rgb(0, 0, 255); }</style></head>
      <body><h1>Toko Sari</h1><p class="bell badge panel">Produk kami</p>
      <script src="${sapa.url}/inapp/widget.js" data-token="${token}" async></script></body></html>`);
  });
  await new Promise<void>((resolve) => shop.listen(0, '127.0.0.1', resolve));
  shopUrl = `http://127.0.0.1:${(shop.address() as AddressInfo).port}/`;
});

afterAll(async () => {
  await new Promise((resolve) => shop?.close(resolve));
  await session?.close();
});

describe('in-app widget', () => {
  it('shows a message live on the shop’s page and reports it read', async () => {
    const { context, page, sapa } = session;
    const shopPage = await context.newPage();
    const errors: string[] = [];
    shopPage.on('pageerror', (e) => errors.push(e.message));
    await shopPage.goto(shopUrl);
    const bell = shopPage.locator('[data-sapa-inapp] .bell');
    await bell.waitFor();
    await expect.poll(() => shopPage.locator('[data-sapa-inapp] .badge').isHidden()).toBe(true);

    const event = await post(page, '/api/v1/events', {
      id: 'web-evt-1', type: 'order.created', occurredAt: new Date().toISOString(),
      contact: { externalId: 'WEB-1' }, order: { number: 'SO-WEB-1', items: [{ name: 'Kopi', quantity: 1 }] },
    });
    const messageId = (event.messages as { id: string }[])[0]!.id;
    // Live, no reload: the badge counts it.
    await expect.poll(() => shopPage.locator('[data-sapa-inapp] .badge').textContent(), { timeout: 15_000 }).toBe('1');
    await expect.poll(async () => (await (await page.request.get(`/api/v1/messages/${messageId}`)).json()).status, { timeout: 10_000 }).toBe('delivered');
    expect(await bell.getAttribute('aria-label')).toBe('Pesan (1 belum dibaca)');

    await bell.click();
    const item = shopPage.locator(`[data-sapa-inapp] li[data-id="${messageId}"]`);
    await expect.poll(() => item.textContent()).toContain('Halo Sari, pesanan SO-WEB-1 sedang dikemas.');
    // Opening the panel read it: in Sapa's message log, and the badge is gone.
    await expect.poll(async () => (await (await page.request.get(`/api/v1/messages/${messageId}`)).json()).status, { timeout: 10_000 }).toBe('read');
    await expect.poll(() => shopPage.locator('[data-sapa-inapp] .badge').isHidden()).toBe(true);

    // Styles stay on their side of the shadow root.
    expect(await item.evaluate((el) => getComputedStyle(el).color)).not.toBe('rgb(255, 0, 0)');
    expect(await bell.evaluate((el) => getComputedStyle(el).backgroundColor)).not.toBe('rgb(0, 0, 255)');
    const shopParagraph = shopPage.locator('p.bell');
    expect(await shopParagraph.evaluate((el) => getComputedStyle(el).position)).toBe('static');
    expect(errors).toEqual([]);
    expect(sapa.output()).not.toContain(token);
    await shopPage.close();
  });
});
