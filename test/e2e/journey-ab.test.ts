// A/B tests on a journey's send step in the browser (issue 10 part 4): the step gets a second
// version (another template) in the editor; giving it another channel too brings the one-change
// warning inline, taking it back clears it; saved, activated, contacts enter, those who got
// version B order; the journey page then shows the step's results card with each version's rate,
// the interval, the p-value and the verdict in words. Pictured at phone and desktop size, axe-checked.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assignVariant } from '../../src/domain/insights/ab-test.js';
import { horizontalOverflow, seriousA11yViolations } from './support/axe.js';
import { snap } from './support/browser.js';
import { openE2eSession, type E2eSession } from './support/e2e-session.js';

let session: E2eSession;
let page: Page;
const people: { id: string; phone: string }[] = [];
let journeyId = '';
let tplA = '';
let tplB = '';

async function send(method: 'post' | 'put', path: string, data: unknown): Promise<Record<string, unknown>> {
  const res = await page.request[method](path, { data });
  expect(res.status(), `${path}: ${await res.text()}`).toBeLessThan(300);
  return (await res.json()) as Record<string, unknown>;
}

async function look(name: string): Promise<void> {
  for (const [width, height, size] of [[390, 844, 'phone'], [1366, 800, 'desktop']] as const) {
    await page.setViewportSize({ width, height });
    await page.waitForTimeout(250);
    await snap(page, `journey-ab-${name}-${size}`);
    expect(await horizontalOverflow(page), `${name} at ${size} scrolls sideways`).toBeLessThanOrEqual(0);
    expect(await seriousA11yViolations(page), `${name} at ${size}`).toEqual([]);
  }
}

beforeAll(async () => {
  session = await openE2eSession();
  page = session.page;
  // Marketing at any hour: CI runs in the quiet hours (21:00–08:00 WIB).
  await send('put', '/api/v1/settings/messaging', { timezone: 'Asia/Jakarta', frequencyCap: { count: 0, days: 7 }, quietHours: null });
  tplA = String((await send('post', '/api/v1/templates', { code: 'KERANJANG_KOPI', message: 'Kopi Anda masih di keranjang.', category: 'marketing' })).id);
  tplB = String((await send('post', '/api/v1/templates', { code: 'KERANJANG_TEH', message: 'Teh Anda masih di keranjang, ayo selesaikan.', category: 'marketing' })).id);
  journeyId = String((await send('post', '/api/v1/journeys', {
    name: 'Keranjang A/B', definition: {
      trigger: { kind: 'event', eventType: 'cart.abandoned' },
      steps: [{ id: 'pengingat', kind: 'send', templateId: tplA, channels: ['whatsapp'], next: null }],
      exit: { eventTypes: [], onOptOut: true }, allowReentry: false,
    },
  })).id);
  // Contacts until each version has three (the split is known once the journey's id is).
  const split = (id: string) => assignVariant(`${journeyId}:pengingat`, id, [{ id: 'A', weight: 50 }, { id: 'B', weight: 50 }]);
  for (let i = 0; ['A', 'B'].some((k) => people.filter((p) => split(p.id) === k).length < 3); i++) {
    const phone = `0812-4100-${String(1000 + i)}`;
    const c = await send('post', '/api/v1/contacts', { name: `Pembeli AB ${i + 1}`, phone, consent: { whatsapp: 'opted_in' } });
    people.push({ id: String(c.id), phone });
  }
});

afterAll(() => session?.close());

describe('an A/B send step in a journey', () => {
  it('gets a second version in the editor, with the one-change warning inline while two things change', async () => {
    await page.setViewportSize({ width: 1366, height: 800 });
    await page.goto(`/journeys/${journeyId}`);
    await page.getByRole('heading', { name: 'Keranjang A/B', level: 2 }).waitFor();
    const step = page.getByTestId('step-pengingat');
    await step.getByRole('switch', { name: 'Uji beberapa versi pesan' }).click();
    await page.getByTestId('ab-variant-pengingat-B').waitFor();
    await page.getByTestId('ab-template-pengingat-B').click();
    await page.getByRole('option', { name: 'KERANJANG_TEH' }).click();
    expect(await page.getByTestId('ab-one-change-pengingat').count()).toBe(0);
    await page.getByTestId('ab-channels-pengingat-B').click();
    await page.getByRole('option', { name: /^Email$/ }).click();
    await page.getByTestId('ab-one-change-pengingat').waitFor();
    expect(await page.getByTestId('ab-one-change-pengingat').textContent()).toContain('teks dan kanal');
    await page.keyboard.press('Escape');
    await look('editor-warning');
    // Backspace in the empty search removes the last pill (the input itself is narrow behind it).
    await page.getByTestId('ab-channels-pengingat-B').focus();
    await page.keyboard.press('Backspace');
    await page.getByTestId('ab-one-change-pengingat').waitFor({ state: 'detached' });
    await page.keyboard.press('Escape');
    await page.getByTestId('journey-save').click();
    await page.getByText('Perjalanan tersimpan').waitFor();
    const saved = await (await page.request.get(`/api/v1/journeys/${journeyId}`)).json() as { definition: { steps: Record<string, unknown>[] } };
    expect(saved.definition.steps[0]!.variants).toEqual([{ weight: 50 }, { weight: 50, templateId: tplB }]);
    expect(saved.definition.steps[0]!.abTest).toEqual({ metric: 'conversion', testContacts: null, decideAfterHours: null, allowMultipleChanges: false });
  });

  it('splits the contacts that enter, and the journey page shows the step\'s results card', async () => {
    await page.getByTestId('journey-activate').click();
    await page.getByTestId('journey-status').getByText('Aktif').waitFor();
    for (const [i, p] of people.entries()) await send('post', '/api/v1/events', { id: `e2e-jab-cart-${i}`, type: 'cart.abandoned', contact: { phone: p.phone } });
    const card = page.getByTestId('ab-results-pengingat');
    await card.waitFor({ timeout: 20_000 });
    const split = (id: string) => assignVariant(`${journeyId}:pengingat`, id, [{ id: 'A', weight: 50 }, { id: 'B', weight: 50 }]);
    const inB = people.filter((p) => split(p.id) === 'B');
    const inA = people.filter((p) => split(p.id) === 'A');
    // Every message sent before the orders, so each order is credited to it.
    await expect.poll(async () => {
      const r = await (await page.request.get(`/api/v1/journeys/${journeyId}/ab-results`)).json() as { steps: { variants: { sent: number }[] }[] };
      return r.steps[0]?.variants.reduce((n, v) => n + v.sent, 0);
    }, { timeout: 30_000 }).toBe(people.length);
    for (const [i, p] of inB.entries()) {
      await send('post', '/api/v1/events', {
        id: `e2e-jab-order-${i}`, type: 'order.created', contact: { phone: p.phone },
        order: { number: `SO-E2E-JAB-${i}`, items: [{ name: 'Teh', quantity: 1, price: 40000 }], total: 40000, currency: 'IDR' },
      });
    }
    await expect.poll(async () => card.getByTestId('ab-row-B').textContent(), { timeout: 20_000 }).toContain('100%');
    const rowA = (await card.getByTestId('ab-row-A').textContent()) ?? '';
    expect(rowA).toContain(`${inA.length}`);
    expect(rowA).toContain('0%');
    expect(await card.getByTestId('ab-interval-B').textContent()).toMatch(/pp … .*pp/);
    const verdict = (await card.getByTestId('ab-verdict').textContent()) ?? '';
    expect(verdict).toMatch(/^(Versi B menang|Belum ada perbedaan yang nyata)/);
    expect(verdict).toMatch(/p = /);
    expect(await card.getByTestId('ab-test-line').textContent()).toMatch(/Uji z dua proporsi · z = \d/);
    expect(await card.getByRole('heading').textContent()).toBe('Hasil uji A/B langkah pengingat');
    await card.scrollIntoViewIfNeeded();
    await look('results');
  });
});
