/**
 * Quiet hours (product.md §4): between `start` and `end` local time in the workspace's zone no
 * marketing message goes out; one that falls inside waits for `end` instead of being dropped.
 * A window whose start is after its end spans midnight (the default 21:00–08:00).
 */

import type { QuietHours } from './messaging-settings.js';

const HHMM = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** Minutes after local midnight of an `HH:MM` time, or null when it is not one. */
export function minutesOfDay(hhmm: string): number | null {
  const m = HHMM.exec(hhmm);
  return m ? Number(m[1]) * 60 + Number(m[2]) : null;
}

/** Local wall-clock parts of an instant in a time zone. */
function localParts(at: Date, timeZone: string): { minutes: number; seconds: number; ms: number } {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }).formatToParts(at);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return { minutes: get('hour') * 60 + get('minute'), seconds: get('second'), ms: at.getUTCMilliseconds() };
}

/**
 * When a marketing message due at `at` may go: null when `at` is outside quiet hours (send now),
 * otherwise the instant quiet hours end. Asia/Jakarta has no daylight saving; in zones that do, a
 * jump inside the window is absorbed by computing the wait from local minutes.
 */
export function quietHoursEnd(at: Date, quiet: QuietHours | null, timeZone: string): Date | null {
  if (quiet === null) return null;
  const start = minutesOfDay(quiet.start);
  const end = minutesOfDay(quiet.end);
  if (start === null || end === null || start === end) return null;
  const local = localParts(at, timeZone);
  const now = local.minutes;
  const inside = start < end ? now >= start && now < end : now >= start || now < end;
  if (!inside) return null;
  const waitMinutes = (end - now + 1440) % 1440;
  return new Date(at.getTime() + waitMinutes * 60_000 - local.seconds * 1000 - local.ms);
}
