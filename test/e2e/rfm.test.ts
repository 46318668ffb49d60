// Wawasan (insights): paid orders arrive as events, the owner recomputes RFM from the page, opens the
// recency × frequency grid, clicks a customer's cell and sees that customer listed (and a segment's
// customers from the segment table); the contact page shows its segment and value. Phone and desktop.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { snap } from './support/browser.js';
import { openE2eSession, type E2eSession } from './support/e2e-session.js';

let session: E2eSession;
let page: Page;
const ids: Record<string, string> = {};
const DAY = 86_400_000;

beforeAll(async () => {
  session = await openE2eSession();
  page = session.page;
  // Six customers: order counts 1–6, last orders 2 to 200 days ago, amounts growing with them.
  const names = ['Ani', 'Budi', 'Citra', 'Dewi', 'Eko', 'Fajar'];
  let n = 0;
  for (const [k, name] of names.entries()) {
    for (let i = 0; i <= k; i++) {
      n++;
      const at = new Date(Date.now() - ((5 - k) * 40 + 2 + i * 7) * DAY).toISOString();
      const res = await page.request.post('/api/v1/events', {
        data: { id: `ins-${n}`, type: 'order.paid', occurredAt: at, contact: { externalId: `INS-${name}`, name, phone: `0812-5555-00${10 + k}` }, order: { number: `SO-INS-${n}`, total: 50_000 * (k + 1), currency: 'IDR' } },
      });
      expect(res.status(), await res.text()).toBe(202);
      ids[name] = ((await res.json()) as { contactId: string }).contactId;
    }
  }
});
afterAll(() => session?.close());

describe('Wawasan', () => {
  for (const vp of [{ name: 'phone', width: 390, height: 844 }, { name: 'desktop', width: 1366, height: 800 }]) {
    it(`recomputes, opens the grid and clicks into a cell to see its customers (${vp.name})`, async () => {
      await page.setViewportSize({ width: vp.width, height: vp.height });
      await page.goto('/insights/rfm');
      await page.getByRole('heading', { name: 'Wawasan pelanggan' }).waitFor();
      await page.getByTestId('rfm-recompute').click();
      await page.getByText('RFM dan nilai pelanggan dihitung ulang').waitFor();
      await page.getByTestId('rfm-computed').getByText('6 pelanggan').waitFor();

      const fajar = (await (await page.request.get(`/api/v1/contacts/${ids.Fajar}`)).json()) as { rfm: { r: number; f: number; segment: string } };
      await page.getByTestId(`rfm-cell-${fajar.rfm.r}-${fajar.rfm.f}`).click();
      const list = page.getByTestId('rfm-contacts');
      await list.getByRole('link', { name: 'Fajar' }).waitFor();
      expect(await list.getByTestId('rfm-contact-row').count()).toBeGreaterThanOrEqual(1);
      expect(page.url()).toContain(`r=${fajar.rfm.r}&f=${fajar.rfm.f}`);
      await page.locator('.mantine-SegmentedControl-label', { hasText: 'Pendapatan' }).click();
      await page.waitForURL(/by=revenue/);
      await page.getByTestId('value-deciles').locator('.recharts-bar-rectangle').first().waitFor();
      await snap(page, `40-insights-${vp.name}`);

      // A segment from the table lists its customers too.
      const segmentName = await page.getByTestId(`rfm-segment-${fajar.rfm.segment}`).getByRole('button').textContent();
      await page.getByTestId(`rfm-segment-${fajar.rfm.segment}`).getByRole('button').click();
      await list.getByRole('heading', { name: `Pelanggan: ${segmentName}` }).waitFor();
      await list.getByRole('link', { name: 'Fajar' }).click();
      await page.getByTestId('contact-rfm-segment').getByText(segmentName!).waitFor();
      await snap(page, `41-contact-insight-${vp.name}`);
    });
  }
});
