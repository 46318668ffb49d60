/** Edge cases: a single day; weeks start on Monday (a Sunday belongs to the week before); a range across a month end; to before from. */
import { describe, expect, it } from 'vitest';
import { periodOf, periodsBetween } from './periods.js';

describe('periods', () => {
  it('lists days inclusive across a month end', () => {
    expect(periodsBetween('2026-01-30', '2026-02-02', 'day')).toEqual(['2026-01-30', '2026-01-31', '2026-02-01', '2026-02-02']);
    expect(periodsBetween('2026-03-05', '2026-03-05', 'day')).toEqual(['2026-03-05']);
  });
  it('puts a Sunday in the week of the Monday before it', () => {
    // 2026-03-01 is a Sunday; 2026-03-02 a Monday.
    expect(periodOf('2026-03-01', 'week')).toBe('2026-02-23');
    expect(periodOf('2026-03-02', 'week')).toBe('2026-03-02');
    expect(periodsBetween('2026-03-01', '2026-03-09', 'week')).toEqual(['2026-02-23', '2026-03-02', '2026-03-09']);
  });
  it('is empty when to is before from', () => {
    expect(periodsBetween('2026-03-05', '2026-03-04', 'day')).toEqual([]);
  });
});
