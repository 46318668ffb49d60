// Pengaturan → Email: an owner connects the workspace's SMTP account. The password comes back
// masked after a reload — never in the page — and a test email goes through the saved account to a
// real SMTP server (the in-process sink), logged in with the account's credentials.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink.js';
import { openE2eSession, type E2eSession } from './support/e2e-session.js';

const PASS = 'sandi-smtp-e2e-5566';
let session: E2eSession;
let page: Page;
let sink: SmtpSink;

beforeAll(async () => {
  sink = await startSmtpSink({ auth: { user: 'toko', pass: PASS } });
  session = await openE2eSession({ env: { SAPA_PUBLIC_URL: 'https://sapa.toko.test' } });
  ({ page } = session);
  await page.setViewportSize({ width: 1366, height: 800 });
});

afterAll(async () => {
  await session?.close();
  await sink?.close();
});

const section = () => page.getByTestId('email-section');

describe('Pengaturan → Email', () => {
  it('starts in the sandbox, saves an SMTP account, shows it masked after a reload and sends a test email through it', async () => {
    await page.getByRole('navigation').getByRole('link', { name: 'Pengaturan' }).click();
    await section().waitFor();
    expect(await page.getByTestId('email-source').textContent()).toBe('Sandbox: email dicatat, tidak dikirim');

    await page.getByTestId('email-smtpUrl').fill(sink.url);
    await page.getByTestId('email-fromName').fill('Toko Sapa');
    await page.getByTestId('email-fromAddress').fill('halo@toko.test');
    await section().getByRole('button', { name: 'Simpan email' }).click();
    await page.getByTestId('email-saved').waitFor();
    await expect.poll(() => page.getByTestId('email-source').textContent()).toBe('Akun SMTP workspace ini');

    await page.reload();
    await section().waitFor();
    await expect.poll(() => page.getByTestId('email-source').textContent()).toBe('Akun SMTP workspace ini');
    expect(await page.getByTestId('email-smtpUrl').inputValue()).toBe('');
    expect(await section().textContent()).toContain(`smtp://toko:••••@127.0.0.1:${sink.port}`);
    expect(await page.content()).not.toContain(PASS);
    expect(await page.getByTestId('email-fromAddress').inputValue()).toBe('halo@toko.test');
    expect((await page.getByTestId('email-bounce-webhook-url').textContent())?.trim()).toMatch(/^https:\/\/sapa\.toko\.test\/webhooks\/email\/bounce\//);

    await page.getByTestId('email-test-to').fill('pemilik@toko.test');
    await section().getByRole('button', { name: 'Kirim percobaan' }).click();
    await expect.poll(() => page.getByTestId('email-test-result').textContent()).toBe('Email percobaan terkirim.');
    const [mail] = await sink.waitFor(1);
    expect(mail!.user).toBe('toko');
    expect(mail!.envelope.rcptTo).toEqual(['pemilik@toko.test']);
    expect(mail!.parsed.from).toBe('"Toko Sapa" <halo@toko.test>');
  });
});
