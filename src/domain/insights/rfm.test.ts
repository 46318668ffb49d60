/**
 * Edge cases: a fixed 10-customer history worked by hand (ties in recency, frequency and
 * monetary value); orders after `now` ignored; partial days floored; invalid amounts refused;
 * all-equal values score 3; workspaces of 1–4 customers; exact quintiles for distinct values;
 * equal values ⇒ equal scores and monotonicity (fast-check); the segment grid derived from the
 * published ranges; the 5 × 5 grid always has 25 cells; the incremental update reproduces the
 * full run for every contact and scores a newcomer against the stored cut points.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeRfm, fmScore, percentileScore, rfmGrid, rfmSegment, rfmSegmentSummary, rfmStats, scoreWithCuts, type PaidOrder, type RfmStats, type Score } from './rfm.js';
import { RFM_SEGMENTS, RFM_SEGMENT_GRID, RFM_SEGMENT_RANGES } from './rfm-segments.js';

const NOW = new Date('2026-07-01T00:00:00Z');
const DAY = 86_400_000;
// 5 hours more than d days ago: still d whole days (floored).
const ago = (d: number): Date => new Date(NOW.getTime() - d * DAY - 5 * 3_600_000);
const orders = (contactId: string, days: number[], each: number): PaidOrder[] => days.map((d) => ({ contactId, occurredAt: ago(d), amountIdr: each }));

// Stats by construction:  contact: recencyDays, frequency, monetaryIdr
//   A: 1, 6, 3 000 000   B: 3, 4, 1 200 000   C: 3, 1, 150 000   D: 10, 2, 400 000   E: 30, 3, 900 000
//   F: 45, 1, 150 000    G: 60, 5, 2 000 000  H: 90, 1, 100 000   I: 200, 2, 250 000  J: 400, 1, 50 000
const HISTORY: PaidOrder[] = [
  ...orders('A', [1, 20, 50, 80, 120, 160], 500_000),
  ...orders('B', [3, 33, 63, 93], 300_000),
  ...orders('C', [3], 150_000),
  ...orders('D', [10, 100], 200_000),
  ...orders('E', [30, 70, 110], 300_000),
  ...orders('F', [45], 150_000),
  ...orders('G', [60, 90, 120, 150, 180], 400_000),
  ...orders('H', [90], 100_000),
  ...orders('I', [200, 300], 125_000),
  ...orders('J', [400], 50_000),
  // After `now`: not counted.
  { contactId: 'A', occurredAt: new Date(NOW.getTime() + 1), amountIdr: 9_999_999 },
];

describe('rfmStats', () => {
  it('computes days (floored), count and sum of paid orders up to now', () => {
    const stats = rfmStats(HISTORY, NOW);
    expect(stats.find((s) => s.contactId === 'A')).toEqual({ contactId: 'A', recencyDays: 1, frequency: 6, monetaryIdr: 3_000_000 });
    expect(stats.find((s) => s.contactId === 'J')).toEqual({ contactId: 'J', recencyDays: 400, frequency: 1, monetaryIdr: 50_000 });
    expect(stats).toHaveLength(10);
  });
  it('refuses fractional or negative rupiah', () => {
    expect(() => rfmStats([{ contactId: 'x', occurredAt: NOW, amountIdr: 10.5 }], NOW)).toThrow(RangeError);
    expect(() => rfmStats([{ contactId: 'x', occurredAt: NOW, amountIdr: -1 }], NOW)).toThrow(RangeError);
  });
});

describe('computeRfm on the fixed history (worked by hand)', () => {
  // Score = 1 + floor(5 · (B + E/2) / n), n = 10, B = strictly worse, E = equal incl. self.
  // R (worse = more days): A B=9 → .95 → 5 | B,C (3 d, tie) B=7 E=2 → .80 → 4.0 → 5 | D B=6 → .65 → 4
  //   | E B=5 → .55 → 3 | F B=4 → .45 → 3 | G B=3 → .35 → 2 | H B=2 → .25 → 2 | I .15 → 1 | J .05 → 1
  // F: 1 order C,F,H,J B=0 E=4 → .20 → 1.0 → 2 | 2 orders D,I B=4 E=2 → .50 → 3 | E (3) B=6 → .65 → 4
  //   | B (4) B=7 → .75 → 4 | G (5) B=8 → .85 → 5 | A (6) B=9 → .95 → 5
  // M: J .05 → 1 | H .15 → 1 | C,F (150k tie) B=2 E=2 → .30 → 2 | I .45 → 3 | D .55 → 3 | E .65 → 4
  //   | B .75 → 4 | G .85 → 5 | A .95 → 5
  // FM = floor((F + M + 1) / 2); segment = grid[R][FM]:
  //   A R5 F5 M5 FM5 champions | B R5 F4 M4 FM4 champions | C R5 F2 M2 FM2 potential_loyalist
  //   D R4 F3 M3 FM3 potential_loyalist | E R3 F4 M4 FM4 loyal | F R3 F2 M2 FM2 need_attention
  //   G R2 F5 M5 FM5 at_risk | H R2 F2 M1 FM2 need_attention | I R1 F3 M3 FM3 at_risk
  //   J R1 F2 M1 FM2 hibernating
  const expected: Record<string, [number, number, number, string]> = {
    A: [5, 5, 5, 'champions'],
    B: [5, 4, 4, 'champions'],
    C: [5, 2, 2, 'potential_loyalist'],
    D: [4, 3, 3, 'potential_loyalist'],
    E: [3, 4, 4, 'loyal'],
    F: [3, 2, 2, 'need_attention'],
    G: [2, 5, 5, 'at_risk'],
    H: [2, 2, 1, 'need_attention'],
    I: [1, 3, 3, 'at_risk'],
    J: [1, 2, 1, 'hibernating'],
  };
  const { results, cuts } = computeRfm(rfmStats(HISTORY, NOW));

  it('scores and segments every contact as worked out', () => {
    const got = Object.fromEntries(results.map((x) => [x.contactId, [x.r, x.f, x.m, x.segment]]));
    expect(got).toEqual(expected);
  });

  it('returns the cut points of the run', () => {
    // R >= 2..5: largest days with that score: H 90, F 45, D 10, B/C 3.
    // F >= 2..5: smallest count: 1, 2, 3, 5.  M >= 2..5: 150 000, 250 000, 900 000, 2 000 000.
    expect(cuts).toEqual({ recencyDays: [90, 45, 10, 3], frequency: [1, 2, 3, 5], monetaryIdr: [150_000, 250_000, 900_000, 2_000_000] });
  });

  it('aggregates the 5 × 5 R × F grid with count and revenue', () => {
    const grid = rfmGrid(results);
    expect(grid).toHaveLength(25);
    const cell = (r: number, f: number) => grid.find((c) => c.r === r && c.f === f);
    expect(cell(5, 5)).toEqual({ r: 5, f: 5, count: 1, revenueIdr: 3_000_000 });
    expect(cell(2, 2)).toEqual({ r: 2, f: 2, count: 1, revenueIdr: 100_000 });
    expect(cell(1, 1)).toEqual({ r: 1, f: 1, count: 0, revenueIdr: 0 });
    expect(grid.reduce((s, c) => s + c.revenueIdr, 0)).toBe(8_200_000);
  });

  it('summarises segments, empty ones included', () => {
    const summary = rfmSegmentSummary(results);
    expect(summary.map((s) => s.name)).toEqual([...RFM_SEGMENTS]);
    expect(summary.find((s) => s.name === 'champions')).toEqual({ name: 'champions', count: 2, revenueIdr: 4_200_000 });
    expect(summary.find((s) => s.name === 'at_risk')).toEqual({ name: 'at_risk', count: 2, revenueIdr: 2_250_000 });
    expect(summary.find((s) => s.name === 'lost')).toEqual({ name: 'lost', count: 0, revenueIdr: 0 });
  });

  it('scores a newcomer and a returning contact incrementally against the cut points', () => {
    // K: first order today for 1 000 000: R 0 d <= 3 → 5; F 1 >= 1 → 2; M >= 900 000 → 4;
    // FM floor(7/2) = 3 → potential_loyalist.
    expect(scoreWithCuts({ contactId: 'K', recencyDays: 0, frequency: 1, monetaryIdr: 1_000_000 }, cuts)).toMatchObject({ r: 5, f: 2, m: 4, segment: 'potential_loyalist' });
    // J orders 2 000 000 today: R 5; F 2 → 3; M 2 050 000 → 5; FM floor(9/2) = 4 → champions.
    expect(scoreWithCuts({ contactId: 'J', recencyDays: 0, frequency: 2, monetaryIdr: 2_050_000 }, cuts)).toMatchObject({ r: 5, f: 3, m: 5, segment: 'champions' });
    // Older than anyone: R 1.
    expect(scoreWithCuts({ contactId: 'Z', recencyDays: 999, frequency: 1, monetaryIdr: 0 }, cuts)).toMatchObject({ r: 1, f: 2, m: 1 });
  });
});

const stat = (i: number, recencyDays: number, frequency: number, monetaryIdr: number): RfmStats => ({ contactId: `c${i}`, recencyDays, frequency, monetaryIdr });

describe('tie and small-workspace rules', () => {
  it('gives everyone 3 when all values are equal (nobody is worse)', () => {
    const { results } = computeRfm([1, 2, 3, 4, 5, 6].map((i) => stat(i, 7, 1, 100_000)));
    expect(results.every((x) => x.r === 3 && x.f === 3 && x.m === 3)).toBe(true);
  });
  it('scores 1..4 customers: 3 | 2,4 | 1,3,5 | 1,2,4,5', () => {
    const scoresOf = (n: number) => computeRfm(Array.from({ length: n }, (_, i) => stat(i, 100 - i, i + 1, (i + 1) * 1000))).results.map((x) => [x.r, x.f, x.m]);
    expect(scoresOf(1)).toEqual([[3, 3, 3]]);
    expect(scoresOf(2).map((s) => s[1])).toEqual([2, 4]);
    expect(scoresOf(3).map((s) => s[1])).toEqual([1, 3, 5]);
    expect(scoresOf(4).map((s) => s[1])).toEqual([1, 2, 4, 5]);
    // recency: the most recent (fewest days, last index) scores highest.
    expect(scoresOf(4).map((s) => s[0])).toEqual([1, 2, 4, 5]);
  });
  it('is an exact quintile split for n distinct values, n a multiple of 5', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map((b) => percentileScore(b, 1, 10))).toEqual([1, 1, 2, 2, 3, 3, 4, 4, 5, 5]);
    const { results } = computeRfm(Array.from({ length: 25 }, (_, i) => stat(i, i, i + 1, i)));
    for (let k = 1; k <= 5; k++) expect(results.filter((x) => x.f === k)).toHaveLength(5);
  });
  it('returns nothing for an empty workspace', () => {
    expect(computeRfm([]).results).toEqual([]);
  });
});

const statsArb = fc.array(
  fc.record({ recencyDays: fc.integer({ min: 0, max: 30 }), frequency: fc.integer({ min: 1, max: 8 }), monetaryIdr: fc.integer({ min: 0, max: 20 }).map((x) => x * 50_000) }),
  { minLength: 1, maxLength: 60 },
).map((rows) => rows.map((r, i) => ({ contactId: `c${i}`, ...r })));

describe('properties', () => {
  it('equal values get equal scores, and better values never score lower', () => {
    fc.assert(
      fc.property(statsArb, (stats) => {
        const { results } = computeRfm(stats);
        for (const a of results)
          for (const b of results) {
            if (a.frequency === b.frequency && a.f !== b.f) return false;
            if (a.frequency > b.frequency && a.f < b.f) return false;
            if (a.recencyDays < b.recencyDays && a.r < b.r) return false;
            if (a.monetaryIdr > b.monetaryIdr && a.m < b.m) return false;
          }
        return true;
      }),
    );
  });
  it('the incremental score equals the full-run score for every contact of the run', () => {
    fc.assert(
      fc.property(statsArb, (stats) => {
        const { results, cuts } = computeRfm(stats);
        return results.every((x) => {
          const inc = scoreWithCuts(x, cuts);
          return inc.r === x.r && inc.f === x.f && inc.m === x.m && inc.segment === x.segment;
        });
      }),
    );
  });
});

describe('segment map', () => {
  it('is the published ranges resolved by precedence (first match wins)', () => {
    for (let r = 1; r <= 5; r++)
      for (let fm = 1; fm <= 5; fm++) {
        const first = RFM_SEGMENT_RANGES.find((x) => r >= x.r[0] && r <= x.r[1] && fm >= x.fm[0] && fm <= x.fm[1]);
        expect(RFM_SEGMENT_GRID[r - 1]?.[fm - 1]).toBe(first?.segment);
      }
  });
  it('reaches all 11 segments', () => {
    expect(new Set(RFM_SEGMENT_GRID.flat())).toEqual(new Set(RFM_SEGMENTS));
  });
  it('rounds the F/M mean half up', () => {
    expect(fmScore(1, 2)).toBe(2);
    expect(fmScore(4, 5)).toBe(5);
    expect(fmScore(3, 3)).toBe(3);
    expect(rfmSegment({ r: 5, f: 1, m: 1 })).toBe('new_customers');
    expect(rfmSegment({ r: 1, f: 5, m: 4 })).toBe('cannot_lose_them');
    expect(rfmSegment({ r: 1, f: 1, m: 1 as Score })).toBe('lost');
  });
});
