/**
 * Calendar periods for insight charts: the days, or the ISO weeks (Monday first, as PostgreSQL's
 * date_trunc('week') gives them), that a range of calendar dates touches. Dates are local
 * calendar dates as text (YYYY-MM-DD); arithmetic is on UTC midnights, so no time zone shifts them.
 */
const DAY_MS = 86_400_000;

export type PeriodInterval = 'day' | 'week';

const toMs = (date: string): number => Date.parse(`${date}T00:00:00Z`);
const toDate = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/** The calendar date at `now` in a time zone, as YYYY-MM-DD ('en-CA' formats dates that way). */
export function dateIn(now: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/**
 * The reports' default range: the `days` calendar days up to today in the workspace's time zone,
 * which the reports count days in (the UTC date, or a browser's, can still be yesterday there).
 */
export function lastDays(now: Date, timeZone: string, days: number): { from: string; to: string } {
  const to = dateIn(now, timeZone);
  return { from: toDate(toMs(to) - (days - 1) * DAY_MS), to };
}

/** The period a date falls in: itself for days, its week's Monday for weeks. */
export function periodOf(date: string, interval: PeriodInterval): string {
  if (interval === 'day') return date;
  const ms = toMs(date);
  const mondayOffset = (new Date(ms).getUTCDay() + 6) % 7;
  return toDate(ms - mondayOffset * DAY_MS);
}

/** Every period from the one holding `from` to the one holding `to`, in order (empty when to < from). */
export function periodsBetween(from: string, to: string, interval: PeriodInterval): string[] {
  const out: string[] = [];
  const step = interval === 'day' ? DAY_MS : 7 * DAY_MS;
  const end = toMs(to);
  for (let ms = toMs(periodOf(from, interval)); ms <= end; ms += step) out.push(toDate(ms));
  return out;
}
