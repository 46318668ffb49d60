/**
 * A workspace's own SMS sender (Pengaturan → SMS): saved with its token sealed and answered
 * masked, hostile input refused with 4xx, the token kept when left empty — and its
 * ratePerSecond holds: six SMS at 2 per second reach the provider over more than two seconds.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeSms, type FakeSms } from '../../support/fake-sms.js';
import { eventually, startTestApp, type TestApp } from '../../support/test-app.js';
import { storeKindUnderTest } from '../../support/test-store.js';

let t: TestApp;
let sms: FakeSms;

beforeAll(async () => {
  sms = await startFakeSms();
  t = await startTestApp({ env: {
    SMS_API_BASE: sms.baseUrl,
    // The embedded store makes its own key in the data folder; PostgreSQL needs one given.
    ...(storeKindUnderTest() === 'postgres' ? { SAPA_SECRET_KEY: 'cGFzc3BocmFzZS1mb3ItdGhlLXNhcGEtdGVzdC1rZXk=' } : {}),
  } });
}, 60_000);
afterAll(async () => {
  await t?.close();
  await sms?.close();
});

const put = (json: unknown) => t.api('/api/v1/channels/sms', { method: 'PUT', json });

describe('GET/PUT /api/v1/channels/sms', () => {
  it('starts in the sandbox, saves an account with the token masked, and keeps the token when left empty', async () => {
    expect(await (await t.api('/api/v1/channels/sms')).json()).toMatchObject({ configured: false, source: 'sandbox', authToken: null });
    const saved = await put({ accountSid: sms.accountSid, from: '+6281100000001', authToken: sms.authToken, ratePerSecond: 2 });
    expect(saved.status).toBe(200);
    const body = await saved.json();
    expect(body).toMatchObject({ configured: true, source: 'workspace', accountSid: sms.accountSid, from: '+6281100000001', authToken: `••••${sms.authToken.slice(-4)}`, ratePerSecond: 2 });
    expect(JSON.stringify(body)).not.toContain(sms.authToken);
    const again = await put({ accountSid: sms.accountSid, from: '+6281100000001', authToken: '' });
    expect(again.status).toBe(200);
    expect((await again.json()).authToken).toBe(`••••${sms.authToken.slice(-4)}`);
  });

  it('refuses hostile input with 4xx problem JSON', async () => {
    const bad = [
      { accountSid: 'AC\u0000', from: '+6281100000001' },
      { accountSid: `AC${'\ud800'}`, from: '+6281100000001' },
      { accountSid: sms.accountSid, from: 'not a number or sender name' },
      { accountSid: sms.accountSid, from: '+6281100000001', ratePerSecond: 1e308 },
      { accountSid: sms.accountSid, from: '+6281100000001', authToken: 'has space' },
      { accountSid: sms.accountSid, from: '+6281100000001', extra: true },
      'just a string',
    ];
    for (const input of bad) {
      const res = await put(input);
      expect(res.status, JSON.stringify(input)).toBeGreaterThanOrEqual(400);
      expect(res.status, JSON.stringify(input)).toBeLessThan(500);
      expect(res.headers.get('content-type')).toMatch(/problem\+json/);
    }
    const agentless = await t.client(null)('/api/v1/channels/sms', { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(agentless.status).toBe(401);
  });

  it('sends through the saved account at its ratePerSecond', async () => {
    const tpl = await (await t.api('/api/v1/templates', { method: 'POST', json: { code: 'SMS Pace', message: 'Halo {contactname}' } })).json();
    expect((await t.api('/api/v1/automations', { method: 'POST', json: { name: 'sms pace', trigger: 'order.created', templateId: tpl.id, channel: 'sms' } })).status).toBe(201);
    const before = sms.requests().length;
    const arrivals: number[] = [];
    // Watched from before the first event, every 10 ms.
    const watch = setInterval(() => {
      while (arrivals.length < sms.requests().length - before) arrivals.push(Date.now());
    }, 10);
    for (let i = 0; i < 6; i++) {
      const res = await t.api('/api/v1/events', { method: 'POST', json: {
        id: `pace-${i}`, type: 'order.created', contact: { externalId: `PACE-${i}`, name: `Pace ${i}`, phone: `08123450010${i}` },
        order: { number: `SO-PACE-${i}`, items: [{ name: 'Kopi', quantity: 1, price: 1000 }], total: 1000, currency: 'IDR' },
      } });
      expect(res.status).toBe(202);
    }
    await eventually(async () => (arrivals.length >= 6 ? true : undefined), 20_000, 'six SMS at the provider').finally(() => clearInterval(watch));
    const sent = sms.requests().slice(before);
    expect(sent.every((r) => r.status === 201 && r.form.From === '+6281100000001')).toBe(true);
    // 2 per second: the 6th slot is 2.6 s after the first. A send may start up to half a slot late
    // (deliver-batch.ts) and the first one opens the connection, so 2 s is the bound asserted;
    // without the limit all six arrive within tens of milliseconds.
    expect(arrivals[5]! - arrivals[0]!).toBeGreaterThanOrEqual(2_000);
  }, 40_000);

  it('the template preview for channel sms answers the rendered text’s segment count', async () => {
    const preview = async (message: string, channel?: string) => (await t.api('/api/v1/templates/preview', { method: 'POST', json: { message, trigger: 'order.created', ...(channel ? { channel } : {}) } })).json();
    expect((await preview('Halo {contactname}', 'sms')).sms).toMatchObject({ encoding: 'gsm7', segments: 1 });
    expect((await preview(`${'a'.repeat(150)} {contactname}`, 'sms')).sms).toMatchObject({ encoding: 'gsm7', segments: 2, perSegment: 153 });
    expect((await preview('Halo {contactname} 📦', 'sms')).sms).toMatchObject({ encoding: 'ucs2', segments: 1, perSegment: 70 });
    expect((await preview('Halo {contactname}')).sms).toBeUndefined();
    expect((await preview('Halo {contactnme}', 'sms')).sms).toBeUndefined();
  });
});
