import { describe, expect, it } from 'vitest';
import { formatDate, formatDateTime } from './format-time.js';

describe('one date and time format per language, in the shop\'s time zone', () => {
  const at = '2026-11-25T03:03:00Z';
  it('writes Indonesian with a dot in the time, English with a colon, both on the shop\'s clock', () => {
    expect(formatDateTime(at, 'id')).toBe('25 Nov 2026, 10.03');
    expect(formatDateTime(at, 'en')).toBe('25 Nov 2026, 10:03');
    expect(formatDate(at, 'id')).toBe('25 Nov 2026');
  });
  it('follows the workspace\'s zone (a shop in Makassar reads WITA)', () => {
    expect(formatDateTime(at, 'id', 'Asia/Makassar')).toBe('25 Nov 2026, 11.03');
    // Late evening in UTC is already the next day in Jakarta.
    expect(formatDate('2026-11-25T20:00:00Z', 'id')).toBe('26 Nov 2026');
  });
});
