// POST /api/v1/contacts/import: rows, reasons, formats (BOM, `;`, quoted line breaks), tags, consent
// with its history, custom fields, re-import, and a 20,000-row file across chunks.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consentHistory, findContacts, importCsv } from '../../support/csv-import.js';
import { apiKeyClient } from '../../support/team.js';
import { ADMIN, startTestApp, type TestApp } from '../../support/test-app.js';

let t: TestApp;
beforeAll(async () => { t = await startTestApp(); });
afterAll(async () => { await t?.close(); });

const count = async (where = 'true', values: unknown[] = []) =>
  Number((await t.rt.db.executeSql(`select count(*)::int as n from contacts where ${where}`, values)).rows[0]!.n);

describe('contacts import', () => {
  it('keeps the good rows and names each bad row with its field and reason', async () => {
    const answer = await importCsv(t.api, [
      'name,phone,email,external_id,consent_email',
      'Ani,0812-1000-0001,ani@contoh.id,,opted_in',
      'Badu,0812,badu@contoh.id,,',
      'Cici,0812-1000-0003,bukan-email,,',
      'Dodi,0812 1000 0001,,,',
      'Eka,0812-1000-0005,,,ya',
      'Fani,,,,',
      'Gita,,ANI@contoh.id,,',
      'Hadi,0812-1000-0008,hadi@contoh.id,H-8,opted_out',
      'Ira,0812-1000-0009,,H-8,',
    ].join('\n'));
    expect(answer).toEqual({
      created: 2, updated: 0, failed: 7, errorsOmitted: 0,
      errors: [
        { row: 2, field: 'phone', reason: 'import.invalid_phone' },
        { row: 3, field: 'email', reason: 'import.invalid_email' },
        { row: 4, field: 'phone', reason: 'import.duplicate_in_file' },
        { row: 5, field: 'consent_email', reason: 'import.invalid_consent' },
        { row: 6, field: 'row', reason: 'import.no_key' },
        { row: 7, field: 'email', reason: 'import.duplicate_in_file' },
        { row: 9, field: 'external_id', reason: 'import.duplicate_in_file' },
      ],
    });
    const [ani] = await findContacts(t.api, 'Ani');
    expect(ani).toMatchObject({ name: 'Ani', phone: '+6281210000001', email: 'ani@contoh.id', consent: { email: { status: 'opted_in', source: 'import' } } });
    expect(await findContacts(t.api, 'Hadi')).toMatchObject([{ externalId: 'H-8', email: 'hadi@contoh.id' }]);
    // Nothing of a bad row was written.
    for (const name of ['Badu', 'Cici', 'Dodi', 'Eka', 'Fani', 'Gita', 'Ira']) expect(await findContacts(t.api, name), name).toEqual([]);
  });

  it('reads a BOM, `;` as the delimiter, and quoted fields holding delimiters, quotes and line breaks', async () => {
    const csv = '\uFEFFname;phone;Alamat Kirim;catatan\r\n"Toko ""Maju""; Jaya";0812-2000-0001;"Jl. Merdeka 5,\r\nSolo";"a, b; c"\r\nDewi;0812-2000-0002;Bandung;\r\n';
    expect(await importCsv(t.api, csv)).toEqual({ created: 2, updated: 0, failed: 0, errors: [], errorsOmitted: 0 });
    const [maju] = await findContacts(t.api, 'Maju');
    expect(maju).toMatchObject({ name: 'Toko "Maju"; Jaya', phone: '+6281220000001', customFields: { alamat_kirim: 'Jl. Merdeka 5,\r\nSolo', catatan: 'a, b; c' } });
    // An empty cell sets nothing.
    expect((await findContacts(t.api, 'Dewi'))[0]!.customFields).toEqual({ alamat_kirim: 'Bandung' });
  });

  it('splits tags on |, turns headers into custom field keys, and re-import updates instead of duplicating', async () => {
    const csv = 'Nama Lengkap,name,phone,tags,Kota Asal,Ukuran Baju (EU)\nx,Joko,0812-3000-0001,vip| grosir |vip,Solo,42\nx,Lina,0812-3000-0002,,Medan,\n';
    expect(await importCsv(t.api, csv)).toMatchObject({ created: 2, updated: 0, failed: 0 });
    const before = await count();
    expect(await findContacts(t.api, 'Joko')).toMatchObject([{ tags: ['vip', 'grosir'], customFields: { nama_lengkap: 'x', kota_asal: 'Solo', ukuran_baju_eu: '42' } }]);
    expect(await importCsv(t.api, csv)).toMatchObject({ created: 0, updated: 2, failed: 0 });
    expect(await count()).toBe(before);
    // Tags given replace the contact's; custom fields merge (an empty cell keeps the stored value).
    expect(await importCsv(t.api, 'phone,tags,kota_asal,hobi\n0812-3000-0001,reseller,,mancing\n')).toMatchObject({ created: 0, updated: 1 });
    expect(await findContacts(t.api, 'Joko')).toMatchObject([{ tags: ['reseller'], customFields: { kota_asal: 'Solo', ukuran_baju_eu: '42', hobi: 'mancing' } }]);
  });

  it('writes consent and its history (source import, the member as actor) only when it changes', async () => {
    const phone = '+6281240000001';
    await importCsv(t.api, 'phone,name,consent_whatsapp,consent_sms,consent_push\n0812-4000-0001,Rudi,opted_in,unknown,OPTED_OUT\n');
    // `unknown` for a contact with no consent yet is no change.
    expect((await consentHistory(t, phone)).sort((a, b) => a.channel.localeCompare(b.channel))).toEqual([
      { channel: 'push', status: 'opted_out', source: 'import', actor: ADMIN.email },
      { channel: 'whatsapp', status: 'opted_in', source: 'import', actor: ADMIN.email },
    ]);
    await importCsv(t.api, 'phone,consent_whatsapp,consent_push\n0812-4000-0001,opted_in,opted_out\n');
    expect(await consentHistory(t, phone)).toHaveLength(2);
    const key = await apiKeyClient(t, ['contacts:write']);
    expect(await importCsv(key.api, 'phone,consent_whatsapp\n0812-4000-0001,opted_out\n')).toMatchObject({ updated: 1 });
    expect((await consentHistory(t, phone)).at(-1)).toEqual({ channel: 'whatsapp', status: 'opted_out', source: 'import', actor: 'kunci contacts:write' });
    expect((await findContacts(t.api, 'Rudi'))[0]!.consent).toMatchObject({ whatsapp: { status: 'opted_out', source: 'import' }, push: { status: 'opted_out' } });
  });

  it('matches by external id, then phone, then email; applies two rows for one contact in file order; refuses keys held by another contact', async () => {
    await importCsv(t.api, 'external_id,name,phone,email\nK-1,Satu,0812-5000-0001,satu@contoh.id\nK-2,Dua,0812-5000-0002,\n');
    const answer = await importCsv(t.api, [
      'external_id,name,phone,email',
      ',Satu via email,,satu@contoh.id',
      'K-1,Satu lagi,0812-5000-0002,',
      'K-9,Sembilan,0812-5000-0001,',
      'K-2,Dua lagi,,',
    ].join('\n'));
    expect(answer).toEqual({
      created: 0, updated: 2, failed: 2, errorsOmitted: 0,
      errors: [{ row: 2, field: 'phone', reason: 'import.phone_taken' }, { row: 3, field: 'external_id', reason: 'import.external_id_differs' }],
    });
    // Rows 1 and 4 reach K-1 (by email) and K-2; K-1 keeps its phone (row 2 was refused).
    expect(await findContacts(t.api, 'K-1')).toMatchObject([{ name: 'Satu via email', phone: '+6281250000001' }]);
    expect(await findContacts(t.api, 'K-2')).toMatchObject([{ name: 'Dua lagi' }]);
    // Two rows reaching one contact in one chunk both apply, the later last.
    expect(await importCsv(t.api, 'external_id,name,phone\nK-2,Dua A,\n,Dua B,0812-5000-0002\n')).toMatchObject({ created: 0, updated: 2, failed: 0 });
    expect(await findContacts(t.api, 'K-2')).toMatchObject([{ name: 'Dua B' }]);
  });

  it('imports 20,000 rows across chunks, with duplicates found across chunk boundaries', async () => {
    const lines = ['external_id,name,phone,email,tags,kota'];
    for (let i = 1; i <= 20_000; i++) lines.push(`BULK-${i},Pelanggan ${i},0813${String(i).padStart(8, '0')},p${i}@massal.id,massal,Kota ${i % 50}`);
    lines.push('BULK-X,Ulang,081300000007,,,');
    const before = await count();
    const answer = await importCsv(t.api, lines.join('\n'));
    expect(answer).toEqual({ created: 20_000, updated: 0, failed: 1, errors: [{ row: 20_001, field: 'phone', reason: 'import.duplicate_in_file' }], errorsOmitted: 0 });
    expect(await count()).toBe(before + 20_000);
    expect(await count(`external_id like 'BULK-%' and 'massal' = any(tags)`)).toBe(20_000);
    const again = await importCsv(t.api, lines.join('\n'));
    expect(again).toMatchObject({ created: 0, updated: 20_000, failed: 1 });
    expect(await count()).toBe(before + 20_000);
  }, 120_000);

  it('lists at most 1,000 errors and counts the rest; the audit log has the counts', async () => {
    const lines = ['name,phone'];
    for (let i = 1; i <= 1_200; i++) lines.push(`Salah ${i},12`);
    expect(await importCsv(t.api, lines.join('\n'))).toMatchObject({ created: 0, failed: 1_200, errorsOmitted: 200 });
    const audit = await (await t.api('/api/v1/audit?action=contacts.imported&limit=1')).json();
    expect(audit.items[0]).toMatchObject({ action: 'contacts.imported', actor: ADMIN.email, detail: { created: 0, updated: 0, failed: 1_200 } });
  });
});
