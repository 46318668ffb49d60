/**
 * Edge cases: an id beyond 2^53 keeps its digits; 15-digit ids stay numbers; digits inside strings
 * (escaped quotes included) are untouched; fractions, exponents and negatives; nothing else changes.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseJsonExact, quoteLongIntegers } from './json-exact.js';

describe('parseJsonExact', () => {
  it('reads an integer beyond 2^53 as its exact digits', () => {
    expect(JSON.parse('{"id":1234567890123456789}').id).toBe(1234567890123456800);
    expect(parseJsonExact('{"id":1234567890123456789}')).toEqual({ id: '1234567890123456789' });
    expect(parseJsonExact('[9007199254740993, -12345678901234567]')).toEqual(['9007199254740993', '-12345678901234567']);
  });

  it('leaves shorter numbers, fractions, exponents and strings alone', () => {
    expect(parseJsonExact('{"a":123456789012345,"b":1.5,"c":12345678901234567.5,"d":12345678901234567e2,"e":1700000000}'))
      .toEqual({ a: 123456789012345, b: 1.5, c: Number('12345678901234567.5'), d: Number('12345678901234567e2'), e: 1700000000 });
    const text = '{"text":"kode 1234567890123456789 \\"9999999999999999999\\" \\\\","n":0}';
    expect(quoteLongIntegers(text)).toBe(text);
    expect(parseJsonExact(text)).toEqual({ text: 'kode 1234567890123456789 "9999999999999999999" \\', n: 0 });
  });

  it('leaves a fraction or exponent with 16+ digits after the point whole (found by the hostile webhook test)', () => {
    for (const text of ['{"x":0.0000010000000000000002}', '[1.12345678901234567890]', '[2e12345678901234567]', '[1E-00000000000000001]']) {
      expect(quoteLongIntegers(text)).toBe(text);
      expect(parseJsonExact(text)).toEqual(JSON.parse(text));
    }
  });

  it('parses every JSON text JSON.parse parses, to the same value where no integer is long', () => {
    fc.assert(fc.property(fc.jsonValue(), (value) => {
      const text = JSON.stringify(value);
      const exact = parseJsonExact(text);
      if (!/(^|[^\d.eE+-])-?\d{16,}(?![\d.eE])/.test(text)) expect(exact).toEqual(JSON.parse(text));
    }), { numRuns: 500 });
  });

  it('refuses what JSON.parse refuses', () => {
    expect(() => parseJsonExact('{"a":12345678901234567')).toThrow(SyntaxError);
    expect(() => parseJsonExact('not json')).toThrow(SyntaxError);
  });
});
