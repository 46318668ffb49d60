/**
 * A workspace's rules for marketing messages (product.md §4): a frequency cap per contact and
 * channel, and quiet hours in the workspace's time zone. Utility messages (order updates) are exempt.
 */

import { minutesOfDay } from './quiet-hours.js';

/** Local wall-clock times (HH:MM, 24 h) between which no marketing message goes out; start may be after end (over midnight). */
export interface QuietHours { readonly start: string; readonly end: string }

export interface MessagingSettings {
  /** IANA time zone, e.g. Asia/Jakarta. */
  readonly timezone: string;
  /** At most `count` marketing messages per contact and channel within `days`; count 0 = no cap. */
  readonly frequencyCap: { readonly count: number; readonly days: number };
  /** null: no quiet hours. */
  readonly quietHours: QuietHours | null;
}

/** The spec's defaults: 2 per 7 days per channel, none 21:00–08:00, Asia/Jakarta. */
export const DEFAULT_MESSAGING_SETTINGS: MessagingSettings = {
  timezone: 'Asia/Jakarta',
  frequencyCap: { count: 2, days: 7 },
  quietHours: { start: '21:00', end: '08:00' },
};

/** Bounds a workspace may choose (inclusive). */
export const FREQUENCY_CAP_BOUNDS = { count: { min: 0, max: 100 }, days: { min: 1, max: 90 } } as const;

/** Whether text is a local time HH:MM from 00:00 to 23:59 (the one parser: quiet-hours.ts). */
export function isLocalTime(text: string): boolean {
  return minutesOfDay(text) !== null;
}

/** An IANA name (letters first): keeps out numeric offsets such as `+07:00`, which PostgreSQL reads with the opposite sign. */
const ZONE_NAME = /^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+){0,2}$/;

/**
 * The canonical spelling of an IANA time zone (`asia/jakarta` → `Asia/Jakarta`), or null when the
 * runtime's time-zone data does not know it.
 */
export function canonicalTimeZone(zone: string): string | null {
  if (zone.length > 64 || !ZONE_NAME.test(zone)) return null;
  try {
    return new Intl.DateTimeFormat('en', { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

/** Problems with quiet hours (field, reason), empty when they are valid. */
export function quietHoursProblems(q: QuietHours): { field: 'start' | 'end'; reason: string }[] {
  const problems: { field: 'start' | 'end'; reason: string }[] = [];
  if (!isLocalTime(q.start)) problems.push({ field: 'start', reason: 'settings.invalid_time' });
  if (!isLocalTime(q.end)) problems.push({ field: 'end', reason: 'settings.invalid_time' });
  if (problems.length === 0 && q.start === q.end) problems.push({ field: 'end', reason: 'settings.quiet_hours_empty' });
  return problems;
}
