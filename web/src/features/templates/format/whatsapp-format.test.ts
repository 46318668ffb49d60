import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatWhatsApp, plainText, unformat, type FormatNode } from './whatsapp-format.js';

/** The tree without offsets, for readable expectations. */
const shape = (nodes: readonly FormatNode[]): unknown[] =>
  nodes.map((n) => (n.kind === 'text' || n.kind === 'mono' ? { [n.kind]: n.text } : { [n.kind]: shape(n.children) }));

describe('formatWhatsApp (the preview bubble formatting)', () => {
  it('renders the four WhatsApp styles', () => {
    expect(shape(formatWhatsApp('Halo *tebal* dan _miring_ dan ~coret~'))).toEqual([
      { text: 'Halo ' },
      { bold: [{ text: 'tebal' }] },
      { text: ' dan ' },
      { italic: [{ text: 'miring' }] },
      { text: ' dan ' },
      { strike: [{ text: 'coret' }] },
    ]);
    expect(shape(formatWhatsApp('Kode: ```SO-1001```.'))).toEqual([{ text: 'Kode: ' }, { mono: 'SO-1001' }, { text: '.' }]);
  });

  it('nests styles and keeps monospace content literal', () => {
    expect(shape(formatWhatsApp('*_promo_ hari ini*'))).toEqual([{ bold: [{ italic: [{ text: 'promo' }] }, { text: ' hari ini' }] }]);
    expect(shape(formatWhatsApp('```*bukan tebal*```'))).toEqual([{ mono: '*bukan tebal*' }]);
  });

  it('leaves markers inside words, next to spaces, unclosed or across lines as text', () => {
    for (const s of ['2*3*4', 'a_b_c', '* bukan*', '*bukan *', '*tidak ditutup', '*baris\nbaru*', '**', '``````', 'snake_case_name']) {
      expect(shape(formatWhatsApp(s)), s).toEqual([{ text: s }]);
    }
  });

  it('closes at the first marker that can close, before punctuation', () => {
    expect(shape(formatWhatsApp('*Budi*, pesanan *SO-1001*!'))).toEqual([{ bold: [{ text: 'Budi' }] }, { text: ', pesanan ' }, { bold: [{ text: 'SO-1001' }] }, { text: '!' }]);
  });

  it('records source offsets for every node', () => {
    const [, bold] = formatWhatsApp('ab *cd*');
    expect(bold).toMatchObject({ kind: 'bold', start: 3, children: [{ kind: 'text', text: 'cd', start: 4 }] });
  });

  const alphabet = fc.constantFrom('*', '_', '~', '`', ' ', '\n', 'a', 'b', '1', '.', ',', 'é', '{', '}', '<', '>', '&');
  const marky = fc.array(alphabet, { maxLength: 60 }).map((xs) => xs.join(''));

  it('is lossless: putting the markers back gives the source (property)', () => {
    fc.assert(fc.property(fc.oneof(marky, fc.string({ maxLength: 80 })), (s) => unformat(formatWhatsApp(s)) === s));
  });

  it('leaves text without markers untouched (property)', () => {
    const plain = fc.string({ maxLength: 80 }).filter((s) => !/[*_~`]/.test(s));
    fc.assert(fc.property(plain, (s) => {
      expect(shape(formatWhatsApp(s))).toEqual(s ? [{ text: s }] : []);
    }));
  });

  it('only ever removes markers, never other characters (property)', () => {
    fc.assert(
      fc.property(marky, (s) => {
        const seen = plainText(formatWhatsApp(s));
        expect(seen.replace(/[*_~`]/g, '')).toBe(s.replace(/[*_~`]/g, ''));
        expect(seen.length).toBeLessThanOrEqual(s.length);
      }),
    );
  });

  it('gives every text node the offset of its text in the source (property)', () => {
    const check = (s: string, nodes: readonly FormatNode[]): void => {
      for (const n of nodes) {
        if (n.kind === 'text') expect(s.slice(n.start, n.start + n.text.length)).toBe(n.text);
        else if (n.kind === 'mono') expect(s.slice(n.start + 3, n.start + 3 + n.text.length)).toBe(n.text);
        else check(s, n.children);
      }
    };
    fc.assert(fc.property(marky, (s) => check(s, formatWhatsApp(s))));
  });
});
