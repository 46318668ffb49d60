import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sampleValues } from '../../../../../src/domain/event-variables.js';
import { previewMessage } from '../hooks/use-template-preview.js';
import { markedPreview, splitByMarks } from './marked-preview.js';

const sample = sampleValues('order.created');
const marked = (s: string) => {
  const r = markedPreview(s, previewMessage(s, 'order.created').errors.map((e) => ({ index: e.index ?? 0, length: e.length ?? 1 })), sample);
  return r.marks.map((m) => r.text.slice(m.start, m.end));
};

describe('markedPreview (the bubble of a message with errors)', () => {
  it('fills good variables with sample values and marks only the bad one', () => {
    const s = 'Halo {contactname}, pesanan {documentnumbr} sudah kami terima.';
    const r = markedPreview(s, previewMessage(s, 'order.created').errors.map((e) => ({ index: e.index ?? 0, length: e.length ?? 1 })), sample);
    expect(r.text).toBe('Halo Budi Santoso, pesanan {documentnumbr} sudah kami terima.');
    expect(marked(s)).toEqual(['{documentnumbr}']);
  });

  it('marks a stray closing brace in place', () => {
    expect(marked('Halo } {contactname}')).toEqual(['}']);
  });

  it('uses a fallback when the sample has no value', () => {
    expect(markedPreview('{kota|Jakarta} {x', [{ index: 15, length: 2 }], sample).text).toBe('Jakarta {x');
  });
});

describe('splitByMarks', () => {
  it('cuts a piece of text at the marks that overlap it', () => {
    expect(splitByMarks('abcdef', 10, [{ start: 12, end: 14 }, { start: 0, end: 11 }])).toEqual([
      { text: 'a', marked: true },
      { text: 'b', marked: false },
      { text: 'cd', marked: true },
      { text: 'ef', marked: false },
    ]);
  });

  it('keeps every character exactly once (property)', () => {
    const range = fc.tuple(fc.nat(40), fc.nat(40)).map(([a, b]) => ({ start: Math.min(a, b), end: Math.max(a, b) }));
    fc.assert(
      fc.property(fc.string({ maxLength: 30 }), fc.nat(10), fc.array(range, { maxLength: 5 }), (text, offset, marks) => {
        expect(splitByMarks(text, offset, marks).map((p) => p.text).join('')).toBe(text);
      }),
    );
  });
});
