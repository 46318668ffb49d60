// Perjalanan: build a journey from the cart-abandonment recipe in the browser, activate it, post
// cart.abandoned events and see the contacts at its first step; an invalid wait shows its error
// inline on the step and keeps Save off; a wait-for-event step can be added; the trigger shows the
// variables a cart journey may use, and a branch asks whether an earlier reminder was clicked. Screenshots at
// 390×844 and 1366×800 go to SAPA_E2E_SCREENS when set.
import type { SapaClient } from '@sapa/client';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApiClient } from './support/api-client.js';
import { snap } from './support/browser.js';
import { openE2eSession, type E2eSession } from './support/e2e-session.js';

let session: E2eSession;
let page: Page;
let api: SapaClient;
/** The recipe's journey, made by the first test. */
let journeyUrl = '';

beforeAll(async () => {
  session = await openE2eSession();
  page = session.page;
  api = await openApiClient(session.sapa);
});
afterAll(() => session?.close());

describe('Perjalanan', () => {
  it('builds the cart-abandonment journey from its recipe and shows contacts at its steps', async () => {
    await page.setViewportSize({ width: 1366, height: 800 });
    await page.getByRole('navigation').getByRole('link', { name: 'Perjalanan' }).click();
    await page.getByRole('heading', { name: 'Perjalanan', level: 2 }).waitFor();
    await snap(page, 'journeys-list-desktop');
    await page.getByTestId('recipe-cart_abandonment').getByRole('button', { name: 'Gunakan resep' }).click();
    await page.getByRole('heading', { name: 'Keranjang ditinggalkan', level: 2 }).waitFor();
    expect(await page.getByTestId('journey-status').textContent()).toBe('Draf');
    for (const id of ['wait-1h', 'reminder-1', 'wait-24h', 'reminder-2']) await page.getByTestId(`step-${id}`).waitFor();

    await page.getByTestId('journey-activate').click();
    await page.getByTestId('journey-status').getByText('Aktif').waitFor();

    for (const k of [1, 2, 3]) {
      const accepted = await api.post('/api/v1/events', { body: { id: `e2e-cart-${k}`, type: 'cart.abandoned', contact: { externalId: `E2E-${k}`, name: `Sari ${k}`, phone: `0813-9000-000${k}` } } });
      expect(accepted.created).toBe(true);
    }
    await page.getByTestId('step-count-wait-1h').getByText('3 kontak di sini').waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('step-count-reminder-1').textContent()).toBe('0 kontak di sini');
    await page.getByTestId('journey-totals').getByText('Sedang berjalan').waitFor();
    await snap(page, 'journey-editor-desktop');
    journeyUrl = page.url();
  });

  it('shows a step problem inline, keeps Save off until it is fixed, and adds a wait-for-event step', async () => {
    const wait = page.getByTestId('step-wait-1h');
    await wait.getByLabel('Menit', { exact: true }).fill('0');
    await wait.getByText('Waktu tunggu 1 menit sampai 365 hari, atau jam HH:MM.').waitFor();
    expect(await page.getByTestId('journey-save').isDisabled()).toBe(true);
    await wait.getByLabel('Menit', { exact: true }).fill('90');
    await expect.poll(() => page.getByTestId('journey-save').isDisabled()).toBe(false);

    await page.getByTestId('add-step').click();
    await page.getByRole('menuitem', { name: 'Tunggu kejadian' }).click();
    await page.getByTestId('step-wait-for-event-1').waitFor();
    await page.getByTestId('journey-save').click();
    await page.getByText('Perjalanan tersimpan').waitFor();
    const res = await page.request.get(page.url().replace(/.*\/journeys\//, '/api/v1/journeys/'));
    const saved = await res.json() as { definition: { steps: { id: string; kind: string; wait?: { minutes: number } }[] } };
    expect(saved.definition.steps.map((s) => s.kind)).toEqual(['wait', 'send', 'wait', 'send', 'wait_for_event']);
    expect(saved.definition.steps[0]!.wait).toEqual({ minutes: 90 });

    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByTestId('step-count-wait-1h').getByText('3 kontak di sini').waitFor();
    await snap(page, 'journey-editor-phone');
    await page.goto(page.url().replace(/\/journeys\/.*/, '/journeys'));
    await page.getByTestId('journey-table').waitFor();
    await snap(page, 'journeys-list-phone');
  });

  it('shows the variables a cart journey may use and branches on whether an earlier reminder was read or clicked', async () => {
    await page.setViewportSize({ width: 1366, height: 800 });
    await page.goto(journeyUrl);
    await page.getByTestId('step-wait-for-event-1').waitFor();
    expect(await page.getByTestId('journey-variables').textContent()).toBe('Variabel yang bisa dipakai template: {contactname}, {productname}');

    await page.getByTestId('add-step').click();
    await page.getByRole('menuitem', { name: 'Cabang' }).click();
    const branch = page.getByTestId('step-branch-1');
    await branch.waitFor();
    // The wait-for-event step's timeout leads to the branch (else it is unreachable).
    await page.getByTestId('on-timeout-wait-for-event-1').click();
    await page.getByRole('option', { name: 'branch-1', exact: true }).click();
    await page.getByTestId('condition-branch-1').click();
    await page.getByRole('option', { name: 'Pesan dari langkah sebelumnya sampai/dibaca/diklik' }).click();
    // Defaults: the first send step, read.
    expect(await page.getByTestId('engaged-step-branch-1').inputValue()).toBe('reminder-1');
    expect(await page.getByTestId('engagement-branch-1').inputValue()).toBe('Dibaca');
    await page.getByTestId('engagement-branch-1').click();
    await page.getByRole('option', { name: 'Tautannya diklik' }).click();
    await page.getByTestId('engaged-step-branch-1').click();
    await page.getByRole('option', { name: 'reminder-2', exact: true }).click();
    await snap(page, 'journey-branch-engagement-desktop');
    await expect.poll(() => page.getByTestId('journey-save').isDisabled()).toBe(false);
    await page.getByTestId('journey-save').click();
    await page.getByText('Perjalanan tersimpan').waitFor();
    const res = await page.request.get(journeyUrl.replace(/.*\/journeys\//, '/api/v1/journeys/'));
    const saved = await res.json() as { definition: { steps: { id: string; kind: string; condition?: unknown; onTimeout?: string | null }[] } };
    expect(saved.definition.steps.find((s) => s.id === 'wait-for-event-1')!.onTimeout).toBe('branch-1');
    expect(saved.definition.steps.find((s) => s.id === 'branch-1')!.condition).toEqual({ kind: 'message_engaged', stepId: 'reminder-2', engagement: 'clicked' });
  });
});
