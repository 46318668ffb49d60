import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isoToZonedLocal, zonedLocalToIso, zoneOffsetMinutes } from './zoned-time.js';

describe('scheduling in the workspace time zone', () => {
  it('writes a Jakarta wall time with +07:00 whatever the browser zone', () => {
    expect(zonedLocalToIso('2026-11-25T19:30', 'Asia/Jakarta')).toBe('2026-11-25T19:30:00+07:00');
    expect(Date.parse(zonedLocalToIso('2026-11-25T19:30', 'Asia/Jakarta') ?? '')).toBe(Date.parse('2026-11-25T12:30:00Z'));
    expect(zonedLocalToIso('2026-01-01T00:05', 'Asia/Makassar')).toBe('2026-01-01T00:05:00+08:00');
    expect(zonedLocalToIso('2026-07-01T09:00', 'America/New_York')).toBe('2026-07-01T09:00:00-04:00');
    expect(zonedLocalToIso('2026-07-01T09:00', 'Asia/Kolkata')).toBe('2026-07-01T09:00:00+05:30');
  });

  it('takes the offset after a daylight-saving jump for a skipped wall time', () => {
    // 2026-03-08 02:30 does not exist in New York (clocks jump from 02:00 to 03:00).
    const iso = zonedLocalToIso('2026-03-08T02:30', 'America/New_York');
    expect(iso).toMatch(/^2026-03-08T02:30:00-0[45]:00$/);
  });

  it('refuses what is not a real date and time', () => {
    for (const bad of ['', '2026-02-30T10:00', '2026-13-01T10:00', '2026-11-25T24:00', '2026-11-25T10:60', '2026-11-25 10:00', '2026-11-25T10:00Z', '12026-11-25T10:00', '\u0000']) {
      expect(zonedLocalToIso(bad, 'Asia/Jakarta'), bad).toBeNull();
    }
  });

  it('shows an instant on the zone clock', () => {
    expect(isoToZonedLocal('2026-11-25T12:30:00Z', 'Asia/Jakarta')).toBe('2026-11-25T19:30');
    expect(isoToZonedLocal('2026-11-25T17:30:00Z', 'Asia/Jakarta')).toBe('2026-11-26T00:30');
    expect(zoneOffsetMinutes(Date.parse('2026-11-25T00:00:00Z'), 'Asia/Jakarta')).toBe(420);
  });

  it('round-trips every minute of the years Sapa schedules in (property)', () => {
    const zones = ['Asia/Jakarta', 'Asia/Makassar', 'Asia/Jayapura', 'Europe/Amsterdam', 'America/Sao_Paulo'];
    fc.assert(
      fc.property(fc.integer({ min: Date.parse('2020-01-01T00:00:00Z') / 60_000, max: Date.parse('2100-01-01T00:00:00Z') / 60_000 }), fc.constantFrom(...zones), (minute, zone) => {
        const instant = minute * 60_000;
        const local = isoToZonedLocal(instant, zone);
        const iso = zonedLocalToIso(local, zone);
        expect(iso).not.toBeNull();
        // An hour repeated by a fall-back is ambiguous; its wall time must still read back the same.
        expect(isoToZonedLocal(Date.parse(iso ?? ''), zone)).toBe(local);
      }),
      { numRuns: 500 },
    );
  });
});
