// The demo workspace says what it is: a banner above every page tells that the demo's automations
// are off and what turning one on does, warns once one is on, and fits a phone with no
// accessibility violation. Without the demo there is no banner (every other e2e file).
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { horizontalOverflow, seriousA11yViolations } from './support/axe.js';
import { launchChromium, loginViaUi, newContext, snap } from './support/browser.js';
import { startSapa, type SapaServer } from './support/sapa-server.js';

let sapa: SapaServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  sapa = await startSapa({ SAPA_SEED_DEMO: 'true' });
  browser = await launchChromium();
  context = await newContext(browser, sapa.url);
  page = await context.newPage();
  await loginViaUi(page);
});
afterAll(async () => {
  await context?.close();
  await browser?.close();
  await sapa?.stop();
});

describe('demo banner', () => {
  it('says the demo automations are off and what turning them on does, on a phone too', async () => {
    const banner = page.getByTestId('demo-banner');
    await banner.waitFor();
    const text = (await banner.textContent()) ?? '';
    expect(text).toContain('Otomasi demo (4) dalam keadaan mati');
    expect(text).toContain('mengirim pesan WhatsApp sungguhan');
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto('/messages');
    await banner.waitFor();
    expect(await horizontalOverflow(page)).toBe(0);
    const violations = await seriousA11yViolations(page);
    expect(violations, JSON.stringify(violations, null, 1)).toEqual([]);
    await snap(page, 'demo-banner-phone');
    await page.setViewportSize({ width: 1366, height: 860 });
  });

  it('warns once a demo automation is switched on', async () => {
    const demo = (await (await page.request.get('/api/v1/automations/demo')).json()) as { items: { id: string }[] };
    const res = await page.request.patch(`/api/v1/automations/${demo.items[0]!.id}`, { data: { enabled: true } });
    expect(res.status(), await res.text()).toBe(200);
    await page.goto('/templates');
    await page.getByTestId('demo-banner').getByText('1 dari 4 otomasi demo menyala.').waitFor();
  });
});
