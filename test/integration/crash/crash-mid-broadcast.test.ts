// Kill -9 a worker in the middle of a 5,000-recipient broadcast, with a flaky provider (20 % of its
// answers 429 or 500 during the first pass) that sends status webhooks back as Meta does: after a
// second process takes over, every recipient has exactly one message that reached WhatsApp, and
// every message ends sent. The in-flight ones are settled by their status webhooks (delivered to
// whichever process listens, retried meanwhile), not resent on a guess.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeWhatsApp, type FakeWhatsApp } from '../../support/fake-whatsapp/server.js';
import { createTestLocation, startSapaProcess, type SapaProcess } from '../../support/sapa-process.js';
import { eventually } from '../../support/test-app.js';

const ADMIN = { email: 'broadcast-crash@toko.test', password: 'crash-test-password' };
const RECIPIENTS = 5000;
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

const env = (): Record<string, string> => ({
  ...location.env,
  SAPA_ADMIN_EMAIL: ADMIN.email,
  SAPA_ADMIN_PASSWORD: ADMIN.password,
  WHATSAPP_API_BASE: wa.baseUrl,
  WHATSAPP_PHONE_NUMBER_ID: wa.phoneNumberId,
  WHATSAPP_ACCESS_TOKEN: wa.accessToken,
  WHATSAPP_APP_SECRET: wa.appSecret,
  WHATSAPP_VERIFY_TOKEN: 'v',
  SAPA_WHATSAPP_RATE_LIMIT: '0',
  SAPA_BROADCAST_CHUNK: '500',
  SAPA_BROADCAST_INTERVAL_MS: '200',
  // A restart takes seconds; a status webhook settles an in-flight send well before this window.
  SAPA_RECONCILE_SECONDS: '60',
  WHATSAPP_TIMEOUT_SECONDS: '10',
  SAPA_SENDING_LEASE_SECONDS: '1',
  SAPA_SWEEP_INTERVAL_SECONDS: '1',
  // Jobs the killed worker had fetched but not claimed come back after this (default 10 min).
  SAPA_OVERDUE_SECONDS: '15',
});

type Api = (path: string, init?: { method?: string; json?: unknown; csv?: string }) => Promise<any>; // eslint-disable-line @typescript-eslint/no-explicit-any
async function session(url: string): Promise<Api> {
  const res = await fetch(`${url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ADMIN) });
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
  return async (path, init = {}) => {
    const headers: Record<string, string> = { cookie };
    let body: string | undefined;
    if (init.json !== undefined) { headers['content-type'] = 'application/json'; body = JSON.stringify(init.json); }
    if (init.csv !== undefined) { headers['content-type'] = 'text/csv'; body = init.csv; }
    const r = await fetch(url + path, { method: init.method ?? (body === undefined ? 'GET' : 'POST'), headers, ...(body === undefined ? {} : { body }) });
    const text = await r.text();
    if (r.status >= 400) throw new Error(`${path}: ${r.status} ${text}`);
    return text ? JSON.parse(text) : null;
  };
}

/** Requests that reached WhatsApp as a real send (a repeat with the same Idempotency-Key counts: Meta would send it again). */
const reachedProvider = () => wa.requests.filter((r) => r.outcome === 'accepted' || r.outcome === 'duplicate');

// On PostgreSQL, as the issue asks: the embedded store is one process, so "a worker" there is Sapa
// itself (crash-mid-send.test.ts covers it). On a loaded 2-core machine PGlite also works through the
// 5,000 status webhooks more slowly than this test's shortened reconciliation window (60 s, default
// 900 s), and then resends what it could not yet settle — the window is there for that.
describe.runIf(process.env.SAPA_TEST_STORE === 'postgres')('a crash in the middle of a broadcast', () => {
  it('delivers exactly one message per recipient through a flaky provider and a kill -9', async () => {
    const first = await startSapaProcess(env());
    running.push(first);
    const api = await session(first.url);
    await api('/api/v1/settings/messaging', { method: 'PUT', json: { timezone: 'Asia/Jakarta', frequencyCap: { count: 0, days: 7 }, quietHours: null } });
    const rows = Array.from({ length: RECIPIENTS }, (_, i) => `Pelanggan ${i},08129${String(i).padStart(7, '0')},promo`);
    const imported = await api('/api/v1/contacts/import', { csv: `name,phone,tags\n${rows.join('\n')}\n` });
    expect(imported).toMatchObject({ created: RECIPIENTS, failed: 0 });
    const template = await api('/api/v1/templates', { json: { code: 'Promo Akhir Tahun', message: 'Halo {contactname}, diskon akhir tahun!', category: 'marketing' } });
    const segment = await api('/api/v1/segments', { json: { name: 'promo', match: 'all', rules: [{ field: 'tags', op: 'contains', value: 'promo' }] } });
    const broadcast = await api('/api/v1/broadcasts', { json: { name: 'Akhir tahun', templateId: template.id, channel: 'whatsapp', segmentId: segment.id } });

    wa.reportStatusesTo(`${first.url}/webhooks/whatsapp`);
    wa.failRandomly(0.2, [
      { status: 429, body: { error: { message: '(#130429) Rate limit hit', type: 'OAuthException', code: 130429, fbtrace_id: 'x' } } },
      { status: 500, body: { error: { message: 'An unknown error has occurred.', type: 'OAuthException', code: 1, fbtrace_id: 'x' } } },
    ]);
    await api(`/api/v1/broadcasts/${broadcast.id}/send`, { json: {} });
    await eventually(async () => (reachedProvider().length >= 1200 ? true : undefined), 60_000, 'a quarter of the broadcast sent');
    await first.kill('SIGKILL');
    const atCrash = reachedProvider().length;
    expect(atCrash).toBeLessThan(RECIPIENTS);

    const second = await startSapaProcess(env());
    running.push(second);
    wa.reportStatusesTo(`${second.url}/webhooks/whatsapp`);
    const api2 = await session(second.url);
    // Every recipient has had at least one try: the provider stops failing, so retries end the test in seconds.
    await eventually(async () => (new Set(wa.requests.map((r) => r.body?.biz_opaque_callback_data)).size >= RECIPIENTS ? true : undefined), 120_000, 'a first try for every recipient');

    wa.failRandomly(0, []);
    const done = await eventually(async () => {
      const b = await api2(`/api/v1/broadcasts/${broadcast.id}`);
      return b.status === 'done' ? b : undefined;
    }, 150_000, 'the broadcast done');

    expect(done.stats).toMatchObject({ total: RECIPIENTS, failed: 0, queued: 0, sending: 0, skipped: {} });
    expect(done.stats.sent + done.stats.delivered + done.stats.read).toBe(RECIPIENTS);
    const perMessage = new Map<string, number>();
    const perPhone = new Map<string, number>();
    for (const r of reachedProvider()) {
      const id = String(r.body?.biz_opaque_callback_data);
      perMessage.set(id, (perMessage.get(id) ?? 0) + 1);
      perPhone.set(String(r.body?.to), (perPhone.get(String(r.body?.to)) ?? 0) + 1);
    }
    expect(perMessage.size).toBe(RECIPIENTS);
    expect([...perMessage.values()].filter((n) => n !== 1)).toEqual([]);
    expect(perPhone.size).toBe(RECIPIENTS);
    expect([...perPhone.values()].filter((n) => n !== 1)).toEqual([]);
    // The provider really was flaky, and the crash really hit mid-broadcast.
    expect(wa.requests.filter((r) => r.outcome === 'injected').length).toBeGreaterThan(RECIPIENTS * 0.1);
    expect(atCrash).toBeGreaterThanOrEqual(1200);
    expect(await second.kill('SIGTERM')).toBe(0);
  }, 300_000);
});
