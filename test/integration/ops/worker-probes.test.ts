// `sapa worker` with SAPA_WORKER_PORT serves the probes and the metrics of the sends it makes:
// with a separate worker, the API process never sees those sends, so this is where they are scraped.
import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestLocation, freePort, startSapaProcess, startSapaWorkers, type SapaProcess } from '../../support/sapa-process.js';
import { eventually } from '../../support/test-app.js';
import { storeKindUnderTest } from '../../support/test-store.js';

const onPostgres = storeKindUnderTest() === 'postgres';
const ADMIN = { email: 'probes@toko.test', password: 'probes-test-password' };
let location: Awaited<ReturnType<typeof createTestLocation>>;
let server: SapaProcess | undefined;
const workers: ChildProcess[] = [];

beforeAll(async () => {
  if (onPostgres) location = await createTestLocation();
});
afterAll(async () => {
  for (const w of workers) if (w.exitCode === null) w.kill('SIGKILL');
  await server?.kill('SIGTERM');
  await location?.drop();
});

describe.runIf(onPostgres)('a sapa worker process', () => {
  it('answers /healthz, /readyz and /metrics on SAPA_WORKER_PORT, counting the sends it made', async () => {
    const env = { ...location.env, SAPA_ADMIN_EMAIL: ADMIN.email, SAPA_ADMIN_PASSWORD: ADMIN.password };
    server = await startSapaProcess({ ...env, SAPA_RUN_WORKER: 'false' });
    const port = await freePort();
    const started = await startSapaWorkers(1, { ...env, SAPA_WORKER_PORT: String(port), HOST: '127.0.0.1' }, workers);
    expect(started.outputs()[0]).toContain(`http://localhost:${port}/metrics`);
    const ops = `http://127.0.0.1:${port}`;

    const login = await fetch(`${server.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ADMIN) });
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
    const call = (p: string, json?: unknown) => fetch(server!.url + p, {
      method: json === undefined ? 'GET' : 'POST', headers: { cookie, 'content-type': 'application/json', origin: server!.url },
      ...(json === undefined ? {} : { body: JSON.stringify(json) }),
    }).then((r) => r.json());
    const tpl = await call('/api/v1/templates', { code: 'Probe', message: 'Halo {contactname}, pesanan {documentnumber} kami terima.' });
    await call('/api/v1/automations', { name: 'p', trigger: 'order.created', templateId: tpl.id });
    const accepted = await call('/api/v1/events', {
      id: 'evt-probe-1', type: 'order.created', contact: { externalId: 'P-1', name: 'Budi', phone: '0812-5555-0001' },
      order: { number: 'SO-PROBE-1', items: [{ name: 'Kopi', quantity: 1 }] },
    });
    await eventually(async () => ((await call(`/api/v1/messages/${accepted.messages[0].id}`)).status === 'sent' ? true : undefined), 20_000, 'message sent');

    expect((await fetch(`${ops}/healthz`)).status).toBe(200);
    const ready = await fetch(`${ops}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ready', store: 'postgres', worker: 'running' });
    const metrics = await fetch(`${ops}/metrics`);
    expect(metrics.headers.get('content-type')).toContain('text/plain');
    expect(await metrics.text()).toMatch(/sapa_messages_total\{channel="whatsapp",status="sent"[^}]*\} 1\b/);
    // Nothing else is served there: no API, no web app.
    const api = await fetch(`${ops}/api/v1/messages`);
    expect(api.status).toBe(404);
    expect(api.headers.get('content-type')).toContain('application/problem+json');

    const worker = workers[0]!;
    const exited = new Promise<number | null>((r) => worker.once('exit', (code) => r(code)));
    worker.kill('SIGTERM');
    expect(await exited).toBe(0);
  }, 120_000);
});
