import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChildProcess } from 'node:child_process';
import { startFakeWhatsApp, type FakeWhatsApp } from '../../support/fake-whatsapp/server.js';
import { createTestLocation, startSapaProcess, startSapaWorkers, type SapaProcess } from '../../support/sapa-process.js';
import { storeKindUnderTest } from '../../support/test-store.js';
import { eventually } from '../../support/test-app.js';

// Several processes share one queue only on PostgreSQL; PGlite is one process by design
// (see test/integration/store for the refusal of a second process).
const onPostgres = storeKindUnderTest() === 'postgres';
const ADMIN = { email: 'scale@toko.test', password: 'scale-test-password' };
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

describe.runIf(onPostgres)('several worker processes on PostgreSQL', () => {
  it('`sapa worker` processes share the queue: every message is sent exactly once', async () => {
    const env = {
      ...location.env,
      SAPA_ADMIN_EMAIL: ADMIN.email, SAPA_ADMIN_PASSWORD: ADMIN.password, SAPA_LOG_LEVEL: 'debug',
      WHATSAPP_API_BASE: wa.baseUrl, WHATSAPP_PHONE_NUMBER_ID: wa.phoneNumberId, WHATSAPP_ACCESS_TOKEN: wa.accessToken,
      WHATSAPP_APP_SECRET: wa.appSecret, WHATSAPP_VERIFY_TOKEN: 'v',
    };
    // The API node runs no worker, so the two `sapa worker` processes must do all the sending.
    server = await startSapaProcess({ ...env, SAPA_RUN_WORKER: 'false' });
    const started = await startSapaWorkers(2, env, workers);

    const login = await fetch(`${server.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ADMIN) });
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
    const post = (p: string, json: unknown) => fetch(server!.url + p, { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: JSON.stringify(json) }).then((r) => r.json());
    const tpl = await post('/api/v1/templates', { code: 'Skala', message: 'Halo {contactname}, pesanan {documentnumber} diterima.' });
    await post('/api/v1/automations', { name: 's', trigger: 'order.created', templateId: tpl.id });

    const N = 60;
    const ids: string[] = [];
    // In waves, as a shop's orders come: each wave is its own job, so both workers find work.
    for (let wave = 0; wave < 12; wave++) await Promise.all(Array.from({ length: 5 }, (_, j) => wave * 5 + j).map(async (i) => {
      const res = await post('/api/v1/events', {
        id: `evt-scale-${i}`, type: 'order.created', occurredAt: new Date().toISOString(),
        contact: { externalId: `S-${i}`, name: `Pelanggan ${i}`, phone: `08123400${String(i).padStart(4, '0')}` },
        order: { number: `SO-S-${i}`, items: [{ name: 'Kopi', quantity: 1 }] },
      });
      ids.push(res.messages[0].id);
    }));

    await eventually(async () => {
      const keys = new Set(wa.sent().map((r) => r.headers['idempotency-key']));
      return ids.every((id) => keys.has(id)) ? true : undefined;
    }, 60_000, 'all messages sent');
    await new Promise((r) => setTimeout(r, 1000));
    const sentKeys = wa.sent().map((r) => r.headers['idempotency-key']);
    expect(sentKeys.filter((k) => ids.includes(k!)).sort()).toEqual([...ids].sort());
    expect(wa.requests.filter((r) => r.outcome === 'duplicate')).toEqual([]);
    // Both workers took part (pino's debug line per delivery).
    const sentBy = started.outputs().map((l) => l.split('\n').filter((line) => line.includes('"msg":"message sent"')).length);
    expect(sentBy.reduce((a, b) => a + b, 0)).toBe(N);
    expect(Math.min(...sentBy)).toBeGreaterThan(0);
  });
});
