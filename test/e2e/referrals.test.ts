// Referral: the owner turns the programme on from the page (a voucher reward, a minimum, the landing
// page), a friend arrives with Ani's code and pays, the ranking shows Ani with the friend's revenue
// and one reward, and Ani's contact page shows her code and short link. Phone and desktop.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { snap } from './support/browser.js';
import { openE2eSession, type E2eSession } from './support/e2e-session.js';

const PUBLIC = 'https://sapa.toko.test';
let session: E2eSession;
let page: Page;
let ani: string;

beforeAll(async () => {
  session = await openE2eSession({ env: { SAPA_PUBLIC_URL: PUBLIC } });
  page = session.page;
  const res = await page.request.post('/api/v1/contacts', { data: { externalId: 'E2E-ani', name: 'Ani Lestari', phone: '0812-7777-0001' } });
  expect(res.status(), await res.text()).toBe(201);
  ani = ((await res.json()) as { id: string }).id;
});
afterAll(() => session?.close());

describe('Referral', () => {
  it('turns the programme on from the page, and a refused voucher names its field', async () => {
    await page.setViewportSize({ width: 1366, height: 800 });
    await page.goto('/templates');
    await page.locator('#sapa-navbar').getByRole('link', { name: 'Referral' }).click();
    await page.getByRole('heading', { name: 'Referral', level: 2 }).waitFor();
    await page.getByTestId('referral-enabled').check();
    await page.getByTestId('referral-save').click();
    // Voucher is the default reward kind: without a code the programme cannot work.
    await page.getByText('Wajib diisi').or(page.locator('[aria-invalid="true"]')).first().waitFor();
    await page.getByTestId('referral-voucher').fill('TEMAN25');
    await page.getByTestId('referral-minimum').fill('100000');
    await page.getByTestId('referral-landing').fill('https://toko.test/daftar');
    await page.getByTestId('referral-save').click();
    await page.getByText('Program referral disimpan').waitFor();
    const saved = (await (await page.request.get('/api/v1/referrals/program')).json()) as Record<string, unknown>;
    expect(saved).toMatchObject({ enabled: true, rewardKind: 'voucher', rewardVoucher: 'TEMAN25', minOrderTotal: 100_000, landingUrl: 'https://toko.test/daftar' });
  });

  for (const vp of [{ name: 'phone', width: 390, height: 844 }, { name: 'desktop', width: 1366, height: 800 }]) {
    it(`shows Ani's code and link on her page and ranks her by her friend's revenue (${vp.name})`, async () => {
      await page.setViewportSize({ width: vp.width, height: vp.height });
      await page.goto(`/contacts/${ani}`);
      const card = page.getByTestId('contact-referral');
      const code = (await card.getByTestId('referral-code').textContent())!;
      expect(code).toMatch(/^[2-9A-HJKMNP-Z]{8}$/);
      await card.getByTestId('referral-link').getByText(`${PUBLIC}/r/${code}`).waitFor();

      const paid = await page.request.post('/api/v1/events', {
        data: { id: `e2e-budi-${vp.name}`, type: 'order.paid', referralCode: code, contact: { externalId: `E2E-budi-${vp.name}`, name: `Budi ${vp.name}` }, order: { number: `SO-E2E-${vp.name}`, total: 250_000, currency: 'IDR' } },
      });
      expect(paid.status(), await paid.text()).toBe(202);
      await page.goto('/referrals');
      const row = page.getByTestId('referral-ranking').getByRole('row', { name: /Ani Lestari/ });
      await row.getByText(code).waitFor();
      const referred = vp.name === 'phone' ? 1 : 2;
      await row.getByRole('cell', { name: String(referred), exact: true }).first().waitFor();
      await row.getByText(`Rp${(250_000 * referred).toLocaleString('id-ID')}`).or(row.getByText(`Rp ${(250_000 * referred).toLocaleString('id-ID')}`)).first().waitFor();
      await snap(page, `50-referrals-${vp.name}`);
    });
  }
});
