import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { ADMIN } from './sapa-server.js';

/** Debian's Chromium, headless, with everything that would phone home switched off (no internet here). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** A fresh context (own cookies and localStorage) pointed at the server. */
export function newContext(browser: Browser, baseURL: string): Promise<BrowserContext> {
  return browser.newContext({ baseURL, viewport: { width: 1366, height: 860 }, locale: 'id-ID' });
}

/** Signs in through the login page (Indonesian labels, the default language). */
export async function loginViaUi(page: Page): Promise<void> {
  await page.goto('/');
  await page.getByLabel('Email').fill(ADMIN.email);
  await page.getByLabel('Kata sandi').fill(ADMIN.password);
  await page.getByRole('button', { name: 'Masuk' }).click();
  await page.getByRole('navigation').waitFor();
}

/**
 * Saves a full-page PNG when SAPA_E2E_SCREENS names a folder (kept out of the repo);
 * a no-op otherwise so normal test runs leave nothing behind.
 */
export async function snap(page: Page, name: string): Promise<void> {
  const dir = process.env.SAPA_E2E_SCREENS;
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  // Let Mantine's drawer/modal transitions finish so the picture shows the settled page.
  await page.waitForTimeout(400);
  await page.screenshot({ path: join(dir, `${name}.png`), fullPage: true });
}

/** Visible text of a locator with whitespace collapsed. */
export async function textOf(page: Page, selector: string): Promise<string> {
  return ((await page.locator(selector).first().textContent()) ?? '').replace(/\s+/g, ' ').trim();
}
