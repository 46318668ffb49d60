/**
 * Meta's `message_template_status_update` webhook writes `message_template_id` as a JSON number,
 * and an id may exceed Number.MAX_SAFE_INTEGER: Sapa reads it from the raw body with every digit,
 * so the decision reaches the template it is about (JSON.parse would round 1234567890123456789 to
 * 1234567890123456800, another template's id).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeWhatsApp, type FakeWhatsApp } from '../../support/fake-whatsapp/server.js';
import { startTestApp, type TestApp } from '../../support/test-app.js';

const BIG_ID = '1234567890123456789';
let wa: FakeWhatsApp;
let t: TestApp;

beforeAll(async () => {
  wa = await startFakeWhatsApp();
  // No periodic fetch during the test: only the webhook can approve the template.
  t = await startTestApp({ whatsapp: wa, waba: true, env: { SAPA_TEMPLATE_SYNC_SECONDS: '3600' } });
}, 60_000);
afterAll(async () => {
  await t?.close();
  await wa?.close();
});

describe('template status webhook with an id beyond 2^53', () => {
  it('approves the template whose id has those exact digits', async () => {
    expect(Number(BIG_ID) > Number.MAX_SAFE_INTEGER).toBe(true);
    wa.addTemplate({ id: BIG_ID, name: 'pesanan_diterima', body: 'Halo, pesanan Anda sudah kami terima.', status: 'PENDING' });
    const imported = await t.api('/api/v1/templates/whatsapp/import', { method: 'POST', json: {} });
    expect(imported.status).toBe(200);
    const created = ((await imported.json()) as { created: { templateId: string }[] }).created;
    expect(created).toHaveLength(1);
    const id = created[0]!.templateId;
    const template = async () => (await (await t.api(`/api/v1/templates/${id}`)).json()) as { whatsappStatus: string; whatsappTemplateId: string };
    expect(await template()).toMatchObject({ whatsappStatus: 'pending', whatsappTemplateId: BIG_ID });

    // On the wire as Meta writes it: a bare number with all 19 digits.
    const text = wa.templateStatusWebhookText({ id: BIG_ID, event: 'APPROVED' });
    expect(text).toContain(`"message_template_id":${BIG_ID},`);
    const res = await wa.reviewTemplate(`${t.url}/webhooks/whatsapp`, BIG_ID, 'APPROVED');
    expect(res.status).toBe(200);
    expect(await template()).toMatchObject({ whatsappStatus: 'approved', whatsappTemplateId: BIG_ID });
  });

  it('a hostile id (too many digits, negative, fractional) is ignored with 200, never a 5xx', async () => {
    for (const raw of ['1'.repeat(40), '-1234567890123456789', '12345678901234567.5', '1e400']) {
      const body = `{"object":"whatsapp_business_account","entry":[{"id":"${wa.wabaId}","time":1,"changes":[{"field":"message_template_status_update","value":{"event":"APPROVED","message_template_id":${raw},"message_template_name":"x","message_template_language":"id","reason":"NONE"}}]}]}`;
      const signed = wa.signedRawWebhook(body);
      const res = await fetch(`${t.url}/webhooks/whatsapp`, { method: 'POST', headers: signed.headers, body: signed.body });
      expect(res.status, raw).toBeLessThan(500);
    }
  });
});
