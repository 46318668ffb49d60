import { describe, expect, it } from 'vitest';
import { dateIn, rangeOrDefault } from './dashboard.js';

describe('the default report range', () => {
  it("ends on the workspace's today, which from 17:00 UTC is already tomorrow in Jakarta", () => {
    const now = new Date('2026-12-07T17:30:00Z');
    expect(dateIn(now, 'Asia/Jakarta')).toBe('2026-12-08');
    expect(rangeOrDefault(now, 'Asia/Jakarta', { interval: 'day' })).toEqual({ from: '2026-11-09', to: '2026-12-08', interval: 'day' });
    expect(rangeOrDefault(now, 'UTC', { interval: 'week' })).toEqual({ from: '2026-11-08', to: '2026-12-07', interval: 'week' });
  });

  it('keeps the dates asked for, and passes a non-date on for the range check to name', () => {
    const now = new Date('2026-12-07T01:00:00Z');
    expect(rangeOrDefault(now, 'Asia/Jakarta', { from: '2026-01-01', to: '2026-01-31', interval: 'day' })).toEqual({ from: '2026-01-01', to: '2026-01-31', interval: 'day' });
    expect(rangeOrDefault(now, 'Asia/Jakarta', { to: '0000-00-00', interval: 'day' })).toEqual({ from: '0000-00-00', to: '0000-00-00', interval: 'day' });
  });
});
