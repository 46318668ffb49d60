/**
 * The feed over an in-memory change table: a change is announced once although the overlap reads it
 * again; a change committed late (its changed_at before the last read) is still announced; the
 * last listener leaving stops the reads; a failing read is logged and the next one goes on.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createConversationFeed } from './conversation-feed.js';

afterEach(() => { vi.useRealTimers(); });

function fakeRepo() {
  const rows: { id: string; changedAt: Date }[] = [];
  let now = new Date('2026-11-23T02:00:00Z');
  let fail = false;
  const repo = {
    reads: 0,
    async changes(_ws: string, after: Date | null, limit: number) {
      repo.reads++;
      if (fail) { fail = false; throw new Error('connection lost'); }
      const from = after ?? now;
      return { now, items: rows.filter((r) => r.changedAt > from).sort((a, b) => +a.changedAt - +b.changedAt).slice(0, limit) };
    },
    change(id: string, ms: number) { rows.push({ id, changedAt: new Date(now.getTime() + ms) }); },
    advance(ms: number) { now = new Date(now.getTime() + ms); },
    failNext() { fail = true; },
  };
  return repo;
}

describe('conversation feed', () => {
  it('announces each change once, also one that committed late, and stops reading when nobody listens', async () => {
    vi.useFakeTimers();
    const repo = fakeRepo();
    const warn = vi.fn();
    const feed = createConversationFeed(repo, { intervalMs: 500, log: { warn } });
    const seen: string[][] = [];
    const stop = feed.subscribe('ws', (ids) => seen.push(ids));
    await vi.advanceTimersByTimeAsync(0);
    repo.advance(100);
    repo.change('a', 0);
    await vi.advanceTimersByTimeAsync(500);
    repo.advance(500);
    await vi.advanceTimersByTimeAsync(500);
    // Committed late: its changed_at is before the previous read's time, within the overlap.
    repo.change('b', -300);
    repo.advance(500);
    await vi.advanceTimersByTimeAsync(500);
    expect(seen).toEqual([['a'], ['b']]);

    repo.failNext();
    repo.change('c', 1);
    repo.advance(500);
    await vi.advanceTimersByTimeAsync(500);
    await vi.advanceTimersByTimeAsync(500);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(seen).toEqual([['a'], ['b'], ['c']]);

    stop();
    const reads = repo.reads;
    await vi.advanceTimersByTimeAsync(5000);
    expect(repo.reads).toBe(reads);
    feed.close();
  });
});
