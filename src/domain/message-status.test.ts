/**
 * Edge cases: the forward path, skipping steps, duplicates ignored, never backwards
 * (read → delivered, delivered → sent), the worker's sending → queued retry, failed and
 * skipped stay except for proof of delivery, late `sent` after failed is ignored,
 * failed after delivered is ignored, skipped only before sending. Exhaustive over all pairs.
 */
import { describe, expect, it } from 'vitest';
import { applyStatus, isTerminalStatus } from './message-status.js';
import { MESSAGE_STATUSES, type MessageStatus } from './vocabulary.js';

describe('applyStatus', () => {
  it.each([
    ['queued', 'sending', 'sending'],
    ['sending', 'sent', 'sent'],
    ['sent', 'delivered', 'delivered'],
    ['delivered', 'read', 'read'],
    ['queued', 'sent', 'sent'],
    ['sent', 'read', 'read'],
    ['sending', 'queued', 'queued'],
    ['sent', 'failed', 'failed'],
    ['queued', 'skipped', 'skipped'],
    ['failed', 'delivered', 'delivered'],
    ['failed', 'read', 'read'],
    ['skipped', 'delivered', 'delivered'],
  ] as const)('%s + %s → %s', (current, incoming, expected) => {
    expect(applyStatus(current, incoming)).toBe(expected);
  });

  it.each([
    ['read', 'delivered'],
    ['read', 'sent'],
    ['delivered', 'sent'],
    ['delivered', 'failed'],
    ['read', 'failed'],
    ['failed', 'sent'],
    ['failed', 'sending'],
    ['failed', 'skipped'],
    ['skipped', 'failed'],
    ['skipped', 'sent'],
    ['sent', 'skipped'],
    ['sent', 'queued'],
    ['queued', 'queued'],
    ['read', 'read'],
  ] as const)('%s + %s is ignored', (current, incoming) => {
    expect(applyStatus(current, incoming)).toBeNull();
  });

  it('never moves a delivered message down the forward path, for every pair', () => {
    const rank: Partial<Record<MessageStatus, number>> = { queued: 0, sending: 1, sent: 2, delivered: 3, read: 4 };
    for (const current of MESSAGE_STATUSES) {
      for (const incoming of MESSAGE_STATUSES) {
        const next = applyStatus(current, incoming);
        if (next === null) continue;
        expect(next).toBe(incoming);
        const from = rank[current];
        const to = rank[next];
        if (from !== undefined && to !== undefined && !(current === 'sending' && next === 'queued')) expect(to).toBeGreaterThan(from);
      }
    }
  });
});

describe('isTerminalStatus', () => {
  it('marks read, failed and skipped as final', () => {
    expect(MESSAGE_STATUSES.filter(isTerminalStatus)).toEqual(['read', 'failed', 'skipped']);
  });
});
