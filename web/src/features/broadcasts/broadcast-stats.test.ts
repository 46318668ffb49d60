import { describe, expect, it } from 'vitest';
import type { BroadcastStats } from '../../../../src/contracts/index.js';
import { byReason, funnel, progressPercent, settledCount, skippedTotal, warnsMarketingOnWhatsApp } from './broadcast-stats.js';

const stats = (over: Partial<BroadcastStats>): BroadcastStats => ({
  total: 0, queued: 0, sending: 0, sent: 0, delivered: 0, read: 0, failed: 0, skipped: {}, failedBy: {}, ...over,
});

describe('broadcast progress', () => {
  it('counts sent, delivered, read, failed and every skip reason as done', () => {
    const s = stats({ total: 10, queued: 2, sending: 1, sent: 2, delivered: 1, read: 1, failed: 1, skipped: { opted_out: 1, frequency_cap: 1 }, failedBy: { network: 1 } });
    expect(settledCount(s)).toBe(7);
    expect(progressPercent(s)).toBe(70);
    expect(skippedTotal(s)).toBe(2);
  });

  it('is 0 before recipients exist, 100 only when all are settled, never above', () => {
    expect(progressPercent(stats({}))).toBe(0);
    expect(progressPercent(stats({ total: 1000, sent: 999, queued: 1 }))).toBe(99);
    expect(progressPercent(stats({ total: 3, sent: 1, delivered: 1, skipped: { cancelled: 1 } }))).toBe(100);
    expect(progressPercent(stats({ total: 2, sent: 5 }))).toBe(100);
  });

  it('builds the funnel from counts by current status', () => {
    expect(funnel(stats({ total: 10, sent: 3, delivered: 2, read: 4, failed: 1 }))).toEqual([
      { key: 'total', count: 10 }, { key: 'sent', count: 9 }, { key: 'delivered', count: 6 }, { key: 'read', count: 4 },
    ]);
  });

  it('lists reasons largest first without zeros', () => {
    expect(byReason({ cancelled: 3, opted_out: 5, frequency_cap: 0, no_recipient: 3 })).toEqual([
      { reason: 'opted_out', count: 5 }, { reason: 'cancelled', count: 3 }, { reason: 'no_recipient', count: 3 },
    ]);
  });

  it('warns only for a marketing template on WhatsApp', () => {
    expect(warnsMarketingOnWhatsApp('marketing', 'whatsapp')).toBe(true);
    expect(warnsMarketingOnWhatsApp('utility', 'whatsapp')).toBe(false);
    expect(warnsMarketingOnWhatsApp(undefined, 'whatsapp')).toBe(false);
  });
});
