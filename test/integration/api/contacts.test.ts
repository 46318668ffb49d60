import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../support/test-app.js';

let t: TestApp;
beforeAll(async () => { t = await startTestApp(); });
afterAll(async () => { await t?.close(); });

describe('Contacts API', () => {
  it('normalises Indonesian phone numbers to E.164', async () => {
    for (const [input, e164] of [['0812-3456-7890', '+6281234567890'], ['62 857 1234 5678', '+6285712345678'], ['+62 813 9876 5432', '+6281398765432']] as const) {
      const res = await t.api('/api/v1/contacts', { method: 'POST', json: { name: input, phone: input } });
      expect(res.status, input).toBe(201);
      expect((await res.json()).phone).toBe(e164);
    }
  });

  it('refuses an invalid number with 422 naming the field, and writes nothing', async () => {
    const res = await t.api('/api/v1/contacts', { method: 'POST', json: { name: 'Salah', phone: '0812' } });
    expect(res.status).toBe(422);
    expect(await res.json()).toMatchObject({ code: 'contact.invalid_phone', errors: [{ field: 'phone', reason: 'contact.invalid_phone' }] });
    const list = await (await t.api('/api/v1/contacts?q=Salah')).json();
    expect(list.items).toEqual([]);
  });

  it('refuses a second contact with the same phone with 409', async () => {
    expect((await t.api('/api/v1/contacts', { method: 'POST', json: { name: 'A', phone: '0811-1111-2222' } })).status).toBe(201);
    const dup = await t.api('/api/v1/contacts', { method: 'POST', json: { name: 'B', phone: '+62 811 1111 2222' } });
    expect(dup.status).toBe(409);
    expect(await dup.json()).toMatchObject({ code: 'contact.duplicate', errors: [{ field: 'phone' }] });
  });

  it('changes only the fields a PATCH names (tags alone keep the name; a name alone keeps tags and custom fields)', async () => {
    const created = await (await t.api('/api/v1/contacts', { method: 'POST', json: { name: 'Wati', phone: '0812-4444-5555', tags: ['vip'], customFields: { kota: 'Solo' } } })).json();
    const tagged = await (await t.api(`/api/v1/contacts/${created.id}`, { method: 'PATCH', json: { tags: ['vip', 'grosir'] } })).json();
    expect(tagged).toMatchObject({ name: 'Wati', phone: '+6281244445555', tags: ['vip', 'grosir'], customFields: { kota: 'Solo' } });
    const renamed = await (await t.api(`/api/v1/contacts/${created.id}`, { method: 'PATCH', json: { name: 'Wati S', phone: '0812-4444-5555', email: null } })).json();
    expect(renamed).toMatchObject({ name: 'Wati S', tags: ['vip', 'grosir'], customFields: { kota: 'Solo' } });
  });

  it('records consent per channel with its source and time; edits and deletes', async () => {
    const created = await (await t.api('/api/v1/contacts', { method: 'POST', json: { name: 'Siti', email: 'SITI@Example.com', customFields: { kota: 'Bandung' }, tags: ['vip', 'vip'], consent: { whatsapp: 'opted_in' } } })).json();
    expect(created).toMatchObject({ name: 'Siti', email: 'siti@example.com', tags: ['vip'], customFields: { kota: 'Bandung' } });
    expect(created.consent.whatsapp).toMatchObject({ status: 'opted_in', source: 'ui' });
    expect(Number.isNaN(Date.parse(created.consent.whatsapp.at))).toBe(false);

    const patched = await (await t.api(`/api/v1/contacts/${created.id}`, { method: 'PATCH', json: { name: 'Siti R', consent: { whatsapp: 'opted_out' } } })).json();
    expect(patched.name).toBe('Siti R');
    expect(patched.consent.whatsapp.status).toBe('opted_out');
    expect((await t.api(`/api/v1/contacts/${created.id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await t.api(`/api/v1/contacts/${created.id}`)).status).toBe(404);
  });

  it('pages through contacts with a cursor, newest first, without repeats', async () => {
    for (let i = 0; i < 5; i++) await t.api('/api/v1/contacts', { method: 'POST', json: { name: `Halaman ${i}`, externalId: `page-${i}` } });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: { name: string }[]; nextCursor: string | null } = await (await t.api(`/api/v1/contacts?q=Halaman&limit=2${cursor ? `&cursor=${cursor}` : ''}`)).json();
      seen.push(...page.items.map((c) => c.name));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(['Halaman 4', 'Halaman 3', 'Halaman 2', 'Halaman 1', 'Halaman 0']);
  });
});
