// Pengaturan → SMS: an owner connects the workspace's SMS account. A missing token is named
// under its field, and after saving the token comes back masked — never in the page.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { snap } from './support/browser.js';
import { openE2eSession, type E2eSession } from './support/e2e-session.js';

const ACCOUNT = { accountSid: 'AC0123456789abcdef0123456789abcdef', from: '+6281100000009', authToken: 'tok-sms-e2e-0123456789-9911' };

let session: E2eSession;
let page: Page;

beforeAll(async () => {
  session = await openE2eSession();
  ({ page } = session);
  await page.setViewportSize({ width: 1366, height: 800 });
});
afterAll(() => session?.close());

const field = (name: string) => page.getByTestId(`sms-${name}`);
async function describedText(name: string): Promise<string> {
  const ids = ((await field(name).getAttribute('aria-describedby')) ?? '').split(/\s+/).filter(Boolean);
  return (await Promise.all(ids.map((id) => page.locator(`[id="${id}"]`).textContent()))).join(' ');
}

describe('Pengaturan → SMS', () => {
  // First, while SMS still go to the sandbox: nothing leaves this machine.
  it('shows an SMS message’s segment count in the message drawer', async () => {
    const post = async (path: string, data: unknown) => {
      const res = await page.request.post(path, { data });
      expect(res.status(), await res.text()).toBeLessThan(300);
      return (await res.json()) as { id: string };
    };
    const tpl = await post('/api/v1/templates', { code: 'SMS Panjang', message: `Halo {contactname}, ${'pesanan kami terima dan segera dikirim. '.repeat(4)}`, category: 'utility' });
    await post('/api/v1/automations', { name: 'sms panjang', trigger: 'order.created', templateId: tpl.id, channel: 'sms' });
    await post('/api/v1/events', {
      id: 'e2e-sms-1', type: 'order.created', contact: { externalId: 'SMS-E2E-1', name: 'Dewi Lestari', phone: '0812-7777-8888' },
      order: { number: 'SO-7001', items: [{ name: 'Kopi', quantity: 1, price: 1000 }], total: 1000, currency: 'IDR' },
    });
    await page.getByRole('navigation').getByRole('link', { name: 'Pesan' }).click();
    const row = page.getByTestId('message-row').filter({ hasText: 'Dewi Lestari' });
    await row.waitFor({ timeout: 15_000 });
    await row.click();
    // "Halo Dewi Lestari, " + 4 × 40 characters: 179 GSM-7 characters, two SMS.
    expect(await page.getByTestId('sms-segments').textContent()).toBe('2 SMS (GSM-7)');
    await page.keyboard.press('Escape');
  });

  it('starts in the sandbox and names a missing token under its field', async () => {
    await page.getByRole('navigation').getByRole('link', { name: 'Pengaturan' }).click();
    await page.getByTestId('sms-section').waitFor();
    expect(await page.getByTestId('sms-source').textContent()).toBe('Sandbox: SMS hanya dicatat');
    await field('accountSid').fill(ACCOUNT.accountSid);
    await field('from').fill(ACCOUNT.from);
    await page.getByRole('button', { name: 'Simpan akun SMS' }).click();
    await expect.poll(() => describedText('authToken')).toContain('Wajib diisi.');
  });

  it('saves the account and shows the token masked after a reload', async () => {
    await field('authToken').fill(ACCOUNT.authToken);
    await field('rate').fill('5');
    await page.getByRole('button', { name: 'Simpan akun SMS' }).click();
    await page.getByTestId('sms-saved').waitFor();
    await page.reload();
    await page.getByTestId('sms-section').waitFor();
    await expect.poll(async () => page.getByTestId('sms-source').textContent()).toBe('Akun milik workspace ini');
    expect(await field('accountSid').inputValue()).toBe(ACCOUNT.accountSid);
    expect(await field('from').inputValue()).toBe(ACCOUNT.from);
    expect(await field('rate').inputValue()).toBe('5');
    expect(await field('authToken').inputValue()).toBe('');
    expect(await describedText('authToken')).toContain('Tersimpan: ••••9911');
    expect(await page.content()).not.toContain(ACCOUNT.authToken);
    await snap(page, '60-sms-saved-1366');
  });

  it('shows web push in the sandbox until VAPID_SUBJECT is set, with the line for the shop’s service worker', async () => {
    await page.getByTestId('push-section').waitFor();
    await expect.poll(async () => page.getByTestId('push-status').textContent()).toBe('Sandbox');
    expect((await page.getByTestId('push-sw-line').textContent())?.trim()).toMatch(/^importScripts\('http:\/\/[^']+\/push\/sw\.js'\);$/);
  });
});
