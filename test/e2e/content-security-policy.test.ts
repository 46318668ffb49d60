// The built web app and the API docs work under Sapa's Content-Security-Policy: every page renders
// in Chromium with no CSP violation reported, and the policy forbids framing.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginViaUi } from './support/browser.js';
import { openE2eSession, type E2eSession } from './support/e2e-session.js';

let session: E2eSession;
let page: Page;
const violations: string[] = [];

beforeAll(async () => {
  session = await openE2eSession({ login: false });
  page = session.page;
  // Every violation the browser notices, whether or not it shows up in the console.
  await session.context.exposeBinding('reportCspViolation', (_source, text: string) => { violations.push(text); });
  await session.context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      (window as unknown as { reportCspViolation(t: string): void }).reportCspViolation(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
    });
  });
  page.on('console', (msg) => {
    if (/Content Security Policy/i.test(msg.text())) violations.push(msg.text());
  });
});
afterAll(() => session?.close());

describe('Content-Security-Policy', () => {
  it('is sent with the app page and forbids framing', async () => {
    const res = await page.goto('/');
    const csp = res?.headers()['content-security-policy'] ?? '';
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toMatch(/script-src 'self'(;|$)/);
    expect(res?.headers()['x-content-type-options']).toBe('nosniff');
  });

  it('lets the app log in and render every page without a violation', async () => {
    await loginViaUi(page);
    for (const [path, heading] of [['/templates', 'Template Chat'], ['/automations', 'Otomasi'], ['/messages', 'Pesan'], ['/contacts', 'Kontak'], ['/settings', 'Pengaturan']] as const) {
      await page.goto(path);
      await page.getByRole('heading', { name: heading, exact: true }).first().waitFor();
    }
    await page.goto('/templates/new');
    await page.getByLabel('Message *').fill('Halo {contactname}, *terima kasih*!');
    await page.getByText('terima kasih').first().waitFor();
    expect(violations, violations.join('\n')).toEqual([]);
  });

  it('lets the API docs page render', async () => {
    await page.goto('/api/docs/');
    await page.locator('.swagger-ui .info .title').waitFor();
    // Tags start folded, every one listed; opening one shows its operations, the last one too.
    expect(await page.locator('.opblock-tag').count()).toBeGreaterThanOrEqual(20);
    await page.locator('.opblock-tag[data-tag="events"]').click();
    await page.getByText('/api/v1/events').first().waitFor();
    await page.locator('.opblock-tag[data-tag="shop-connections"]').click();
    await page.getByText('/api/v1/shop-connections/preview').first().waitFor();
    expect(violations).toEqual([]);
  });
});
