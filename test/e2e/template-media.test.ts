// Template Chat's header and buttons in the browser (issue 8 part 5): upload an image as the
// header (previewed in the WhatsApp bubble), add quick-reply buttons up to the limit, save; the
// inbox shows a file sent with a quick message and a customer's tapped button — pictured and
// axe-checked at 390×844 and 1366×800.
import { deflateSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeWhatsApp, type FakeWhatsApp } from '../support/fake-whatsapp/server.js';
import { horizontalOverflow, seriousA11yViolations } from './support/axe.js';
import { snap } from './support/browser.js';
import { openE2eSession, type E2eSession } from './support/e2e-session.js';

let wa: FakeWhatsApp;
let session: E2eSession;
let page: Page;

/** A real PNG (a 64×40 teal block) so the preview shows a picture. */
function png(width = 64, height = 40): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (b: Buffer) => {
    let c = 0xffffffff;
    for (const x of b) c = crcTable[(c ^ x) & 0xff]! ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type), data]);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(body));
    return Buffer.concat([len, body, sum]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; ihdr[9] = 2; // 8-bit RGB
  const row = Buffer.concat([Buffer.from([0]), Buffer.alloc(width * 3, Buffer.from([0x12, 0x8c, 0x7e]))]);
  const raw = Buffer.concat(Array.from({ length: height }, () => row));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

async function look(name: string): Promise<void> {
  for (const [width, height, size] of [[390, 844, 'phone'], [1366, 800, 'desktop']] as const) {
    await page.setViewportSize({ width, height });
    await page.waitForTimeout(250);
    await snap(page, `media-${name}-${size}`);
    expect(await horizontalOverflow(page), `${name} at ${size} scrolls sideways`).toBeLessThanOrEqual(0);
    expect(await seriousA11yViolations(page), `${name} at ${size}`).toEqual([]);
  }
  await page.setViewportSize({ width: 1366, height: 800 });
}

beforeAll(async () => {
  wa = await startFakeWhatsApp();
  session = await openE2eSession({
    env: {
      WHATSAPP_API_BASE: wa.baseUrl, WHATSAPP_PHONE_NUMBER_ID: wa.phoneNumberId, WHATSAPP_ACCESS_TOKEN: wa.accessToken,
      WHATSAPP_APP_SECRET: wa.appSecret, WHATSAPP_VERIFY_TOKEN: 'verify-e2e', SAPA_PUBLIC_URL: 'https://toko.example',
    },
  });
  page = session.page;
  await page.setViewportSize({ width: 1366, height: 800 });
}, 180_000);

afterAll(async () => {
  await session?.close();
  await wa?.close();
});

describe('Template Chat: header and buttons', () => {
  it('uploads an image header, shows it in the preview, adds up to 3 buttons and saves them', async () => {
    await page.goto('/templates/new');
    await page.getByRole('textbox', { name: 'Code' }).fill('Promo Kopi');
    await page.getByLabel('Message').fill('Halo {contactname}, kopi arabika baru datang! Mau dipesankan?');
    await page.locator('input[type=file]').setInputFiles({ name: 'kopi.png', mimeType: 'image/png', buffer: png() });
    await page.getByTestId('preview-header-image').waitFor();
    for (const label of ['Mau', 'Nanti saja', 'Berhenti promo']) {
      await page.getByRole('button', { name: 'Tambah tombol' }).click();
      await page.getByPlaceholder(/^Tombol \d$/).last().fill(label);
    }
    // The limit reached: no fourth button to add.
    expect(await page.getByRole('button', { name: 'Tambah tombol' }).count()).toBe(0);
    await page.getByTestId('preview-buttons').getByText('Berhenti promo').waitFor();
    await look('template-editor');

    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForURL('**/templates');
    const items = (await (await page.request.get('/api/v1/templates')).json()).items as { code: string; header: { type: string; filename: string } | null; buttons: { text: string }[] }[];
    const saved = items.find((x) => x.code === 'Promo Kopi')!;
    expect(saved.header).toMatchObject({ type: 'image', filename: 'kopi.png' });
    expect(saved.buttons.map((b) => b.text)).toEqual(['Mau', 'Nanti saja', 'Berhenti promo']);
  });

  it('a wrong file is refused in words, not uploaded', async () => {
    await page.goto('/templates/new');
    await page.locator('input[type=file]').setInputFiles({ name: 'kopi.png', mimeType: 'image/png', buffer: Buffer.from('GIF89a bukan png') });
    await page.getByRole('alert').filter({ hasText: 'Hanya gambar JPEG/PNG atau dokumen PDF' }).waitFor();
    expect(await page.getByTestId('preview-header-image').count()).toBe(0);
  });
});

describe('Inbox: files and tapped buttons', () => {
  it('shows the image sent with a quick message and the button the customer tapped', async () => {
    const from = '6281377001122';
    const hook = `${session.sapa.url}/webhooks/whatsapp`;
    await wa.postWebhook(hook, wa.inboundWebhook({ from, text: 'Halo, ada kopi baru?', profileName: 'Rina Wijaya' }));
    let contactId = '';
    for (let i = 0; i < 50 && !contactId; i++) {
      const found = (await (await page.request.get(`/api/v1/contacts?q=${encodeURIComponent('+' + from)}`)).json()).items as { id: string }[];
      contactId = found[0]?.id ?? '';
      if (!contactId) await page.waitForTimeout(200);
    }
    expect(contactId).not.toBe('');

    // The agent attaches a photo in the composer and sends it with a caption.
    await page.goto('/inbox');
    await page.getByTestId('conversation-row').filter({ hasText: 'Rina Wijaya' }).first().click();
    await page.getByTestId('composer').locator('input[type=file]').setInputFiles({ name: 'kopi.png', mimeType: 'image/png', buffer: png() });
    await page.getByTestId('composer-file').getByText('kopi.png').waitFor();
    await page.getByLabel('Tulis pesan').fill('Ada, Kak! Ini fotonya.');
    await page.getByRole('button', { name: 'Kirim', exact: true }).click();
    await page.getByTestId('message-image').waitFor();
    expect(wa.sent().find((r) => r.body?.to === from)?.body).toMatchObject({ type: 'image', image: { caption: 'Ada, Kak! Ini fotonya.' } });

    await wa.postWebhook(hook, wa.inboundWebhook({ from, type: 'button', text: 'Mau', payload: 'Mau', profileName: 'Rina Wijaya' }));
    await page.getByTestId('button-reply').waitFor({ timeout: 15_000 });
    await look('inbox');
  });
});
