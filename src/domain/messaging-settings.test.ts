import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalTimeZone, isLocalTime, quietHoursProblems } from './messaging-settings.js';

describe('local times', () => {
  it('accepts 00:00 to 23:59 and nothing else', () => {
    for (const ok of ['00:00', '08:00', '21:00', '23:59', '09:05']) expect(isLocalTime(ok), ok).toBe(true);
    for (const bad of ['24:00', '25:00', '23:60', '8:00', '08:0', '0800', '08:00:00', ' 08:00', '08:00\u0000', '', '２１:00']) expect(isLocalTime(bad), bad).toBe(false);
  });

  it('agrees with the numbers for every string of the shape dd:dd', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 99 }), fc.integer({ min: 0, max: 99 }), (h, m) => {
      const text = `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
      expect(isLocalTime(text)).toBe(h < 24 && m < 60);
    }));
  });

  it('never throws on any string', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (s) => { expect(typeof isLocalTime(s)).toBe('boolean'); }));
  });
});

describe('quiet hours', () => {
  it('may run over midnight but may not be empty', () => {
    expect(quietHoursProblems({ start: '21:00', end: '08:00' })).toEqual([]);
    expect(quietHoursProblems({ start: '12:00', end: '13:30' })).toEqual([]);
    expect(quietHoursProblems({ start: '21:00', end: '21:00' })).toEqual([{ field: 'end', reason: 'settings.quiet_hours_empty' }]);
    expect(quietHoursProblems({ start: '25:00', end: '08:00' })).toEqual([{ field: 'start', reason: 'settings.invalid_time' }]);
  });
});

describe('time zones', () => {
  it('answers the canonical IANA name', () => {
    expect(canonicalTimeZone('Asia/Jakarta')).toBe('Asia/Jakarta');
    expect(canonicalTimeZone('asia/makassar')).toBe('Asia/Makassar');
    expect(canonicalTimeZone('UTC')).toBe('UTC');
  });

  it('refuses made-up zones, offsets and junk', () => {
    for (const bad of ['Asia/Bandung', 'Mars/Olympus', '+07:00', '-03', 'GMT+7 ', '', '../etc/passwd', 'Asia/Jakarta\u0000', 'a'.repeat(65), '\uD800']) {
      expect(canonicalTimeZone(bad), bad).toBeNull();
    }
  });

  it('never throws on any string', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (s) => {
      const zone = canonicalTimeZone(s);
      expect(zone === null || typeof zone === 'string').toBe(true);
    }));
  });
});
