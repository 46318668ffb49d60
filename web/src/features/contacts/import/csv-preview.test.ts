// The preview: delimiter, BOM, quoted line breaks, a file cut mid-row, header problems, empty files.
import { describe, expect, it } from 'vitest';
import { previewCsv } from './csv-preview.js';

describe('previewCsv', () => {
  it('reads a `;` file with a BOM and a quoted line break, and maps its columns', () => {
    const p = previewCsv('\uFEFFName;Phone;Kota Asal\r\n"Budi; S";0812;"Jl. A\nSolo"\r\n', true);
    expect(p).toMatchObject({ delimiter: ';', headers: ['Name', 'Phone', 'Kota Asal'], rows: [['Budi; S', '0812', 'Jl. A\nSolo']] });
    expect(p?.mapping).toEqual({ ok: true, columns: [{ kind: 'known', field: 'name' }, { kind: 'known', field: 'phone' }, { kind: 'custom', key: 'kota_asal' }] });
  });

  it('shows at most five rows, and only whole lines of a cut file', () => {
    const lines = ['phone', ...Array.from({ length: 9 }, (_, i) => `08${i}`)].join('\n');
    expect(previewCsv(lines, true)?.rows).toHaveLength(5);
    expect(previewCsv('phone,name\n0812,Bu', false)?.rows).toEqual([]);
  });

  it('reports header problems and has nothing to show for an empty file', () => {
    expect(previewCsv('name,123\nA,1\n', true)?.mapping).toMatchObject({ ok: false, problems: [{ column: 1, header: '123' }] });
    expect(previewCsv('', true)).toBeNull();
    expect(previewCsv('\n\n', true)).toBeNull();
  });
});
