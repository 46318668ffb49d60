// Kill -9 of a Sapa process while its webhook deliveries are in flight (the receiver has them and
// has not answered): nothing is lost — a second process, on the same data, sends each again once
// its claim lapses, with the same webhook-id (the receiver's idempotency key) and a valid signature.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestLocation, startSapaProcess, type SapaProcess } from '../../support/sapa-process.js';
import { eventually } from '../../support/test-app.js';
import { startWebhookReceiver, type WebhookReceiver } from '../../support/webhook-receiver.js';

const ADMIN = { email: 'crash-webhooks@toko.test', password: 'crash-webhooks-password' };
let rx: WebhookReceiver;
let location: Awaited<ReturnType<typeof createTestLocation>>;
const running: SapaProcess[] = [];

beforeAll(async () => {
  rx = await startWebhookReceiver();
  location = await createTestLocation();
});
afterAll(async () => {
  for (const p of running) await p.kill('SIGKILL');
  await rx?.close();
  await location?.drop();
});

const env = () => ({
  ...location.env, SAPA_ADMIN_EMAIL: ADMIN.email, SAPA_ADMIN_PASSWORD: ADMIN.password,
  SAPA_SECRET_KEY: 'crash-webhooks-secret-key-0123456789abcdef',
  SAPA_WEBHOOK_INTERVAL_MS: '100', SAPA_WEBHOOK_TIMEOUT_MS: '2000', SAPA_WEBHOOK_RETRY_DELAYS_MS: '500,500,500',
});

async function session(url: string) {
  const res = await fetch(`${url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ADMIN) });
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
  return async (p: string, json?: unknown) => {
    const r = await fetch(url + p, {
      method: json === undefined ? 'GET' : 'POST',
      headers: { cookie, ...(json === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(json === undefined ? {} : { body: JSON.stringify(json) }),
    });
    return r.json() as Promise<any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  };
}

describe('a worker killed mid-delivery', () => {
  it('leaves its deliveries to another process, which sends them with the same webhook-id', async () => {
    // Requests are held unanswered until the process that sent them is dead.
    let release: (status: number) => void = () => undefined;
    const held = new Promise<number>((r) => { release = r; });
    rx.answer = () => held;
    const a = await startSapaProcess(env());
    running.push(a);
    const api = await session(a.url);
    const sub = await api('/api/v1/webhooks', { url: `${rx.url}/crash`, events: ['contact.created'] });
    rx.secret = sub.secret;
    for (let i = 0; i < 3; i++) await api('/api/v1/contacts', { name: `Crash ${i}` });
    await eventually(async () => (rx.arrived.length >= 3 ? true : undefined), 20_000, 'three requests in flight');
    const firstIds = new Set(rx.arrived);
    expect(firstIds.size).toBe(3);

    await a.kill('SIGKILL');
    rx.answer = () => 200;
    release(200);
    const b = await startSapaProcess(env());
    running.push(b);
    const apiB = await session(b.url);
    const log = await eventually(async () => {
      const items = (await apiB(`/api/v1/webhooks/${sub.id}/deliveries`)).items as { status: string; webhookId: string }[];
      return items.length === 3 && items.every((d) => d.status === 'delivered') ? items : undefined;
    }, 60_000, 'every delivery delivered by the second process');
    expect(new Set(log.map((d) => d.webhookId))).toEqual(firstIds);
    const answered = rx.received.filter((r) => r.answered === 200);
    expect(new Set(answered.map((r) => r.id))).toEqual(firstIds);
    expect(rx.received.every((r) => r.verified)).toBe(true);
  }, 120_000);
});

