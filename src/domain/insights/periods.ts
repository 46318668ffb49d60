/**
 * Calendar periods for insight charts: the days, or the ISO weeks (Monday first, as PostgreSQL's
 * date_trunc('week') gives them), that a range of calendar dates touches. Dates are local
 * calendar dates as text (YYYY-MM-DD); arithmetic is on UTC midnights, so no time zone shifts them.
 */
const DAY_MS = 86_400_000;

export type PeriodInterval = 'day' | 'week';

const toMs = (date: string): number => Date.parse(`${date}T00:00:00Z`);
const toDate = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

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
