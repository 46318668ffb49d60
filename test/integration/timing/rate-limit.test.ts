// A sender's rate is held in the database, so any number of worker processes together keep it:
// two `sapa worker` processes with a limit of 50/s never put more than 50 sends into any second at
// the provider, and together send at that rate.
import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeWhatsApp, type FakeWhatsApp } from '../../support/fake-whatsapp/server.js';
import { createTestLocation, startSapaProcess, startSapaWorkers, type SapaProcess } from '../../support/sapa-process.js';
import { eventually } from '../../support/test-app.js';
import { storeKindUnderTest } from '../../support/test-store.js';

const onPostgres = storeKindUnderTest() === 'postgres';
const ADMIN = { email: 'pace@toko.test', password: 'pace-test-password' };
const LIMIT = 50;
const MESSAGES = 1300;
let wa: FakeWhatsApp;
let location: Awaited<ReturnType<typeof createTestLocation>>;
let server: SapaProcess | undefined;
const workers: ChildProcess[] = [];

beforeAll(async () => {
  if (!onPostgres) return;
  wa = await startFakeWhatsApp();
  location = await createTestLocation();
});
afterAll(async () => {
  for (const w of workers) if (w.exitCode === null) w.kill('SIGKILL');
  await server?.kill('SIGTERM');
  await wa?.close();
  await location?.drop();
});

describe.runIf(onPostgres)('a per-sender limit shared by worker processes', () => {
  it(`keeps two workers together at ${LIMIT}/s: no second above it, the rate within 5 % over 20 s`, async () => {
    const env = {
      ...location.env,
      SAPA_ADMIN_EMAIL: ADMIN.email, SAPA_ADMIN_PASSWORD: ADMIN.password,
      WHATSAPP_API_BASE: wa.baseUrl, WHATSAPP_PHONE_NUMBER_ID: wa.phoneNumberId, WHATSAPP_ACCESS_TOKEN: wa.accessToken,
      WHATSAPP_APP_SECRET: wa.appSecret, WHATSAPP_VERIFY_TOKEN: 'v',
      SAPA_WHATSAPP_RATE_LIMIT: String(LIMIT),
    };
    server = await startSapaProcess({ ...env, SAPA_RUN_WORKER: 'false' });
    const login = await fetch(`${server.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ADMIN) });
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
    const post = (p: string, json: unknown) => fetch(server!.url + p, { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: JSON.stringify(json) }).then((r) => r.json());
    const tpl = await post('/api/v1/templates', { code: 'Pace', message: 'Halo {contactname}, pesanan {documentnumber} diterima.' });
    await post('/api/v1/automations', { name: 'p', trigger: 'order.created', templateId: tpl.id });

    let next = 0;
    await Promise.all(Array.from({ length: 20 }, async () => {
      while (next < MESSAGES) {
        const i = next++;
        await post('/api/v1/events', {
          id: `evt-pace-${i}`, type: 'order.created',
          contact: { externalId: `P-${i}`, name: `Pelanggan ${i}`, phone: `0812${String(30000000 + i)}` },
          order: { number: `SO-P-${i}`, items: [{ name: 'Kopi', quantity: 1 }] },
        });
      }
    }));
    // The workers start once the backlog is queued, so this process (which also runs the fake
    // provider and records arrival times) is idle while the sends arrive.
    const started = await startSapaWorkers(2, { ...env, SAPA_LOG_LEVEL: 'debug' }, workers);

    const sends = () => wa.requests.filter((r) => r.outcome === 'accepted').map((r) => r.at).sort((a, b) => a - b);
    await eventually(async () => (sends().length >= MESSAGES ? true : undefined), 60_000, 'every message sent');

    const at = sends();
    if (process.env.SAPA_DEBUG_PACE) (await import('node:fs')).writeFileSync('/tmp/pace-at.json', JSON.stringify(at));
    // No one-second window, wherever it starts, holds more than the limit.
    let maxWindow = 0;
    for (let i = 0, j = 0; i < at.length; i++) {
      while (at[i]! - at[j]! >= 1000) j++;
      maxWindow = Math.max(maxWindow, i - j + 1);
    }
    expect(maxWindow).toBeLessThanOrEqual(LIMIT);
    // The rate once both workers run (they start a moment apart, and each warms up): 20 s from the 3rd second.
    const from = at[0]! + 2000;
    const in20s = at.filter((t) => t >= from && t < from + 20_000).length;
    expect(in20s).toBeGreaterThanOrEqual(LIMIT * 20 * 0.95);
    expect(in20s).toBeLessThanOrEqual(LIMIT * 20);
    // Both workers took part.
    // (A worker logs a send once its outcome is recorded, a moment after the server saw it.)
    const sentBy = () => started.outputs().map((l) => l.split('\n').filter((line) => line.includes('"msg":"message sent"')).length);
    await eventually(async () => (sentBy().reduce((a, b) => a + b, 0) >= MESSAGES ? true : undefined), 15_000, 'every send logged');
    expect(sentBy().reduce((a, b) => a + b, 0)).toBe(MESSAGES);
    expect(Math.min(...sentBy())).toBeGreaterThan(0);
    expect(wa.requests.filter((r) => r.outcome === 'duplicate')).toEqual([]);
  }, 120_000);
});
