/**
 * A date-time typed in the workspace's time zone (an `<input type="datetime-local">` value,
 * `YYYY-MM-DDTHH:mm`) to and from an ISO string with that zone's offset, whatever the browser's
 * own zone: a shop owner abroad still schedules in the shop's clock.
 */

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;

const pad = (n: number, width = 2) => String(Math.abs(n)).padStart(width, '0');

/** Wall-clock fields of instant `ms` in `timeZone`. */
function wallClock(ms: number, timeZone: string): { year: number; month: number; day: number; hour: number; minute: number; second: number } {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
  }).formatToParts(new Date(ms));
  const get = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value ?? NaN);
  return { year: get('year'), month: get('month'), day: get('day'), hour: get('hour'), minute: get('minute'), second: get('second') };
}

/** The zone's offset from UTC in minutes at instant `ms` (+420 for Asia/Jakarta). */
export function zoneOffsetMinutes(ms: number, timeZone: string): number {
  const w = wallClock(ms, timeZone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return Math.round((asUtc - Math.floor(ms / 1000) * 1000) / 60_000);
}

/**
 * `2026-11-25T19:30` in `Asia/Jakarta` → `2026-11-25T19:30:00+07:00`; null for anything that is not
 * a real date and time. A wall time skipped by a daylight-saving jump takes the offset after the jump.
 */
export function zonedLocalToIso(local: string, timeZone: string): string | null {
  const m = LOCAL.exec(local.trim());
  if (!m) return null;
  const [year, month, day, hour, minute] = m.slice(1).map(Number) as [number, number, number, number, number];
  const wall = Date.UTC(year, month - 1, day, hour, minute);
  const check = new Date(wall);
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day || hour > 23 || minute > 59) return null;
  // The offset at the wall time read as UTC is a guess; the offset at the instant it points to settles it.
  const guess = zoneOffsetMinutes(wall, timeZone);
  const offset = zoneOffsetMinutes(wall - guess * 60_000, timeZone);
  const sign = offset < 0 ? '-' : '+';
  return `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:00${sign}${pad(Math.trunc(offset / 60))}:${pad(offset % 60)}`;
}

/** An instant as the `YYYY-MM-DDTHH:mm` the zone's clock shows (for a datetime-local input's value and min). */
export function isoToZonedLocal(iso: string | number, timeZone: string): string {
  const w = wallClock(typeof iso === 'number' ? iso : Date.parse(iso), timeZone);
  return `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}`;
}
