// The server side of the Messages and Contacts pages: search by name, phone as typed and order
// number with a date range (keyset paging intact), the links and the failure in words on each
// message, today's counts, and sending a failed message again once its cause is fixed — once,
// however often it is clicked. Hostile input is a 4xx, another workspace's ids are 404, and the
// role matrix holds (agents read and resend; a read-only key cannot resend).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, apiKeyClient } from '../../support/team.js';
import { eventually, startTestApp, type TestApp } from '../../support/test-app.js';

type Msg = {
  id: string; status: string; body: string; contactId: string | null; automationId: string | null; orderNumber: string | null; trigger: string | null;
  failureReason: string | null; resendOf: string | null; resentAs: string | null;
  failure: { code: string; text: { id: string; en: string }; hint: { id: string; en: string }; detail: string } | null;
};
type Page = { items: Msg[]; nextCursor: string | null };

let t: TestApp;
let budi: { contactId: string; failedId: string };
let siti: { contactId: string; sentId: string };
let deliveryAutomation: string;

/** Today in Jakarta as YYYY-MM-DD, shifted by `days`. */
const jakartaDay = (days = 0) => new Date(Date.now() + 7 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10);
const list = async (query: string) => {
  const res = await t.api(`/api/v1/messages?${query}`);
  expect(res.status, query).toBe(200);
  return (await res.json()) as Page;
};
const getMessage = async (id: string) => (await (await t.api(`/api/v1/messages/${id}`)).json()) as Msg;
const settled = (id: string, status: string) => eventually(async () => {
  const m = await getMessage(id);
  return m.status === status ? m : undefined;
}, 15_000, `message ${status}`);

beforeAll(async () => {
  t = await startTestApp();
  const tpl = await (await t.api('/api/v1/templates', { method: 'POST', json: { code: 'Resi', message: 'Hai {contactname}, resi {documentnumber} untuk {productname}.' } })).json();
  deliveryAutomation = (await (await t.api('/api/v1/automations', { method: 'POST', json: { name: 'Info resi', trigger: 'order.delivery', templateId: tpl.id } })).json()).id;

  const failed = await (await t.api('/api/v1/events', { method: 'POST', json: {
    id: 'mp-1', type: 'order.delivery', contact: { externalId: 'MP-1', name: 'Budi Hartono', phone: '0812-1111-2222' },
    order: { number: 'SO-1001', items: [{ name: 'Kopi Arabika', quantity: 1 }] },
  } })).json();
  budi = { contactId: failed.contactId, failedId: failed.messages[0].id };
  const sent = await (await t.api('/api/v1/events', { method: 'POST', json: {
    id: 'mp-2', type: 'order.delivery', contact: { externalId: 'MP-2', name: 'Siti Aminah', phone: '+62 857-3333-4444' },
    order: { number: 'SO-2002', trackingNumber: 'JNE-2002', items: [{ name: 'Teh Melati', quantity: 2 }] },
  } })).json();
  siti = { contactId: sent.contactId, sentId: sent.messages[0].id };
  await settled(siti.sentId, 'sent');
});
afterAll(async () => { await t?.close(); });

describe('GET /api/v1/messages: search and dates', () => {
  it.each([
    ['Budi', 'budi'], ['hartono', 'budi'], ['0812-1111', 'budi'], ['081211112222', 'budi'], ['62812', 'budi'], ['+62 812 1111', 'budi'],
    ['SO-1001', 'budi'], ['so-2002', 'siti'], ['0857', 'siti'], ['3333-4444', 'siti'], ['Tidak Ada', null],
  ])('q=%s finds %s', async (q, who) => {
    const page = await list(`q=${encodeURIComponent(q)}`);
    const expected = who === 'budi' ? [budi.failedId] : who === 'siti' ? [siti.sentId] : [];
    expect(page.items.map((m) => m.id)).toEqual(expected);
  });

  it('filters by Jakarta days, inclusive', async () => {
    expect((await list(`from=${jakartaDay()}&to=${jakartaDay()}`)).items).toHaveLength(2);
    expect((await list(`from=${jakartaDay(-3)}`)).items).toHaveLength(2);
    expect((await list(`from=${jakartaDay(1)}`)).items).toEqual([]);
    expect((await list(`to=${jakartaDay(-1)}`)).items).toEqual([]);
    expect((await list(`q=Siti&from=${jakartaDay()}&to=${jakartaDay()}`)).items.map((m) => m.id)).toEqual([siti.sentId]);
  });

  it('keeps the keyset cursor with a search and dates', async () => {
    const all = await list(`from=${jakartaDay()}`);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Page = await list(`from=${jakartaDay()}&limit=1${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...page.items.map((m) => m.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all.items.map((m) => m.id));
  });
});

describe('a message’s links and failure in words', () => {
  it('carries its contact, order, automation and trigger, and the reason in Bahasa and English', async () => {
    const m = await settled(budi.failedId, 'failed');
    expect(m).toMatchObject({
      contactId: budi.contactId, automationId: deliveryAutomation, orderNumber: 'SO-1001', trigger: 'order.delivery',
      failureReason: 'missing_value: documentnumber (order.trackingNumber)', resendOf: null, resentAs: null,
    });
    expect(m.failure).toEqual({
      code: 'missing_value',
      text: { id: 'Nomor resi belum ada untuk pesanan SO-1001', en: 'The tracking number is missing for order SO-1001' },
      hint: { id: 'Kirim ulang event order.delivery dengan trackingNumber', en: 'Send the order.delivery event again with trackingNumber' },
      detail: 'missing_value: documentnumber (order.trackingNumber)',
    });
    expect((await getMessage(siti.sentId)).failure).toBeNull();
  });
});

describe('today’s counts and resending a failed message', () => {
  it('counts today, refuses to resend while the cause remains, then sends once however often it is clicked', async () => {
    const before = (await (await t.api('/api/v1/messages/today')).json()) as Record<string, unknown>;
    expect(before).toMatchObject({ date: jakartaDay(), timezone: 'Asia/Jakarta', sent: 1, failed: 1 });

    const refused = await t.api(`/api/v1/messages/${budi.failedId}/resend`, { method: 'POST' });
    expect(refused.status).toBe(422);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    const problem = (await refused.json()) as { code: string; errors: { field: string; reason: string; message: string }[] };
    expect(problem.code).toBe('message.cannot_resend');
    expect(problem.errors[0]).toMatchObject({ reason: 'missing_value: documentnumber (order.trackingNumber)', message: expect.stringContaining('Nomor resi belum ada untuk pesanan SO-1001') });

    // The cause is fixed: a later event (here order.paid, which has no automation) brings the tracking number.
    expect((await t.api('/api/v1/events', { method: 'POST', json: { id: 'mp-3', type: 'order.paid', contact: { externalId: 'MP-1' }, order: { number: 'SO-1001', trackingNumber: 'JNE-1001' } } })).status).toBe(202);

    const agent = await addMember(t, 'agent');
    const clicks = await Promise.all([1, 2, 3].map((i) => (i === 2 ? agent.api : t.api)(`/api/v1/messages/${budi.failedId}/resend`, { method: 'POST' })));
    expect(clicks.map((r) => r.status)).toEqual([202, 202, 202]);
    const answers = (await Promise.all(clicks.map((r) => r.json()))) as Msg[];
    expect(new Set(answers.map((m) => m.id)).size).toBe(1);
    const again = await settled(answers[0]!.id, 'sent');
    expect(again).toMatchObject({ resendOf: budi.failedId, body: 'Hai Budi Hartono, resi JNE-1001 untuk Kopi Arabika.', orderNumber: 'SO-1001', automationId: deliveryAutomation });
    expect((await getMessage(budi.failedId)).resentAs).toBe(again.id);
    const outbox = (await (await t.api('/api/v1/sandbox/outbox')).json()) as { items: { messageId: string }[] };
    expect(outbox.items.filter((o) => o.messageId === again.id)).toHaveLength(1);
    // A later click still answers the same message, and sends nothing more.
    expect(((await (await t.api(`/api/v1/messages/${budi.failedId}/resend`, { method: 'POST' })).json()) as Msg).id).toBe(again.id);
    expect((await list('q=Budi')).items.map((m) => m.id)).toEqual([again.id, budi.failedId]);

    const after = (await (await t.api('/api/v1/messages/today')).json()) as Record<string, unknown>;
    expect(after).toMatchObject({ sent: 2, failed: 0 });
  });

  it('refuses a message that did not fail (409), and unknown or foreign ids (404)', async () => {
    const sent = await t.api(`/api/v1/messages/${siti.sentId}/resend`, { method: 'POST' });
    expect(sent.status).toBe(409);
    expect(((await sent.json()) as { code: string }).code).toBe('message.not_resendable');
    expect((await t.api('/api/v1/messages/00000000-0000-4000-8000-000000000000/resend', { method: 'POST' })).status).toBe(404);

    const { store, passwords } = t.rt.deps;
    const ws = await store.workspaces.create({ name: 'Toko Lain' });
    await store.users.create({ workspaceId: ws.id, email: 'lain@mp.test', name: 'Lain', role: 'owner', passwordHash: await passwords.hash('password-lain-123') });
    const login = await t.client(null)('/api/v1/auth/login', { method: 'POST', json: { email: 'lain@mp.test', password: 'password-lain-123' } });
    const other = t.client((login.headers.get('set-cookie') ?? '').split(';')[0]!);
    expect((await other(`/api/v1/messages/${budi.failedId}/resend`, { method: 'POST' })).status).toBe(404);
    expect((await (await other(`/api/v1/messages?q=Budi`)).json()).items).toEqual([]);
    expect((await (await other(`/api/v1/messages?contactId=${budi.contactId}`)).json()).items).toEqual([]);
    expect(await (await other('/api/v1/messages/today')).json()).toMatchObject({ sent: 0, delivered: 0, read: 0, failed: 0 });
  });

  it('lets agents read and resend, and a read-only key read but not resend', async () => {
    const agent = await addMember(t, 'agent');
    expect((await agent.api('/api/v1/messages?q=Siti')).status).toBe(200);
    expect((await agent.api('/api/v1/messages/today')).status).toBe(200);
    expect((await agent.api(`/api/v1/messages/${siti.sentId}/resend`, { method: 'POST' })).status).toBe(409);
    const reader = await apiKeyClient(t, ['messages:read']);
    expect((await reader.api('/api/v1/messages/today')).status).toBe(200);
    expect((await reader.api(`/api/v1/messages/${budi.failedId}/resend`, { method: 'POST' })).status).toBe(403);
    const events = await apiKeyClient(t);
    expect((await events.api('/api/v1/messages?q=Budi')).status).toBe(403);
  });
});

describe('hostile input', () => {
  it.each([
    ['q=%00', 'q'],
    ['q=Budi%00', 'q'],
    [`q=${'x'.repeat(201)}`, 'q'],
    ['limit=1e300', 'limit'],
    ['limit=99999999999999999999', 'limit'],
    ['cursor=bm90LWEtY3Vyc29y', 'cursor'],
    ['cursor=%00', 'cursor'],
    ['from=2026-02-30', 'from'],
    ['from=0000-01-01', 'from'],
    ['to=99999-01-01', 'to'],
    ['from=2026-11-25T00:00', 'from'],
    [`from=${'9'.repeat(400)}`, 'from'],
    ['from=2026-11-26&to=2026-11-25', 'to'],
    ['contactId=not-a-uuid', 'contactId'],
  ])('GET /api/v1/messages?%s is a 400 naming %s', async (query, field) => {
    const res = await t.api(`/api/v1/messages?${query}`);
    expect(res.status).toBe(400);
    const body = (await res.json()) as { errors?: { field: string }[] };
    expect(body.errors?.map((e) => e.field)).toContain(field);
  });

  // A lone surrogate cannot travel in a URL (UTF-8 has no encoding for it): its would-be bytes are
  // invalid UTF-8, read as U+FFFD, so the search runs and finds nothing.
  it.each(['/api/v1/messages?q=%ED%A0%80', '/api/v1/messages?q=Budi%ED%B0%80', '/api/v1/contacts?q=%ED%A0%80'])('%s is answered without a 5xx', async (path) => {
    const res = await t.api(path);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { items: unknown[] }).items).toEqual([]);
  });

  it.each(['not-a-uuid', '%00', '00000000-0000-4000-8000-00000000000%00', `${'9'.repeat(300)}`])('POST /api/v1/messages/%s/resend is a 4xx', async (id) => {
    const res = await t.api(`/api/v1/messages/${id}/resend`, { method: 'POST' });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
  });

  it.each(['q=%00', 'q=Budi%00', `q=${'1'.repeat(300)}`])('GET /api/v1/contacts?%s is a 400', async (query) => {
    expect((await t.api(`/api/v1/contacts?${query}`)).status).toBe(400);
  });
});

describe('GET /api/v1/contacts: phone as typed', () => {
  it.each(['0812-1111', '081211112222', '62812111', '+62 812 1111 2222', '1111-2222'])('q=%s finds Budi', async (q) => {
    const res = await t.api(`/api/v1/contacts?q=${encodeURIComponent(q)}`);
    const page = (await res.json()) as { items: { id: string }[] };
    expect(page.items.map((c) => c.id)).toEqual([budi.contactId]);
  });
});
