/**
 * Broadcasts end to end over HTTP, against the project's fake WhatsApp Cloud API: a segment's
 * recipients written in bulk, personalised at send time, one message per contact, none to
 * opted-out or unreachable ones; the test send; the frequency cap and quiet hours; schedule, cancel;
 * the progress stream; the refusals.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeWhatsApp, type FakeWhatsApp } from '../../support/fake-whatsapp/server.js';
import { eventually, startTestApp, type TestApp } from '../../support/test-app.js';

let wa: FakeWhatsApp;
let t: TestApp;
let promo: string;
let utility: string;

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

async function ok(res: Response, status = 200): Promise<Json> {
  const body = await res.text();
  if (res.status !== status) throw new Error(`expected ${status}, got ${res.status}: ${body}`);
  return body ? JSON.parse(body) as Json : {};
}
const post = (path: string, json: unknown) => t.api(path, { method: 'POST', json });
const settings = (patch: Json) => t.api('/api/v1/settings/messaging', {
  method: 'PUT', json: { timezone: 'Asia/Jakarta', frequencyCap: { count: 0, days: 7 }, quietHours: null, ...patch },
});

let n = 0;
/** A contact with a fresh Indonesian number (unless phone is given), tagged for this test's segment. */
async function contact(tag: string, extra: Json = {}): Promise<string> {
  n++;
  const body = await ok(await post('/api/v1/contacts', { name: `Kontak ${n}`, phone: `0813-7000-${String(1000 + n)}`, tags: [tag], ...extra }), 201);
  return body.id as string;
}
const segment = async (tag: string) => (await ok(await post('/api/v1/segments', { name: `seg ${tag}`, match: 'all', rules: [{ field: 'tags', op: 'contains', value: tag }] }), 201)).id as string;
const broadcast = async (json: Json) => ok(await post('/api/v1/broadcasts', { name: 'Promo', channel: 'whatsapp', templateId: promo, ...json }), 201);
const get = async (id: string) => ok(await t.api(`/api/v1/broadcasts/${id}`));
const until = (id: string, status: string, timeoutMs = 30_000) =>
  eventually(async () => { const b = await get(id); return b.status === status ? b : undefined; }, timeoutMs, `broadcast ${status}`);
const messagesOf = async (id: string) => (await ok(await t.api(`/api/v1/messages?broadcastId=${id}&limit=200`))).items as Json[];
const sentTo = (phone: string) => wa.sent().filter((r) => r.body?.to === phone.replace('+', '')).length;

beforeAll(async () => {
  wa = await startFakeWhatsApp();
  t = await startTestApp({ whatsapp: wa, env: { SAPA_BROADCAST_INTERVAL_MS: '100', SAPA_BROADCAST_CHUNK: '3', SAPA_LOG_LEVEL: process.env.TEST_LOG ?? 'silent' } });
  // Quiet hours off unless a test turns them on: the suite must not depend on the hour it runs at.
  await ok(await settings({}));
  // A template may use a custom field once some contact has it.
  await ok(await post('/api/v1/contacts', { name: 'Pemilik kota', phone: '0813-7000-0001', customFields: { kota: 'Bogor' } }), 201);
  promo = (await ok(await post('/api/v1/templates', { code: 'Promo Kopi', message: 'Halo {contactname}, diskon kopi di {kota|kota Anda} dari {username}!', category: 'marketing' }), 201)).id;
  utility = (await ok(await post('/api/v1/templates', { code: 'Info Toko', message: 'Halo {contactname}, toko tutup besok.', category: 'utility' }), 201)).id;
}, 60_000);
afterAll(async () => {
  await t?.close();
  await wa?.close();
});

describe('a broadcast to a segment', () => {
  it('sends exactly one personalised message to each eligible contact, none to opted-out or unreachable ones', async () => {
    const ids = [
      await contact('vip', { customFields: { kota: 'Bandung' } }),
      await contact('vip'),
      await contact('vip'),
      await contact('vip'),
      await contact('vip', { consent: { whatsapp: 'opted_out' } }),
      await contact('vip', { phone: null, email: 'tanpa.nomor@toko.test' }),
      await contact('biasa'),
    ];
    const erased = await contact('vip');
    expect((await t.api(`/api/v1/contacts/${erased}`, { method: 'DELETE' })).status).toBe(204);
    const b = await broadcast({ segmentId: await segment('vip') });
    expect(b).toMatchObject({ status: 'draft', segmentName: 'seg vip', templateCode: 'Promo Kopi', warnings: [{ code: 'marketing_on_whatsapp' }] });

    // Two clicks on Send at once: one fan-out.
    const [first, second] = await Promise.all([post(`/api/v1/broadcasts/${b.id}/send`, {}), post(`/api/v1/broadcasts/${b.id}/send`, {})]);
    expect([first.status, second.status]).toEqual([202, 202]);
    const done = await until(b.id, 'done');
    expect(done.stats).toMatchObject({ total: 6, sent: 4, queued: 0, sending: 0, failed: 0, skipped: { opted_out: 1, no_recipient: 1 } });

    const messages = await messagesOf(b.id);
    expect(messages).toHaveLength(6);
    const byContact = new Map(messages.map((m) => [m.contactId, m]));
    expect(byContact.get(ids[0])!.body).toMatch(/^Halo Kontak \d+, diskon kopi di Bandung dari .+!$/);
    expect(byContact.get(ids[1])!.body).toMatch(/^Halo Kontak \d+, diskon kopi di kota Anda dari .+!$/);
    expect(byContact.has(ids[6])).toBe(false);
    for (const id of ids.slice(0, 4)) {
      const m = byContact.get(id)!;
      expect(m.status).toBe('sent');
      expect(sentTo(m.recipient)).toBe(1);
    }
    expect(byContact.get(ids[4])).toMatchObject({ status: 'skipped', failureReason: 'opted_out' });
    expect(sentTo('+6281370005')).toBe(0);
  });

  it('a test send puts one real message in front of the chosen contact, outside the broadcast counts', async () => {
    const c = await contact('tester', { name: 'Bu Rina' });
    const b = await broadcast({ contactIds: [c] });
    const before = wa.sent().length;
    const test = await ok(await post(`/api/v1/broadcasts/${b.id}/test`, { contactId: c }));
    expect(test).toMatchObject({ status: 'sent', failureReason: null });
    expect(test.body).toMatch(/^Halo Bu Rina, diskon kopi di kota Anda dari .+!$/);
    expect(wa.sent().length).toBe(before + 1);
    expect((await get(b.id))).toMatchObject({ status: 'draft', stats: { total: 0 } });
    // The broadcast itself still goes to that contact once.
    await ok(await post(`/api/v1/broadcasts/${b.id}/send`, {}), 202);
    expect((await until(b.id, 'done')).stats).toMatchObject({ total: 1, sent: 1 });
  });
});

describe('frequency cap and quiet hours', () => {
  it('skips a marketing message over the cap with frequency_cap; a utility one goes', async () => {
    await ok(await settings({ frequencyCap: { count: 1, days: 7 } }));
    try {
      const c = await contact('capped');
      const one = await broadcast({ contactIds: [c] });
      await ok(await post(`/api/v1/broadcasts/${one.id}/send`, {}), 202);
      expect((await until(one.id, 'done')).stats.sent).toBe(1);
      const two = await broadcast({ contactIds: [c] });
      await ok(await post(`/api/v1/broadcasts/${two.id}/send`, {}), 202);
      expect((await until(two.id, 'done')).stats).toMatchObject({ sent: 0, skipped: { frequency_cap: 1 } });
      const info = await broadcast({ contactIds: [c], templateId: utility });
      expect(info.warnings).toEqual([]);
      await ok(await post(`/api/v1/broadcasts/${info.id}/send`, {}), 202);
      expect((await until(info.id, 'done')).stats.sent).toBe(1);
    } finally {
      await ok(await settings({}));
    }
  });

  it('defers marketing messages inside quiet hours to their end instead of dropping them; cancel then skips them', async () => {
    const local = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Jakarta', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    const hhmm = (d: Date) => local.format(d);
    const start = hhmm(new Date(Date.now() - 3600_000));
    const end = hhmm(new Date(Date.now() + 3600_000));
    await ok(await settings({ quietHours: { start, end } }));
    try {
      const c = await contact('night');
      const b = await broadcast({ contactIds: [c] });
      await ok(await post(`/api/v1/broadcasts/${b.id}/send`, {}), 202);
      const [m] = await eventually(async () => { const list = await messagesOf(b.id); return list.length === 1 ? list : undefined; });
      expect(m).toMatchObject({ status: 'queued' });
      const wait = Date.parse(m!.scheduledAt) - Date.now();
      expect(wait).toBeGreaterThan(55 * 60_000);
      expect(wait).toBeLessThan(61 * 60_000);
      expect((await get(b.id)).status).toBe('sending');
      // A utility broadcast in the same hours goes now.
      const info = await broadcast({ contactIds: [c], templateId: utility });
      await ok(await post(`/api/v1/broadcasts/${info.id}/send`, {}), 202);
      expect((await until(info.id, 'done')).stats.sent).toBe(1);

      const cancelled = await ok(await post(`/api/v1/broadcasts/${b.id}/cancel`, {}));
      expect(cancelled).toMatchObject({ status: 'cancelled', stats: { total: 1, queued: 0, skipped: { cancelled: 1 } } });
      expect(sentTo((await messagesOf(b.id))[0]!.recipient)).toBe(1); // the utility one only
    } finally {
      await ok(await settings({}));
    }
  });

  it('sends a test at once inside quiet hours and over the cap, every time (no worker takes it first)', async () => {
    const local = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Jakarta', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    await ok(await settings({ quietHours: { start: local.format(new Date(Date.now() - 3600_000)), end: local.format(new Date(Date.now() + 3600_000)) }, frequencyCap: { count: 1, days: 7 } }));
    try {
      const c = await contact('night-tester');
      const b = await broadcast({ contactIds: [c] });
      for (let i = 0; i < 5; i++) {
        expect(await ok(await post(`/api/v1/broadcasts/${b.id}/test`, { contactId: c })), `test send ${i + 1}`).toMatchObject({ status: 'sent', failureReason: null });
      }
    } finally {
      await ok(await settings({}));
    }
  });

  it('sends the template as it was when Send was pressed, though it is edited while the broadcast waits', async () => {
    const local = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Jakarta', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    await ok(await settings({ quietHours: { start: local.format(new Date(Date.now() - 3600_000)), end: local.format(new Date(Date.now() + 3600_000)) } }));
    const tpl = (await ok(await post('/api/v1/templates', { code: 'Promo Lama', message: 'Halo {contactname}, promo lama!', category: 'marketing' }), 201)).id as string;
    try {
      const cs = [await contact('snapshot', { name: 'Bu Ani' }), await contact('snapshot', { name: 'Pak Budi' })];
      const b = await broadcast({ contactIds: cs, templateId: tpl });
      await ok(await post(`/api/v1/broadcasts/${b.id}/send`, {}), 202);
      await eventually(async () => { const list = await messagesOf(b.id); return list.length === 2 && list.every((m) => m.status === 'queued') ? list : undefined; });

      // Scheduled, then the template edited before it starts: its messages are still marketing (held by quiet hours).
      const later = await broadcast({ contactIds: [await contact('snapshot-later')], templateId: tpl });
      await ok(await post(`/api/v1/broadcasts/${later.id}/send`, { scheduledAt: new Date(Date.now() + 1500).toISOString() }), 202);
      // Edited mid-broadcast: text, WhatsApp name (the code's slug), and category (utility would skip quiet hours and the cap).
      await ok(await t.api(`/api/v1/templates/${tpl}`, { method: 'PATCH', json: { code: 'Promo Baru', message: 'Halo {contactname}, PROMO BARU!', category: 'utility' } }));
      const [held] = await eventually(async () => { const list = await messagesOf(later.id); return list.length === 1 ? list : undefined; });
      expect(held).toMatchObject({ status: 'queued' });
      expect(Date.parse(held!.scheduledAt) - Date.now()).toBeGreaterThan(55 * 60_000);
      await ok(await post(`/api/v1/broadcasts/${later.id}/cancel`, {}));

      // The quiet hours end: off, and the held messages are due now.
      await ok(await settings({}));
      await t.rt.deps.store.delivery.requeueOverdue({ now: new Date(), before: new Date(Date.now() + 2 * 3600_000), limit: 1000 });

      const done = await until(b.id, 'done');
      expect(done).toMatchObject({ templateCode: 'Promo Lama', stats: { total: 2, sent: 2 }, warnings: [{ code: 'marketing_on_whatsapp' }] });
      const messages = await messagesOf(b.id);
      expect(messages.map((m) => m.body).sort()).toEqual(['Halo Bu Ani, promo lama!', 'Halo Pak Budi, promo lama!']);
      for (const m of messages) {
        const [req] = wa.sent().filter((r) => r.body?.to === String(m.recipient).replace('+', ''));
        expect(req!.body).toMatchObject({ type: 'template', template: { name: 'promo_lama' } });
      }
      // A test send tries the template as it is now.
      const test = await ok(await post(`/api/v1/broadcasts/${b.id}/test`, { contactId: cs[0] }));
      expect(test.body).toBe('Halo Bu Ani, PROMO BARU!');
    } finally {
      await ok(await settings({}));
    }
  });
});

describe('schedule, cancel, progress', () => {
  it('a scheduled broadcast starts at its time', async () => {
    const c = await contact('later');
    const b = await broadcast({ contactIds: [c] });
    const at = new Date(Date.now() + 2500);
    const scheduled = await ok(await post(`/api/v1/broadcasts/${b.id}/send`, { scheduledAt: at.toISOString() }), 202);
    expect(scheduled).toMatchObject({ status: 'scheduled', scheduledAt: at.toISOString() });
    expect((await messagesOf(b.id))).toHaveLength(0);
    const done = await until(b.id, 'done');
    expect(Date.parse(done.startedAt)).toBeGreaterThanOrEqual(at.getTime());
    expect(done.stats.sent).toBe(1);
  });

  it('cancelling a scheduled broadcast sends nothing, ever', async () => {
    const c = await contact('never');
    const b = await broadcast({ contactIds: [c] });
    await ok(await post(`/api/v1/broadcasts/${b.id}/send`, { scheduledAt: new Date(Date.now() + 1500).toISOString() }), 202);
    expect(await ok(await post(`/api/v1/broadcasts/${b.id}/cancel`, {}))).toMatchObject({ status: 'cancelled' });
    await new Promise((r) => setTimeout(r, 2500));
    expect(await get(b.id)).toMatchObject({ status: 'cancelled', stats: { total: 0 } });
    // Cancelled stays cancelled; sending it again answers it as it is.
    expect((await ok(await post(`/api/v1/broadcasts/${b.id}/send`, {}), 202)).status).toBe('cancelled');
    expect((await post(`/api/v1/broadcasts/${b.id}/cancel`, {})).status).toBe(409);
  });

  it('streams its progress as server-sent events until it is done', async () => {
    const cs = [await contact('stream'), await contact('stream'), await contact('stream'), await contact('stream')];
    const b = await broadcast({ segmentId: await segment('stream') });
    const res = await t.api(`/api/v1/broadcasts/${b.id}/progress`);
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    await ok(await post(`/api/v1/broadcasts/${b.id}/send`, {}), 202);
    const text = await res.text(); // the stream ends once the broadcast is done
    const events = text.split('\n\n').filter((e) => e.startsWith('event: stats')).map((e) => JSON.parse(e.split('\ndata: ')[1]!) as Json);
    expect(events[0]!.status).toBe('draft');
    expect(events.at(-1)).toMatchObject({ status: 'done', stats: { total: cs.length, sent: cs.length } });
  });
});

describe('refusals', () => {
  it('names a variable a broadcast cannot fill, an unknown segment or contact; never a 5xx on hostile input', async () => {
    const order = (await ok(await post('/api/v1/templates', { code: 'Pesanan', message: 'Pesanan {documentnumber} untuk {contactname}' }), 201)).id;
    const bad = await post('/api/v1/broadcasts', { name: 'x', channel: 'whatsapp', templateId: order, contactIds: [await contact('r')] });
    expect(bad.status).toBe(422);
    expect((await bad.json()).errors).toEqual([expect.objectContaining({ field: 'templateId', reason: 'broadcast.variable_not_allowed', variable: 'documentnumber' })]);
    const noSegment = await post('/api/v1/broadcasts', { name: 'x', templateId: promo, segmentId: '00000000-0000-4000-8000-000000000000' });
    expect(noSegment.status).toBe(422);
    expect((await noSegment.json()).errors[0]).toMatchObject({ field: 'segmentId', reason: 'broadcast.segment_not_found' });
    const noContact = await post('/api/v1/broadcasts', { name: 'x', templateId: promo, contactIds: ['00000000-0000-4000-8000-000000000000'] });
    expect((await noContact.json()).errors[0]).toMatchObject({ field: 'contactIds[0]', reason: 'broadcast.contact_not_found' });

    const c = await contact('r');
    const hostile: unknown[] = [
      { name: 'a\u0000b', templateId: promo, contactIds: [c] },
      { name: '\uD800', templateId: promo, contactIds: [c] },
      { name: 'x', templateId: 'not-a-uuid', contactIds: [c] },
      { name: 'x', templateId: promo },
      { name: 'x', templateId: promo, contactIds: [c], segmentId: c },
      { name: 'x', templateId: promo, contactIds: Array.from({ length: 10_001 }, () => c) },
      { name: 'x', templateId: promo, contactIds: [c], channel: 'telegram' },
      { name: 'x'.repeat(201), templateId: promo, contactIds: [c] },
    ];
    for (const body of hostile) {
      const res = await post('/api/v1/broadcasts', body);
      expect(res.status, JSON.stringify(body).slice(0, 80)).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
      expect(res.headers.get('content-type')).toMatch(/problem\+json/);
    }
    const b = await broadcast({ contactIds: [c] });
    for (const [path, body] of [
      [`/api/v1/broadcasts/${b.id}/send`, { scheduledAt: '99999-01-01T00:00:00Z' }],
      [`/api/v1/broadcasts/${b.id}/send`, { scheduledAt: 1e308 }],
      [`/api/v1/broadcasts/${b.id}/test`, { contactId: '00000000-0000-4000-8000-000000000000' }],
      [`/api/v1/broadcasts/${b.id}/cancel`, {}],
      ['/api/v1/broadcasts/not-a-uuid/send', {}],
      ['/api/v1/broadcasts/00000000-0000-4000-8000-000000000000/send', {}],
    ] as const) {
      const res = await post(path, body);
      expect(res.status, path).toBeGreaterThanOrEqual(400);
      expect(res.status, path).toBeLessThan(500);
    }
    expect((await t.api('/api/v1/broadcasts?cursor=%00')).status).toBe(400);
    expect((await t.api('/api/v1/broadcasts?limit=1e308')).status).toBe(400);
  });

  it('only a draft changes or is deleted', async () => {
    const c = await contact('d');
    const b = await broadcast({ contactIds: [c] });
    expect((await ok(await t.api(`/api/v1/broadcasts/${b.id}`, { method: 'PATCH', json: { name: 'Promo baru' } }))).name).toBe('Promo baru');
    await ok(await post(`/api/v1/broadcasts/${b.id}/send`, { scheduledAt: new Date(Date.now() + 3600_000).toISOString() }), 202);
    expect((await t.api(`/api/v1/broadcasts/${b.id}`, { method: 'PATCH', json: { name: 'y' } })).status).toBe(409);
    expect((await t.api(`/api/v1/broadcasts/${b.id}`, { method: 'DELETE' })).status).toBe(409);
    await ok(await post(`/api/v1/broadcasts/${b.id}/cancel`, {}));
    const draft = await broadcast({ contactIds: [c] });
    expect((await t.api(`/api/v1/broadcasts/${draft.id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await t.api(`/api/v1/broadcasts/${draft.id}`)).status).toBe(404);
  });
});
