/**
 * RFM: recency, frequency and monetary value per contact, scored 1–5 within the workspace,
 * mapped to the 11 named segments and aggregated on a 5 × 5 recency × frequency grid.
 *
 * Stats (as of `now`, from paid orders only — the caller passes paid orders; an order's time is
 * its event's `occurredAt`; orders after `now` are ignored):
 * - recencyDays = whole days (24 h periods, floored) from the last paid order to `now`;
 * - frequency   = number of paid orders;
 * - monetaryIdr = sum of paid order amounts in whole rupiah (a non-integer or negative amount
 *   is a caller bug and throws).
 * A contact without a paid order has no RFM (the API shows `rfm: null`).
 *
 * Scores ("quintiles" by percentile rank, ties equal): with n scored contacts, for a value v let
 * B = contacts strictly worse and E = contacts with exactly v (E includes v itself). The
 * classical percentile rank is PR = (B + E/2) / n and the score is 1 + ⌊5 · PR⌋ (always 1..5,
 * since 0 < PR < 1). "Worse" means fewer orders, less money, or MORE days since the last
 * order, so recent = 5. Consequences, all tested:
 * - equal values always get equal scores (the score depends only on B and E);
 * - with n distinct values and n a multiple of 5 this is exactly the quintile split (n/5 each);
 * - when everyone has the same value (e.g. every customer has one order) all score 3, not 1:
 *   nobody is worse than anyone else;
 * - fewer than five customers: one customer scores 3/3/3; two distinct values score 2 and 4;
 *   three score 1, 3, 5; four score 1, 2, 4, 5.
 * The same score in SQL (for the store's set-based full run), v ordered worst to best:
 *   1 + floor(5 * (2 * (rank() OVER (ORDER BY v) - 1) + count(*) OVER (PARTITION BY v))
 *             / (2 * count(*) OVER ()))   -- integer division of non-negative integers
 *
 * Incremental update: a full run also returns its cut points: for k = 2..5 the smallest
 * frequency / monetary value that earned a score ≥ k, and the largest recencyDays that earned
 * R ≥ k (null when nobody earned k). `scoreWithCuts` scores one contact's fresh stats against
 * them without touching anyone else; for every contact of the full run it reproduces the full
 * run's scores exactly. Cut points go stale as the population changes and as days pass (cuts
 * are in days as of the full run); the periodic full run refreshes them.
 */
import { RFM_SEGMENTS, RFM_SEGMENT_GRID, type RfmSegment } from './rfm-segments.js';

export { RFM_SEGMENTS, RFM_SEGMENT_GRID, RFM_SEGMENT_RANGES, type RfmSegment } from './rfm-segments.js';

const DAY_MS = 86_400_000;

export interface PaidOrder {
  readonly contactId: string;
  readonly occurredAt: Date;
  /** Whole rupiah, >= 0. */
  readonly amountIdr: number;
}

export interface RfmStats {
  readonly contactId: string;
  readonly recencyDays: number;
  readonly frequency: number;
  readonly monetaryIdr: number;
}

export type Score = 1 | 2 | 3 | 4 | 5;

export interface RfmScores {
  readonly r: Score;
  readonly f: Score;
  readonly m: Score;
}

export interface RfmResult extends RfmStats, RfmScores {
  readonly segment: RfmSegment;
}

/** Cut points: index 0..3 is the threshold for score 2..5 (null: nobody reached that score). */
export type CutPoints = readonly [number | null, number | null, number | null, number | null];

export interface RfmCuts {
  /** Largest recencyDays that earned R >= k. */
  readonly recencyDays: CutPoints;
  /** Smallest frequency that earned F >= k. */
  readonly frequency: CutPoints;
  /** Smallest monetaryIdr that earned M >= k. */
  readonly monetaryIdr: CutPoints;
}

/** Per-contact recency (days), frequency and monetary value (IDR) from paid orders as of `now`. */
export function rfmStats(orders: readonly PaidOrder[], now: Date): RfmStats[] {
  const nowMs = now.getTime();
  const byContact = new Map<string, { last: number; frequency: number; monetary: number }>();
  for (const order of orders) {
    if (!Number.isSafeInteger(order.amountIdr) || order.amountIdr < 0) throw new RangeError(`order amount must be whole rupiah >= 0 (got ${order.amountIdr})`);
    const at = order.occurredAt.getTime();
    if (at > nowMs) continue;
    const acc = byContact.get(order.contactId);
    if (acc) {
      acc.last = Math.max(acc.last, at);
      acc.frequency += 1;
      acc.monetary += order.amountIdr;
    } else byContact.set(order.contactId, { last: at, frequency: 1, monetary: order.amountIdr });
  }
  return [...byContact].map(([contactId, a]) => ({ contactId, recencyDays: Math.floor((nowMs - a.last) / DAY_MS), frequency: a.frequency, monetaryIdr: a.monetary }));
}

/** Score 1..5 from the percentile rank (B + E/2) / n; B = strictly worse, E = equal (incl. self). */
export function percentileScore(worse: number, equal: number, n: number): Score {
  return (1 + Math.floor((5 * (2 * worse + equal)) / (2 * n))) as Score;
}

/**
 * The same score as percentileScore, as a SQL expression over window functions for a set-based
 * full run: `worstFirst` orders the values worst to best (e.g. `frequency` or `recency_days desc`),
 * `value` is the value itself. rank() − 1 counts the strictly worse, the partition count the equal.
 */
export function percentileScoreSql(worstFirst: string, value: string): string {
  return `(1 + (5 * (2 * (rank() over (order by ${worstFirst}) - 1) + count(*) over (partition by ${value}))) / (2 * count(*) over ()))::int`;
}

/** Scores for `goodness` values (higher is better); returns a score per input index. */
function scoreAll(goodness: readonly number[]): Score[] {
  const n = goodness.length;
  const order = goodness.map((_, i) => i).sort((a, b) => (goodness[a] as number) - (goodness[b] as number));
  const scores = new Array<Score>(n);
  let start = 0;
  while (start < n) {
    let end = start;
    const v = goodness[order[start] as number] as number;
    while (end < n && goodness[order[end] as number] === v) end++;
    const score = percentileScore(start, end - start, n);
    for (let i = start; i < end; i++) scores[order[i] as number] = score;
    start = end;
  }
  return scores;
}

function cutsFrom(values: readonly number[], scores: readonly Score[], higherIsBetter: boolean): CutPoints {
  const cuts: [number | null, number | null, number | null, number | null] = [null, null, null, null];
  values.forEach((v, i) => {
    const s = scores[i] as Score;
    for (let k = 2; k <= s; k++) {
      const c = cuts[k - 2];
      if (c === null || c === undefined || (higherIsBetter ? v < c : v > c)) cuts[k - 2] = v;
    }
  });
  return cuts;
}

function scoreByCuts(value: number, cuts: CutPoints, higherIsBetter: boolean): Score {
  let score = 1;
  for (const c of cuts) if (c !== null && (higherIsBetter ? value >= c : value <= c)) score++;
  return score as Score;
}

/** Full RFM run over a workspace: scores, segment per contact, and the cut points for later incremental updates. */
export function computeRfm(stats: readonly RfmStats[]): { readonly results: RfmResult[]; readonly cuts: RfmCuts } {
  const r = scoreAll(stats.map((s) => -s.recencyDays));
  const f = scoreAll(stats.map((s) => s.frequency));
  const m = scoreAll(stats.map((s) => s.monetaryIdr));
  const results = stats.map((s, i) => {
    const scores = { r: r[i] as Score, f: f[i] as Score, m: m[i] as Score };
    return { ...s, ...scores, segment: rfmSegment(scores) };
  });
  const cuts: RfmCuts = {
    recencyDays: cutsFrom(stats.map((s) => s.recencyDays), r, false),
    frequency: cutsFrom(stats.map((s) => s.frequency), f, true),
    monetaryIdr: cutsFrom(stats.map((s) => s.monetaryIdr), m, true),
  };
  return { results, cuts };
}

/** One contact's scores and segment against the cut points of the last full run (no one else is rescored). */
export function scoreWithCuts(stats: RfmStats, cuts: RfmCuts): RfmResult {
  const scores = {
    r: scoreByCuts(stats.recencyDays, cuts.recencyDays, false),
    f: scoreByCuts(stats.frequency, cuts.frequency, true),
    m: scoreByCuts(stats.monetaryIdr, cuts.monetaryIdr, true),
  };
  return { ...stats, ...scores, segment: rfmSegment(scores) };
}

/** The FM score used by the segment map: the mean of F and M rounded half up, (F + M + 1) div 2. */
export function fmScore(f: Score, m: Score): Score {
  return Math.floor((f + m + 1) / 2) as Score;
}

/** The named segment for an (R, F, M) score: RFM_SEGMENT_GRID[R − 1][FM − 1]. */
export function rfmSegment(scores: RfmScores): RfmSegment {
  return (RFM_SEGMENT_GRID[scores.r - 1] as readonly RfmSegment[])[fmScore(scores.f, scores.m) - 1] as RfmSegment;
}

export interface RfmGridCell {
  readonly r: Score;
  readonly f: Score;
  readonly count: number;
  readonly revenueIdr: number;
}

/** The 5 × 5 recency × frequency grid: all 25 cells (r-major, empty ones with zeros), count and revenue each. */
export function rfmGrid(results: readonly RfmResult[]): RfmGridCell[] {
  const cells: { r: Score; f: Score; count: number; revenueIdr: number }[] = [];
  for (let r = 1; r <= 5; r++) for (let f = 1; f <= 5; f++) cells.push({ r: r as Score, f: f as Score, count: 0, revenueIdr: 0 });
  for (const res of results) {
    const cell = cells[(res.r - 1) * 5 + (res.f - 1)] as (typeof cells)[number];
    cell.count += 1;
    cell.revenueIdr += res.monetaryIdr;
  }
  return cells;
}

/** Count and revenue per segment, every segment listed (in RFM_SEGMENTS order) even when empty. */
export function rfmSegmentSummary(results: readonly RfmResult[], segments: readonly RfmSegment[] = RFM_SEGMENTS): { name: RfmSegment; count: number; revenueIdr: number }[] {
  const rows = segments.map((name) => ({ name, count: 0, revenueIdr: 0 }));
  const index = new Map(rows.map((row) => [row.name, row]));
  for (const res of results) {
    const row = index.get(res.segment);
    if (row) {
      row.count += 1;
      row.revenueIdr += res.monetaryIdr;
    }
  }
  return rows;
}
