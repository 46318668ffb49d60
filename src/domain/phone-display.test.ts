/**
 * Edge cases: Indonesian mobiles of 10 to 13 digits (checked against libphonenumber's own national
 * format), landlines, foreign numbers, null/empty, text that is not E.164.
 */
import fc from 'fast-check';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { describe, expect, it } from 'vitest';
import { formatPhoneNational } from './phone-display.js';

describe('formatPhoneNational', () => {
  it.each([
    ['+6281234567890', '0812-3456-7890'],
    ['+628123456789', '0812-3456-789'],
    ['+62811234567', '0811-234-567'],
    ['+6285712345678', '0857-1234-5678'],
    ['+62215551234', '0215551234'],
    ['+12025550123', '+12025550123'],
    ['0812', '0812'],
    ['', ''],
    [null, ''],
  ])('%s → %s', (input, out) => expect(formatPhoneNational(input)).toBe(out));

  it('writes every valid Indonesian mobile as libphonenumber does', () => {
    fc.assert(fc.property(fc.constantFrom('811', '812', '813', '821', '822', '852', '857', '878', '896'), fc.integer({ min: 6, max: 9 }), fc.nat(), (prefix, rest, seed) => {
      const digits = String(seed).padStart(rest, '7').slice(0, rest);
      const e164 = `+62${prefix}${digits}`;
      const parsed = parsePhoneNumberFromString(e164);
      fc.pre(parsed !== undefined && parsed.isValid());
      expect(formatPhoneNational(e164)).toBe(parsed!.formatNational());
    }), { numRuns: 500 });
  });
});
