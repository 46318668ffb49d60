/** Channel choice in the engine: the message that takes over an intent after a permanent failure. */
import { nextChannel, recipientFor, type FailureClass } from '../domain/index.js';
import type { ClaimedFallback, NewFallback } from './engine.port.js';

/**
 * The fallback of message `of` after a failure of `failureClass`: the next of its channels that
 * reaches the contact (domain nextChannel) and, for a message rendered when made, has content;
 * null when the failure is not permanent or no channel is left.
 */
export function fallbackFor(of: string, failureClass: FailureClass, fb: ClaimedFallback, now: Date): NewFallback | null {
  const next = nextChannel(failureClass, fb.contact, fb.channels, (c) => fb.content === null || fb.content[c] !== undefined);
  if (!next) return null;
  return {
    of, channel: next.channel, recipient: recipientFor(next.channel, fb.contact)!,
    rendered: fb.content === null ? null : fb.content[next.channel]!, fallbackChannels: next.fallbacks, scheduledAt: now,
  };
}
