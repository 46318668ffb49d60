// The inputs that answered 500 (issue 6), by class, on the store under test: NUL and lone
// surrogates in text, numbers too large for their columns, a year-0 date, cursors Sapa never
// issued, and WhatsApp payloads with foreign ids or unstorable text. Each is a 4xx naming the field
// (or, from WhatsApp, cleaned and kept) — never a 500, never silently altered.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeWhatsApp, type FakeWhatsApp } from '../../support/fake-whatsapp/server.js';
import { eventually, startTestApp, type TestApp } from '../../support/test-app.js';

let wa: FakeWhatsApp;
let t: TestApp;
let templateId: string;

beforeAll(async () => {
  wa = await startFakeWhatsApp();
  t = await startTestApp({ whatsapp: wa });
  const tpl = await (await t.api('/api/v1/templates', { method: 'POST', json: { code: 'Pesanan Dibuat', message: 'Halo {contactname}, pesanan {documentnumber} kami terima.' } })).json();
  templateId = tpl.id;
  const auto = await t.api('/api/v1/automations', { method: 'POST', json: { name: 'Pesanan dibuat', trigger: 'order.created', templateId } });
  expect(auto.status).toBe(201);
});
afterAll(async () => {
  await t?.close();
  await wa?.close();
});

const NUL = 'a\u0000b';
const HIGH = 'Kopi \uD83D';
const LOW = '\uDE00 Teh';

let seq = 0;
function event(overrides: Record<string, unknown> = {}, order: Record<string, unknown> = {}) {
  seq++;
  return {
    id: `hostile-${seq}`,
    type: 'order.created',
    occurredAt: '2026-11-23T09:00:00+07:00',
    contact: { externalId: `H-${seq}`, name: 'Budi', phone: `0812-7000-${String(1000 + seq).slice(-4)}` },
    order: { number: `SO-H${seq}`, items: [{ name: 'Kopi Arabika', quantity: 2, price: 50000 }], total: 100000, currency: 'IDR', ...order },
    user: { name: 'Sari' },
    ...overrides,
  };
}

/** Sends a request and expects a 400 problem naming `field` with `reason`. */
async function refused(res: Promise<Response>, field: string, reason: string) {
  const r = await res;
  const body = await r.json();
  expect(r.status, JSON.stringify(body)).toBe(400);
  expect(r.headers.get('content-type')).toContain('application/problem+json');
  expect(body.code).toBe('validation');
  expect(body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field, reason })]));
}

const post = (path: string, json: unknown) => t.api(path, { method: 'POST', json });
const patch = (path: string, json: unknown) => t.api(path, { method: 'PATCH', json });

describe('NUL in a text field or a search', () => {
  it.each([
    ['template code', () => post('/api/v1/templates', { code: NUL, message: 'Halo' }), 'code'],
    ['template message', () => post('/api/v1/templates', { code: 'Nul', message: `Halo ${NUL}` }), 'message'],
    ['template edit', () => patch(`/api/v1/templates/${templateId}`, { message: NUL }), 'message'],
    ['preview sample', () => post('/api/v1/templates/preview', { message: 'Halo {contactname}', sample: { contactname: NUL } }), 'sample.contactname'],
    ['contact name', () => post('/api/v1/contacts', { name: NUL }), 'name'],
    ['contact phone', () => post('/api/v1/contacts', { name: 'X', phone: `0812${NUL}` }), 'phone'],
    ['contact externalId', () => post('/api/v1/contacts', { name: 'X', externalId: NUL }), 'externalId'],
    ['contact tag', () => post('/api/v1/contacts', { name: 'X', tags: ['vip', NUL] }), 'tags.1'],
    ['event id', () => post('/api/v1/events', event({ id: NUL })), 'id'],
    ['event contact name', () => post('/api/v1/events', event({ contact: { externalId: 'N-1', name: NUL } })), 'contact.name'],
    ['event order number', () => post('/api/v1/events', event({}, { number: NUL })), 'order.number'],
    ['event item name', () => post('/api/v1/events', event({}, { items: [{ name: NUL, quantity: 1 }] })), 'order.items.0.name'],
    ['event user name', () => post('/api/v1/events', event({ user: { name: NUL } })), 'user.name'],
    ['automation name', () => post('/api/v1/automations', { name: NUL, trigger: 'order.created', templateId }), 'name'],
    ['API key name', () => post('/api/v1/api-keys', { name: NUL }), 'name'],
    ['contact search', () => t.api('/api/v1/contacts?q=%00'), 'q'],
    ['template search', () => t.api('/api/v1/templates?q=Halo%00'), 'q'],
  ])('%s', async (_what, send, field) => {
    await refused(send(), field, 'text.nul');
  });
});

describe('lone surrogates', () => {
  it.each([
    ['contact custom field (jsonb)', () => post('/api/v1/contacts', { name: 'X', customFields: { note: HIGH } }), 'customFields.note'],
    ['contact tag (text[])', () => post('/api/v1/contacts', { name: 'X', tags: [LOW] }), 'tags.0'],
    ['contact name', () => post('/api/v1/contacts', { name: HIGH }), 'name'],
    ['template message', () => post('/api/v1/templates', { code: 'Sur', message: LOW }), 'message'],
    ['preview message', () => post('/api/v1/templates/preview', { message: HIGH }), 'message'],
    ['event item name', () => post('/api/v1/events', event({}, { items: [{ name: HIGH, quantity: 1 }] })), 'order.items.0.name'],
    ['event invoice number', () => post('/api/v1/events', event({}, { invoiceNumber: LOW })), 'order.invoiceNumber'],
    ['event contact name', () => post('/api/v1/events', event({ contact: { externalId: 'S-1', name: LOW } })), 'contact.name'],
    ['event user name', () => post('/api/v1/events', event({ user: { name: HIGH } })), 'user.name'],
    ['event currency', () => post('/api/v1/events', event({}, { currency: 'ID\uD800' })), 'order.currency'],
  ])('%s', async (_what, send, field) => {
    await refused(send(), field, 'text.lone_surrogate');
  });

  it('are refused in a plain field rather than stored as U+FFFD; a whole emoji is kept', async () => {
    await refused(post('/api/v1/contacts', { name: 'Dewi \uD83D', externalId: 'D-1' }), 'name', 'text.lone_surrogate');
    const kept = await post('/api/v1/contacts', { name: 'Dewi 😀', externalId: 'D-1' });
    expect(kept.status).toBe(201);
    expect((await kept.json()).name).toBe('Dewi 😀');
    const found = await (await t.api(`/api/v1/contacts?q=${encodeURIComponent('Dewi')}`)).json();
    expect(found.items.map((c: { name: string }) => c.name)).toEqual(['Dewi 😀']);
  });
});

describe('numbers and dates beyond their columns', () => {
  it.each([
    ['order total 1e16', {}, { total: 1e16 }, 'order.total'],
    ['order total 1e20', {}, { total: 1e20 }, 'order.total'],
    ['item price 1e300', {}, { items: [{ name: 'Kopi', quantity: 1, price: 1e300 }] }, 'order.items.0.price'],
    ['item quantity 2^31', {}, { items: [{ name: 'Kopi', quantity: 2 ** 31 }] }, 'order.items.0.quantity'],
    ['occurredAt in year 0000', { occurredAt: '0000-01-01T00:00:00Z' }, {}, 'occurredAt'],
    ['occurredAt in year 9999', { occurredAt: '9999-12-31T23:59:59Z' }, {}, 'occurredAt'],
  ])('%s', async (_what, top, order, field) => {
    const r = await post('/api/v1/events', event(top, order));
    const body = await r.json();
    expect(r.status, JSON.stringify(body)).toBe(400);
    expect(body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
  });

  it('accepts the largest values the columns hold', async () => {
    const r = await post('/api/v1/events', event({}, { total: 9_999_999_999_999_998, items: [{ name: 'Kopi', quantity: 2 ** 31 - 1, price: 9_999_999_999_999_998 }] }));
    expect(r.status, await r.clone().text()).toBe(202);
  });
});

describe('page cursors', () => {
  const uuid = '0b0e2d5c-6f1a-4c37-9c1e-2f7d9a0c5b11';
  const b64 = (s: string) => Buffer.from(s).toString('base64url');
  const foreign: [string, string][] = [
    ['not base64', '!!!'],
    ['one part', b64('hello')],
    ['a non-UUID id', b64('2026-01-01T00:00:00.000Z|not-a-uuid')],
    ['an id of dashes', b64(`2026-01-01T00:00:00.000Z|${'-'.repeat(36)}`)],
    ['year 0000', b64(`0000-01-01T00:00:00.000Z|${uuid}`)],
    ['a date PostgreSQL cannot hold', b64(`+275760-09-13T00:00:00.000Z|${uuid}`)],
    ['an impossible date', b64(`2026-13-45T99:99:99.000Z|${uuid}`)],
    ['three parts', b64(`2026-01-01T00:00:00.000Z|${uuid}|x`)],
  ];
  it.each(foreign)('contacts: %s is 400 cursor.invalid', async (_what, cursor) => {
    await refused(t.api(`/api/v1/contacts?cursor=${encodeURIComponent(cursor)}`), 'cursor', 'cursor.invalid');
  });
  it.each(foreign)('messages: %s is 400 cursor.invalid', async (_what, cursor) => {
    await refused(t.api(`/api/v1/messages?cursor=${encodeURIComponent(cursor)}`), 'cursor', 'cursor.invalid');
  });

  it('the cursors Sapa gives still page through', async () => {
    for (const n of [1, 2, 3]) expect((await post('/api/v1/contacts', { name: `Halaman ${n}`, externalId: `P-${n}` })).status).toBe(201);
    const first = await (await t.api('/api/v1/contacts?q=Halaman&limit=2')).json();
    expect(first.items).toHaveLength(2);
    const second = await t.api(`/api/v1/contacts?q=Halaman&limit=2&cursor=${first.nextCursor}`);
    expect(second.status).toBe(200);
    const body = await second.json();
    expect(body.items.map((c: { name: string }) => c.name)).toEqual(['Halaman 1']);
    expect(body.nextCursor).toBeNull();
  });
});

describe('WhatsApp webhooks', () => {
  const hook = () => `${t.url}/webhooks/whatsapp`;

  it("ignores a biz_opaque_callback_data that is not one of our ids; the batch's other statuses apply", async () => {
    const accepted = await (await post('/api/v1/events', event())).json();
    const id = accepted.messages[0].id as string;
    const sent = await eventually(async () => {
      const m = await (await t.api(`/api/v1/messages/${id}`)).json();
      return m.status === 'sent' ? m : undefined;
    }, 15_000, 'message sent');
    const payload = wa.statusWebhook({ wamid: sent.providerMessageId, status: 'delivered' });
    const value = payload.entry[0]!.changes[0]!.value as { statuses: Record<string, unknown>[] };
    value.statuses.unshift(
      { ...value.statuses[0], id: 'wamid.someone-else', biz_opaque_callback_data: 'not-a-uuid' },
      { ...value.statuses[0], id: 'wamid.odd', biz_opaque_callback_data: `x\u0000${'-'.repeat(36)}` },
    );
    const res = await wa.postWebhook(hook(), payload);
    expect(res.status).toBe(200);
    expect((await (await t.api(`/api/v1/messages/${id}`)).json()).status).toBe('delivered');
  });

  it('keeps inbound text with NUL and lone surrogates, cleaned', async () => {
    const payload = wa.inboundWebhook({ from: '6281277001234', text: 'Halo\u0000 kak \uD800!', profileName: 'Rina\u0000 \uDFFF' });
    const wamid = String((payload.entry[0]!.changes[0]!.value as { messages: { id: string }[] }).messages[0]!.id);
    const res = await wa.postWebhook(hook(), payload);
    expect(res.status).toBe(200);
    const row = (await t.rt.db.executeSql('select text, payload from inbound_messages where provider_message_id = $1', [wamid])).rows[0]!;
    expect(row.text).toBe('Halo kak \uFFFD!');
    expect(JSON.stringify(row.payload)).not.toContain('\\u0000');
    const contact = (await (await t.api('/api/v1/contacts?q=81277001234')).json()).items[0];
    expect(contact.name).toBe('Rina \uFFFD');
  });
});
