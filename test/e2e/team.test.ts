// Pengaturan → Anggota tim in Chromium: the owner invites an agent with a copyable one-time link,
// the agent accepts it on a phone-sized page, logs in and sees only their own sections, the owner
// deactivates them (their open page loses the session), and the audit page shows it all.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { horizontalOverflow, seriousA11yViolations } from './support/axe.js';
import { newContext, snap } from './support/browser.js';
import { openE2eSession, type E2eSession } from './support/e2e-session.js';

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1366, height: 800 };

let session: E2eSession;
let page: Page;
let browser: Browser;
let agentContext: BrowserContext;
let agent: Page;
let link = '';

beforeAll(async () => {
  session = await openE2eSession({ permissions: ['clipboard-read', 'clipboard-write'] });
  ({ page, browser } = session);
  agentContext = await newContext(browser, session.sapa.url);
  agent = await agentContext.newPage();
});

afterAll(async () => {
  await agentContext?.close();
  await session?.close();
});

/** At phone width nothing scrolls sideways, and axe finds nothing serious or critical. */
async function checkPhonePage(p: Page): Promise<void> {
  expect(await horizontalOverflow(p)).toBe(0);
  expect(await seriousA11yViolations(p)).toEqual([]);
}

async function openSettings(p: Page): Promise<void> {
  await p.goto('/settings');
  await p.getByRole('heading', { name: 'Pengaturan', exact: true }).waitFor();
}

describe('team in the web app', () => {
  it('the owner invites an agent and gets a one-time link to copy', async () => {
    await openSettings(page);
    const section = page.getByTestId('members-section');
    await section.getByRole('heading', { name: 'Anggota tim' }).waitFor();
    const form = section.getByRole('form', { name: 'Undang anggota' });
    await form.getByLabel('Email').fill('bukan-email');
    await form.getByRole('button', { name: 'Buat tautan undangan' }).click();
    const emailError = await form.getByLabel('Email').getAttribute('aria-describedby').then((id) => page.locator(`[id="${id?.split(' ').find((x) => x.endsWith('error'))}"]`));
    expect(await emailError.textContent()).toBe('Alamat email tidak valid.');
    await form.getByLabel('Email').fill('agen.rina@toko.test');
    await form.getByRole('button', { name: 'Buat tautan undangan' }).click();
    const box = page.getByTestId('invite-link-box');
    await box.waitFor();
    link = ((await page.getByTestId('invite-link').textContent()) ?? '').trim();
    expect(link).toMatch(/\/undangan#[A-Za-z0-9_-]{40,}$/);
    await box.getByRole('button', { name: 'Salin' }).click();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(link);
    await section.getByTestId('invite-row').filter({ hasText: 'agen.rina@toko.test' }).waitFor();
    await page.setViewportSize(DESKTOP);
    await snap(page, 'team-settings-owner-1366');
    await page.setViewportSize(PHONE);
    await snap(page, 'team-settings-owner-390');
    await checkPhonePage(page);
    await page.setViewportSize(DESKTOP);
  });

  it('the invited agent accepts on a phone, logs in, and sees their own password and sessions only', async () => {
    await agent.setViewportSize(PHONE);
    await agent.goto(link);
    await agent.getByText('sebagai Agen').waitFor();
    await snap(agent, 'accept-invite-390');
    await checkPhonePage(agent);
    await agent.getByLabel('Nama Anda').fill('Rina');
    await agent.getByLabel('Kata sandi baru', { exact: true }).fill('rina-rahasia-1');
    await agent.getByLabel('Ulangi kata sandi baru').fill('rina-rahasia-2');
    await agent.getByRole('button', { name: 'Gabung' }).click();
    await agent.getByText('Kedua kata sandi tidak sama.').waitFor();
    await agent.getByLabel('Ulangi kata sandi baru').fill('rina-rahasia-1');
    await agent.getByRole('button', { name: 'Gabung' }).click();
    await agent.getByTestId('invite-accepted').waitFor();
    await agent.getByRole('link', { name: 'Ke halaman masuk' }).click();

    await agent.getByLabel('Email').fill('agen.rina@toko.test');
    await agent.getByLabel('Kata sandi').fill('rina-rahasia-1');
    await agent.getByRole('button', { name: 'Masuk' }).click();
    await agent.waitForURL((u) => !u.pathname.startsWith('/login'));
    await openSettings(agent);
    await agent.getByTestId('password-section').waitFor();
    await agent.getByTestId('sessions-section').getByText('Sesi ini').waitFor();
    expect(await agent.getByTestId('members-section').count()).toBe(0);
    expect(await agent.getByRole('link', { name: 'Log audit' }).count()).toBe(0);
    await snap(agent, 'team-settings-agent-390');
    await checkPhonePage(agent);

    // Templates and automations: an agent reads them, and is offered nothing to change.
    const tpl = await (await page.request.post('/api/v1/templates', { data: { code: 'AGEN_LIHAT', message: 'Halo {contactname}' } })).json() as { id: string };
    expect((await page.request.post('/api/v1/automations', { data: { name: 'Sambut', trigger: 'contact.created', templateId: tpl.id } })).status()).toBe(201);
    await agent.goto('/templates');
    await agent.getByText('AGEN_LIHAT').first().waitFor();
    expect(await agent.getByRole('link', { name: '+Add Template Chat' }).count()).toBe(0);
    expect(await agent.getByRole('button', { name: /AGEN_LIHAT/ }).count()).toBe(0);
    expect(await agent.getByRole('link', { name: /AGEN_LIHAT/ }).count()).toBe(0);
    await agent.goto('/automations');
    await agent.getByText('Sambut').first().waitFor();
    expect(await agent.getByRole('link', { name: '+Tambah Otomasi' }).count()).toBe(0);
    expect(await agent.getByRole('switch', { name: /Sambut/ }).isDisabled()).toBe(true);
    expect(await agent.getByRole('button', { name: /Sambut/ }).count()).toBe(0);
    await agent.goto('/contacts');
    await agent.getByTestId('contact-table').or(agent.getByTestId('contact-table-empty')).first().waitFor();
    expect(await agent.getByRole('button', { name: '+Tambah Kontak' }).count()).toBe(0);

    // a used link says so
    const again = await agentContext.newPage();
    await again.goto(link);
    await again.getByText(/tidak berlaku lagi/).waitFor();
    await again.close();
  });

  it('the owner deactivates the agent: the agent\'s open page loses its session', async () => {
    await openSettings(page);
    const row = page.getByTestId('member-row').filter({ hasText: 'agen.rina@toko.test' });
    await row.getByRole('button', { name: 'Nonaktifkan' }).click();
    await row.getByText('Nonaktif', { exact: true }).waitFor();
    await agent.reload();
    await agent.getByRole('button', { name: 'Masuk' }).waitFor();
    expect(new URL(agent.url()).pathname).toBe('/login');
  });

  it('the audit page lists who did what, and filters by action', async () => {
    await openSettings(page);
    expect(await page.getByRole('navigation').getByRole('link', { name: 'Log audit' }).count()).toBe(1);
    await page.getByRole('link', { name: 'Buka log audit' }).click();
    await page.getByRole('heading', { name: 'Log audit' }).waitFor();
    const rows = page.getByTestId('audit-row');
    await rows.filter({ hasText: 'Anggota diundang' }).filter({ hasText: 'agen.rina@toko.test' }).waitFor();
    await rows.filter({ hasText: 'Anggota bergabung' }).waitFor();
    await rows.filter({ hasText: 'Anggota dinonaktifkan' }).waitFor();
    await page.setViewportSize(DESKTOP);
    await snap(page, 'audit-1366');
    await page.setViewportSize(PHONE);
    await snap(page, 'audit-390');
    await checkPhonePage(page);
    await page.setViewportSize(DESKTOP);

    await page.getByLabel('Jenis tindakan').first().click();
    await page.getByRole('option', { name: 'Anggota bergabung' }).click();
    await expect.poll(async () => rows.count()).toBe(1);
    expect(await rows.first().textContent()).toContain('agen.rina@toko.test');
  });

  it('an API key gets the scopes ticked for it, and can do only that', async () => {
    await openSettings(page);
    const section = page.getByTestId('api-keys-section');
    await section.getByLabel('Nama kunci').fill('Impor CRM');
    await section.getByLabel('Kelola dan impor kontak').check();
    await section.getByLabel(/^Kirim event/).uncheck();
    await section.getByRole('button', { name: 'Buat kunci' }).click();
    const key = ((await page.getByTestId('new-api-key').textContent()) ?? '').trim();
    const row = page.getByTestId('api-key-row-Impor CRM').first();
    await row.getByText('contacts:write').waitFor();
    expect(await row.getByText('events:write').count()).toBe(0);
    const call = (path: string, init: RequestInit = {}) => fetch(`${session.sapa.url}${path}`, { ...init, headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' } });
    expect((await call('/api/v1/contacts', { method: 'POST', body: JSON.stringify({ name: 'Dari CRM', phone: '081299990001' }) })).status).toBe(201);
    expect((await call('/api/v1/events', { method: 'POST', body: JSON.stringify({ id: 'e-1', type: 'contact.created', contact: { name: 'X' } }) })).status).toBe(403);
  });
});
