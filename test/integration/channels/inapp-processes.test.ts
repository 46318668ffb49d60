/**
 * In-app across processes (PostgreSQL): the stream is open on an API-only process, the message is
 * sent by a `sapa worker` process elsewhere. Nothing in memory links them (the worker's send pokes
 * only its own process), so the message can reach the stream only through the database.
 * PGlite is one process by design (data-dir lock): there the same path runs in-process, covered by inapp.test.ts.
 */
import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestLocation, startSapaProcess, startSapaWorkers, type SapaProcess } from '../../support/sapa-process.js';
import { openSse, type SseReader } from '../../support/sse-reader.js';
import { storeKindUnderTest } from '../../support/test-store.js';

const ADMIN = { email: 'inapp@toko.test', password: 'inapp-test-password' };
const onPostgres = storeKindUnderTest() === 'postgres';

describe.skipIf(!onPostgres)('in-app across processes', () => {
  let location: Awaited<ReturnType<typeof createTestLocation>>;
  let api: SapaProcess | undefined;
  const workers: ChildProcess[] = [];
  let stream: SseReader | undefined;
  const env = () => ({ ...location.env, SAPA_SECRET_KEY: 'in-app-processes-secret-key-0123', SAPA_ADMIN_EMAIL: ADMIN.email, SAPA_ADMIN_PASSWORD: ADMIN.password });

  beforeAll(async () => {
    location = await createTestLocation();
    api = await startSapaProcess({ ...env(), SAPA_RUN_WORKER: 'false' });
    await startSapaWorkers(1, env(), workers);
  }, 120_000);
  afterAll(async () => {
    stream?.close();
    await api?.kill('SIGTERM');
    for (const w of workers) {
      const exited = new Promise((r) => w.once('exit', r));
      w.kill('SIGTERM');
      await exited;
    }
    await location?.drop();
  });

  it('reaches a stream on the API process from a worker process, through the database', async () => {
    const url = api!.url;
    const login = await fetch(`${url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ADMIN) });
    expect(login.status).toBe(200);
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
    const call = async (path: string, body: unknown) => {
      const res = await fetch(url + path, { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: JSON.stringify(body) });
      expect(res.status, `${path}: ${res.status}`).toBeLessThan(300);
      return res.json();
    };
    const tpl = await call('/api/v1/templates', { code: 'Proses', message: 'Halo {contactname} dari proses lain' });
    await call('/api/v1/automations', { name: 'in-app', trigger: 'order.created', templateId: tpl.id, channel: 'inapp' });
    const contact = await call('/api/v1/contacts', { externalId: 'PROC-1', name: 'Andi' });
    const { token } = await call(`/api/v1/contacts/${contact.id}/token`, {});
    stream = await openSse(`${url}/inapp/stream?token=${encodeURIComponent(token)}`);
    expect(stream.status).toBe(200);

    const event = await call('/api/v1/events', {
      id: 'proc-evt-1', type: 'order.created', occurredAt: new Date().toISOString(),
      contact: { externalId: 'PROC-1' }, order: { number: 'SO-PROC-1', items: [{ name: 'Teh', quantity: 1 }] },
    });
    const [got] = await stream.waitFor('message', 1, 30_000);
    expect(got!.id).toBe(event.messages[0].id);
    expect(JSON.parse(got!.data).body).toBe('Halo Andi dari proses lain');
  });
});
