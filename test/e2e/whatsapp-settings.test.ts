// Pengaturan → WhatsApp: an owner connects the workspace's own number. Mistakes are shown inline
// (from the server's problem codes), the saved secrets come back masked after a reload — never in
// the page — and the webhook URL for Meta is one click from the clipboard.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { snap } from './support/browser.js';
import { openE2eSession, type E2eSession } from './support/e2e-session.js';
import type { SapaServer } from './support/sapa-server.js';

const NUMBER = { phoneNumberId: '107654321098765', wabaId: '102290129340398', accessToken: 'EAAGm0PXzQ-token-toko-e2e-7788', appSecret: 'a1b2c3d4e5f60718293a4b5c6d7e5566', verifyToken: 'verify-toko-e2e-4433' };

let session: E2eSession;
let sapa: SapaServer;
let page: Page;

beforeAll(async () => {
  session = await openE2eSession({ permissions: ['clipboard-read', 'clipboard-write'] });
  ({ sapa, page } = session);
  await page.setViewportSize({ width: 1366, height: 800 });
});

afterAll(() => session?.close());

const section = () => page.getByTestId('whatsapp-section');
const field = (name: string) => page.getByTestId(`wa-${name}`);
/** Mantine puts a field's error and description in elements named by aria-describedby. */
async function describedText(name: string): Promise<string> {
  const ids = ((await field(name).getAttribute('aria-describedby')) ?? '').split(/\s+/).filter(Boolean);
  const texts = await Promise.all(ids.map((id) => page.locator(`[id="${id}"]`).textContent()));
  return texts.join(' ');
}

describe('Pengaturan → WhatsApp', () => {
  it('shows the sandbox and the webhook URL to paste into Meta, with a copy button', async () => {
    await page.getByRole('navigation').getByRole('link', { name: 'Pengaturan' }).click();
    await section().waitFor();
    await page.getByTestId('sandbox-badge').waitFor();
    expect(await page.getByTestId('whatsapp-transport').textContent()).toContain('Pesan hanya dicatat, tidak benar-benar dikirim.');
    const url = `${sapa.url}/webhooks/whatsapp`;
    expect((await page.getByTestId('wa-webhook-url').textContent())?.trim()).toBe(url);
    await page.getByTestId('wa-webhook').getByRole('button', { name: 'Salin' }).click();
    await page.getByTestId('wa-webhook').getByRole('button', { name: 'Tersalin' }).waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(url);
    await snap(page, '20-whatsapp-sandbox-1366');
  });

  it('explains mistakes inline, under the field they belong to', async () => {
    await field('phoneNumberId').fill('0812-3456');
    await page.getByRole('button', { name: 'Simpan nomor WhatsApp' }).click();
    await expect.poll(() => describedText('phoneNumberId')).toContain('Hanya angka.');

    // A first save needs every secret: the server names each missing one.
    await field('phoneNumberId').fill(NUMBER.phoneNumberId);
    await page.getByRole('button', { name: 'Simpan nomor WhatsApp' }).click();
    for (const name of ['accessToken', 'appSecret', 'verifyToken']) await expect.poll(() => describedText(name)).toContain('Wajib diisi.');
    expect(await describedText('phoneNumberId')).not.toContain('Hanya angka.');
    await snap(page, '21-whatsapp-errors-1366');
  });

  it('saves the number, then shows it connected with the secrets masked, also after a reload', async () => {
    await field('wabaId').fill(NUMBER.wabaId);
    // The Meta app id: optional, for templates with an image or document header.
    await field('appId').fill('584544743160774');
    await field('accessToken').fill(NUMBER.accessToken);
    await field('appSecret').fill(NUMBER.appSecret);
    await field('verifyToken').fill(NUMBER.verifyToken);
    await page.getByRole('button', { name: 'Simpan nomor WhatsApp' }).click();
    await page.getByTestId('wa-saved').waitFor();
    await page.getByTestId('whatsapp-transport').getByText('WhatsApp Cloud API', { exact: true }).waitFor();
    await page.getByTestId('sandbox-badge').waitFor({ state: 'detached' });

    await page.reload();
    await section().waitFor();
    await page.getByTestId('whatsapp-source').waitFor();
    expect(await page.getByTestId('whatsapp-source').textContent()).toBe('Nomor milik workspace ini');
    expect(await field('phoneNumberId').inputValue()).toBe(NUMBER.phoneNumberId);
    expect(await field('wabaId').inputValue()).toBe(NUMBER.wabaId);
    expect(await field('appId').inputValue()).toBe('584544743160774');
    for (const [name, last4] of [['accessToken', '7788'], ['appSecret', '5566'], ['verifyToken', '4433']] as const) {
      expect(await field(name).inputValue(), name).toBe('');
      expect(await field(name).getAttribute('placeholder'), name).toBe(`••••${last4}`);
      expect(await describedText(name), name).toContain(`Tersimpan: ••••${last4}`);
    }
    const html = await page.content();
    for (const secret of [NUMBER.accessToken, NUMBER.appSecret, NUMBER.verifyToken]) expect(html).not.toContain(secret);
    await snap(page, '22-whatsapp-saved-1366');
    await page.setViewportSize({ width: 390, height: 844 });
    await snap(page, '23-whatsapp-saved-390');
    await page.setViewportSize({ width: 1366, height: 800 });

    // Meta's subscription handshake now accepts the verify token saved here.
    const handshake = await fetch(`${sapa.url}/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=${NUMBER.verifyToken}&hub.challenge=424242`);
    expect(handshake.status).toBe(200);
    expect(await handshake.text()).toBe('424242');
  });

  it('keeps the stored secrets when saved again with them left empty', async () => {
    await field('wabaId').fill('');
    await page.getByRole('button', { name: 'Simpan nomor WhatsApp' }).click();
    await page.getByTestId('wa-saved').waitFor();
    await page.reload();
    await section().waitFor();
    expect(await field('wabaId').inputValue()).toBe('');
    expect(await describedText('accessToken')).toContain('Tersimpan: ••••7788');
  });

  it('reads in English after the switch', async () => {
    await page.getByText('EN', { exact: true }).click();
    await page.getByRole('button', { name: 'Save WhatsApp number' }).waitFor();
    expect(await describedText('accessToken')).toContain('Stored: ••••7788 — leave empty to keep it.');
    await page.setViewportSize({ width: 390, height: 844 });
    await snap(page, '24-whatsapp-en-390');
    await page.setViewportSize({ width: 1366, height: 800 });
    await page.getByText('ID', { exact: true }).click();
    await page.getByRole('button', { name: 'Simpan nomor WhatsApp' }).waitFor();
  });

  it('warns before leaving with an edited number, and lets the user stay or leave', async () => {
    await field('phoneNumberId').fill('999');
    await page.getByRole('navigation').getByRole('link', { name: 'Template Chat' }).click();
    const dialog = page.getByRole('dialog', { name: 'Perubahan belum disimpan' });
    await dialog.getByRole('button', { name: 'Tetap di sini' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(await field('phoneNumberId').inputValue()).toBe('999');
    await page.getByRole('navigation').getByRole('link', { name: 'Template Chat' }).click();
    await page.getByRole('dialog', { name: 'Perubahan belum disimpan' }).getByRole('button', { name: 'Tinggalkan' }).click();
    await page.waitForURL(/\/templates$/);
  });
});
