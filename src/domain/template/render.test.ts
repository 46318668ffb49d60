/**
 * Edge cases: the seed's three examples render exactly; no-variable templates; escapes;
 * repeated variables give one param per occurrence; fallbacks for missing, empty and
 * whitespace-only values (and an empty fallback); missing values are listed once each in
 * order and nothing is rendered; non-string values and inherited names (`constructor`)
 * count as missing; the unrolled (1–4 slots) and looped (5+) paths agree.
 */
import { describe, expect, it } from 'vitest';
import { compileTemplate, renderTemplate } from './render.js';
import { parseTemplate } from './parse.js';

const render = (text: string, values: Record<string, string | undefined>) => renderTemplate(compileTemplate(parseTemplate(text)), values);

describe('seed examples (000_*.txt)', () => {
  it('renders the thank-you message after purchase', () => {
    const text = 'Halo {contactname}, Terima kasih telah membeli {productname}. Kode penjualan Anda adalah {documentnumber}. Kami akan segera memproses pesanan Anda.';
    expect(render(text, { contactname: 'Budi', productname: 'Kopi Arabika', documentnumber: 'SO-1001' })).toEqual({
      ok: true,
      text: 'Halo Budi, Terima kasih telah membeli Kopi Arabika. Kode penjualan Anda adalah SO-1001. Kami akan segera memproses pesanan Anda.',
      params: ['Budi', 'Kopi Arabika', 'SO-1001'],
    });
  });

  it('renders the delivery message with the tracking number', () => {
    const text = 'Hai {contactname}, Pesanan Anda telah dikirim! Nomor resi pengiriman Anda adalah {documentnumber}. Terima kasih telah berbelanja di toko kami.';
    expect(render(text, { contactname: 'Budi', documentnumber: 'JNE0012345' })).toEqual({
      ok: true,
      text: 'Hai Budi, Pesanan Anda telah dikirim! Nomor resi pengiriman Anda adalah JNE0012345. Terima kasih telah berbelanja di toko kami.',
      params: ['Budi', 'JNE0012345'],
    });
  });

  it('renders the step-5 template chat example', () => {
    const text = 'Terima kasih, {contactname}, pesanan Anda untuk produk {productname} dengan kode {documentnumber} telah berhasil kami proses.';
    const result = render(text, { contactname: 'Budi', productname: 'Kopi Arabika', documentnumber: 'SO-1001' });
    expect(result).toEqual({
      ok: true,
      text: 'Terima kasih, Budi, pesanan Anda untuk produk Kopi Arabika dengan kode SO-1001 telah berhasil kami proses.',
      params: ['Budi', 'Kopi Arabika', 'SO-1001'],
    });
  });
});

describe('compileTemplate', () => {
  it('splits into literals around slots, merging text nodes', () => {
    expect(compileTemplate(parseTemplate('a{{b {x} c {y|z}'))).toEqual({
      literals: ['a{b ', ' c ', ''],
      names: ['x', 'y'],
      fallbacks: [null, 'z'],
      variables: ['x', 'y'],
    });
  });

  it('compiles an empty template to one empty literal', () => {
    expect(compileTemplate(parseTemplate(''))).toEqual({ literals: [''], names: [], fallbacks: [], variables: [] });
  });
});

describe('renderTemplate', () => {
  it('returns the text with escapes resolved when there are no variables', () => {
    expect(render('Diskon {{50%}} hari ini', {})).toEqual({ ok: true, text: 'Diskon {50%} hari ini', params: [] });
  });

  it('gives one param per occurrence, in order', () => {
    expect(render('{a} {b} {a}', { a: '1', b: '2' })).toEqual({ ok: true, text: '1 2 1', params: ['1', '2', '1'] });
  });

  it('uses the fallback for missing, empty and whitespace-only values', () => {
    const text = 'Halo {contactname|Kak}!';
    expect(render(text, {})).toEqual({ ok: true, text: 'Halo Kak!', params: ['Kak'] });
    expect(render(text, { contactname: '' })).toEqual({ ok: true, text: 'Halo Kak!', params: ['Kak'] });
    expect(render(text, { contactname: ' \t' })).toEqual({ ok: true, text: 'Halo Kak!', params: ['Kak'] });
    expect(render(text, { contactname: 'Sari' })).toEqual({ ok: true, text: 'Halo Sari!', params: ['Sari'] });
  });

  it('keeps a value with leading non-ASCII or whitespace characters as given', () => {
    expect(render('{a}', { a: ' Budi' })).toEqual({ ok: true, text: ' Budi', params: [' Budi'] });
    expect(render('{a}', { a: 'Ñoño' })).toEqual({ ok: true, text: 'Ñoño', params: ['Ñoño'] });
  });

  it('treats an empty fallback as a deliberate empty value', () => {
    expect(render('Halo{contactname|}!', {})).toEqual({ ok: true, text: 'Halo!', params: [''] });
  });

  it('never renders a hole: missing values fail, listed once each in order', () => {
    expect(render('{documentnumber} {contactname} {documentnumber}', { contactname: 'Budi' })).toEqual({ ok: false, missing: ['documentnumber'] });
    expect(render('{b} {a} {b} {c|x}', {})).toEqual({ ok: false, missing: ['b', 'a'] });
  });

  it('counts non-string values and inherited property names as missing', () => {
    const values = JSON.parse('{"n": 5}') as Record<string, string | undefined>;
    expect(render('{n}', values)).toEqual({ ok: false, missing: ['n'] });
    expect(render('{constructor} {tostring}', {})).toEqual({ ok: false, missing: ['constructor', 'tostring'] });
  });

  it('renders the same with the unrolled path (1–4 slots) and the loop (5+)', () => {
    const values = { a: 'A', b: 'B', c: 'C', d: 'D', e: 'E', f: 'F' };
    for (let n = 0; n <= 6; n++) {
      const names = ['a', 'b', 'c', 'd', 'e', 'f'].slice(0, n);
      const text = `<${names.map((x) => `{${x}}`).join('-')}>`;
      const expected = `<${names.map((x) => x.toUpperCase()).join('-')}>`;
      expect(render(text, values)).toEqual({ ok: true, text: expected, params: names.map((x) => x.toUpperCase()) });
      if (n > 0) expect(render(text, {})).toEqual({ ok: false, missing: names });
    }
  });
});
