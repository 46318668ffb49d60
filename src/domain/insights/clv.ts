/**
 * Customer value: historical figures and a predicted value from BG/NBD + Gamma-Gamma.
 *
 * BG/NBD (Fader, Hardie & Lee 2005, "Counting Your Customers the Easy Way"), assumptions:
 * - while alive, a customer buys as a Poisson process with rate λ; λ ~ Gamma(r, α) across
 *   customers (shape r, rate α);
 * - after each repeat purchase the customer drops out for good with probability p;
 *   p ~ Beta(a, b) across customers; λ and p are independent;
 * - time 0 is the customer's first purchase; x = repeat purchases, t_x = time of the last
 *   one (0 if none), T = time from the first purchase to now, all in one period unit
 *   (CLV_PERIOD_DAYS = 7: weeks, as in the paper).
 * Per-customer log-likelihood (paper eq. 6, written as in Fader & Hardie's "Implementing the
 * BG/NBD model" note): LL = A1 + A2 + ln(e^A3 + δ(x>0) e^A4) with
 *   A1 = lnΓ(r+x) − lnΓ(r) + r ln α,   A2 = lnΓ(a+b) + lnΓ(b+x) − lnΓ(b) − lnΓ(a+b+x),
 *   A3 = −(r+x) ln(α+T),               A4 = ln a − ln(b+x−1) − (r+x) ln(α+t_x).
 * Fitted by maximising the summed LL with Nelder–Mead over the logs of (r, α, a, b).
 * P(alive) and E[purchases in the next t | x, t_x, T] are the paper's eq. 13 and eq. 10 (the
 * latter uses Gauss's 2F1 by its power series, |z| < 1; it is singular at a = 1 exactly).
 *
 * Gamma-Gamma (Fader, Hardie & Lee 2005, "RFM and CLV"; Fader & Hardie's 2013 note), assumptions:
 * - a customer's transaction values are Gamma(p, ν) with their own ν ~ Gamma(q, γ);
 * - spend is independent of the purchase process (check: the correlation of frequency and
 *   mean spend should be near 0); fitted on customers with x >= 1 repeat purchases, using the
 *   mean of their repeat purchases (the first purchase excluded, as in the paper's CDNOW use);
 * - E[spend | x, m̄] = p(γ + x m̄)/(px + q − 1): a weighted mean of the population mean
 *   pγ/(q − 1) and the customer's own m̄; needs q > 1.
 * Predicted value over a horizon = E[purchases in horizon] × E[spend], in IDR, NOT discounted
 * (a 12-month horizon is short enough for small shops; a discount can be applied by callers).
 */
import { nelderMead } from './nelder-mead.js';
import { lnGamma } from './special-functions.js';

const DAY_MS = 86_400_000;
/** The period unit of the models: one week. */
export const CLV_PERIOD_DAYS = 7;
/** 12 months in weeks (365.25 / 7). */
export const TWELVE_MONTHS_IN_PERIODS = 365.25 / CLV_PERIOD_DAYS;

export interface PurchaseSummary {
  /** Repeat purchases (orders after the first). */
  readonly x: number;
  /** Time of the last purchase since the first, in periods (0 when x = 0). */
  readonly tx: number;
  /** Time from the first purchase to now, in periods. */
  readonly T: number;
  /** Mean amount of the repeat purchases in IDR, null when x = 0. */
  readonly meanSpendIdr: number | null;
}

export interface BgNbdParams {
  readonly r: number;
  readonly alpha: number;
  readonly a: number;
  readonly b: number;
}

export interface GammaGammaParams {
  readonly p: number;
  readonly q: number;
  readonly gamma: number;
}

export interface FitResult<P> {
  readonly params: P;
  readonly logLikelihood: number;
  readonly iterations: number;
  readonly converged: boolean;
}

export interface HistoricalValue {
  readonly revenueIdr: number;
  readonly orders: number;
  /** Rounded to whole rupiah. */
  readonly averageOrderValueIdr: number;
  readonly tenureDays: number;
}

interface TimedAmount {
  readonly at: Date;
  readonly amountIdr: number;
}

const paidUpTo = (orders: readonly TimedAmount[], now: Date): TimedAmount[] => orders.filter((o) => o.at.getTime() <= now.getTime()).sort((p, q) => p.at.getTime() - q.at.getTime());

/** Revenue, order count, average order value and tenure (whole days since the first order) as of now; null without orders. */
export function historicalValue(orders: readonly TimedAmount[], now: Date): HistoricalValue | null {
  const paid = paidUpTo(orders, now);
  const first = paid[0];
  if (first === undefined) return null;
  const revenueIdr = paid.reduce((s, o) => s + o.amountIdr, 0);
  return { revenueIdr, orders: paid.length, averageOrderValueIdr: Math.round(revenueIdr / paid.length), tenureDays: Math.floor((now.getTime() - first.at.getTime()) / DAY_MS) };
}

/** The (x, t_x, T, mean repeat spend) summary of a contact's paid orders up to now, in weeks; null without orders. */
export function purchaseSummary(orders: readonly TimedAmount[], now: Date): PurchaseSummary | null {
  const paid = paidUpTo(orders, now);
  const first = paid[0];
  const last = paid[paid.length - 1];
  if (first === undefined || last === undefined) return null;
  const period = CLV_PERIOD_DAYS * DAY_MS;
  const repeat = paid.slice(1);
  return {
    x: repeat.length,
    tx: (last.at.getTime() - first.at.getTime()) / period,
    T: (now.getTime() - first.at.getTime()) / period,
    meanSpendIdr: repeat.length === 0 ? null : repeat.reduce((s, o) => s + o.amountIdr, 0) / repeat.length,
  };
}

const logAddExp = (u: number, v: number): number => (u === -Infinity ? v : v === -Infinity ? u : Math.max(u, v) + Math.log1p(Math.exp(-Math.abs(u - v))));

/** BG/NBD log-likelihood of one customer's (x, t_x, T) (FHL 2005 eq. 6, A1..A4 form above). */
export function bgNbdLogLikelihood({ r, alpha, a, b }: BgNbdParams, { x, tx, T }: Pick<PurchaseSummary, 'x' | 'tx' | 'T'>): number {
  const a1 = lnGamma(r + x) - lnGamma(r) + r * Math.log(alpha);
  const a2 = lnGamma(a + b) + lnGamma(b + x) - lnGamma(b) - lnGamma(a + b + x);
  const a3 = -(r + x) * Math.log(alpha + T);
  const a4 = x > 0 ? Math.log(a) - Math.log(b + x - 1) - (r + x) * Math.log(alpha + tx) : -Infinity;
  return a1 + a2 + logAddExp(a3, a4);
}

/** Sum of the BG/NBD log-likelihood over customers (the x-only terms computed once per distinct x). */
export function bgNbdTotalLogLikelihood(params: BgNbdParams, customers: readonly Pick<PurchaseSummary, 'x' | 'tx' | 'T'>[]): number {
  const { r, alpha, a, b } = params;
  const shared = -lnGamma(r) + r * Math.log(alpha) + lnGamma(a + b) - lnGamma(b);
  const byX = new Map<number, number>();
  let sum = 0;
  for (const { x, tx, T } of customers) {
    let xTerms = byX.get(x);
    if (xTerms === undefined) {
      xTerms = lnGamma(r + x) + lnGamma(b + x) - lnGamma(a + b + x);
      byX.set(x, xTerms);
    }
    const a3 = -(r + x) * Math.log(alpha + T);
    const a4 = x > 0 ? Math.log(a) - Math.log(b + x - 1) - (r + x) * Math.log(alpha + tx) : -Infinity;
    sum += shared + xTerms + logAddExp(a3, a4);
  }
  return sum;
}

/** Maximum-likelihood BG/NBD parameters (Nelder–Mead on log r, log α, log a, log b). */
export function fitBgNbd(customers: readonly Pick<PurchaseSummary, 'x' | 'tx' | 'T'>[]): FitResult<BgNbdParams> {
  if (customers.length === 0) throw new RangeError('fitBgNbd needs at least one customer');
  const totalX = customers.reduce((s, c) => s + c.x, 0);
  const totalT = customers.reduce((s, c) => s + c.T, 0);
  const rate = totalX > 0 && totalT > 0 ? totalX / totalT : 1;
  const toParams = (v: readonly number[]): BgNbdParams => ({ r: Math.exp(v[0] as number), alpha: Math.exp(v[1] as number), a: Math.exp(v[2] as number), b: Math.exp(v[3] as number) });
  const objective = (v: readonly number[]) => -bgNbdTotalLogLikelihood(toParams(v), customers);
  return restartedFit(objective, [0, -Math.log(rate), 0, 0], toParams);
}

function restartedFit<P>(objective: (v: readonly number[]) => number, start: number[], toParams: (v: readonly number[]) => P): FitResult<P> {
  // Restarting from the optimum with a fresh simplex guards against a collapsed simplex.
  let result = nelderMead(objective, start, { step: 0.5 });
  let iterations = result.iterations;
  for (let i = 0; i < 2; i++) {
    result = nelderMead(objective, result.x, { step: 0.1 });
    iterations += result.iterations;
  }
  return { params: toParams(result.x), logLikelihood: -result.fx, iterations, converged: result.converged };
}

/** Gauss hypergeometric 2F1(a, b; c; z) by its power series, for 0 <= z < 1. */
export function hypergeometric2F1(a: number, b: number, c: number, z: number): number {
  let term = 1;
  let sum = 1;
  for (let k = 0; k < 100_000; k++) {
    term *= (((a + k) * (b + k)) / ((c + k) * (k + 1))) * z;
    sum += term;
    if (Math.abs(term) < 1e-15 * Math.abs(sum)) break;
  }
  return sum;
}

/** P(the customer is still alive | x, t_x, T) (FHL 2005 eq. 13); 1 when x = 0. */
export function bgNbdProbabilityAlive({ r, alpha, a, b }: BgNbdParams, { x, tx, T }: Pick<PurchaseSummary, 'x' | 'tx' | 'T'>): number {
  if (x === 0) return 1;
  return 1 / (1 + (a / (b + x - 1)) * Math.pow((alpha + T) / (alpha + tx), r + x));
}

/** Expected purchases in the next t periods given x, t_x, T (FHL 2005 eq. 10; at a = 1 the limit, by symmetric difference). */
export function bgNbdExpectedPurchases(params: BgNbdParams, c: Pick<PurchaseSummary, 'x' | 'tx' | 'T'>, t: number): number {
  // The formula is 0/0 at a = 1 but continuous there: average the values just either side.
  if (Math.abs(params.a - 1) < 1e-6) return (expectedPurchases({ ...params, a: 1 - 1e-6 }, c, t) + expectedPurchases({ ...params, a: 1 + 1e-6 }, c, t)) / 2;
  return expectedPurchases(params, c, t);
}

function expectedPurchases(params: BgNbdParams, c: Pick<PurchaseSummary, 'x' | 'tx' | 'T'>, t: number): number {
  const { r, alpha, a, b } = params;
  const { x, T } = c;
  if (t <= 0) return 0;
  const z = t / (alpha + T + t);
  const head = (a + b + x - 1) / (a - 1);
  const body = 1 - Math.pow((alpha + T) / (alpha + T + t), r + x) * hypergeometric2F1(r + x, b + x, a + b + x - 1, z);
  const aliveOdds = x > 0 ? (a / (b + x - 1)) * Math.pow((alpha + T) / (alpha + c.tx), r + x) : 0;
  return (head * body) / (1 + aliveOdds);
}

/** Gamma-Gamma log-density of a customer's mean spend m̄ over x transactions (x >= 1, m̄ > 0). */
export function gammaGammaLogLikelihood({ p, q, gamma }: GammaGammaParams, x: number, meanSpend: number): number {
  const px = p * x;
  return lnGamma(px + q) - lnGamma(px) - lnGamma(q) + q * Math.log(gamma) + (px - 1) * Math.log(meanSpend) + px * Math.log(x) - (px + q) * Math.log(gamma + x * meanSpend);
}

/** Maximum-likelihood Gamma-Gamma parameters from customers with x >= 1 and a mean spend > 0. */
export function fitGammaGamma(customers: readonly { readonly x: number; readonly meanSpend: number }[]): FitResult<GammaGammaParams> {
  const usable = customers.filter((c) => c.x >= 1 && c.meanSpend > 0);
  if (usable.length === 0) throw new RangeError('fitGammaGamma needs customers with a repeat purchase');
  const mean = usable.reduce((s, c) => s + c.meanSpend, 0) / usable.length;
  const toParams = (v: readonly number[]): GammaGammaParams => ({ p: Math.exp(v[0] as number), q: Math.exp(v[1] as number), gamma: Math.exp(v[2] as number) });
  const objective = (v: readonly number[]) => {
    const { p, q, gamma } = toParams(v);
    // Same sum as gammaGammaLogLikelihood per customer, with the x-only terms cached per x.
    const byX = new Map<number, number>();
    const shared = -lnGamma(q) + q * Math.log(gamma);
    let sum = 0;
    for (const { x, meanSpend } of usable) {
      const px = p * x;
      let xTerms = byX.get(x);
      if (xTerms === undefined) {
        xTerms = lnGamma(px + q) - lnGamma(px) + px * Math.log(x);
        byX.set(x, xTerms);
      }
      sum += shared + xTerms + (px - 1) * Math.log(meanSpend) - (px + q) * Math.log(gamma + x * meanSpend);
    }
    return -sum;
  };
  // Start at p = 1, q = 2, γ = mean spend (so the prior mean pγ/(q − 1) equals the sample mean).
  return restartedFit(objective, [0, Math.log(2), Math.log(mean)], toParams);
}

/** E[average spend | x, m̄] = p(γ + x m̄)/(px + q − 1); the population mean pγ/(q − 1) when x = 0. */
export function gammaGammaExpectedSpend({ p, q, gamma }: GammaGammaParams, x: number, meanSpend: number | null): number {
  if (!(q > 1)) throw new RangeError(`Gamma-Gamma expected spend needs q > 1 (got ${q})`);
  const m = x > 0 && meanSpend !== null ? meanSpend : 0;
  return (p * (gamma + x * m)) / (p * x + q - 1);
}

/** Pearson correlation of repeat-purchase count and mean spend; Gamma-Gamma assumes it is near 0 (show it with the fit). */
export function spendFrequencyCorrelation(customers: readonly { readonly x: number; readonly meanSpend: number }[]): number {
  const n = customers.length;
  if (n < 2) return Number.NaN;
  const mx = customers.reduce((s, c) => s + c.x, 0) / n;
  const my = customers.reduce((s, c) => s + c.meanSpend, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (const c of customers) {
    sxy += (c.x - mx) * (c.meanSpend - my);
    sxx += (c.x - mx) ** 2;
    syy += (c.meanSpend - my) ** 2;
  }
  return sxx === 0 || syy === 0 ? Number.NaN : sxy / Math.sqrt(sxx * syy);
}

/** Predicted value in IDR over `horizon` periods (default 12 months): expected purchases × expected spend, undiscounted. */
export function predictedValue(bg: BgNbdParams, gg: GammaGammaParams, c: PurchaseSummary, horizon: number = TWELVE_MONTHS_IN_PERIODS): number {
  return bgNbdExpectedPurchases(bg, c, horizon) * gammaGammaExpectedSpend(gg, c.x, c.meanSpendIdr);
}
