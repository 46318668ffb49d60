/**
 * A provider peer of `bench:delivery` for a channel other than WhatsApp (email.ts, sms.ts): it
 * seeds a backlog of its channel's messages, counts what reaches it, and says how many sends it
 * saw in the busiest sliding second. run.ts runs one `sapa worker` against each the same way.
 */
import type pg from 'pg';
import type { Backlog } from './seed-backlog.js';

export interface PeerReport {
  /** Sends per key (our message id where the wire carries it, else the recipient). */
  perKey: Map<string, number>;
  /** The first send's arrival (ms), null when none arrived. */
  firstAt: number | null;
  maxSliding1s: number;
  /** Sends the peer could not tie to a key. */
  unknown: number;
  /** One line for the notes under the table. */
  note: string;
}

export interface CountingPeer {
  /** What a message is called in the output: "emails", "SMS". */
  noun: string;
  /** The worker's environment to reach the peer (e.g. SMS_API_BASE). */
  env: Record<string, string>;
  /** Forget what arrived so far (each run counts its own). */
  reset(): void;
  /** A workspace whose account has `ratePerSecond`, its queued messages and their keys in perKey's terms. */
  seed(pool: pg.Pool, options: { messages: number; idsPerJob: number; ratePerSecond: number | null }): Promise<{ backlog: Backlog; keys: string[] }>;
  report(): PeerReport;
  close(): Promise<void>;
}

/** The most arrivals in any 1-second window, wherever it starts, and the first arrival. */
export function slidingMax(times: readonly number[]): { max: number; first: number | null } {
  const sorted = [...times].sort((a, b) => a - b);
  let max = 0;
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while (sorted[i]! - sorted[j]! >= 1000) j++;
    max = Math.max(max, i - j + 1);
  }
  return { max, first: sorted[0] ?? null };
}
