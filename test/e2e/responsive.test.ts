// Every page on a phone (390×844, and 360 px wide) and a desktop (1366×800): nothing scrolls sideways, the
// menu hides behind its button on the phone, and axe-core finds no serious or critical
// accessibility violation (contrast, names of buttons, labels, …). Screenshots go to
// SAPA_E2E_SCREENS when set.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { horizontalOverflow, seriousA11yViolations } from './support/axe.js';
import { loginViaUi, snap } from './support/browser.js';
import { openE2eSession, type E2eSession } from './support/e2e-session.js';

const VIEWPORTS = [
  { name: 'phone', width: 390, height: 844 },
  { name: 'desktop', width: 1366, height: 800 },
] as const;

interface Seeded {
  templateId: string;
  automationId: string;
  contactId: string;
  segmentId: string;
}

/** The app's pages; `open` is the path and `ready` what shows once the page has loaded. */
const PAGES: { name: string; path: (s: Seeded) => string; ready: string }[] = [
  { name: 'inbox', path: () => '/inbox', ready: 'Percakapan' },
  { name: 'templates', path: () => '/templates', ready: 'Template Chat' },
  { name: 'template-new', path: () => '/templates/new', ready: 'Template Chat – New' },
  { name: 'template-edit', path: (s) => `/templates/${s.templateId}/edit`, ready: 'Template Chat – Edit' },
  { name: 'automations', path: () => '/automations', ready: 'Otomasi' },
  { name: 'automation-new', path: () => '/automations/new', ready: 'Otomasi – Baru' },
  { name: 'automation-edit', path: (s) => `/automations/${s.automationId}/edit`, ready: 'Otomasi – Ubah' },
  { name: 'messages', path: () => '/messages', ready: 'Pesan' },
  { name: 'messages-outbox', path: () => '/messages?tab=outbox', ready: 'Pesan' },
  { name: 'contacts', path: () => '/contacts', ready: 'Kontak' },
  { name: 'contact', path: (s) => `/contacts/${s.contactId}`, ready: 'Budi' },
  { name: 'segments', path: () => '/segments', ready: 'Segmen' },
  { name: 'segment-new', path: () => '/segments/new', ready: 'Segmen baru' },
  { name: 'segment-edit', path: (s) => `/segments/${s.segmentId}`, ready: 'Ubah segmen' },
  { name: 'settings', path: () => '/settings', ready: 'Pengaturan' },
  { name: 'audit', path: () => '/audit', ready: 'Log audit' },
];

const LONG_WORD = 'Supercalifragilisticexpialidocious-tanpa-spasi-sama-sekali-0123456789';

let session: E2eSession;
let browser: Browser;
let seeded: Seeded;

async function post<T = { id: string }>(page: Page, path: string, data: unknown): Promise<T> {
  const res = await page.request.post(path, { data });
  expect(res.status(), await res.text()).toBeLessThan(300);
  return (await res.json()) as T;
}

/** A template (with WhatsApp formatting and a long word), an automation, a contact, a key and one sent message. */
async function seed(page: Page): Promise<Seeded> {
  const tpl = await post(page, '/api/v1/templates', {
    code: 'TERIMA_KASIH_ORDER',
    message: `Halo *{contactname}*, terima kasih telah membeli _{productname}_. Kode: {documentnumber}. ${LONG_WORD}`,
    category: 'utility',
  });
  await post(page, '/api/v1/templates', { code: 'PROMO', message: 'Diskon ~50%~ hari ini, {contactname}!', category: 'marketing' });
  const automation = await post(page, '/api/v1/automations', { name: 'Terima kasih order', trigger: 'order.created', templateId: tpl.id, channel: 'whatsapp', delayMinutes: 0, enabled: true });
  await post(page, '/api/v1/contacts', { name: `Ani ${LONG_WORD}`, phone: '0812-1111-2222', email: 'ani@example.test' });
  await post(page, '/api/v1/api-keys', { name: 'POS toko' });
  const { contactId } = await post<{ contactId: string }>(page, '/api/v1/events', {
    id: 'evt-responsive-1',
    type: 'order.created',
    occurredAt: '2026-11-23T09:00:00+07:00',
    contact: { externalId: 'R-1', name: 'Budi', phone: '0812-3456-7890' },
    order: { number: 'SO-1001', items: [{ name: 'Kopi Arabika', quantity: 2, price: 50000 }], total: 100000, currency: 'IDR' },
  });
  // The worker sends it within a few seconds; the log and the outbox then have a row each.
  for (let i = 0; i < 120; i++) {
    const { items } = (await (await page.request.get('/api/v1/messages')).json()) as { items: { status: string }[] };
    if (items.some((m) => m.status !== 'queued')) break;
    await page.waitForTimeout(250);
  }
  // Tags and consent on the contact page; a long tag must wrap too.
  const patched = await page.request.patch(`/api/v1/contacts/${contactId}`, { data: { tags: ['pelanggan-setia', LONG_WORD], consent: { whatsapp: 'opted_in' } } });
  expect(patched.status(), await patched.text()).toBe(200);
  // A segment with a nested group and a long value: its rule rows must fit a phone.
  const segment = await post(page, '/api/v1/segments', {
    name: `Pelanggan kopi ${LONG_WORD}`,
    match: 'all',
    rules: [{ field: 'tags', op: 'contains', value: 'pelanggan-setia' }, { match: 'any', rules: [{ field: 'orders.product', op: 'contains', value: LONG_WORD }, { field: 'orders.total_spent', op: 'gte', value: 100000 }] }],
  });
  return { templateId: tpl.id, automationId: automation.id, contactId, segmentId: segment.id };
}

/** Waits until the page shows its heading and no loading skeleton, and transitions have settled. */
async function settle(page: Page, heading: string): Promise<void> {
  await page.getByRole('heading', { name: heading, exact: true, level: 2 }).waitFor();
  await page.locator('[aria-busy="true"]').first().waitFor({ state: 'detached' });
  await page.waitForTimeout(300);
}

/** Fails with the page, overflow and violations spelled out. */
async function expectFitsAndAccessible(page: Page, label: string): Promise<void> {
  expect(await horizontalOverflow(page), `${label}: page scrolls sideways`).toBeLessThanOrEqual(0);
  expect(await seriousA11yViolations(page), `${label}: axe serious/critical violations`).toEqual([]);
  // Badges (statuses, categories) show their whole word, never "TERKI…".
  const cut = await page.locator('.mantine-Badge-label').evaluateAll((els) => els.filter((el) => el.scrollWidth > el.clientWidth + 1).map((el) => el.textContent));
  expect(cut, `${label}: badges cut off`).toEqual([]);
}

/** True when some of the element lies inside the viewport horizontally. */
async function onScreen(page: Page, selector: string): Promise<boolean> {
  return page.locator(selector).evaluate((el) => {
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.right > 1 && r.left < window.innerWidth - 1;
  });
}

beforeAll(async () => {
  session = await openE2eSession();
  browser = session.browser;
  seeded = await seed(session.page);
});

afterAll(() => session?.close());

describe.each(VIEWPORTS)('at $name size ($width×$height)', (vp) => {
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    context = await browser.newContext({ baseURL: session.sapa.url, viewport: { width: vp.width, height: vp.height }, locale: 'id-ID', hasTouch: vp.name === 'phone' });
    page = await context.newPage();
  });

  afterAll(() => context?.close());

  it('login page fits and passes the accessibility check', async () => {
    await page.goto('/login');
    await page.getByRole('heading', { name: 'Masuk ke Sapa' }).waitFor();
    await snap(page, `${vp.name}-login`);
    await expectFitsAndAccessible(page, `${vp.name} /login`);
    if (vp.name === 'phone') {
      await page.setViewportSize({ width: 360, height: vp.height });
      expect(await horizontalOverflow(page), '360 px /login: page scrolls sideways').toBeLessThanOrEqual(0);
      await page.setViewportSize({ width: vp.width, height: vp.height });
    }
    await loginViaUi(page);
  });

  for (const p of PAGES) {
    it(`${p.name} fits the width and passes the accessibility check`, async () => {
      await page.goto(p.path(seeded));
      await settle(page, p.ready);
      await snap(page, `${vp.name}-${p.name}`);
      await expectFitsAndAccessible(page, `${vp.name} ${p.path(seeded)}`);
      if (vp.name === 'phone') {
        // The narrowest phones still sold in Indonesia are 360 px wide.
        await page.setViewportSize({ width: 360, height: vp.height });
        await page.waitForTimeout(200);
        expect(await horizontalOverflow(page), `360 px ${p.path(seeded)}: page scrolls sideways`).toBeLessThanOrEqual(0);
        await page.setViewportSize({ width: vp.width, height: vp.height });
      }
    });
  }

  it('every other page in the menu fits too (pages added later are covered)', async () => {
    await page.goto('/templates');
    await settle(page, 'Template Chat');
    const known = new Set(PAGES.map((p) => p.path(seeded).split('?')[0]));
    const hrefs = await page.locator('#sapa-navbar a[href]').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
    expect(hrefs.length).toBeGreaterThanOrEqual(5);
    for (const href of hrefs.filter((h) => !known.has(h))) {
      await page.goto(href);
      await page.getByRole('heading', { level: 2 }).first().waitFor();
      await page.locator('[aria-busy="true"]').first().waitFor({ state: 'detached' });
      await snap(page, `${vp.name}-${href.replace(/\W+/g, '_')}`);
      await expectFitsAndAccessible(page, `${vp.name} ${href}`);
    }
  });

  it('lists show as cards on the phone and as tables on the desktop', async () => {
    await page.goto('/contacts');
    await settle(page, 'Kontak');
    expect(await page.getByTestId('contact-table').getAttribute('data-layout')).toBe(vp.name === 'phone' ? 'cards' : 'table');
    // The long name wraps inside its card or cell instead of widening the page.
    await page.getByText(LONG_WORD, { exact: false }).first().waitFor();
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
  });

  if (vp.name === 'phone') {
    it('the menu opens from its button, covers the page only while open, and closes after choosing a page', async () => {
      await page.goto('/templates');
      await settle(page, 'Template Chat');
      const burger = page.getByRole('button', { name: 'Menu utama' });
      await expect.poll(() => onScreen(page, '#sapa-navbar')).toBe(false);
      expect(await burger.getAttribute('aria-expanded')).toBe('false');
      // With the menu closed, the page's own buttons take the taps.
      await page.getByRole('link', { name: '+Add Template Chat' }).click();
      await page.waitForURL(/\/templates\/new$/);

      await burger.click();
      await expect.poll(() => onScreen(page, '#sapa-navbar')).toBe(true);
      expect(await burger.getAttribute('aria-expanded')).toBe('true');
      await snap(page, 'phone-menu-open');
      expect(await seriousA11yViolations(page)).toEqual([]);
      await page.getByRole('navigation').getByRole('link', { name: 'Kontak' }).click();
      await page.waitForURL(/\/contacts$/);
      await expect.poll(() => onScreen(page, '#sapa-navbar')).toBe(false);
      await settle(page, 'Kontak');

      // The button closes it again without choosing.
      await burger.click();
      await expect.poll(() => onScreen(page, '#sapa-navbar')).toBe(true);
      await burger.click();
      await expect.poll(() => onScreen(page, '#sapa-navbar')).toBe(false);
      // Logging out is in the menu on a phone.
      await burger.click();
      await page.getByRole('navigation').getByRole('button', { name: 'Keluar' }).waitFor();
      await burger.click();
    });

    it('the header stays one line high', async () => {
      const height = await page.locator('header').evaluate((el) => el.getBoundingClientRect().height);
      expect(height).toBeLessThanOrEqual(56);
      const rows = await page.locator('header > div').evaluate((el) => el.scrollHeight <= el.clientHeight + 1);
      expect(rows).toBe(true);
    });
  } else {
    it('the menu is always shown and there is no menu button', async () => {
      await page.goto('/templates');
      await settle(page, 'Template Chat');
      expect(await onScreen(page, '#sapa-navbar')).toBe(true);
      expect(await page.getByRole('button', { name: 'Menu utama' }).isVisible()).toBe(false);
    });
  }
});
