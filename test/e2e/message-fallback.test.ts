// The message log shows channel choice: an SMS sent because WhatsApp refused the message for good
// says it is a fallback and opens the failed WhatsApp message (local Cloud API server, SMS sandbox).
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeWhatsApp, type FakeWhatsApp } from '../support/fake-whatsapp/server.js';
import { openE2eSession, type E2eSession } from './support/e2e-session.js';

let wa: FakeWhatsApp;
let session: E2eSession;
let page: Page;

beforeAll(async () => {
  wa = await startFakeWhatsApp();
  session = await openE2eSession({
    env: { WHATSAPP_API_BASE: wa.baseUrl, WHATSAPP_PHONE_NUMBER_ID: wa.phoneNumberId, WHATSAPP_ACCESS_TOKEN: wa.accessToken, WHATSAPP_APP_SECRET: wa.appSecret, WHATSAPP_VERIFY_TOKEN: 'verify-me' },
  });
  page = session.page;
});

afterAll(async () => {
  await session?.close();
  await wa?.close();
});

describe('Fallback in the message log', () => {
  it('links the SMS to the WhatsApp message that failed permanently', async () => {
    const tpl = await page.request.post('/api/v1/templates', { data: { code: 'KONFIRMASI', message: 'Halo {contactname}, pesanan {documentnumber} kami terima.' } });
    expect(tpl.status(), await tpl.text()).toBe(201);
    const auto = await page.request.post('/api/v1/automations', { data: { name: 'wa lalu sms', trigger: 'order.created', templateId: (await tpl.json()).id, channels: ['whatsapp', 'sms'] } });
    expect(auto.status(), await auto.text()).toBe(201);
    wa.failNext(1, { status: 400, body: { error: { message: '(#131026) Message undeliverable', type: 'OAuthException', code: 131026 } } });
    const ev = await page.request.post('/api/v1/events', { data: {
      id: 'fb-e2e-1', type: 'order.created', contact: { externalId: 'FB-1', name: 'Rina Wijaya', phone: '081233334444' },
      order: { number: 'SO-FB-1', items: [{ name: 'Kopi', quantity: 1, price: 1000 }], total: 1000, currency: 'IDR' },
    } });
    expect(ev.status(), await ev.text()).toBe(202);
    await expect.poll(async () => {
      const list = await (await page.request.get('/api/v1/messages')).json() as { items: { channel: string; status: string }[] };
      return list.items.map((m) => `${m.channel}:${m.status}`).sort();
    }, { timeout: 20_000 }).toEqual(['sms:sent', 'whatsapp:failed']);

    await page.goto('/messages');
    await page.getByTestId('message-row').filter({ hasText: 'Rina Wijaya' }).first().waitFor();
    const rows = page.getByTestId('message-row').filter({ hasText: 'Rina Wijaya' });
    expect(await rows.count()).toBe(2);
    // The newest row is the SMS.
    await rows.first().click();
    const detail = page.getByTestId('message-detail');
    expect(await detail.getByTestId('message-channel').textContent()).toBe('SMS');
    expect(await detail.getByTestId('fallback-of').textContent()).toContain('Kanal cadangan: pesan ini menggantikan pesan yang gagal permanen');
    await detail.getByRole('button', { name: 'Buka pesan yang gagal' }).click();
    await expect.poll(async () => detail.getByTestId('message-channel').textContent()).toBe('WhatsApp');
    expect(await detail.getByTestId('fallback-of').count()).toBe(0);
  });
});
