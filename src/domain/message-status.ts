/**
 * The message status machine. Forward path: queued → sending → sent → delivered → read;
 * terminal: failed, skipped. Provider webhooks arrive late, twice and out of order, so:
 * - progress along the forward path only moves forward (read never drops to delivered);
 *   steps may be skipped (queued → delivered when the `sent` webhook is lost);
 * - `sending → queued` is the one backward move, made by our worker when it schedules a retry;
 * - failed/skipped stay, except that `delivered` or `read` from the provider proves the
 *   message reached the phone and wins (e.g. we timed out but the send had gone through);
 *   a late `sent` does not, since WhatsApp reports `sent` before `failed`;
 * - `failed` is ignored once delivered/read, and `skipped` only applies before sending.
 */

import type { MessageStatus } from './vocabulary.js';

const PROGRESS: Readonly<Record<MessageStatus, number>> = {
  queued: 0,
  sending: 1,
  sent: 2,
  delivered: 3,
  read: 4,
  failed: -1,
  skipped: -1,
};

/** True for final statuses: nothing more will be sent or retried (read, failed, skipped). */
export function isTerminalStatus(status: MessageStatus): boolean {
  return status === 'failed' || status === 'skipped' || status === 'read';
}

/** The status after applying `incoming` to `current`, or null to ignore the update. */
export function applyStatus(current: MessageStatus, incoming: MessageStatus): MessageStatus | null {
  if (current === incoming) return null;
  switch (incoming) {
    case 'queued':
      return current === 'sending' ? 'queued' : null;
    case 'sending':
      return current === 'queued' ? 'sending' : null;
    case 'sent':
      return current === 'queued' || current === 'sending' ? 'sent' : null;
    case 'delivered':
    case 'read':
      if (current === 'failed' || current === 'skipped') return incoming;
      return PROGRESS[incoming] > PROGRESS[current] ? incoming : null;
    case 'failed':
      return current === 'queued' || current === 'sending' || current === 'sent' ? 'failed' : null;
    case 'skipped':
      return current === 'queued' || current === 'sending' ? 'skipped' : null;
    default: {
      const unreachable: never = incoming;
      throw new Error(`unknown message status ${String(unreachable)}`);
    }
  }
}
