// Channel choice and the per-channel editor (issue 9 parts 5–7): fallbacks picked in the automation
// form and saved in order; the template editor's email subject preview, the SMS segment count
// crossing 160 characters, and the spam warning with its reason (saving still allowed).
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { horizontalOverflow } from './support/axe.js';
import { snap } from './support/browser.js';
import { openE2eSession, type E2eSession } from './support/e2e-session.js';

let session: E2eSession;
let page: Page;

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1366, height: 800 };

beforeAll(async () => {
  session = await openE2eSession();
  page = session.page;
  const res = await page.request.post('/api/v1/templates', { data: { code: 'PESANAN_DIBUAT', message: 'Halo {contactname}, pesanan {documentnumber} kami terima.', subject: 'Pesanan {documentnumber}' } });
  expect(res.status(), await res.text()).toBe(201);
});

afterAll(() => session?.close());

async function pick(label: string, option: string): Promise<void> {
  await page.getByRole('combobox', { name: label, exact: true }).click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

describe('Channel choice in the automation form', () => {
  it('saves the preferred channel and the fallbacks in the order picked', async () => {
    await page.setViewportSize(DESKTOP);
    await page.goto('/automations/new');
    await page.getByRole('textbox', { name: 'Nama', exact: true }).fill('Pesanan dengan cadangan');
    await page.getByRole('combobox', { name: 'Pemicu', exact: true }).click();
    await page.getByRole('option', { name: /^Pesanan dibuat/ }).click();
    await page.getByRole('combobox', { name: 'Template', exact: true }).click();
    await page.getByRole('option', { name: 'PESANAN_DIBUAT' }).click();
    const fallbacks = page.getByLabel('Kanal cadangan (berurutan)').first();
    await fallbacks.click();
    await page.getByRole('option', { name: 'SMS', exact: true }).click();
    await page.getByRole('option', { name: 'Email', exact: true }).click();
    await page.keyboard.press('Escape');
    expect(await page.getByTestId('channel-order').textContent()).toBe('Urutan: WhatsApp → SMS → Email');
    await snap(page, 'automation-fallbacks');
    await page.getByRole('button', { name: 'Simpan' }).click();
    await page.waitForURL(/\/automations$/);
    const list = await (await page.request.get('/api/v1/automations')).json() as { items: { name: string; channel: string; channels: string[] }[] };
    expect(list.items.find((a) => a.name === 'Pesanan dengan cadangan')).toMatchObject({ channel: 'whatsapp', channels: ['whatsapp', 'sms', 'email'] });
  });

  it('shows the saved order again when the automation is opened, and a new preferred channel leaves the fallbacks', async () => {
    const list = await (await page.request.get('/api/v1/automations')).json() as { items: { id: string; name: string }[] };
    const id = list.items.find((a) => a.name === 'Pesanan dengan cadangan')!.id;
    await page.goto(`/automations/${id}/edit`);
    expect(await page.getByTestId('channel-order').textContent()).toBe('Urutan: WhatsApp → SMS → Email');
    await pick('Kanal utama', 'SMS');
    expect(await page.getByTestId('channel-order').textContent()).toBe('Urutan: SMS → Email');
  });
});

describe('The template editor per channel', () => {
  it('previews the email with its rendered subject', async () => {
    await page.setViewportSize(DESKTOP);
    await page.goto('/templates/new');
    await page.getByRole('textbox', { name: 'Message', exact: true }).fill('Halo {contactname}, pesanan Anda sudah kami terima.');
    await page.getByTestId('preview-tab-email').click();
    expect(await page.getByTestId('email-preview-no-subject').textContent()).toContain('Belum ada subjek');
    await page.getByRole('textbox', { name: 'Subjek (email)' }).fill('Terima kasih, {contactname}');
    expect(await page.getByTestId('email-preview-subject').textContent()).toBe('Terima kasih, Budi Santoso');
    expect(await page.getByTestId('email-preview-text').textContent()).toBe('Halo Budi Santoso, pesanan Anda sudah kami terima.');
    // HTML is shown in a sandboxed frame: scripts never run.
    await page.getByRole('textbox', { name: 'HTML email (opsional)' }).fill('<p>Halo <b>{contactname}</b></p><script>parent.document.title="pwned"</script>');
    const frame = page.getByTestId('email-preview-html');
    expect(await frame.getAttribute('sandbox')).toBe('');
    expect(await page.frameLocator('[data-testid="email-preview-html"]').locator('b').textContent()).toBe('Budi Santoso');
    expect(await page.title()).not.toBe('pwned');
  });

  it('counts SMS segments, and the count changes across 160 characters', async () => {
    await page.goto('/templates/new');
    const message = page.getByRole('textbox', { name: 'Message', exact: true });
    await page.getByTestId('preview-tab-sms').click();
    await message.fill('a'.repeat(160));
    expect(await page.getByTestId('sms-segments').textContent()).toBe('1 SMS · sisa 0 karakter di SMS terakhir');
    await message.fill('a'.repeat(161));
    expect(await page.getByTestId('sms-segments').textContent()).toBe('2 SMS · sisa 145 karakter di SMS terakhir');
    expect(await page.getByTestId('sms-encoding').textContent()).toContain('GSM-7');
    await message.fill('Halo 😀');
    expect(await page.getByTestId('sms-encoding').textContent()).toContain('Unicode');
  });

  it('shows the push notification with its title', async () => {
    await page.goto('/templates/new');
    await page.getByRole('textbox', { name: 'Message', exact: true }).fill('Pesanan Anda dikirim.');
    await page.getByTestId('preview-tab-push').click();
    expect(await page.getByTestId('push-preview-title').textContent()).toBe('Toko Anda');
    await page.getByRole('textbox', { name: 'Judul notifikasi (push)' }).fill('Hai {contactname}');
    expect(await page.getByTestId('push-preview-title').textContent()).toBe('Hai Budi Santoso');
  });

  it('warns about spam with the reason, inline, and still saves', async () => {
    await page.goto('/templates/new');
    await page.getByRole('textbox', { name: 'Code', exact: true }).fill('PROMO_SPAM');
    await page.getByRole('textbox', { name: 'Message', exact: true }).fill('Promo akhir tahun untuk {contactname}.');
    await page.getByRole('textbox', { name: 'Subjek (email)' }).fill('GRATIS!!! KLIK DI SINI');
    const warnings = page.getByTestId('spam-warning');
    await warnings.first().waitFor();
    const texts = await warnings.allTextContents();
    expect(texts).toEqual(expect.arrayContaining([
      'Subjek: “GRATIS” — kata "gratis" sering disaring sebagai spam',
      'Subjek: “KLIK DI SINI” — "klik di sini" khas email spam; tulis apa yang dituju',
    ]));
    expect(texts.some((x) => x.includes('banyak tanda seru'))).toBe(true);
    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForURL(/\/templates$/);
    const list = await (await page.request.get('/api/v1/templates')).json() as { items: { code: string; subject: string; spamWarnings: { field: string; code: string }[] }[] };
    const saved = list.items.find((x) => x.code === 'PROMO_SPAM')!;
    expect(saved.subject).toBe('GRATIS!!! KLIK DI SINI');
    expect(saved.spamWarnings.map((w) => w.code)).toEqual(expect.arrayContaining(['spam.free', 'spam.click_here']));
  });
});

describe('The broadcast form', () => {
  it('chooses fallbacks too', async () => {
    await page.setViewportSize(DESKTOP);
    await page.goto('/broadcasts/new');
    await page.getByLabel('Kanal cadangan (berurutan)').first().click();
    await page.getByRole('option', { name: 'Email', exact: true }).click();
    await page.keyboard.press('Escape');
    expect(await page.getByTestId('channel-order').textContent()).toBe('Urutan: WhatsApp → Email');
  });
});

describe('The touched pages on a phone and a desktop', () => {
  const SHOTS = process.env.SAPA_CHOICE_SHOTS;
  const fill = {
    automation: async () => {
      await page.getByLabel('Kanal cadangan (berurutan)').first().click();
      await page.getByRole('option', { name: 'SMS', exact: true }).click();
      await page.getByRole('option', { name: 'Email', exact: true }).click();
      await page.keyboard.press('Escape');
    },
    template: async (tab: string) => {
      await page.getByRole('textbox', { name: 'Message', exact: true }).fill('Halo {contactname}, promo akhir tahun untuk Anda.');
      await page.getByRole('textbox', { name: 'Subjek (email)' }).fill('GRATIS!!! KLIK DI SINI');
      await page.getByRole('textbox', { name: 'HTML email (opsional)' }).fill('<h2>Halo {contactname}</h2><p>Promo akhir tahun.</p>');
      await page.getByTestId(`preview-tab-${tab}`).click();
    },
  };
  const pages = [
    { name: 'automation-form', path: '/automations/new', prepare: fill.automation },
    { name: 'broadcast-form', path: '/broadcasts/new', prepare: fill.automation },
    { name: 'template-email', path: '/templates/new', prepare: () => fill.template('email') },
    { name: 'template-sms', path: '/templates/new', prepare: () => fill.template('sms') },
    { name: 'template-push', path: '/templates/new', prepare: () => fill.template('push') },
  ];
  for (const viewport of [PHONE, DESKTOP]) {
    for (const p of pages) {
      it(`${p.name} at ${viewport.width}×${viewport.height} does not scroll sideways`, async () => {
        await page.setViewportSize(viewport);
        await page.goto(p.path);
        await p.prepare();
        await page.evaluate(() => window.scrollTo(0, 0));
        expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
        if (SHOTS) {
          await page.waitForTimeout(400);
          await page.screenshot({ path: `${SHOTS}/${p.name}-${viewport.width}.png`, fullPage: true });
        }
      });
    }
  }
});
