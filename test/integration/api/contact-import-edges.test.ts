// The contacts import and export at their edges: hostile files, content types, permissions,
// another workspace, the export's format and its round trip, and a property: any table of strings
// written as CSV (every cell quoted) imports back as the same values.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unguardFormulaCell } from '../../../src/domain/contact-import.js';
import { exportBytes, findContacts, importCsv, postCsv } from '../../support/csv-import.js';
import { addMember, apiKeyClient } from '../../support/team.js';
import { startTestApp, type TestApp } from '../../support/test-app.js';

let t: TestApp;
let other: TestApp['api'];
beforeAll(async () => {
  t = await startTestApp();
  const { store, passwords } = t.rt.deps;
  const ws = await store.workspaces.create({ name: 'Toko Lain' });
  await store.users.create({ workspaceId: ws.id, email: 'lain@toko.test', name: 'Lain', role: 'owner', passwordHash: await passwords.hash('password-lain-123') });
  const login = await t.client(null)('/api/v1/auth/login', { method: 'POST', json: { email: 'lain@toko.test', password: 'password-lain-123' } });
  other = t.client((login.headers.get('set-cookie') ?? '').split(';')[0]!);
});
afterAll(async () => { await t?.close(); });

async function expectProblem(res: Response, status: number, code: string) {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toContain('application/problem+json');
  expect(await res.json()).toMatchObject({ status, code });
}

describe('contacts import: hostile input', () => {
  it('reports NUL, a 100,000-character cell, extra cells and an unclosed quote per row, and keeps the good rows', async () => {
    const long = 'x'.repeat(100_000);
    const answer = await importCsv(t.api, [
      'name,phone,catatan',
      'Nul\u0000Nama,0812-6000-0001,',
      `Panjang,0812-6000-0002,${long}`,
      `${long},0812-6000-0003,`,
      'Lebih,0812-6000-0004,a,b,c',
      'Baik,0812-6000-0006,ok',
      // A quote never closed takes the rest of the file with it: one malformed row.
      'Kutip,"0812-6000-0005,\nLagi,0812-6000-0007,',
    ].join('\n'));
    expect(answer).toEqual({
      created: 1, updated: 0, failed: 5, errorsOmitted: 0,
      errors: [
        { row: 1, field: 'name', reason: 'text.nul' },
        { row: 2, field: 'catatan', reason: 'import.too_long' },
        { row: 3, field: 'name', reason: 'import.too_long' },
        { row: 4, field: 'row', reason: 'import.extra_cells' },
        { row: 6, field: 'row', reason: 'import.malformed_row' },
      ],
    });
    expect(await findContacts(t.api, 'Baik')).toMatchObject([{ phone: '+6281260000006', customFields: { catatan: 'ok' } }]);
  });

  it('stores what UTF-8 cannot carry (an encoded lone surrogate, stray bytes) as U+FFFD, never failing', async () => {
    const bytes = Buffer.concat([Buffer.from('name,phone\nSur'), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from(',0812-6100-0001\nByte'), Buffer.from([0xff, 0xfe]), Buffer.from(',0812-6100-0002\n')]);
    expect(await importCsv(t.api, bytes)).toMatchObject({ created: 2, failed: 0 });
    expect((await findContacts(t.api, 'Sur'))[0]!.name).toMatch(/^Sur\uFFFD+$/);
  });

  it('answers 422 for an empty file, unusable or repeated headers, no column to match by, and binary junk; a header alone imports nothing', async () => {
    await expectProblem(await postCsv(t.api, ''), 422, 'import.empty');
    await expectProblem(await postCsv(t.api, '\uFEFF\r\n\r\n'), 422, 'import.empty');
    const bad = await postCsv(t.api, 'name,123,phone,Phone,kota\u0000\nA,1,0812-6200-0001,,\n');
    expect(bad.status).toBe(422);
    expect(await bad.json()).toMatchObject({
      code: 'import.invalid_header',
      errors: [{ field: '123', reason: 'import.header_not_a_key', index: 1 }, { field: 'Phone', reason: 'import.header_duplicate', index: 3 }, { field: 'kota\u0000', reason: 'import.header_not_a_key', index: 4 }],
    });
    const noKey = await postCsv(t.api, 'name,kota\nA,Solo\n');
    expect(await noKey.json()).toMatchObject({ status: 422, code: 'import.invalid_header', errors: [{ reason: 'import.no_key_column' }] });
    const junk = new Uint8Array(64 * 1024);
    let seed = 7;
    for (let i = 0; i < junk.length; i++) junk[i] = (seed = (seed * 1103515245 + 12345) % 2 ** 31) & 0xff;
    const res = await postCsv(t.api, junk);
    expect(res.status).toBe(422);
    expect(await importCsv(t.api, 'name,phone,email\n')).toEqual({ created: 0, updated: 0, failed: 0, errors: [], errorsOmitted: 0 });
    expect(await findContacts(t.api, '0812-6200-0001')).toEqual([]);
  });

  it('answers 415 for anything but text/csv, without reading it as JSON', async () => {
    await expectProblem(await t.api('/api/v1/contacts/import', { method: 'POST', json: { name: 'A', phone: '0812-6300-0001' } }), 415, 'import.unsupported_media_type');
    await expectProblem(await postCsv(t.api, 'name,phone\nA,0812-6300-0001\n', 'text/plain'), 415, 'import.unsupported_media_type');
    await expectProblem(await postCsv(t.api, 'name,phone\nA,0812-6300-0001\n', 'multipart/form-data; boundary=x'), 415, 'import.unsupported_media_type');
    // The JSON routes still refuse CSV.
    expect((await t.api('/api/v1/contacts', { method: 'POST', headers: { 'content-type': 'text/csv' }, body: 'name\nA' })).status).toBe(415);
    expect(await findContacts(t.api, '0812-6300-0001')).toEqual([]);
  });

  it('leaves another workspace alone: same phone and external id become a contact of this workspace', async () => {
    expect(await importCsv(other, 'external_id,name,phone\nW-1,Milik Lain,0812-6400-0001\n')).toMatchObject({ created: 1 });
    expect(await importCsv(t.api, 'external_id,name,phone\nW-1,Milik Sini,0812-6400-0001\n')).toMatchObject({ created: 1, updated: 0 });
    expect(await findContacts(other, 'W-1')).toMatchObject([{ name: 'Milik Lain' }]);
    expect(await findContacts(t.api, 'W-1')).toMatchObject([{ name: 'Milik Sini' }]);
    const theirs = new TextDecoder().decode((await exportBytes(other)).bytes);
    expect(theirs).toContain('Milik Lain');
    expect(theirs).not.toContain('Milik Sini');
  });

  it('lets owners, admins and contacts:write keys import, and only owners and admins export; agents and other keys get 403', async () => {
    const agent = await addMember(t, 'agent');
    const admin = await addMember(t, 'admin');
    const eventsKey = await apiKeyClient(t, ['events:write']);
    const contactsKey = await apiKeyClient(t, ['contacts:write']);
    for (const api of [agent.api, eventsKey.api]) {
      await expectProblem(await postCsv(api, 'name,phone\nAgen,0812-6500-0001\n'), 403, 'auth.forbidden');
      await expectProblem(await api('/api/v1/contacts/export'), 403, 'auth.forbidden');
    }
    expect(await importCsv(admin.api, 'name,phone\nAdmin,0812-6500-0002\n')).toMatchObject({ created: 1 });
    expect(await importCsv(contactsKey.api, 'name,phone\nKunci,0812-6500-0003\n')).toMatchObject({ created: 1 });
    expect((await admin.api('/api/v1/contacts/export')).status).toBe(200);
    await expectProblem(await contactsKey.api('/api/v1/contacts/export'), 403, 'auth.forbidden');
    await expectProblem(await t.client(null)('/api/v1/contacts/export'), 401, 'auth.required');
  });
});

describe('contacts export', () => {
  it('writes UTF-8 with a BOM, the import\'s columns then the custom field keys, and re-imports as updates only', async () => {
    const lines = ['external_id,name,phone,email,tags,consent_whatsapp,Kota Asal,catatan'];
    for (let i = 1; i <= 2_500; i++) lines.push(`RT-${i},"Pelanggan, ke-${i}",0814${String(i).padStart(8, '0')},rt${i}@contoh.id,a|b,${i % 2 ? 'opted_in' : ''},Solo,"baris ""satu""\nbaris dua"`);
    expect(await importCsv(t.api, lines.join('\n'))).toMatchObject({ created: 2_500, failed: 0 });

    const { res, bytes } = await exportBytes(t.api);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="kontak-\d{4}-\d{2}-\d{2}\.csv"$/);
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes);
    expect(text.split('\r\n')[0]).toMatch(/^name,phone,email,external_id,tags,consent_whatsapp,consent_email,consent_sms,consent_push,.*kota_asal/);
    expect(text).toContain('RT-7,a|b,opted_in,,,,');
    expect(text).toContain('"baris ""satu""\nbaris dua"');
    const total = Number((await t.rt.db.executeSql(`select count(*)::int as n from contacts c join workspaces w on w.id = c.workspace_id where w.name <> 'Toko Lain'`, [])).rows[0]!.n);

    const again = await importCsv(t.api, bytes);
    expect(again).toEqual({ created: 0, updated: total, failed: 0, errors: [], errorsOmitted: 0 });
    const second = new TextDecoder().decode((await exportBytes(t.api)).bytes);
    expect(second).toBe(text);
  }, 60_000);

  it('writes a cell a spreadsheet would run as a formula as text (a leading \'), and imports it back as it was', async () => {
    const name = '=HYPERLINK("http://contoh.id/x","Klik")';
    const csv = `external_id,name,phone,catatan\nFX-1,"${name.replaceAll('"', '""')}",0815-0000-1111,@SUM(A1)\nFX-2,-Andi-,,+1 tambahan\n`;
    expect(await importCsv(t.api, csv)).toMatchObject({ created: 2, failed: 0 });
    const text = new TextDecoder().decode((await exportBytes(t.api)).bytes);
    const row = (id: string) => text.split('\r\n').find((l) => l.includes(`,${id},`));
    expect(row('FX-1')).toMatch(/^"'=HYPERLINK\(""http:\/\/contoh\.id\/x"",""Klik""\)",'\+6281500001111,,FX-1,.*,'@SUM\(A1\)/);
    expect(row('FX-2')).toMatch(/^'-Andi-,,,FX-2,.*,'\+1 tambahan/);
    expect(text).not.toMatch(/(^|,)[=@]/m);

    expect(await importCsv(t.api, text)).toMatchObject({ created: 0, failed: 0 });
    expect((await findContacts(t.api, 'FX-1')).filter((c) => c.externalId === 'FX-1')).toMatchObject([{ name, phone: '+6281500001111', customFields: { catatan: '@SUM(A1)' } }]);
    expect((await findContacts(t.api, 'FX-2')).filter((c) => c.externalId === 'FX-2')).toMatchObject([{ name: '-Andi-', customFields: { catatan: '+1 tambahan' } }]);
  });
});

describe('contacts export of a segment', () => {
  it('writes only the segment\'s contacts; another workspace\'s segment or a bad id is a 4xx problem', async () => {
    expect(await importCsv(t.api, 'external_id,name,tags\nSG-1,Segmen Satu,langganan|vip\nSG-2,Segmen Dua,biasa\n')).toMatchObject({ created: 2 });
    const seg = await t.api('/api/v1/segments', { method: 'POST', json: { name: 'Pelanggan VIP ekspor', match: 'all', rules: [{ field: 'tags', op: 'contains', value: 'langganan' }] } });
    expect(seg.status, await seg.clone().text()).toBe(201);
    const { id } = (await seg.json()) as { id: string };
    const res = await t.api(`/api/v1/contacts/export?segmentId=${id}`);
    expect(res.status).toBe(200);
    const lines = new TextDecoder().decode(await res.arrayBuffer()).split('\r\n').filter((l) => l !== '');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain('Segmen Satu');
    await expectProblem(await other(`/api/v1/contacts/export?segmentId=${id}`), 404, 'not_found');
    for (const bad of ['nope', '00000000-0000-0000-0000-000000000000%00', '%ED%A0%80', '9'.repeat(400)]) {
      const r = await t.api(`/api/v1/contacts/export?segmentId=${bad}`);
      expect(r.status, bad).toBeGreaterThanOrEqual(400);
      expect(r.status, bad).toBeLessThan(500);
    }
    await expectProblem(await t.api('/api/v1/contacts/export?segmentId=00000000-0000-4000-8000-000000000000'), 404, 'not_found');
  });
});

describe('contacts import: property', () => {
  // Cells a person could type: any well-formed text (no NUL), trimmed and non-empty as the import reads them;
  // not a `'` before a would-be formula, which the import reads as an export's (or Excel's) text marker.
  const cell = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 }).map((s) => s.replaceAll('\u0000', '').trim()).filter((s) => s !== '' && unguardFormulaCell(s) === s);
  const quoted = (c: string) => `"${c.replaceAll('"', '""')}"`;

  it('imports back the same values from any table written with every cell quoted, either delimiter, either line end, with or without BOM', async () => {
    let run = 0;
    await fc.assert(fc.asyncProperty(
      fc.array(fc.tuple(cell, cell, cell), { minLength: 1, maxLength: 4 }), fc.constantFrom(',', ';'), fc.constantFrom('\n', '\r\n'), fc.boolean(),
      async (rows, delimiter, eol, bom) => {
        run++;
        const table = rows.map(([name, a, b], i) => [`PB-${run}-${i}`, name, a, b]);
        const csv = (bom ? '\uFEFF' : '') + [['external_id', 'name', 'Isian A', 'isian_b'], ...table].map((r) => r.map(quoted).join(delimiter)).join(eol) + eol;
        const answer = await importCsv(t.api, csv);
        expect(answer).toMatchObject({ created: rows.length, failed: 0 });
        for (const [externalId, name, a, b] of table) {
          const found = (await findContacts(t.api, externalId!)).filter((c) => c.externalId === externalId);
          expect(found).toMatchObject([{ name, customFields: { isian_a: a, isian_b: b } }]);
        }
      },
    ), { numRuns: 25 });
  }, 120_000);
});
