import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeWhatsApp, type FakeWhatsApp } from '../../support/fake-whatsapp/server.js';
import { createTestLocation, startSapaProcess, type SapaProcess } from '../../support/sapa-process.js';
import { eventually } from '../../support/test-app.js';

const ADMIN = { email: 'crash@toko.test', password: 'crash-test-password' };
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
    // Short lease and sweep so the test sees recovery in seconds, not minutes.
    SAPA_SENDING_LEASE_SECONDS: '2',
    SAPA_SWEEP_INTERVAL_SECONDS: '1',
  };
}

async function session(url: string) {
  const res = await fetch(`${url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ADMIN) });
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
  return (p: string, json?: unknown) => fetch(url + p, {
    method: json === undefined ? 'GET' : 'POST',
    headers: { cookie, ...(json === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(json === undefined ? {} : { body: JSON.stringify(json) }),
  }).then((r) => r.json());
}

describe('a crash mid-send', () => {
  it('neither loses nor duplicates the message when the process is killed -9 while the provider has it', async () => {
    const first = await startSapaProcess(env());
    running.push(first);
    const api = await session(first.url);
    const tpl = await api('/api/v1/templates', { code: 'Crash', message: 'Halo {contactname}, pesanan {documentnumber} kami terima.' });
    await api('/api/v1/automations', { name: 'c', trigger: 'order.created', templateId: tpl.id });

    wa.acceptThenHangNext(1);
    const event = {
      id: 'evt-crash-1', type: 'order.created', occurredAt: new Date().toISOString(),
      contact: { externalId: 'C-crash', name: 'Budi', phone: '081234560001' },
      order: { number: 'SO-CRASH', items: [{ name: 'Kopi', quantity: 1 }] },
    };
    const accepted = await api('/api/v1/events', event);
    const messageId: string = accepted.messages[0].id;
    // The provider has taken the message; Sapa is still waiting for the answer. Now it dies.
    await eventually(async () => (wa.requests.some((r) => r.outcome === 'accepted' && r.headers['idempotency-key'] === messageId) ? true : undefined), 20_000, 'provider accepted');
    await first.kill('SIGKILL');

    const second = await startSapaProcess(env());
    running.push(second);
    const api2 = await session(second.url);
    const sent = await eventually(async () => {
      const m = await api2(`/api/v1/messages/${messageId}`);
      return m.status === 'sent' ? m : undefined;
    }, 30_000, 'message sent after restart');

    const forThis = wa.requests.filter((r) => r.headers['idempotency-key'] === messageId);
    expect(forThis.map((r) => r.outcome)).toEqual(['accepted', 'duplicate']);
    expect(wa.sent().filter((r) => r.headers['idempotency-key'] === messageId)).toHaveLength(1);
    expect(sent.providerMessageId).toBe(forThis[0]!.wamid);
    expect(sent.attempts).toBe(2);

    // The same event arriving again after the crash produces nothing new.
    const again = await api2('/api/v1/events', event);
    expect(again.created).toBe(false);
    expect(again.messages.map((m: { id: string }) => m.id)).toEqual([messageId]);
    expect(await second.kill('SIGTERM')).toBe(0);
  });
});
