/**
 * Live inbox updates for every open stream of a process, from the store's change feed
 * (conversations.changed_at, bumped by the triggers in the same statement as each message and
 * status). One reader per workspace with listeners, however many streams: it works the same when
 * the API and the workers are separate processes on PostgreSQL, since what changed is read from the
 * database, not from the process that changed it.
 */
import type { ConversationRepo } from './conversation.port.js';

/** How far each read looks back: a transaction that committed late carries an older changed_at. */
const OVERLAP_MS = 10_000;
const PAGE = 500;

export interface ConversationFeed {
  /** Calls `listener` with the ids of conversations that changed; returns the unsubscribe. */
  subscribe(workspaceId: string, listener: (ids: string[]) => void): () => void;
  close(): void;
}

export function createConversationFeed(repo: Pick<ConversationRepo, 'changes'>, options: { intervalMs: number; log?: { warn(o: object, m?: string): void } }): ConversationFeed {
  const readers = new Map<string, { listeners: Set<(ids: string[]) => void>; timer: NodeJS.Timeout }>();
  let closed = false;

  function start(workspaceId: string) {
    let after: Date | null = null;
    // The changed_at last announced per conversation within the overlap, so a row read twice is announced once.
    const announced = new Map<string, number>();
    let busy = false;
    const tick = async () => {
      if (busy || closed) return;
      busy = true;
      try {
        const { now, items } = await repo.changes(workspaceId, after, PAGE);
        const fresh = items.filter((c) => announced.get(c.id) !== c.changedAt.getTime());
        for (const c of fresh) announced.set(c.id, c.changedAt.getTime());
        const full = items.length === PAGE;
        after = full ? items.at(-1)!.changedAt : new Date(now.getTime() - OVERLAP_MS);
        const floor = after.getTime();
        for (const [id, at] of announced) if (at <= floor) announced.delete(id);
        const reader = readers.get(workspaceId);
        if (fresh.length > 0 && reader) for (const l of reader.listeners) l(fresh.map((c) => c.id));
      } catch (err) {
        options.log?.warn({ err }, 'conversation feed read failed');
      } finally {
        busy = false;
      }
    };
    void tick();
    return setInterval(() => void tick(), options.intervalMs);
  }

  return {
    subscribe(workspaceId, listener) {
      let reader = readers.get(workspaceId);
      if (!reader) {
        reader = { listeners: new Set(), timer: start(workspaceId) };
        readers.set(workspaceId, reader);
      }
      reader.listeners.add(listener);
      return () => {
        const r = readers.get(workspaceId);
        if (!r) return;
        r.listeners.delete(listener);
        if (r.listeners.size === 0) {
          clearInterval(r.timer);
          readers.delete(workspaceId);
        }
      };
    },
    close() {
      closed = true;
      for (const r of readers.values()) clearInterval(r.timer);
      readers.clear();
    },
  };
}
