// Edge cases: headers that become keys or not, delimiter detection (quotes, ties), each row
// reason, empty cells, tags, consent case, FileKeys' duplicate rule, and the spreadsheet-formula guard.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detectDelimiter, FileKeys, guardFormulaCell, headerKey, mapColumns, readImportRow, unguardFormulaCell, type ColumnTarget } from './contact-import.js';

const columns = (...headers: string[]): readonly ColumnTarget[] => {
  const m = mapColumns(headers);
  if (!m.ok) throw new Error('mapping failed');
  return m.columns;
};

describe('headerKey', () => {
  it.each([
    ['Kota Asal', 'kota_asal'], ['  Phone ', 'phone'], ['No. HP', 'no_hp'], ['Ukuran (EU)', 'ukuran_eu'], ['Alamat--Kirim', 'alamat_kirim'],
    ['Café Favorit', 'cafe_favorit'], ['external_id', 'external_id'], ['EXTERNAL ID', 'external_id'],
  ])('%s → %s', (header, key) => expect(headerKey(header)).toBe(key));

  it.each(['', '   ', '123', '_', '!!!', '9 lives', 'x'.repeat(64)])('%j is no key', (header) => expect(headerKey(header)).toBeNull());

  it('always gives a valid custom field key or null', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 80 }), (h) => {
      const key = headerKey(h);
      expect(key === null || /^[a-z][a-z0-9_]{0,62}$/.test(key)).toBe(true);
    }));
  });
});

describe('mapColumns', () => {
  it('maps known columns and marks the rest custom', () => {
    expect(mapColumns(['Name', 'phone', 'Kota Asal', 'consent_whatsapp'])).toEqual({ ok: true, columns: [
      { kind: 'known', field: 'name' }, { kind: 'known', field: 'phone' }, { kind: 'custom', key: 'kota_asal' }, { kind: 'known', field: 'consent_whatsapp' },
    ] });
  });

  it('names every unusable or repeated header with its position', () => {
    expect(mapColumns(['phone', '', 'Kota Asal', 'kota_asal', 'a\u0000'])).toEqual({ ok: false, problems: [
      { column: 1, header: '', reason: 'import.header_not_a_key' },
      { column: 3, header: 'kota_asal', reason: 'import.header_duplicate' },
      { column: 4, header: 'a\u0000', reason: 'import.header_not_a_key' },
    ] });
  });

  it('needs a column to match contacts by, and at most 200 columns', () => {
    expect(mapColumns(['name', 'tags'])).toEqual({ ok: false, problems: [], reason: 'import.no_key_column' });
    expect(mapColumns(['phone', ...Array.from({ length: 200 }, (_, i) => `k${i}`)])).toMatchObject({ ok: false, reason: 'import.too_many_columns' });
  });
});

describe('detectDelimiter', () => {
  it.each([
    ['name,phone,email', ','], ['name;phone;email', ';'], ['"a,b";phone;email', ';'], ['"x;y;z",phone', ','], ['phone', ','], ['a;b,c', ','],
    ['name;phone\nA,B,C,D', ';'],
  ] as const)('%j → %s', (line, d) => expect(detectDelimiter(line)).toBe(d));
});

describe('readImportRow', () => {
  const cols = columns('name', 'phone', 'email', 'external_id', 'tags', 'consent_sms', 'kota');

  it('reads a full row: E.164, lower-case email, tags split and deduplicated, consent in any case, custom fields', () => {
    expect(readImportRow(cols, [' Budi ', '0812-3456-7890', 'Budi@Contoh.ID', 'C-1', 'vip | grosir|vip||', 'Opted_Out', 'Solo'])).toEqual({ ok: true, contact: {
      name: 'Budi', phone: '+6281234567890', email: 'budi@contoh.id', externalId: 'C-1', tags: ['vip', 'grosir'], consent: { sms: 'opted_out' }, customFields: { kota: 'Solo' },
    } });
  });

  it('leaves empty and missing cells out (they change nothing)', () => {
    expect(readImportRow(cols, ['', '0812-3456-7890'])).toEqual({ ok: true, contact: { phone: '+6281234567890', customFields: {}, consent: {} } });
  });

  it('lists every problem of a row', () => {
    expect(readImportRow(cols, ['x'.repeat(201), '0812', 'a@b', 'C-1', 'ok', 'ya', 'a\uD800b'])).toEqual({ ok: false, problems: [
      { field: 'name', reason: 'import.too_long' }, { field: 'phone', reason: 'import.invalid_phone' }, { field: 'email', reason: 'import.invalid_email' },
      { field: 'consent_sms', reason: 'import.invalid_consent' }, { field: 'kota', reason: 'text.lone_surrogate' },
    ] });
    expect(readImportRow(cols, ['A\u0000', '', '', 'C-2'])).toEqual({ ok: false, problems: [{ field: 'name', reason: 'text.nul' }] });
  });

  it('refuses a row with no key, extra non-empty cells, too many or too long tags', () => {
    expect(readImportRow(cols, ['Tanpa kunci'])).toEqual({ ok: false, problems: [{ field: 'row', reason: 'import.no_key' }] });
    expect(readImportRow(cols, ['', '', '', 'C-3', '', '', '', 'lebih'])).toEqual({ ok: false, problems: [{ field: 'row', reason: 'import.extra_cells' }] });
    expect(readImportRow(cols, ['', '', '', 'C-3', '', '', '', '  '])).toMatchObject({ ok: true });
    expect(readImportRow(cols, ['', '', '', 'C-4', Array.from({ length: 101 }, (_, i) => `t${i}`).join('|')])).toEqual({ ok: false, problems: [{ field: 'tags', reason: 'import.too_many_tags' }] });
    expect(readImportRow(cols, ['', '', '', 'C-5', 'x'.repeat(101)])).toEqual({ ok: false, problems: [{ field: 'tags', reason: 'import.too_long' }] });
  });
});

describe('guardFormulaCell / unguardFormulaCell', () => {
  it('quotes what a spreadsheet would run, and nothing else', () => {
    expect(guardFormulaCell('=HYPERLINK("http://x","klik")')).toBe('\'=HYPERLINK("http://x","klik")');
    for (const start of ['+', '-', '@', '\t', '\r']) expect(guardFormulaCell(`${start}1`)).toBe(`'${start}1`);
    expect(guardFormulaCell('+6281234567890')).toBe("'+6281234567890");
    expect(guardFormulaCell("'=x")).toBe("''=x");
    for (const safe of ['', 'Budi', "'Budi", ' =1+1', 'a=b', 'vip|grosir']) expect(guardFormulaCell(safe)).toBe(safe);
  });

  it('reads back exactly what was guarded, for any text', () => {
    fc.assert(fc.property(fc.string(), (value) => unguardFormulaCell(guardFormulaCell(value)) === value));
    expect(unguardFormulaCell("'Budi")).toBe("'Budi");
  });

  it('lets a guarded export row import as the original values', () => {
    const cells = ['-Andi-', '+6281234567890', 'a@b.id', '@C-9', 'vip', 'opted_in', '=1+1'].map(guardFormulaCell);
    expect(readImportRow(cols(), cells)).toEqual({ ok: true, contact: {
      name: '-Andi-', phone: '+6281234567890', email: 'a@b.id', externalId: '@C-9', tags: ['vip'], consent: { sms: 'opted_in' }, customFields: { kota: '=1+1' },
    } });
  });
  const cols = () => columns('name', 'phone', 'email', 'external_id', 'tags', 'consent_sms', 'kota');
});

describe('FileKeys', () => {
  /*
   * domain/ takes its digest as an argument (the app passes SHA-256). Here, one that is exact by
   * construction: the key's UTF-8 (at most 16 bytes) put through a bijection of 128 bits, so
   * different keys never share a value, and the bits still spread across the table's slots.
   */
  const fmix = (h: number) => {
    h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
    h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
    return (h ^ (h >>> 16)) >>> 0;
  };
  const digest = (key: string) => {
    const bytes = new TextEncoder().encode(key);
    if (bytes.length > 16) throw new Error(`test keys are at most 16 bytes: ${key}`);
    const out = new Uint8Array(16);
    out.set(bytes);
    const w = new Uint32Array(out.buffer);
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 4; i++) w[i] = fmix(((w[i]! + w[(i + 1) % 4]!) ^ w[(i + 3) % 4]!) >>> 0);
    }
    return out;
  };
  const row = (c: { externalId?: string; phone?: string; email?: string }) => ({ ...c, customFields: {}, consent: {} });

  it('refuses a row sharing any key with an earlier taken row, naming the first shared key', () => {
    const keys = new FileKeys(digest);
    expect(keys.claim(row({ externalId: 'A', phone: '+6281', email: 'a@x.id' }))).toBeNull();
    expect(keys.claim(row({ externalId: 'B', email: 'a@x.id' }))).toBe('email');
    // A refused row's keys are not remembered.
    expect(keys.claim(row({ externalId: 'B' }))).toBeNull();
    expect(keys.claim(row({ phone: '+6281' }))).toBe('phone');
    // Kinds do not mix: an external id equal to a phone is no duplicate.
    expect(keys.claim(row({ externalId: '+6282' }))).toBeNull();
    expect(keys.claim(row({ phone: '+6282' }))).toBeNull();
  });

  it('decides as the Set of "field letter + value" strings it replaces', () => {
    const part = fc.option(fc.constantFrom('A', 'B', '+6281', 'a@x.id', 'b@x.id', ''), { nil: undefined });
    fc.assert(fc.property(fc.array(fc.record({ externalId: part, phone: part, email: part })), (rows) => {
      const keys = new FileKeys(digest);
      const model = new Set<string>();
      for (const r of rows) {
        const tagged = [['external_id', r.externalId, 'x'], ['phone', r.phone, 'p'], ['email', r.email, 'e']] as const;
        const present = tagged.filter(([, v]) => v !== undefined).map(([f, v, t]) => [f, `${t}${v}`] as const);
        const expected = present.find(([, k]) => model.has(k))?.[0] ?? null;
        if (expected === null) for (const [, k] of present) model.add(k);
        expect(keys.claim(row(r))).toBe(expected);
      }
    }));
  });

  it('holds 200,000 rows of three keys in under 100 bytes a row', () => {
    const keys = new FileKeys(digest);
    let repeats = 0;
    for (let i = 0; i < 200_000; i++) if (keys.claim(row({ externalId: `B-${i}`, phone: `+62813${i}`, email: `p${i}@m.id` })) !== null) repeats++;
    expect(repeats).toBe(0);
    expect(keys.claim(row({ email: 'p199999@m.id' }))).toBe('email');
    expect(keys.bytes / 200_000).toBeLessThan(100);
  }, 30_000);
});
