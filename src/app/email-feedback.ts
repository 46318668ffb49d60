/**
 * What comes back from email: one-click unsubscribes (RFC 8058), bounces (the webhook a relay or
 * an ESP posts, and DSNs received by SMTP), and opens and clicks of tracked links.
 *
 * Every entry point is unauthenticated in the HTTP sense: what it may touch is named by a token
 * signed with the server's key (app/link-tokens.port.ts), so a forged one changes nothing.
 */
import { applyStatus, isHardBounce, parseDeliveryStatus } from '../domain/index.js';
import type { LinkTokens } from './link-tokens.port.js';
import type { Deps } from './ports.js';

export type FeedbackDeps = Pick<Deps, 'store' | 'clock' | 'log'> & { links: LinkTokens | null };

/** Whether an unsubscribe token is ours (the GET page shows a button only then). */
export function checkUnsubscribeToken(deps: Pick<FeedbackDeps, 'links'>, token: string): boolean {
  return deps.links?.readUnsubscribe(token) != null;
}

/**
 * The one-click POST: the contact named by the token is opted out of that channel (source
 * `unsubscribe_link`). 'invalid' for a token that is not ours; an erased contact is 'done' too
 * (there is nothing left to send to, and the answer must not tell who exists).
 */
export async function unsubscribe(deps: FeedbackDeps, token: string): Promise<'done' | 'invalid'> {
  const ref = deps.links?.readUnsubscribe(token) ?? null;
  if (!ref || ref.channel === 'inapp') return 'invalid';
  const at = deps.clock.now();
  const contact = await deps.store.contacts.get(ref.workspaceId, ref.contactId);
  if (!contact) return 'done';
  const changed = await deps.store.contacts.setConsent(ref.workspaceId, ref.contactId, ref.channel, 'opted_out', 'unsubscribe_link', at, null);
  if (changed) deps.log.info({ workspaceId: ref.workspaceId, contactId: ref.contactId, channel: ref.channel }, 'contact unsubscribed by link');
  return 'done';
}

export interface BounceReport {
  readonly email: string;
  readonly type: 'hard' | 'soft';
  /** The bounced message's Message-ID as Sapa wrote it, or Sapa's message id. */
  readonly messageId?: string | undefined;
  readonly reason?: string | undefined;
}

/**
 * A bounce for a workspace: hard marks the address (every contact of the workspace that has it) and
 * fails the named message with the reason; soft is only logged (the next send may well succeed).
 */
export async function recordBounce(deps: FeedbackDeps, workspaceId: string, report: BounceReport): Promise<{ addressesMarked: number; messageFailed: boolean }> {
  const at = deps.clock.now();
  if (report.type === 'soft') {
    deps.log.info({ workspaceId, reason: report.reason ?? null }, 'soft email bounce; nothing marked');
    return { addressesMarked: 0, messageFailed: false };
  }
  const reason = `email_bounced${report.reason ? `: ${report.reason}` : ''}`.slice(0, 500);
  const addressesMarked = await deps.store.emailFeedback.markBounced(workspaceId, report.email, at, reason);
  let messageFailed = false;
  const id = report.messageId ? ourMessageId(deps, report.messageId) : null;
  if (id) {
    const message = await deps.store.emailFeedback.message(id);
    // Only the workspace's own email to this very address: a token for one workspace cannot fail another's messages.
    if (message && message.workspaceId === workspaceId && message.channel === 'email' && message.recipient?.toLowerCase() === report.email.toLowerCase()) {
      const next = applyStatus(message.status, 'failed');
      if (next) messageFailed = await deps.store.messages.transition(message.id, [message.status], 'failed', { at, reason: 'email_bounced', detail: report.reason ?? null });
    }
  }
  deps.log.info({ workspaceId, addressesMarked, messageFailed }, 'hard email bounce');
  return { addressesMarked, messageFailed };
}

/**
 * A DSN (RFC 3464) received by SMTP: the original message is found by the signed Message-ID it
 * quotes (no other way: the DSN names no workspace), and each hard-bounced recipient that is that
 * message's address is recorded as a hard bounce of its workspace. What it did, for the log.
 */
export async function receiveDsn(
  deps: FeedbackDeps,
  dsn: { deliveryStatus: string; originalMessageId: string | null },
): Promise<'bounced' | 'not_a_bounce' | 'unknown_message'> {
  const hard = parseDeliveryStatus(dsn.deliveryStatus).filter(isHardBounce);
  if (hard.length === 0) return 'not_a_bounce';
  const id = dsn.originalMessageId && deps.links ? deps.links.readMessageId(dsn.originalMessageId) : null;
  const message = id ? await deps.store.emailFeedback.message(id) : null;
  if (!message || message.channel !== 'email' || !message.recipient) return 'unknown_message';
  const recipient = message.recipient.toLowerCase();
  const mine = hard.find((r) => r.recipient === null || r.recipient === recipient);
  if (!mine) return 'unknown_message';
  await recordBounce(deps, message.workspaceId, { email: recipient, type: 'hard', messageId: dsn.originalMessageId!, reason: [mine.status, mine.diagnostic].filter(Boolean).join(' ') });
  return 'bounced';
}

/** Our message id from a Message-ID we wrote (signed), or a bare id of ours. */
function ourMessageId(deps: Pick<FeedbackDeps, 'links'>, value: string): string | null {
  const signed = deps.links?.readMessageId(value) ?? null;
  if (signed) return signed;
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value.trim()) ? value.trim().toLowerCase() : null;
}

/** The open pixel was fetched: the message is `read` (if it was sent and not read yet). */
export async function recordOpen(deps: FeedbackDeps, token: string): Promise<boolean> {
  const id = deps.links?.readOpen(token) ?? null;
  if (!id) return false;
  await markRead(deps, id);
  return true;
}

/**
 * A tracked link was followed: where to send the reader (the URL signed in the token, nothing
 * else: never an open redirect), after recording the click (and the read it implies).
 */
export async function recordClick(deps: FeedbackDeps, token: string): Promise<string | null> {
  const click = deps.links?.readClick(token) ?? null;
  const url = click ? locationOf(click.url) : null;
  if (!click || !url) return null;
  await markRead(deps, click.messageId);
  await deps.store.emailFeedback.recordClick(click.messageId, deps.clock.now());
  return url;
}

/**
 * The signed URL as a Location header can carry it: parsed the way a browser would (tabs and line
 * breaks dropped, spaces, NUL and non-ASCII percent-encoded), http(s) only. A contact value in an
 * href is HTML-escaped but may hold a line break, and a raw one in a header is a 500 (or worse).
 */
function locationOf(raw: string): string | null {
  if (!/^https?:\/\//i.test(raw)) return null;
  try {
    const url = new URL(raw);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : null;
  } catch {
    return null;
  }
}

async function markRead(deps: FeedbackDeps, id: string): Promise<void> {
  const message = await deps.store.emailFeedback.message(id);
  if (!message || message.channel !== 'email') return;
  if (applyStatus(message.status, 'read') === null || message.status === 'queued' || message.status === 'sending') return;
  await deps.store.messages.transition(id, [message.status], 'read', { at: deps.clock.now() });
}
