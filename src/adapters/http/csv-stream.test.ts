// csvRecords against a correct writer: any table of strings, every cell quoted, either delimiter,
// either line end, with or without BOM, in chunks split anywhere (also inside a multi-byte
// character), reads back cell for cell with rows numbered from the header's 0.
import { Readable } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../app/errors.js';
import { csvLine, csvRecords } from './csv-stream.js';

const collect = async (body: Readable, max = 1e9) => {
  const out = [];
  for await (const r of csvRecords(body, max)) out.push(r);
  return out;
};

const chunked = (bytes: Buffer, cuts: number[]) => {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const parts: Buffer[] = [];
  let from = 0;
  for (const p of points) { parts.push(bytes.subarray(from, p)); from = p; }
  parts.push(bytes.subarray(from));
  return Readable.from(parts.filter((p) => p.length > 0));
};

describe('csvRecords', () => {
  it('reads back any quoted table', async () => {
    const cellArb = fc.string({ unit: 'grapheme', maxLength: 12 });
    await fc.assert(fc.asyncProperty(
      fc.integer({ min: 1, max: 4 }).chain((width) => fc.array(fc.array(cellArb, { minLength: width, maxLength: width }), { minLength: 1, maxLength: 6 })),
      fc.constantFrom(',', ';'), fc.constantFrom('\n', '\r\n'), fc.boolean(), fc.array(fc.nat(), { maxLength: 5 }),
      async (rows, delimiter, eol, bom, cuts) => {
        // The header has plain names (its delimiter is what is detected); a row of only empty cells is an empty line, skipped by design.
        const header = rows[0]!.map((_, i) => `kolom ${i}`);
        const data = rows.filter((r) => r.some((c) => c !== '') || r.length > 1);
        const text = (bom ? '\uFEFF' : '') + [header, ...data].map((r) => r.map((c) => `"${c.replaceAll('"', '""')}"`).join(delimiter)).join(eol) + eol;
        const records = await collect(chunked(Buffer.from(text, 'utf8'), cuts));
        expect(records).toEqual([header, ...data].map((cells, row) => ({ row, cells })));
      },
    ), { numRuns: 300 });
  });

  it('reads back what csvLine writes', async () => {
    await fc.assert(fc.asyncProperty(fc.array(fc.array(fc.string({ unit: 'grapheme', maxLength: 10 }), { minLength: 2, maxLength: 2 }), { minLength: 1, maxLength: 5 }), async (rows) => {
      const data = rows.filter((r) => r.some((c) => c !== ''));
      const text = csvLine(['a', 'b']) + data.map(csvLine).join('');
      expect((await collect(Readable.from([Buffer.from(text)]))).slice(1).map((r) => ('cells' in r ? r.cells : null))).toEqual(data);
    }), { numRuns: 200 });
  });

  it('gives a malformed record its row and goes on', async () => {
    // A stray quote is kept as text (relax_quotes); a quote never closed is the one malformed record.
    const records = await collect(Readable.from([Buffer.from(`phone,name\n1,"a"b"\n2,ok\n3,"never closed\n4,x\n`)]));
    expect(records.map((r) => ('malformed' in r ? [r.row, 'malformed'] : [r.row, r.cells]))).toEqual([
      [0, ['phone', 'name']], [1, ['1', '"a"b"']], [2, ['2', 'ok']], [3, 'malformed'],
    ]);
  });

  it('fails with import.too_large past the byte limit', async () => {
    await expect(collect(Readable.from([Buffer.from('phone\n'), Buffer.alloc(100, 0x31)]), 50)).rejects.toSatisfy((e) => e instanceof AppError && e.code === 'import.too_large');
  });
});
