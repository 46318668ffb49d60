// GET /api/v1/contacts/:id/orders: a contact's orders for its page, newest first, scoped to the workspace.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../support/test-app.js';

let t: TestApp;
let other: TestApp['api'];

const contact = { externalId: 'C-ORD', name: 'Rina', phone: '0812-7777-1234' };
async function post(event: Record<string, unknown>): Promise<{ contactId: string }> {
  const res = await t.api('/api/v1/events', { method: 'POST', json: { occurredAt: '2026-11-20T09:00:00+07:00', contact, ...event } });
  expect(res.status, await res.clone().text()).toBe(202);
  return res.json();
}

beforeAll(async () => {
  t = await startTestApp();
  const { store, passwords } = t.rt.deps;
  const ws = await store.workspaces.create({ name: 'Toko Sebelah' });
  await store.users.create({ workspaceId: ws.id, email: 'sebelah@toko.test', name: 'Sebelah', role: 'owner', passwordHash: await passwords.hash('password-sebelah-1') });
  const login = await t.client(null)('/api/v1/auth/login', { method: 'POST', json: { email: 'sebelah@toko.test', password: 'password-sebelah-1' } });
  other = t.client((login.headers.get('set-cookie') ?? '').split(';')[0]!);
});
afterAll(async () => { await t?.close(); });

describe("a contact's orders", () => {
  it('lists them newest first with number, status (the last event seen), total and date', async () => {
    const { contactId } = await post({ id: 'ord-1', type: 'order.created', order: { number: 'SO-501', items: [{ name: 'Kopi', quantity: 2, price: 50000 }], total: 100000, currency: 'IDR' } });
    await post({ id: 'ord-2', type: 'order.paid', occurredAt: '2026-11-21T10:00:00+07:00', order: { number: 'SO-501', invoiceNumber: 'INV-501' } });
    await post({ id: 'ord-3', type: 'order.created', occurredAt: '2026-11-22T08:00:00+07:00', order: { number: 'SO-502', items: [{ name: 'Teh', quantity: 1 }], total: 25000.5 } });
    // Someone else's order is not theirs.
    await post({ id: 'ord-4', type: 'order.created', contact: { externalId: 'C-LAIN', name: 'Lain', phone: '0813-5555-0000' }, order: { number: 'SO-900', items: [{ name: 'Gula', quantity: 1 }] } });

    const res = await t.api(`/api/v1/contacts/${contactId}/orders`);
    expect(res.status).toBe(200);
    const { items } = await res.json();
    expect(items.map((o: { number: string }) => o.number)).toEqual(['SO-502', 'SO-501']);
    expect(items[1]).toMatchObject({ number: 'SO-501', status: 'order.paid', total: 100000, currency: 'IDR', invoiceNumber: 'INV-501', trackingNumber: null });
    expect(items[0]).toMatchObject({ status: 'order.created', total: 25000.5 });
    expect(Number.isNaN(Date.parse(items[0].occurredAt))).toBe(false);

    const one = await (await t.api(`/api/v1/contacts/${contactId}/orders?limit=1`)).json();
    expect(one.items.map((o: { number: string }) => o.number)).toEqual(['SO-502']);
  });

  it('answers an empty list for a contact without orders', async () => {
    const created = await (await t.api('/api/v1/contacts', { method: 'POST', json: { name: 'Tanpa Pesanan' } })).json();
    expect(await (await t.api(`/api/v1/contacts/${created.id}/orders`)).json()).toEqual({ items: [] });
  });

  it("answers 404 for another workspace's contact and an unknown one, and a problem for bad input", async () => {
    const { contactId } = await post({ id: 'ord-5', type: 'order.created', order: { number: 'SO-503', items: [{ name: 'Kopi', quantity: 1 }] } });
    const theirs = await other(`/api/v1/contacts/${contactId}/orders`);
    expect(theirs.status).toBe(404);
    expect((await theirs.json()).code).toBe('not_found');
    expect((await t.api('/api/v1/contacts/00000000-0000-4000-8000-000000000000/orders')).status).toBe(404);
    for (const path of [`/api/v1/contacts/not-a-uuid/orders`, `/api/v1/contacts/${contactId}/orders?limit=0`, `/api/v1/contacts/${contactId}/orders?limit=abc`, `/api/v1/contacts/${contactId}/orders?limit=9999999999999999999999`, `/api/v1/contacts/${contactId}/orders?limit=%00`]) {
      const res = await t.api(path);
      expect(res.status, path).toBeGreaterThanOrEqual(400);
      expect(res.status, path).toBeLessThan(500);
      expect(res.headers.get('content-type'), path).toContain('application/problem+json');
    }
  });
});
