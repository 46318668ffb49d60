/**
 * Edge cases at every limit (160/161, 153×2, 70/71, 67×2), an escaped character or an emoji at a
 * part boundary (moves whole to the next part), the characters that silently switch a text to
 * UCS-2 (typographic quotes, emoji), and properties: segments never fall as text is appended,
 * short GSM text is one SMS, units always fit the segments.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SMS_LIMITS, gsm7Septets, smsSegments } from './sms-segments.js';

const a = (n: number) => 'a'.repeat(n);
const x = (n: number) => 'x'.repeat(n);
const EMOJI = '😀'; // U+1F600: a surrogate pair, 2 UTF-16 units

describe('smsSegments, GSM-7', () => {
  it('counts the empty text as 0 segments with a whole SMS free', () => {
    expect(smsSegments('')).toEqual({ encoding: 'gsm7', units: 0, segments: 0, perSegment: 160, remaining: 160 });
  });

  it('fits exactly 160 septets in one SMS and splits at 161', () => {
    expect(smsSegments(a(160))).toEqual({ encoding: 'gsm7', units: 160, segments: 1, perSegment: 160, remaining: 0 });
    expect(smsSegments(a(161))).toEqual({ encoding: 'gsm7', units: 161, segments: 2, perSegment: 153, remaining: 145 });
  });

  it('fills two parts with exactly 306 septets and needs a third at 307', () => {
    expect(smsSegments(a(306))).toMatchObject({ segments: 2, remaining: 0 });
    expect(smsSegments(a(307))).toMatchObject({ segments: 3, remaining: 152 });
  });

  it('counts an extension character as 2 septets', () => {
    for (const ch of ['^', '{', '}', '\\', '[', '~', ']', '|', '€', '\f']) expect(gsm7Septets(ch)).toBe(2);
    expect(smsSegments('Harga €5')).toMatchObject({ encoding: 'gsm7', units: 9, segments: 1 });
    expect(smsSegments(a(158) + '€')).toMatchObject({ units: 160, segments: 1, remaining: 0 });
    expect(smsSegments(a(159) + '€')).toMatchObject({ units: 161, segments: 2 });
  });

  it('never splits an escaped character between two parts', () => {
    // 152 + (2) + 152 = 306 septets, which would fill two parts exactly; but the € cannot start
    // at septet 153, so it moves to part 2 and the last 'a' spills into a third part.
    const text = a(152) + '€' + a(152);
    expect(smsSegments(text)).toMatchObject({ encoding: 'gsm7', units: 306, segments: 3, perSegment: 153, remaining: 152 });
    // One 'a' fewer and it fits in two.
    expect(smsSegments(a(152) + '€' + a(151))).toMatchObject({ units: 305, segments: 2, remaining: 0 });
  });

  it('knows the basic table: 127 characters plus the 10 of the extension table', () => {
    const basic = Array.from({ length: 0x2100 }, (_, i) => String.fromCharCode(i)).filter((c) => gsm7Septets(c) === 1);
    expect(basic).toHaveLength(127);
    expect(basic).toEqual(expect.arrayContaining(['@', '£', '¥', 'è', 'Ç', 'Δ', '¤', '¡', '§', '¿', 'à', '\n', '\r']));
    // Not in GSM-7 although they look harmless: `, ç (lowercase), á, typographic quotes.
    for (const ch of ['`', 'ç', 'á', '’', '“', '–', '…']) expect(gsm7Septets(ch)).toBeUndefined();
  });

  it('keeps an ordinary Indonesian order text in GSM-7', () => {
    const r = smsSegments('Halo Budi, pesanan #INV-2024/001 sudah dikirim via JNE (resi 1234567890). Terima kasih!');
    expect(r).toMatchObject({ encoding: 'gsm7', segments: 1 });
  });
});

describe('smsSegments, UCS-2', () => {
  it('switches the whole text to UCS-2 for one typographic apostrophe', () => {
    expect(smsSegments('Jum’at berkah')).toEqual({ encoding: 'ucs2', units: 13, segments: 1, perSegment: 70, remaining: 57 });
  });

  it('fits 70 units in one SMS and splits at 71', () => {
    expect(smsSegments('’' + x(69))).toMatchObject({ encoding: 'ucs2', units: 70, segments: 1, remaining: 0 });
    expect(smsSegments('’' + x(70))).toMatchObject({ units: 71, segments: 2, perSegment: 67, remaining: 63 });
    expect(smsSegments('’' + x(133))).toMatchObject({ units: 134, segments: 2, remaining: 0 });
    expect(smsSegments('’' + x(134))).toMatchObject({ units: 135, segments: 3 });
  });

  it('counts an emoji as 2 units', () => {
    expect(smsSegments(EMOJI)).toEqual({ encoding: 'ucs2', units: 2, segments: 1, perSegment: 70, remaining: 68 });
    expect(smsSegments(x(68) + EMOJI)).toMatchObject({ units: 70, segments: 1, remaining: 0 });
    expect(smsSegments(x(69) + EMOJI)).toMatchObject({ units: 71, segments: 2, remaining: 63 });
  });

  it('never splits a surrogate pair between two parts', () => {
    // 66 + 2 + 66 = 134 units = 67 × 2, but the emoji cannot take unit 67 alone.
    expect(smsSegments(x(66) + EMOJI + x(66))).toMatchObject({ encoding: 'ucs2', units: 134, segments: 3, remaining: 66 });
    expect(smsSegments(x(66) + EMOJI + x(65))).toMatchObject({ units: 133, segments: 2, remaining: 0 });
  });

  it('counts GSM extension characters as 1 unit once the text is UCS-2', () => {
    expect(smsSegments('€’')).toMatchObject({ encoding: 'ucs2', units: 2 });
  });

  it('counts a lone surrogate as one unit', () => {
    expect(smsSegments('\uD83D')).toMatchObject({ encoding: 'ucs2', units: 1, segments: 1 });
  });
});

describe('smsSegments, properties', () => {
  const gsmChar = fc.constantFrom(...'@£$abcXYZ019 !?.,\n{}[]€~^|\\ÄÖÑÜ§¿àΔ');
  const anyChar = fc.oneof(gsmChar, fc.constantFrom('’', '😀', 'é', 'ç', '“', '\uD83D', '漢'));
  const text = (ch: fc.Arbitrary<string>, max: number) => fc.array(ch, { maxLength: max }).map((cs) => cs.join(''));

  it('never needs fewer segments after text is appended', () => {
    fc.assert(fc.property(text(anyChar, 400), text(anyChar, 200), (s, t) => {
      expect(smsSegments(s + t).segments).toBeGreaterThanOrEqual(smsSegments(s).segments);
    }), { numRuns: 500 });
  });

  it('sends GSM text of at most 160 septets as one SMS', () => {
    fc.assert(fc.property(text(gsmChar, 160), (s) => {
      const r = smsSegments(s);
      expect(r.encoding).toBe('gsm7');
      if (r.units > 0 && r.units <= 160) expect(r.segments).toBe(1);
    }));
  });

  it('keeps units within the segments and remaining within one segment', () => {
    fc.assert(fc.property(text(anyChar, 600), (s) => {
      const r = smsSegments(s);
      const limits = SMS_LIMITS[r.encoding];
      expect(r.units).toBeLessThanOrEqual(Math.max(1, r.segments) * r.perSegment);
      expect(r.remaining).toBeGreaterThanOrEqual(0);
      expect(r.remaining).toBeLessThanOrEqual(r.perSegment);
      expect(r.perSegment).toBe(r.segments > 1 ? limits.part : limits.single);
      if (r.segments > 1) {
        // Greedy packing loses at most one unit per boundary (a 2-unit character moved whole).
        expect(r.units).toBeGreaterThan((r.segments - 1) * (limits.part - 1));
      }
      if (r.encoding === 'ucs2') expect(r.units).toBe(s.length);
    }), { numRuns: 500 });
  });
});
