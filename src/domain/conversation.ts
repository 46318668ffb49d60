/** Conversation rules: WhatsApp's 24-hour customer service window, opt-out/opt-in keywords, keyword auto-replies, business hours. */
import { minutesOfDay } from './quiet-hours.js';
import type { Weekday } from './vocabulary.js';

export const SERVICE_WINDOW_MS = 24 * 60 * 60 * 1000;

/** Words that, sent alone by a contact, opt them out of the channel (case-insensitive). */
export const OPT_OUT_KEYWORDS = ['STOP', 'BERHENTI'] as const;
/** Words that, sent alone, opt a contact back in (after a STOP). */
export const OPT_IN_KEYWORDS = ['MULAI', 'START'] as const;

/**
 * True while free-form messages are allowed: less than 24 hours since the contact's last
 * inbound message. A timestamp slightly ahead of `now` (clock skew) counts as open.
 */
export function isWindowOpen(lastInboundAt: Date | null, now: Date): boolean {
  if (lastInboundAt === null) return false;
  const elapsed = now.getTime() - lastInboundAt.getTime();
  return Number.isFinite(elapsed) && elapsed < SERVICE_WINDOW_MS;
}

/** When the 24-hour window closes (null: it never opened). */
export function windowClosesAt(lastInboundAt: Date | null): Date | null {
  return lastInboundAt === null ? null : new Date(lastInboundAt.getTime() + SERVICE_WINDOW_MS);
}

/**
 * A message as a keyword: trimmed, upper case, trailing punctuation dropped, inner whitespace
 * collapsed (`jam  buka?` → `JAM BUKA`). The one normal form for keywords stored and received.
 */
export function normalizeKeyword(text: string): string {
  return text.trim().replace(/[\s.!?,;:~\-)*]+$/u, '').replace(/\s+/gu, ' ').toUpperCase();
}

/**
 * True when the whole message is an opt-out keyword: trimmed, any case, optionally
 * followed by punctuation (`stop!`, ` Berhenti. `). `STOP PROMO` or `jangan stop` are not.
 */
export function isOptOutKeyword(text: string): boolean {
  if (typeof text !== 'string') return false;
  return (OPT_OUT_KEYWORDS as readonly string[]).includes(normalizeKeyword(text));
}

/** True when the whole message is an opt-in keyword (`MULAI`, `start!`), same rules as opt-out. */
export function isOptInKeyword(text: string): boolean {
  if (typeof text !== 'string') return false;
  return (OPT_IN_KEYWORDS as readonly string[]).includes(normalizeKeyword(text));
}

/** Keywords reserved for consent: an auto-reply may not take one. */
export function isConsentKeyword(keyword: string): boolean {
  return isOptOutKeyword(keyword) || isOptInKeyword(keyword);
}

/**
 * The auto-reply a message asks for: the one whose keyword is the whole message (normalised as
 * above). Whole-message matching is deliberate: `ongkir ke bogor berapa?` is a question for a
 * person, not for a canned answer.
 */
export function matchAutoReply<T extends { readonly keyword: string }>(text: string | null, replies: readonly T[]): T | null {
  if (text === null) return null;
  const word = normalizeKeyword(text);
  if (word === '') return null;
  return replies.find((r) => normalizeKeyword(r.keyword) === word) ?? null;
}

/** A workspace's opening hours: on these weekdays, from start to end (HH:MM local; end after start). */
export interface BusinessHours { readonly days: readonly Weekday[]; readonly start: string; readonly end: string }

/**
 * Which closed stretch `at` falls in, as the local date (YYYY-MM-DD) of the closing that began it:
 * the away message goes once per contact per stretch, not once per message (a customer who writes
 * five lines at night gets one "we are closed"). Before opening on a business day, or on a day off,
 * the stretch began at the last business day's closing; with no business day at all, each local day
 * is its own stretch. Null when `at` is inside business hours (or hours are not set).
 */
export function closedStretchOf(at: Date, hours: BusinessHours | null, timeZone: string): string | null {
  if (hours === null || isWithinBusinessHours(at, hours, timeZone)) return null;
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(at);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  // The local calendar date as a UTC midnight: whole days can be stepped back without the zone.
  const today = Date.UTC(get('year'), get('month') - 1, get('day'));
  const weekday = (ms: number) => (((new Date(ms).getUTCDay() + 6) % 7) + 1) as Weekday;
  const dateOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  const end = minutesOfDay(hours.end) ?? 0;
  if (hours.days.includes(weekday(today)) && get('hour') * 60 + get('minute') >= end) return dateOf(today);
  for (let back = 1; back <= 7; back++) {
    const day = today - back * 86_400_000;
    if (hours.days.includes(weekday(day))) return dateOf(day);
  }
  return dateOf(today);
}

/** True when `at` falls inside business hours in the time zone (null hours: always open). */
export function isWithinBusinessHours(at: Date, hours: BusinessHours | null, timeZone: string): boolean {
  if (hours === null) return true;
  const start = minutesOfDay(hours.start);
  const end = minutesOfDay(hours.end);
  if (start === null || end === null) return true;
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(at);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  const day = (['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(get('weekday')) + 1) as Weekday;
  const minutes = Number(get('hour')) * 60 + Number(get('minute'));
  return hours.days.includes(day) && minutes >= start && minutes < end;
}
