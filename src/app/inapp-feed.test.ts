/**
 * The in-app feed against an in-memory inbox: one read for all streams, each stream gets only its
 * contact's messages of its workspace, a message read twice (the look-back) is announced once, a
 * poke reads without waiting for the next pass, and nothing is read while no stream is open.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createInAppFeed, type InAppFeed } from './inapp-feed.js';
import type { InAppMessageRecord, InAppRepo } from './inapp.port.js';

const msg = (id: string, contactId: string, workspaceId = 'ws1', sentAt = new Date('2026-01-01T00:00:00Z')): InAppMessageRecord => ({
  id, workspaceId, contactId, body: `text ${id}`, status: 'sent', sentAt, readAt: null,
});

function memoryInbox() {
  const rows: InAppMessageRecord[] = [];
  const calls: { contactIds: readonly string[]; since: Date | null }[] = [];
  const repo: Pick<InAppRepo, 'changes'> = {
    async changes(contactIds, since) {
      calls.push({ contactIds: [...contactIds], since });
      const items = rows.filter((m) => contactIds.includes(m.contactId) && (!since || m.sentAt >= since));
      return { now: new Date('2026-01-01T00:00:05Z'), items };
    },
  };
  return { rows, calls, repo };
}

let feed: InAppFeed | undefined;
afterEach(() => {
  feed?.close();
  vi.useRealTimers();
});

describe('in-app feed', () => {
  it('reads once per pass for every open stream and hands each its own contact’s messages of its workspace', async () => {
    vi.useFakeTimers();
    const inbox = memoryInbox();
    feed = createInAppFeed(inbox.repo, { intervalMs: 1000 });
    const a: string[] = [];
    const b: string[] = [];
    const foreign: string[] = [];
    feed.subscribe('ws1', 'c1', (ms) => a.push(...ms.map((m) => m.id)));
    feed.subscribe('ws1', 'c2', (ms) => b.push(...ms.map((m) => m.id)));
    feed.subscribe('ws2', 'c1', (ms) => foreign.push(...ms.map((m) => m.id)));
    inbox.rows.push(msg('m1', 'c1'), msg('m2', 'c2'), msg('m3', 'c3'));
    await vi.advanceTimersByTimeAsync(1000);
    expect(inbox.calls).toHaveLength(1);
    expect([...inbox.calls[0]!.contactIds].sort()).toEqual(['c1', 'c2']);
    expect(inbox.calls[0]!.since).toBeNull();
    expect([a, b, foreign]).toEqual([['m1'], ['m2'], []]);
    // The next pass looks back ten seconds from the database's now and sees m1 again: not announced twice.
    await vi.advanceTimersByTimeAsync(1000);
    expect(inbox.calls[1]!.since).toEqual(new Date('2025-12-31T23:59:55Z'));
    expect(a).toEqual(['m1']);
  });

  it('reads soon after a poke, and not at all without streams', async () => {
    vi.useFakeTimers();
    const inbox = memoryInbox();
    feed = createInAppFeed(inbox.repo, { intervalMs: 60_000 });
    feed.poke();
    await vi.advanceTimersByTimeAsync(500);
    expect(inbox.calls).toHaveLength(0);
    const got: string[] = [];
    const unsubscribe = feed.subscribe('ws1', 'c1', (ms) => got.push(...ms.map((m) => m.id)));
    inbox.rows.push(msg('m1', 'c1'));
    feed.poke();
    await vi.advanceTimersByTimeAsync(200);
    expect(got).toEqual(['m1']);
    unsubscribe();
    await vi.advanceTimersByTimeAsync(120_000);
    expect(inbox.calls).toHaveLength(1);
  });
});
