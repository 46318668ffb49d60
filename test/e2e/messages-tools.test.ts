// The Messages page a shop can work in: today's counts at the top, search by a number as typed and
// by order number with a day range, the failure in words in the drawer, and Kirim ulang — refused
// with the reason while the tracking number is missing, sent once (double click) after it arrives.
import type { SapaClient } from '@sapa/client';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousA11yViolations } from './support/axe.js';
import { openApiClient } from './support/api-client.js';
import { snap } from './support/browser.js';
import { openE2eSession, type E2eSession } from './support/e2e-session.js';

let session: E2eSession;
let page: Page;
let api: SapaClient;
let failedId: string;

/** Today in Jakarta as YYYY-MM-DD, shifted by `days`. */
const jakartaDay = (days = 0) => new Date(Date.now() + 7 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10);

/** Waits until the log shows exactly these contacts' rows (the search is debounced and the log polls). */
async function waitForRows(names: string[]): Promise<void> {
  const deadline = Date.now() + 15_000;
  let seen: string[] = [];
  while (Date.now() < deadline) {
    seen = (await page.getByTestId('message-row').allTextContents()).map((t) => names.find((n) => t.includes(n)) ?? t);
    if (seen.length === names.length && names.every((n, i) => seen[i] === n)) return;
    await page.waitForTimeout(150);
  }
  throw new Error(`rows ${JSON.stringify(seen)} are not ${JSON.stringify(names)}`);
}

beforeAll(async () => {
  session = await openE2eSession();
  page = session.page;
  api = await openApiClient(session.sapa);
  const tpl = await api.post('/api/v1/templates', { body: { code: 'Resi', message: 'Hai {contactname}, resi {documentnumber} untuk {productname}.', category: 'utility' } });
  await api.post('/api/v1/automations', { body: { name: 'Info resi', trigger: 'order.delivery', templateId: tpl.id } });
  const failed = await api.post('/api/v1/events', { body: {
    id: 'e2e-mt-1', type: 'order.delivery', contact: { externalId: 'MT-1', name: 'Budi Hartono', phone: '0812-1111-2222' },
    order: { number: 'SO-1001', items: [{ name: 'Kopi Arabika', quantity: 1 }] },
  } });
  failedId = failed.messages[0]!.id;
  await api.post('/api/v1/events', { body: {
    id: 'e2e-mt-2', type: 'order.delivery', contact: { externalId: 'MT-2', name: 'Siti Aminah', phone: '0857-3333-4444' },
    order: { number: 'SO-2002', trackingNumber: 'JNE-2002', items: [{ name: 'Teh Melati', quantity: 2 }] },
  } });
});

afterAll(() => session?.close());

describe('Messages page', () => {
  it('counts today and searches by a number as typed, an order number and days', async () => {
    await page.getByRole('navigation').getByRole('link', { name: 'Pesan' }).click();
    await waitForRows(['Siti Aminah', 'Budi Hartono']);
    await page.getByTestId('today-sent').filter({ hasText: '1' }).waitFor();
    expect(await page.getByTestId('today-failed').textContent()).toContain('1');
    expect(await page.getByTestId('message-row').filter({ hasText: 'Budi Hartono' }).textContent()).toContain('0812-1111-2222');

    const search = page.getByTestId('message-search');
    await search.fill('0812-1111');
    await waitForRows(['Budi Hartono']);
    await search.fill('+62 857');
    await waitForRows(['Siti Aminah']);
    await search.fill('SO-1001');
    await waitForRows(['Budi Hartono']);
    await page.getByTestId('message-from').fill(jakartaDay(1));
    await waitForRows([]);
    await page.getByText('Tidak ada hasil').first().waitFor();
    await page.getByTestId('message-from').fill(jakartaDay());
    await waitForRows(['Budi Hartono']);
    await snap(page, 'messages-search');
    await search.fill('');
    await page.getByTestId('message-from').fill('');
    await waitForRows(['Siti Aminah', 'Budi Hartono']);
  });

  it('says why a message failed and resends it once the cause is fixed, once for a double click', async () => {
    await page.getByTestId('message-row').filter({ hasText: 'Budi Hartono' }).click();
    const detail = page.getByTestId('message-detail');
    await detail.getByText('Nomor resi belum ada untuk pesanan SO-1001').waitFor();
    expect(await detail.getByTestId('failure-explanation').textContent()).toContain('Kirim ulang event order.delivery dengan trackingNumber');
    expect(await detail.getByTestId('message-links').textContent()).toContain('SO-1001');
    expect(await detail.getByTestId('message-links').textContent()).toContain('Pesanan dikirim');

    await detail.getByTestId('resend-message').click();
    await detail.getByTestId('resend-error').waitFor();
    expect(await detail.getByTestId('resend-error').textContent()).toContain('Nomor resi belum ada untuk pesanan SO-1001');
    // The pointer still rests on the button: its hover shade must read at AA too (theme.ts).
    await detail.getByTestId('resend-message').hover();
    const violations = await seriousA11yViolations(page);
    expect(violations, JSON.stringify(violations, null, 1)).toEqual([]);
    await snap(page, 'message-resend-refused');

    // The tracking number arrives with a later event; the same button now sends it.
    await api.post('/api/v1/events', { body: { id: 'e2e-mt-3', type: 'order.paid', contact: { externalId: 'MT-1' }, order: { number: 'SO-1001', trackingNumber: 'JNE-1001' } } });
    await detail.getByTestId('resend-message').dblclick();
    await detail.getByTestId('resend-of').waitFor();
    await detail.getByText('Hai Budi Hartono, resi JNE-1001 untuk Kopi Arabika.').waitFor();
    await detail.getByText('Terkirim').first().waitFor({ timeout: 30_000 });
    await snap(page, 'message-resent');
    await page.keyboard.press('Escape');

    const list = await api.get('/api/v1/messages', { params: { query: { q: 'Budi' } } });
    expect(list.items.filter((m) => m.resendOf === failedId)).toHaveLength(1);
    await page.getByTestId('today-failed').filter({ hasText: '0' }).waitFor();
  });
});
