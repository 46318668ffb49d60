// Percakapan (Inbox) in the browser (issue 8): two agents in two browser contexts — a customer's
// WhatsApp message (posted by the project's fake Cloud API) appears for both without reloading, one
// answers and the other sees the answer appear; assign and close a conversation; a quick message
// sent with `/` (preview with the latest order and the agent's name); outside the 24-hour window the
// composer refuses free text and offers templates. Pictured and axe-checked at 390×844 and 1366×800.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeWhatsApp, type FakeWhatsApp } from '../support/fake-whatsapp/server.js';
import { horizontalOverflow, seriousA11yViolations } from './support/axe.js';
import { launchChromium, loginViaUi, newContext, snap } from './support/browser.js';
import { startSapa, type SapaServer } from './support/sapa-server.js';

let wa: FakeWhatsApp;
let sapa: SapaServer;
let browser: Browser;
const contexts: BrowserContext[] = [];
let owner: Page;
let agent: Page;
const AGENT = { email: 'dewi@toko-sapa.test', password: 'sandi-agen-12345', name: 'Dewi Agen' };

async function post(page: Page, path: string, data: unknown): Promise<Record<string, unknown>> {
  const res = await page.request.post(path, { data });
  expect(res.status(), `${path}: ${await res.text()}`).toBeLessThan(300);
  return (await res.json()) as Record<string, unknown>;
}

async function look(page: Page, name: string): Promise<void> {
  for (const [width, height, size] of [[390, 844, 'phone'], [1366, 800, 'desktop']] as const) {
    await page.setViewportSize({ width, height });
    await page.waitForTimeout(250);
    await snap(page, `inbox-${name}-${size}`);
    expect(await horizontalOverflow(page), `${name} at ${size} scrolls sideways`).toBeLessThanOrEqual(0);
    expect(await seriousA11yViolations(page), `${name} at ${size}`).toEqual([]);
  }
  await page.setViewportSize({ width: 1366, height: 800 });
}

const inbound = (from: string, text: string) => wa.postWebhook(`${sapa.url}/webhooks/whatsapp`, wa.inboundWebhook({ from, text, profileName: 'Rina Wijaya' }));
const row = (page: Page, name: string) => page.getByTestId('conversation-row').filter({ hasText: name });

beforeAll(async () => {
  wa = await startFakeWhatsApp();
  sapa = await startSapa({
    WHATSAPP_API_BASE: wa.baseUrl, WHATSAPP_PHONE_NUMBER_ID: wa.phoneNumberId, WHATSAPP_ACCESS_TOKEN: wa.accessToken,
    WHATSAPP_APP_SECRET: wa.appSecret, WHATSAPP_VERIFY_TOKEN: 'verify-me', WHATSAPP_WABA_ID: wa.wabaId,
  });
  browser = await launchChromium();
  for (let i = 0; i < 2; i++) contexts.push(await newContext(browser, sapa.url));
  owner = await contexts[0]!.newPage();
  await loginViaUi(owner);
  await post(owner, '/api/v1/members', { email: AGENT.email, name: AGENT.name, role: 'agent', password: AGENT.password });
  agent = await contexts[1]!.newPage();
  await agent.goto('/');
  await agent.getByLabel('Email').fill(AGENT.email);
  await agent.getByLabel('Kata sandi').fill(AGENT.password);
  await agent.getByRole('button', { name: 'Masuk' }).click();
  await agent.getByRole('navigation').waitFor();
  await post(owner, '/api/v1/templates', { code: 'TERIMA_KASIH', message: 'Halo {contactname}, terima kasih telah membeli {productname}. Kode penjualan Anda {documentnumber}. Salam, {username}' });
  await post(owner, '/api/v1/templates', { code: 'SAPA_PELANGGAN', message: 'Halo {contactname|Kak}, ada yang bisa {username} bantu?' });
  // The number has a WhatsApp Business Account: outside the window only a template Meta approved may go.
  // SAPA_PELANGGAN and TERIMA_KASIH are approved there (made by hand in WhatsApp Manager), TUNGGU_META is
  // still in Meta's review; the import links them.
  await post(owner, '/api/v1/templates', { code: 'TUNGGU_META', message: 'Halo {contactname|Kak}, pesanan Anda sedang kami siapkan.' });
  wa.addTemplate({ name: 'sapa_pelanggan', body: 'Halo {{1}}, ada yang bisa {{2}} bantu?', examples: ['Kak', 'Sari'] });
  wa.addTemplate({ name: 'terima_kasih', body: 'Halo {{1}}, terima kasih telah membeli {{2}}. Kode penjualan Anda {{3}}. Salam, {{4}}', examples: ['Budi', 'Kopi', 'SO-1', 'Sari'] });
  wa.addTemplate({ name: 'tunggu_meta', body: 'Halo {{1}}, pesanan Anda sedang kami siapkan.', examples: ['Kak'], status: 'PENDING' });
  await post(owner, '/api/v1/templates/whatsapp/import', {});
}, 180_000);

afterAll(async () => {
  for (const c of contexts) await c.close();
  await browser?.close();
  await sapa?.stop();
  await wa?.close();
});

describe('inbox', () => {
  it('a customer message appears for both agents live; one answers and the other sees it without reloading', async () => {
    for (const page of [owner, agent]) {
      await page.getByRole('navigation').getByRole('link', { name: 'Percakapan' }).click();
      await page.getByRole('heading', { name: 'Percakapan', level: 2 }).waitFor();
    }
    await look(owner, 'empty');
    expect((await inbound('6281355556666', 'Halo, kopi arabika masih ada?')).status).toBe(200);
    for (const page of [owner, agent]) await row(page, 'Rina Wijaya').waitFor({ timeout: 15_000 });
    // The list says how long the 24-hour window stays open, for each conversation.
    expect(await row(owner, 'Rina Wijaya').getByTestId('row-window').textContent()).toMatch(/^Jendela 24 jam: sisa 2[34] j \d\d m$/);

    await row(agent, 'Rina Wijaya').click();
    await agent.getByTestId('conversation').waitFor();
    await owner.getByTestId('conversation-row').first().click();
    await owner.getByTestId('message').filter({ hasText: 'kopi arabika masih ada' }).waitFor();
    expect(await agent.getByTestId('window').textContent()).toMatch(/Jendela 24 jam: sisa 2[34] j/);

    await agent.getByLabel('Tulis pesan').fill('Masih ada, Kak! Mau berapa bungkus?');
    await agent.getByRole('button', { name: 'Kirim', exact: true }).click();
    // The other agent's page changes without a reload: the answer, then its ticks.
    const answer = owner.getByTestId('message').filter({ hasText: 'Mau berapa bungkus' });
    await answer.waitFor({ timeout: 15_000 });
    await answer.getByTestId('ticks').filter({ hasText: 'Terkirim' }).waitFor({ timeout: 15_000 });
    expect(wa.sent().at(-1)!.body).toMatchObject({ type: 'text', text: { body: 'Masih ada, Kak! Mau berapa bungkus?' } });
    await look(owner, 'conversation');
  });

  it('assigns and closes a conversation, with a note', async () => {
    await agent.getByTestId('assignee').click();
    await agent.getByRole('option', { name: AGENT.name }).click();
    await row(owner, 'Rina Wijaya').getByText(AGENT.name).waitFor({ timeout: 15_000 });
    await agent.getByLabel('Catatan internal').fill('Pelanggan tetap, kirim sore');
    await agent.getByRole('button', { name: 'Tambah catatan' }).click();
    await agent.getByTestId('note').filter({ hasText: 'Pelanggan tetap' }).waitFor();

    await agent.getByRole('button', { name: 'Selesaikan' }).click();
    await agent.getByTestId('closed-note').waitFor();
    // Gone from the open list on both pages, listed under Selesai.
    await row(owner, 'Rina Wijaya').waitFor({ state: 'detached', timeout: 15_000 });
    await owner.getByText('Selesai', { exact: true }).first().click();
    await row(owner, 'Rina Wijaya').waitFor();
    await owner.getByText('Terbuka', { exact: true }).first().click();
    await agent.getByRole('button', { name: 'Buka lagi' }).click();
    await row(owner, 'Rina Wijaya').waitFor({ timeout: 15_000 });
  });

  it('sends a quick message with /: the preview names the latest order and the agent', async () => {
    await post(owner, '/api/v1/events', {
      id: 'e2e-inbox-1', type: 'order.created', occurredAt: '2026-11-20T09:00:00+07:00', contact: { name: 'Rina Wijaya', phone: '0813-5555-6666' },
      order: { number: 'SO-2001', items: [{ name: 'Kopi Arabika', quantity: 2, price: 50000 }], total: 100000 },
    });
    const box = agent.getByLabel('Tulis pesan');
    await box.focus();
    await agent.keyboard.press('/');
    await agent.getByRole('dialog', { name: 'Pesan cepat: pilih template' }).waitFor();
    await agent.keyboard.type('TERIMA');
    await agent.getByTestId('quick-preview-text').filter({ hasText: 'SO-2001' }).waitFor();
    expect(await agent.getByTestId('quick-preview-text').textContent()).toBe('Halo Rina Wijaya, terima kasih telah membeli Kopi Arabika. Kode penjualan Anda SO-2001. Salam, Dewi Agen');
    expect(await agent.getByTestId('quick-order').textContent()).toContain('SO-2001');
    await look(agent, 'picker');
    await agent.keyboard.press('Enter');
    await agent.getByRole('dialog').waitFor({ state: 'detached' });
    await owner.getByTestId('message').filter({ hasText: 'Kode penjualan Anda SO-2001' }).waitFor({ timeout: 15_000 });
  });

  it('outside the 24-hour window the composer refuses free text and offers only approved templates; a missing value is shown, not sent', async () => {
    const c = await post(owner, '/api/v1/contacts', { name: 'Bayu Pratama', phone: '0812-7777-1234' });
    // A quick message starts his conversation (there is no inbound one: the window never opened).
    await post(owner, `/api/v1/contacts/${String(c.id)}/messages`, { templateId: String((await (await owner.request.get('/api/v1/templates?q=SAPA')).json() as { items: { id: string }[] }).items[0]!.id) });
    await row(agent, 'Bayu Pratama').waitFor({ timeout: 15_000 });
    expect(await row(agent, 'Bayu Pratama').getByTestId('row-window').getAttribute('data-open')).toBe('false');
    expect(await row(agent, 'Bayu Pratama').getByTestId('row-window').textContent()).toBe('Jendela tutup');
    await row(agent, 'Bayu Pratama').click();
    await agent.getByTestId('composer-window-closed').waitFor();
    expect(await agent.getByLabel('Tulis pesan').count()).toBe(0);
    expect(await agent.getByTestId('window').textContent()).toBe('Di luar jendela 24 jam');
    await look(agent, 'window-closed');
    await agent.getByTestId('composer').getByRole('button', { name: 'Pilih template' }).click();
    // A template still in Meta's review is listed, disabled, with the reason; nothing to preview or send.
    await agent.getByLabel('Cari kode template').fill('TUNGGU');
    const waiting = agent.getByTestId('quick-option').filter({ hasText: 'TUNGGU_META' });
    await waiting.getByTestId('quick-option-blocked').filter({ hasText: 'Menunggu persetujuan Meta' }).waitFor();
    expect(await waiting.getAttribute('aria-disabled')).toBe('true');
    expect(await waiting.isDisabled()).toBe(true);
    await agent.getByTestId('quick-none-approved').waitFor();
    expect(await agent.getByTestId('quick-preview').count()).toBe(0);
    expect(await agent.getByRole('button', { name: 'Kirim template' }).isDisabled()).toBe(true);
    await look(agent, 'picker-unapproved');
    await agent.getByLabel('Cari kode template').fill('TERIMA');
    await agent.getByTestId('quick-missing').waitFor();
    expect(await agent.getByTestId('quick-missing').textContent()).toContain('{productname}');
    expect(await agent.getByRole('button', { name: 'Kirim template' }).isDisabled()).toBe(true);
    await agent.getByLabel('Cari kode template').fill('SAPA');
    await agent.getByTestId('quick-preview').getByText('Dikirim sebagai template WhatsApp', { exact: false }).waitFor();
    const before = wa.sent().length;
    await agent.getByRole('button', { name: 'Kirim template' }).click();
    await agent.getByRole('dialog').waitFor({ state: 'detached' });
    await expect.poll(() => wa.sent().length, { timeout: 15_000 }).toBe(before + 1);
    expect(wa.sent().at(-1)!.body).toMatchObject({ type: 'template', template: { name: 'sapa_pelanggan' } });
  });

  it('an owner sets a keyword auto-reply in Pengaturan; a customer writing the keyword is answered once, live in the inbox', async () => {
    await owner.getByRole('navigation').getByRole('link', { name: 'Pengaturan' }).click();
    const section = owner.getByTestId('auto-replies');
    await section.waitFor();
    await section.getByLabel('Kata kunci').fill('stop');
    // A dropdown opened before the templates arrived stays empty: close it and open it again until the option is there.
    const pick = section.getByTestId('auto-reply-template');
    const option = owner.getByRole('option', { name: 'SAPA_PELANGGAN' });
    await expect.poll(async () => {
      await pick.click();
      if (await option.waitFor({ timeout: 2000 }).then(() => true, () => false)) return true;
      await owner.keyboard.press('Escape');
      return false;
    }, { timeout: 20_000 }).toBe(true);
    await owner.getByRole('option', { name: 'SAPA_PELANGGAN' }).click();
    await section.getByRole('button', { name: 'Tambah balasan' }).click();
    expect(await owner.getByTestId('auto-reply-error').textContent()).toContain('berhenti atau mulai berlangganan');
    await section.getByLabel('Kata kunci').fill('jam buka');
    await section.getByRole('button', { name: 'Tambah balasan' }).click();
    await section.getByTestId('auto-reply-row').filter({ hasText: 'JAM BUKA' }).waitFor();
    await section.scrollIntoViewIfNeeded();
    await look(owner, 'auto-replies');

    const before = wa.sent().length;
    await inbound('6281355556666', 'Jam buka?');
    await agent.getByRole('navigation').getByRole('link', { name: 'Percakapan' }).click();
    await row(agent, 'Rina Wijaya').click();
    await agent.getByTestId('message').filter({ hasText: 'ada yang bisa Toko Demo Sapa bantu' }).waitFor({ timeout: 15_000 });
    await expect.poll(() => wa.sent().length, { timeout: 15_000 }).toBe(before + 1);
  });

  it('lists 30 conversations at a time; the rest load on demand', async () => {
    const items = (await (await owner.request.get('/api/v1/templates?q=SAPA')).json() as { items: { id: string }[] }).items;
    for (let i = 0; i < 30; i++) {
      const c = await post(owner, '/api/v1/contacts', { name: `Pelanggan ${String(i).padStart(2, '0')}`, phone: `0812-8800-${String(1000 + i)}` });
      await post(owner, `/api/v1/contacts/${String(c.id)}/messages`, { templateId: items[0]!.id });
    }
    await owner.getByRole('navigation').getByRole('link', { name: 'Percakapan' }).click();
    await row(owner, 'Pelanggan 29').waitFor({ timeout: 15_000 });
    await expect.poll(() => owner.getByTestId('conversation-row').count()).toBe(30);
    // The oldest two (Rina and Bayu) are on the second page.
    expect(await row(owner, 'Rina Wijaya').count()).toBe(0);
    await owner.getByRole('button', { name: 'Muat percakapan lainnya' }).click();
    await row(owner, 'Rina Wijaya').waitFor();
    expect(await owner.getByTestId('conversation-row').count()).toBe(32);
    expect(await owner.getByRole('button', { name: 'Muat percakapan lainnya' }).count()).toBe(0);
    await look(owner, 'list');
  });

  it('a customer who wrote STOP cannot be messaged: the composer says so and offers nothing to send', async () => {
    expect((await wa.postWebhook(`${sapa.url}/webhooks/whatsapp`, wa.inboundWebhook({ from: '6281399990000', text: 'BERHENTI', profileName: 'Sinta Berhenti' }))).status).toBe(200);
    await row(agent, 'Sinta Berhenti').waitFor({ timeout: 15_000 });
    await row(agent, 'Sinta Berhenti').click();
    await agent.getByTestId('composer-opted-out').waitFor({ timeout: 15_000 });
    expect(await agent.getByLabel('Tulis pesan').count()).toBe(0);
    expect(await agent.getByTestId('composer').getByRole('button', { name: 'Pilih template' }).count()).toBe(0);
    await look(agent, 'opted-out');
  });
});
