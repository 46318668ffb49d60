/**
 * Live in-app messages for every open contact stream of a process. One reader, however many
 * streams: each pass reads, in one statement, the messages that reached the inbox of any contact
 * with an open stream here, and hands each stream its contact's. What arrived is read from the
 * database, not learnt from the process that sent it, so it works the same when the workers are
 * other processes on PostgreSQL; a send in this process pokes the reader so it looks at once
 * instead of at its next pass. (The inbox's conversation-feed.ts works the same way.)
 */
import type { InAppMessageRecord, InAppRepo } from './inapp.port.js';

/** How far each read looks back: a send that committed late carries an older sent_at. */
const OVERLAP_MS = 10_000;
const PAGE = 500;
/** A poke reads this much later: the send's outcome is recorded after the channel returns. */
const POKE_DELAY_MS = 100;

type Listener = (messages: InAppMessageRecord[]) => void;

export interface InAppFeed {
  /** Calls `listener` with the contact's messages that reached its inbox; returns the unsubscribe. */
  subscribe(workspaceId: string, contactId: string, listener: Listener): () => void;
  /** A message may just have reached an inbox: read soon rather than at the next pass. */
  poke(): void;
  close(): void;
}

export function createInAppFeed(repo: Pick<InAppRepo, 'changes'>, options: { intervalMs: number; log?: { warn(o: object, m?: string): void } }): InAppFeed {
  // contact id → its streams; the workspace is checked per message, so a contact id alone never crosses workspaces.
  const listeners = new Map<string, Set<{ workspaceId: string; listener: Listener }>>();
  // The sent_at of each message announced within the overlap: one read twice is announced once.
  const announced = new Map<string, number>();
  let since: Date | null = null;
  let timer: NodeJS.Timeout | null = null;
  let poked: NodeJS.Timeout | null = null;
  let busy = false;
  let again = false;
  let closed = false;

  async function tick() {
    if (closed || listeners.size === 0) return;
    if (busy) {
      again = true;
      return;
    }
    busy = true;
    try {
      const { now, items } = await repo.changes([...listeners.keys()], since, PAGE);
      const fresh = items.filter((m) => announced.get(m.id) !== m.sentAt.getTime());
      for (const m of fresh) announced.set(m.id, m.sentAt.getTime());
      since = items.length === PAGE ? items.at(-1)!.sentAt : new Date(now.getTime() - OVERLAP_MS);
      const floor = since.getTime();
      for (const [id, at] of announced) if (at < floor) announced.delete(id);
      const byContact = new Map<string, InAppMessageRecord[]>();
      for (const m of fresh) byContact.set(m.contactId, [...(byContact.get(m.contactId) ?? []), m]);
      for (const [contactId, list] of byContact) {
        for (const l of listeners.get(contactId) ?? []) {
          const theirs = list.filter((m) => m.workspaceId === l.workspaceId);
          if (theirs.length > 0) l.listener(theirs);
        }
      }
    } catch (err) {
      options.log?.warn({ err }, 'in-app feed read failed');
    } finally {
      busy = false;
      if (again) {
        again = false;
        void tick();
      }
    }
  }

  return {
    subscribe(workspaceId, contactId, listener) {
      const entry = { workspaceId, listener };
      const set = listeners.get(contactId) ?? new Set();
      set.add(entry);
      listeners.set(contactId, set);
      timer ??= setInterval(() => void tick(), options.intervalMs);
      return () => {
        const s = listeners.get(contactId);
        s?.delete(entry);
        if (s && s.size === 0) listeners.delete(contactId);
        if (listeners.size === 0 && timer) {
          clearInterval(timer);
          timer = null;
          // The next first stream starts from the database's now again.
          since = null;
          announced.clear();
        }
      };
    },
    poke() {
      if (closed || poked || listeners.size === 0) return;
      poked = setTimeout(() => {
        poked = null;
        void tick();
      }, POKE_DELAY_MS);
    },
    close() {
      closed = true;
      if (timer) clearInterval(timer);
      if (poked) clearTimeout(poked);
      listeners.clear();
    },
  };
}
