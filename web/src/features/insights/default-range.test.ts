import { describe, expect, it } from 'vitest';
import { defaultRange } from './api.js';

describe('the reports\' default range', () => {
  it("ends on the workspace's today: at 00:30 WIB it is already the next day in Jakarta, not yet in UTC", () => {
    const now = new Date('2026-12-07T17:30:00Z');
    expect(defaultRange('Asia/Jakarta', now)).toEqual({ from: '2026-11-09', to: '2026-12-08', interval: 'day' });
    expect(defaultRange('UTC', now)).toEqual({ from: '2026-11-08', to: '2026-12-07', interval: 'day' });
  });

  it('spans 30 calendar days across a month end and a leap day', () => {
    expect(defaultRange('Asia/Jakarta', new Date('2028-03-01T05:00:00Z'))).toEqual({ from: '2028-02-01', to: '2028-03-01', interval: 'day' });
  });
});
