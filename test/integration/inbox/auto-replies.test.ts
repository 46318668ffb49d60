/**
 * Keyword auto-replies and the away message against the fake WhatsApp Cloud API: a keyword is
 * answered once per inbound message, also when the webhook comes twice; STOP/BERHENTI are consent,
 * never answered and never keywords; outside business hours the away template answers, once per
 * contact per closed stretch; the CRUD API
 * and its refusals.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeWhatsApp, type FakeWhatsApp } from '../../support/fake-whatsapp/server.js';
import { addMember } from '../../support/team.js';
import { eventually, startTestApp, type TestApp } from '../../support/test-app.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

let wa: FakeWhatsApp;
let t: TestApp;
let hours: string;
let away: string;

async function ok(res: Response, status = 200): Promise<Json> {
  const body = await res.text();
  if (res.status !== status) throw new Error(`expected ${status}, got ${res.status}: ${body}`);
  return body ? JSON.parse(body) as Json : {};
}
const post = (path: string, json: unknown) => t.api(path, { method: 'POST', json });
let n = 0;
const phone = () => `628127${String(++n).padStart(3, '0')}5555`;
const sentTo = (digits: string) => wa.sent().filter((r) => r.body?.to === digits);
const webhook = (payload: unknown) => wa.postWebhook(`${t.url}/webhooks/whatsapp`, payload);
/** Lets the webhook's work (and any reply's send) finish before counting what went out. */
const settle = () => new Promise((r) => setTimeout(r, 1500));

beforeAll(async () => {
  wa = await startFakeWhatsApp();
  t = await startTestApp({ whatsapp: wa, env: { SAPA_LOG_LEVEL: process.env.TEST_LOG ?? 'silent' } });
  hours = (await ok(await post('/api/v1/templates', { code: 'Jam Buka', message: 'Halo {contactname|Kak}, kami buka Senin–Sabtu 08.00–17.00.' }), 201)).id;
  away = (await ok(await post('/api/v1/templates', { code: 'Sedang Tutup', message: 'Terima kasih, kami sedang tutup dan membalas besok pagi.' }), 201)).id;
}, 60_000);
afterAll(async () => {
  await t?.close();
  await wa?.close();
});

describe('keyword auto-replies', () => {
  it('CRUD: keywords are stored normalised and unique, consent words are reserved, agents cannot change them', async () => {
    const created = await ok(await post('/api/v1/auto-replies', { keyword: '  jam   buka? ', templateId: hours }), 201);
    expect(created).toMatchObject({ keyword: 'JAM BUKA', templateId: hours, templateCode: 'Jam Buka', enabled: true });
    const dup = await post('/api/v1/auto-replies', { keyword: 'Jam Buka', templateId: hours });
    expect(dup.status).toBe(409);
    expect((await dup.json()).code).toBe('auto_reply.duplicate_keyword');
    for (const keyword of ['STOP', 'berhenti', 'Mulai', 'start!']) {
      const res = await post('/api/v1/auto-replies', { keyword, templateId: hours });
      expect(res.status, keyword).toBe(422);
      expect((await res.json()).errors[0].reason).toBe('auto_reply.reserved_keyword');
    }
    expect((await post('/api/v1/auto-replies', { keyword: 'ONGKIR', templateId: '00000000-0000-4000-8000-000000000000' })).status).toBe(422);
    const temp = await ok(await post('/api/v1/auto-replies', { keyword: 'ongkir', templateId: hours }), 201);
    expect((await ok(await t.api(`/api/v1/auto-replies/${temp.id}`, { method: 'PATCH', json: { enabled: false } }))).enabled).toBe(false);
    expect((await t.api(`/api/v1/auto-replies/${temp.id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await t.api(`/api/v1/auto-replies/${temp.id}`, { method: 'DELETE' })).status).toBe(404);
    const agent = await addMember(t, 'agent');
    expect((await ok(await agent.api('/api/v1/auto-replies'))).items.map((a: Json) => a.keyword)).toEqual(['JAM BUKA']);
    expect((await agent.api('/api/v1/auto-replies', { method: 'POST', json: { keyword: 'X', templateId: hours } })).status).toBe(403);
    expect((await post('/api/v1/auto-replies', { keyword: 'a\u0000', templateId: hours })).status).toBe(400);
  });

  it('answers a keyword once per inbound message, also when WhatsApp delivers the webhook twice', async () => {
    const from = phone();
    const payload = wa.inboundWebhook({ from, text: 'Jam buka?' });
    expect((await webhook(payload)).status).toBe(200);
    expect((await webhook(payload)).status).toBe(200);
    await eventually(async () => (sentTo(from).length >= 1 ? true : undefined), 10_000, 'the auto-reply');
    await settle();
    const sent = sentTo(from);
    expect(sent).toHaveLength(1);
    // Inside the window the customer just opened: free-form text.
    // The contact is named after their WhatsApp profile.
    expect(sent[0]!.body).toMatchObject({ type: 'text', text: { body: 'Halo Pelanggan, kami buka Senin–Sabtu 08.00–17.00.' } });

    // A second message with the keyword is a second inbound message: a second answer.
    await webhook(wa.inboundWebhook({ from, text: 'JAM BUKA' }));
    await eventually(async () => (sentTo(from).length === 2 ? true : undefined), 10_000, 'the second auto-reply');
    // A sentence with the keyword in it is for a person.
    await webhook(wa.inboundWebhook({ from, text: 'jam buka hari minggu?' }));
    await settle();
    expect(sentTo(from)).toHaveLength(2);

    // Two deliveries of one notification at the same moment: still one answer.
    const twice = phone();
    const same = wa.inboundWebhook({ from: twice, text: 'jam buka' });
    expect((await Promise.all([webhook(same), webhook(same)])).map((r) => r.status)).toEqual([200, 200]);
    await eventually(async () => (sentTo(twice).length >= 1 ? true : undefined), 10_000, 'the concurrent auto-reply');
    await settle();
    expect(sentTo(twice)).toHaveLength(1);
  });

  it('STOP is consent first: no auto-reply, and no auto-reply to an opted-out contact', async () => {
    const from = phone();
    await webhook(wa.inboundWebhook({ from, text: 'STOP' }));
    await webhook(wa.inboundWebhook({ from, text: 'jam buka' }));
    await settle();
    expect(sentTo(from)).toHaveLength(0);

    // BERHENTI is the same; START (or MULAI) opts back in, is itself never answered, and keywords answer again.
    const other = phone();
    await webhook(wa.inboundWebhook({ from: other, text: ' Berhenti. ' }));
    await webhook(wa.inboundWebhook({ from: other, text: 'JAM BUKA' }));
    await settle();
    expect(sentTo(other)).toHaveLength(0);
    await webhook(wa.inboundWebhook({ from: other, text: 'start' }));
    await settle();
    expect(sentTo(other)).toHaveLength(0);
    await webhook(wa.inboundWebhook({ from: other, text: 'jam buka' }));
    await eventually(async () => (sentTo(other).length === 1 ? true : undefined), 10_000, 'answered after START');
  });
});

describe('the away message', () => {
  it('outside business hours answers a message no keyword answers; inside them it is quiet', async () => {
    const everyDay = [1, 2, 3, 4, 5, 6, 7];
    // Business hours that never include now: one minute long, twelve hours away.
    const local = new Date(Date.now() + 7 * 3600_000 + 12 * 3600_000);
    const hh = String(local.getUTCHours()).padStart(2, '0');
    const saved = await ok(await t.api('/api/v1/settings/away', { method: 'PUT', json: { businessHours: { days: everyDay, start: `${hh}:00`, end: `${hh}:01` }, awayTemplateId: away } }));
    expect(saved).toMatchObject({ awayTemplateId: away, timezone: 'Asia/Jakarta', businessHours: { days: everyDay } });
    const from = phone();
    await webhook(wa.inboundWebhook({ from, text: 'Halo, masih buka?' }));
    await eventually(async () => (sentTo(from).length === 1 ? true : undefined), 10_000, 'the away message');
    expect(sentTo(from)[0]!.body).toMatchObject({ type: 'text', text: { body: 'Terima kasih, kami sedang tutup dan membalas besok pagi.' } });
    // More lines the same night: no second away message (one per contact per closed stretch); another contact gets theirs.
    await webhook(wa.inboundWebhook({ from, text: 'Mau tanya stok kopi' }));
    await webhook(wa.inboundWebhook({ from, text: 'Halo??' }));
    const second = phone();
    await webhook(wa.inboundWebhook({ from: second, text: 'Halo, masih buka?' }));
    await eventually(async () => (sentTo(second).length === 1 ? true : undefined), 10_000, 'the second contact\'s away message');
    await settle();
    expect(sentTo(from)).toHaveLength(1);

    // Inside business hours it is quiet: hours around the message's own time (WhatsApp's timestamp, this hour in WIB).
    const hourStart = Math.floor(Date.now() / 3600_000) * 3600;
    const wib = new Date((hourStart + 7 * 3600) * 1000).getUTCHours();
    const open = { days: everyDay, start: `${String(wib).padStart(2, '0')}:00`, end: wib === 23 ? '23:59' : `${String(wib + 1).padStart(2, '0')}:00` };
    await ok(await t.api('/api/v1/settings/away', { method: 'PUT', json: { businessHours: open, awayTemplateId: away } }));
    const during = phone();
    await webhook(wa.inboundWebhook({ from: during, text: 'Halo, masih buka?', timestamp: hourStart }));
    await settle();
    expect(sentTo(during)).toHaveLength(0);
    // A keyword still answers inside business hours, and the away message never doubles it outside them.
    await webhook(wa.inboundWebhook({ from: during, text: 'jam buka', timestamp: hourStart }));
    await eventually(async () => (sentTo(during).length === 1 ? true : undefined), 10_000, 'the keyword inside hours');
    await ok(await t.api('/api/v1/settings/away', { method: 'PUT', json: { businessHours: { days: everyDay, start: `${hh}:00`, end: `${hh}:01` }, awayTemplateId: away } }));
    await webhook(wa.inboundWebhook({ from: during, text: 'JAM BUKA' }));
    await eventually(async () => (sentTo(during).length === 2 ? true : undefined), 10_000, 'the keyword outside hours');
    await settle();
    expect(sentTo(during).map((r) => (r.body as { text?: { body?: string } } | undefined)?.text?.body)).toEqual([0, 1].map(() => 'Halo Pelanggan, kami buka Senin–Sabtu 08.00–17.00.'));

    // Always open: no away message.
    await ok(await t.api('/api/v1/settings/away', { method: 'PUT', json: { businessHours: null, awayTemplateId: away } }));
    const other = phone();
    await webhook(wa.inboundWebhook({ from: other, text: 'Halo' }));
    await settle();
    expect(sentTo(other)).toHaveLength(0);

    for (const json of [
      { businessHours: { days: [8], start: '08:00', end: '17:00' }, awayTemplateId: null },
      { businessHours: { days: [1], start: '17:00', end: '08:00' }, awayTemplateId: null },
      { businessHours: { days: [1], start: '8:00', end: '17:00' }, awayTemplateId: null },
      { businessHours: null },
    ]) {
      expect((await t.api('/api/v1/settings/away', { method: 'PUT', json })).status, JSON.stringify(json)).toBe(400);
    }
    expect((await t.api('/api/v1/settings/away', { method: 'PUT', json: { businessHours: null, awayTemplateId: '00000000-0000-4000-8000-000000000000' } })).status).toBe(422);
  });
});
