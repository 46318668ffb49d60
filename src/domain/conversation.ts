/** Conversation rules: WhatsApp's 24-hour customer service window and opt-out keywords. */

export const SERVICE_WINDOW_MS = 24 * 60 * 60 * 1000;

/** Words that, sent alone by a contact, opt them out of the channel (case-insensitive). */
export const OPT_OUT_KEYWORDS = ['STOP', 'BERHENTI'] as const;

/**
 * True while free-form messages are allowed: less than 24 hours since the contact's last
 * inbound message. A timestamp slightly ahead of `now` (clock skew) counts as open.
 */
export function isWindowOpen(lastInboundAt: Date | null, now: Date): boolean {
  if (lastInboundAt === null) return false;
  const elapsed = now.getTime() - lastInboundAt.getTime();
  return Number.isFinite(elapsed) && elapsed < SERVICE_WINDOW_MS;
}

/**
 * True when the whole message is an opt-out keyword: trimmed, any case, optionally
 * followed by punctuation (`stop!`, ` Berhenti. `). `STOP PROMO` or `jangan stop` are not.
 */
export function isOptOutKeyword(text: string): boolean {
  if (typeof text !== 'string') return false;
  const word = text.trim().replace(/[\s.!?,;:~\-)*]+$/u, '').toUpperCase();
  return (OPT_OUT_KEYWORDS as readonly string[]).includes(word);
}
