/**
 * The 11 RFM segments and the rule that assigns them.
 *
 * Source: the widely reproduced R × FM table of the "RFM segmentation" guides (Putler's
 * "RFM Analysis For Successful Customer Segmentation", copied by many tools, e.g. churned.io's
 * RFM model page), where FM is the mean of the F and M scores. Published ranges (R; FM):
 *
 *   Champions 4–5; 4–5 · Loyal 2–5; 3–5 · Potential Loyalist 3–5; 1–3 · New Customers 4–5; 0–1 ·
 *   Promising 3–4; 0–1 · Need Attention 2–3; 2–3 · About to Sleep 2–3; 0–2 · At Risk 0–2; 2–5 ·
 *   Cannot Lose Them 0–1; 4–5 · Hibernating 1–2; 1–2 · Lost 0–2; 0–2
 *
 * As published the ranges overlap (and Lost equals Hibernating on a 1–5 scale), so applying them
 * in the listed order leaves New Customers, Promising, Cannot Lose Them and Lost empty. Sapa resolves
 * them on the integer grid (FM = mean of F and M rounded half up) by taking the most specific
 * range first, in this precedence order, with Lost narrowed to the lowest cell (R 1, FM 1:
 * "lowest recency, frequency and monetary scores"):
 *
 *   champions, cannot_lose_them, new_customers, promising, lost, need_attention,
 *   about_to_sleep, hibernating, at_risk, potential_loyalist, loyal
 *
 * which gives this partition (every cell one segment, every segment at least one cell):
 *
 *   R\FM   1               2                   3                   4                 5
 *   5      new_customers   potential_loyalist  potential_loyalist  champions         champions
 *   4      new_customers   potential_loyalist  potential_loyalist  champions         champions
 *   3      promising       need_attention      need_attention      loyal             loyal
 *   2      about_to_sleep  need_attention      need_attention      at_risk           at_risk
 *   1      lost            hibernating         at_risk             cannot_lose_them  cannot_lose_them
 *
 * The test derives this grid from RFM_SEGMENT_RANGES and the precedence, so the two cannot drift.
 */

/** Segment names as the API spells them (product.md §3), in display order. */
export const RFM_SEGMENTS = [
  'champions',
  'loyal',
  'potential_loyalist',
  'new_customers',
  'promising',
  'need_attention',
  'about_to_sleep',
  'at_risk',
  'cannot_lose_them',
  'hibernating',
  'lost',
] as const;
export type RfmSegment = (typeof RFM_SEGMENTS)[number];

/** Inclusive [R range, FM range] per segment as Sapa applies them, in precedence order (first match wins). */
export const RFM_SEGMENT_RANGES: readonly { readonly segment: RfmSegment; readonly r: readonly [number, number]; readonly fm: readonly [number, number] }[] = [
  { segment: 'champions', r: [4, 5], fm: [4, 5] },
  { segment: 'cannot_lose_them', r: [1, 1], fm: [4, 5] },
  { segment: 'new_customers', r: [4, 5], fm: [1, 1] },
  { segment: 'promising', r: [3, 4], fm: [1, 1] },
  { segment: 'lost', r: [1, 1], fm: [1, 1] },
  { segment: 'need_attention', r: [2, 3], fm: [2, 3] },
  { segment: 'about_to_sleep', r: [2, 3], fm: [1, 2] },
  { segment: 'hibernating', r: [1, 2], fm: [1, 2] },
  { segment: 'at_risk', r: [1, 2], fm: [2, 5] },
  { segment: 'potential_loyalist', r: [3, 5], fm: [1, 3] },
  { segment: 'loyal', r: [2, 5], fm: [3, 5] },
];

/** RFM_SEGMENT_GRID[R − 1][FM − 1]: the segment of each (R, FM) cell (see the table above). */
export const RFM_SEGMENT_GRID: readonly (readonly RfmSegment[])[] = [
  ['lost', 'hibernating', 'at_risk', 'cannot_lose_them', 'cannot_lose_them'],
  ['about_to_sleep', 'need_attention', 'need_attention', 'at_risk', 'at_risk'],
  ['promising', 'need_attention', 'need_attention', 'loyal', 'loyal'],
  ['new_customers', 'potential_loyalist', 'potential_loyalist', 'champions', 'champions'],
  ['new_customers', 'potential_loyalist', 'potential_loyalist', 'champions', 'champions'],
];
