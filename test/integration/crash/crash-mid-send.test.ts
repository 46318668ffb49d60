// Kill -9 mid-batch against the project's local Cloud API server, which records every request.
// WhatsApp documents no idempotency key, so a message left in `sending` is not resent on a guess:
// a status webhook carrying its id (biz_opaque_callback_data) settles it, and only a message with
// no status within the reconciliation window is sent again — with the reason in its history.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeWhatsApp, type FakeWhatsApp } from '../../support/fake-whatsapp/server.js';
import { createTestLocation, startSapaProcess, type SapaProcess } from '../../support/sapa-process.js';
import { eventually } from '../../support/test-app.js';

const ADMIN = { email: 'crash@toko.test', password: 'crash-test-password' };
const RECONCILE_S = 15;
const SEND_TIMEOUT_S = 10;
let wa: FakeWhatsApp;
let location: Awaited<ReturnType<typeof createTestLocation>>;
const running: SapaProcess[] = [];

beforeAll(async () => {
  wa = await startFakeWhatsApp();
  location = await createTestLocation();
});
afterAll(async () => {
  for (const p of running) await p.kill('SIGKILL');
  await wa?.close();
  await location?.drop();
});

function env(): Record<string, string> {
  return {
    ...location.env,
    SAPA_ADMIN_EMAIL: ADMIN.email,
    SAPA_ADMIN_PASSWORD: ADMIN.password,
    WHATSAPP_API_BASE: wa.baseUrl,
    WHATSAPP_PHONE_NUMBER_ID: wa.phoneNumberId,
    WHATSAPP_ACCESS_TOKEN: wa.accessToken,
    WHATSAPP_APP_SECRET: wa.appSecret,
    WHATSAPP_VERIFY_TOKEN: 'v',
    // Short windows so the test sees recovery in seconds, not minutes.
    SAPA_SENDING_LEASE_SECONDS: '1',
    SAPA_RECONCILE_SECONDS: String(RECONCILE_S),
    SAPA_SWEEP_INTERVAL_SECONDS: '1',
    // A send with no answer gives up after 10 s (before the window: a live process never has a
    // send in flight that the sweep would send again).
    WHATSAPP_TIMEOUT_SECONDS: String(SEND_TIMEOUT_S),
    // Five sends hang (each holds its fetch loop until the crash): loops to spare for the others
    // (half of them serve order updates).
    SAPA_WORKER_LOOPS: '16',
  };
}

async function session(url: string): Promise<(p: string, json?: unknown) => Promise<any>> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const res = await fetch(`${url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ADMIN) });
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
  return (p: string, json?: unknown) => fetch(url + p, {
    method: json === undefined ? 'GET' : 'POST',
    headers: { cookie, ...(json === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(json === undefined ? {} : { body: JSON.stringify(json) }),
  }).then((r) => r.json());
}

const requestsFor = (id: string) => wa.requests.filter((r) => (r.body as { biz_opaque_callback_data?: string } | null)?.biz_opaque_callback_data === id);

describe('a crash mid-batch', () => {
  it('settles unanswered sends by status webhook, resends only those with no status in the window, loses nothing', async () => {
    // The events come in while no worker runs, so that one worker's first fetch takes all their
    // jobs: one delivery batch holds the sends that will hang and those that will be answered.
    const intake = await startSapaProcess({ ...env(), SAPA_RUN_WORKER: 'false' });
    running.push(intake);
    const api = await session(intake.url);
    const tpl = await api('/api/v1/templates', { code: 'Crash', message: 'Halo {contactname}, pesanan {documentnumber} kami terima.' });
    await api('/api/v1/automations', { name: 'c', trigger: 'order.created', templateId: tpl.id });
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) {
      const accepted = await api('/api/v1/events', {
        id: `evt-crash-${i}`, type: 'order.created',
        contact: { externalId: `C-crash-${i}`, name: `Budi ${i}`, phone: `08123456${String(1000 + i)}` },
        order: { number: `SO-CRASH-${i}`, items: [{ name: 'Kopi', quantity: 1 }] },
      });
      ids.push(accepted.messages[0].id);
    }
    expect(await intake.kill('SIGTERM')).toBe(0);

    // The first five sends reach WhatsApp (the message goes out) but their answers never come back.
    wa.acceptThenHangNext(5);
    const first = await startSapaProcess({ ...env(), SAPA_WORKER_JOBS_PER_FETCH: '20' });
    running.push(first);
    const api1 = await session(first.url);
    await eventually(async () => (ids.every((id) => requestsFor(id).length === 1) ? true : undefined), 40_000, 'every message at the provider');
    const hung = ids.filter((id) => requestsFor(id)[0]!.status === 0);
    expect(hung).toHaveLength(5);
    // The seven answered sends of the same batch are recorded while the five still hang.
    const answered = ids.filter((id) => !hung.includes(id));
    await eventually(async () => {
      const all = await Promise.all(answered.map((id) => api1(`/api/v1/messages/${id}`)));
      return all.every((m) => m.status === 'sent') ? true : undefined;
    }, 5_000, 'the answered sends recorded while the others hang');
    // ...all before the hung ones gave up: neither the sends after them nor their recording waited.
    expect(Date.now() - Math.min(...hung.map((id) => requestsFor(id)[0]!.at))).toBeLessThan(SEND_TIMEOUT_S * 1000);
    await first.kill('SIGKILL');

    // Meta's status webhooks for three of the five arrive (late, as they do) while Sapa is back
    // but before any worker has swept; two never arrive. (Received by a process without a worker,
    // so the test does not depend on how fast a loaded machine restarts.)
    const receiver = await startSapaProcess({ ...env(), SAPA_RUN_WORKER: 'false' });
    running.push(receiver);
    const settledByWebhook = hung.slice(0, 3);
    const unsettled = hung.slice(3);
    for (const id of settledByWebhook) {
      const wamid = requestsFor(id)[0]!.wamid!;
      const res = await wa.postWebhook(`${receiver.url}/webhooks/whatsapp`, wa.statusWebhook({ wamid, status: 'sent' }));
      expect(res.status).toBe(200);
    }
    expect(await receiver.kill('SIGTERM')).toBe(0);

    const second = await startSapaProcess(env());
    running.push(second);
    const api2 = await session(second.url);

    const finals = await eventually(async () => {
      const all = await Promise.all(ids.map((id) => api2(`/api/v1/messages/${id}`)));
      return all.every((m) => m.status === 'sent') ? all : undefined;
    }, (RECONCILE_S + 20) * 1000, 'every message sent');

    for (const [i, id] of ids.entries()) {
      const m = finals[i];
      const reasons = (m.history as { status: string; reason: string | null }[]).map((h) => `${h.status}:${h.reason ?? ''}`);
      if (unsettled.includes(id)) {
        // No status within the window: sent again, and the history says why.
        expect(requestsFor(id)).toHaveLength(2);
        // ...and not before the window was over. The window runs from when the first attempt was
        // claimed (its `sending`), which on a loaded machine can be well before its request arrived.
        const firstSending = Date.parse((m.history as { status: string; at: string }[]).find((h) => h.status === 'sending')!.at);
        expect(requestsFor(id)[1]!.at - firstSending).toBeGreaterThanOrEqual(RECONCILE_S * 1000);
        expect(reasons.some((r) => r.startsWith('queued:unsettled'))).toBe(true);
        expect(m.attempts).toBe(2);
      } else {
        expect(requestsFor(id)).toHaveLength(1);
        expect(m.attempts).toBe(1);
        expect(m.providerMessageId).toBe(requestsFor(id)[0]!.wamid);
      }
    }

    // The same event arriving again after the crash produces nothing new.
    const again = await api2('/api/v1/events', {
      id: 'evt-crash-0', type: 'order.created',
      contact: { externalId: 'C-crash-0', name: 'Budi 0', phone: '081234561000' },
      order: { number: 'SO-CRASH-0', items: [{ name: 'Kopi', quantity: 1 }] },
    });
    expect(again.created).toBe(false);
    expect(again.messages.map((m: { id: string }) => m.id)).toEqual([ids[0]]);
    expect(await second.kill('SIGTERM')).toBe(0);
  }, 240_000);
});
