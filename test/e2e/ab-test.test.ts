// A/B tests in the browser (issue 10 part 4): a broadcast made in the editor with two versions (the
// second with its text changed). On WhatsApp the text field says why it is closed (WhatsApp sends
// the approved template), so the broadcast goes on SMS; giving the version another channel too
// brings the one-change warning inline, giving it WhatsApp an inline error that keeps the form from
// being sent, taking it back clears both; the draft saved, sent to its segment, orders placed by the
// customers who got version B; the results card then shows each version's rate, the difference from
// A with its interval, the p-value and the verdict in words. Pictured at phone and desktop size,
// axe-checked.
import type { SapaClient } from '@sapa/client';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assignVariant } from '../../src/domain/insights/ab-test.js';
import { horizontalOverflow, seriousA11yViolations } from './support/axe.js';
import { openApiClient } from './support/api-client.js';
import { snap } from './support/browser.js';
import { openE2eSession, type E2eSession } from './support/e2e-session.js';

let session: E2eSession;
let page: Page;
let api: SapaClient;
const people: { id: string; phone: string }[] = [];
let broadcastId = '';

async function look(name: string): Promise<void> {
  for (const [width, height, size] of [[390, 844, 'phone'], [1366, 800, 'desktop']] as const) {
    await page.setViewportSize({ width, height });
    await page.waitForTimeout(250);
    await snap(page, `ab-test-${name}-${size}`);
    expect(await horizontalOverflow(page), `${name} at ${size} scrolls sideways`).toBeLessThanOrEqual(0);
    expect(await seriousA11yViolations(page), `${name} at ${size}`).toEqual([]);
  }
}

async function choose(input: ReturnType<Page['getByTestId']>, typed: string | null, option: RegExp): Promise<void> {
  await input.click();
  if (typed !== null) await input.fill(typed);
  await page.getByRole('option', { name: option }).first().click();
}

beforeAll(async () => {
  session = await openE2eSession();
  page = session.page;
  api = await openApiClient(session.sapa);
  await api.post('/api/v1/templates', { body: { code: 'KOPI_BARU', message: 'Halo {contactname}, kopi baru sudah datang.', category: 'utility' } });
  for (let i = 0; i < 8; i++) {
    const phone = `0812-4000-${String(1000 + i)}`;
    const c = await api.post('/api/v1/contacts', { body: { name: `Pelanggan AB ${i + 1}`, phone, tags: ['ab-e2e'], consent: { whatsapp: 'opted_in' } } });
    people.push({ id: c.id, phone });
  }
  await api.post('/api/v1/segments', { body: { name: 'Uji AB e2e', match: 'all', rules: [{ field: 'tags', op: 'contains', value: 'ab-e2e' }] } });
});

afterAll(() => session?.close());

describe('an A/B broadcast', () => {
  it('is made in the editor, with the one-change warning inline while two things change and a changed text kept off WhatsApp', async () => {
    await page.goto('/broadcasts/new');
    await page.getByRole('heading', { name: 'Broadcast – Baru' }).waitFor();
    await page.getByLabel('Nama').fill('Kopi baru A/B');
    await choose(page.getByTestId('broadcast-template'), 'KOPI', /KOPI_BARU/);
    await choose(page.getByTestId('audience-segment'), 'Uji', /Uji AB e2e/);
    await page.getByRole('switch', { name: 'Uji beberapa versi pesan' }).click();
    const b = page.getByTestId('ab-variant-B');
    const text = b.getByLabel('Teks pengganti (opsional)');
    // On WhatsApp (the broadcast's channel by default) the text cannot change, and the field says why.
    expect(await text.isDisabled()).toBe(true);
    expect(await b.textContent()).toContain('WhatsApp mengirim template yang disetujui Meta');
    await look('editor-whatsapp');
    await page.getByRole('combobox', { name: 'Kanal utama', exact: true }).click();
    await page.getByRole('option', { name: 'SMS', exact: true }).click();
    expect(await text.isDisabled()).toBe(false);
    await text.fill('Halo {contactname}, kopi baru datang, diskon 10% hari ini!');
    expect(await page.getByTestId('ab-one-change').count()).toBe(0);
    await choose(page.getByTestId('ab-channel-B'), null, /^Email$/);
    await page.getByTestId('ab-one-change').waitFor();
    expect(await page.getByTestId('ab-one-change').textContent()).toContain('teks dan kanal');
    await look('editor-warning');
    // Version B on WhatsApp with its text: an error on the field, and Save sends nothing.
    await choose(page.getByTestId('ab-channel-B'), null, /^WhatsApp$/);
    await expect.poll(() => text.getAttribute('aria-invalid')).toBe('true');
    expect(await b.textContent()).toContain('Versi ini akan dikirim lewat WhatsApp, jadi teksnya tidak bisa diubah');
    await look('editor-whatsapp-error');
    const before = (await api.get('/api/v1/broadcasts')).items.length;
    await page.getByRole('button', { name: 'Simpan draf' }).click();
    await page.waitForTimeout(500);
    expect(page.url()).toMatch(/\/broadcasts\/new$/);
    expect((await api.get('/api/v1/broadcasts')).items.length).toBe(before);
    await choose(page.getByTestId('ab-channel-B'), null, /^Sama dengan broadcast$/);
    await page.getByTestId('ab-one-change').waitFor({ state: 'detached' });
    expect(await text.getAttribute('aria-invalid')).not.toBe('true');
    expect(await page.getByTestId('ab-sum').textContent()).toBe('Jumlah bobot: 100% (harus 100%)');
    await page.getByRole('button', { name: 'Simpan draf' }).click();
    await page.getByRole('heading', { name: 'Kopi baru A/B' }).waitFor();
    broadcastId = page.url().split('/').at(-1) ?? '';
    expect(await page.getByTestId('broadcast-summary').textContent()).toContain('A 50% · B 50%');
  });

  it('is sent, and its results card reads the versions, the interval, the p-value and the verdict', async () => {
    await page.getByTestId('send-button').click();
    await page.getByTestId('send-confirm').click();
    await page.getByTestId('broadcast-status').filter({ hasText: 'Selesai' }).waitFor({ timeout: 30_000 });
    const split = (id: string) => assignVariant(broadcastId, id, [{ id: 'A', weight: 50 }, { id: 'B', weight: 50 }]);
    const inB = people.filter((p) => split(p.id) === 'B');
    const inA = people.filter((p) => split(p.id) === 'A');
    for (const [i, p] of inB.entries()) {
      await api.post('/api/v1/events', { body: {
        id: `e2e-ab-order-${i}`, type: 'order.created', contact: { phone: p.phone },
        order: { number: `SO-E2E-AB-${i}`, items: [{ name: 'Kopi', quantity: 1, price: 50000 }], total: 50000, currency: 'IDR' },
      } });
    }
    await page.reload();
    const card = page.getByTestId('ab-results');
    await card.waitFor();
    await expect.poll(async () => page.getByTestId('ab-row-B').textContent(), { timeout: 10_000 }).toContain('100%');
    const rowA = (await page.getByTestId('ab-row-A').textContent()) ?? '';
    expect(rowA).toContain(`${inA.length}`);
    expect(rowA).toContain('0%');
    expect(await page.getByTestId('ab-interval-B').textContent()).toMatch(/pp … .*pp/);
    const verdict = (await page.getByTestId('ab-verdict').textContent()) ?? '';
    // With 8 customers the verdict depends on the split; either way it is said in words with the p-value.
    expect(verdict).toMatch(/^(Versi B menang|Belum ada perbedaan yang nyata)/);
    expect(verdict).toMatch(/p = /);
    expect(await page.getByTestId('ab-test-line').textContent()).toMatch(/Uji z dua proporsi · z = \d/);
    expect(await page.getByTestId('ab-csv').getAttribute('href')).toBe(`/api/v1/broadcasts/${broadcastId}/ab-results?format=csv`);
    await look('results');
  });
});
