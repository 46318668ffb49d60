/**
 * Edge cases: Indonesian mobile written with 0, 62, +62, spaces, dashes, parentheses and
 * dots; landlines; other regions with +; default region override (any case, unknown); rejects letters,
 * too short, too long, unassigned ranges, empty and whitespace.
 */
import { describe, expect, it } from 'vitest';
import { normalizePhone, phoneSearch } from './phone.js';

describe('normalizePhone', () => {
  it.each([
    ['0812-3456-7890', '+6281234567890'],
    ['081234567890', '+6281234567890'],
    ['6281234567890', '+6281234567890'],
    ['+62 812 3456 7890', '+6281234567890'],
    [' +62 (812) 3456.7890 ', '+6281234567890'],
    ['8123456789', '+628123456789'],
    ['(021) 555-1234', '+62215551234'],
    ['+1 202 555 0123', '+12025550123'],
  ])('%s → %s', (input, e164) => {
    expect(normalizePhone(input)).toEqual({ ok: true, e164 });
  });

  it('uses the given default region for national numbers', () => {
    expect(normalizePhone('012-345 6789', 'MY')).toEqual({ ok: true, e164: '+60123456789' });
    expect(normalizePhone('012-345 6789', 'my')).toEqual({ ok: true, e164: '+60123456789' });
  });

  it('still reads +numbers under an unknown region, and refuses national ones', () => {
    expect(normalizePhone('+6281234567890', 'XX')).toEqual({ ok: true, e164: '+6281234567890' });
    expect(normalizePhone('0812-3456-7890', 'XX')).toEqual({ ok: false, reason: 'invalid_phone' });
  });

  it.each(['', '   ', 'abc', '0812-ABCD-7890', '081234', '+62 812', '+6281234567890123', '0812 3456 7890 ext 1', '++6281234567890', '1234567890123456789012345678901234567890123'])(
    'rejects %j',
    (input) => {
      expect(normalizePhone(input)).toEqual({ ok: false, reason: 'invalid_phone' });
    },
  );
});

describe('phoneSearch', () => {
  it.each([
    ['0812', { kind: 'prefix', value: '+62812' }],
    ['0812-3456', { kind: 'prefix', value: '+628123456' }],
    ['62812', { kind: 'prefix', value: '+62812' }],
    ['+62 812', { kind: 'prefix', value: '+62812' }],
    ['+1 202', { kind: 'prefix', value: '+1202' }],
    ['3456', { kind: 'digits', value: '3456' }],
    [' (0812) 34 ', { kind: 'prefix', value: '+6281234' }],
  ] as const)('%j → %j', (input, out) => expect(phoneSearch(input)).toEqual(out));

  it.each(['Budi', '08', '', '+6', 'SO-1001', '0812\u0000', 'x'.repeat(50)])('%j is not a phone search', (input) => expect(phoneSearch(input)).toBeNull());
});
