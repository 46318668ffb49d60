/**
 * Signed tokens Sapa puts in links and headers of the messages it sends (adapters/security/link-tokens.ts).
 * Each names what it is about and carries an HMAC of the server's key, so a link is checked without
 * a lookup table and nothing per message is stored for it; a forged or altered token reads as null.
 */
import type { ChannelKind } from '../domain/vocabulary.js';

/** Who an unsubscribe link is for: one contact on one channel of one workspace. */
export interface UnsubscribeRef { readonly workspaceId: string; readonly contactId: string; readonly channel: ChannelKind }

export interface LinkTokens {
  /** The token of `/u/<token>`. */
  unsubscribe(ref: UnsubscribeRef): string;
  readUnsubscribe(token: string): UnsubscribeRef | null;
  /** The local part of an email's Message-ID (`<messageId>.<mac>`): a DSN that quotes it names our message and cannot be made up for another. */
  messageIdPart(messageId: string): string;
  /** Our message id in a Message-ID written by messageIdPart (with or without `<…@domain>`), or null. */
  readMessageId(messageIdHeader: string): string | null;
  /** The token a workspace's bounce webhook is called with. */
  bounceWebhook(workspaceId: string): string;
  readBounceWebhook(token: string): string | null;
  /** The open pixel of one message: `/t/o/<token>.gif`. */
  open(messageId: string): string;
  readOpen(token: string): string | null;
  /** A tracked link of one message: `/t/c/<token>` redirects to `url` and nowhere else. */
  click(messageId: string, url: string): string;
  readClick(token: string): { messageId: string; url: string } | null;
}
