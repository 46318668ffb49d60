import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { minutesOfDay, quietHoursEnd } from './quiet-hours.js';

const jakarta = (local: string) => new Date(`${local}+07:00`);
const DEFAULT = { start: '21:00', end: '08:00' };

describe('quietHoursEnd', () => {
  it('lets a message go outside the window', () => {
    expect(quietHoursEnd(jakarta('2026-11-25T08:00:00'), DEFAULT, 'Asia/Jakarta')).toBeNull();
    expect(quietHoursEnd(jakarta('2026-11-25T20:59:59'), DEFAULT, 'Asia/Jakarta')).toBeNull();
  });

  it('defers a message inside a window that spans midnight to its end, that day or the next', () => {
    expect(quietHoursEnd(jakarta('2026-11-25T21:00:00'), DEFAULT, 'Asia/Jakarta')).toEqual(jakarta('2026-11-26T08:00:00'));
    expect(quietHoursEnd(jakarta('2026-11-25T23:30:15.250'), DEFAULT, 'Asia/Jakarta')).toEqual(jakarta('2026-11-26T08:00:00'));
    expect(quietHoursEnd(jakarta('2026-11-26T03:10:00'), DEFAULT, 'Asia/Jakarta')).toEqual(jakarta('2026-11-26T08:00:00'));
  });

  it('handles a window within one day and other zones', () => {
    const lunch = { start: '12:00', end: '13:30' };
    expect(quietHoursEnd(jakarta('2026-11-25T12:45:00'), lunch, 'Asia/Jakarta')).toEqual(jakarta('2026-11-25T13:30:00'));
    expect(quietHoursEnd(jakarta('2026-11-25T13:30:00'), lunch, 'Asia/Jakarta')).toBeNull();
    // 22:00 in Makassar (UTC+8) is 21:00 in Jakarta: quiet there until 08:00 WITA.
    expect(quietHoursEnd(new Date('2026-11-25T22:00:00+08:00'), DEFAULT, 'Asia/Makassar')).toEqual(new Date('2026-11-26T08:00:00+08:00'));
  });

  it('has no window when switched off or malformed', () => {
    expect(quietHoursEnd(jakarta('2026-11-25T23:00:00'), null, 'Asia/Jakarta')).toBeNull();
    expect(quietHoursEnd(jakarta('2026-11-25T23:00:00'), { start: '21:00', end: '21:00' }, 'Asia/Jakarta')).toBeNull();
    expect(quietHoursEnd(jakarta('2026-11-25T23:00:00'), { start: '25:00', end: '08:00' }, 'Asia/Jakarta')).toBeNull();
    expect(minutesOfDay('7:00')).toBeNull();
  });

  it('never returns a time in the past or inside the window, nor more than a day ahead (property)', () => {
    const hhmm = fc.tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 })).map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`);
    fc.assert(fc.property(fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }), hhmm, hhmm, (at, start, end) => {
      const until = quietHoursEnd(at, { start, end }, 'Asia/Jakarta');
      if (until === null) return;
      expect(until.getTime()).toBeGreaterThan(at.getTime() - 1);
      expect(until.getTime() - at.getTime()).toBeLessThanOrEqual(24 * 3600_000);
      expect(quietHoursEnd(until, { start, end }, 'Asia/Jakarta')).toBeNull();
    }));
  });
});
