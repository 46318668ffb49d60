/**
 * Special functions for the insights statistics, written for accuracy in the tails
 * (p-values of 1e-10 must still be right to 3 significant digits, not just 3 decimals).
 *
 * - lnGamma: Lanczos approximation, g = 7, n = 9 (the coefficient set published with
 *   Godfrey's/Numerical Recipes-style implementations), relative error ~1e-15 for x > 0,
 *   reflection formula for x < 0.5.
 * - regularizedGammaP / regularizedGammaQ: Numerical Recipes (Press et al., 3rd ed., §6.2)
 *   `gammp`/`gammq`: the power series (`gser`) for x < a + 1, otherwise the continued
 *   fraction (`gcf`) evaluated with the modified Lentz method. Each is used only where it
 *   converges fast, so Q is computed directly (not as 1 − P) in the upper tail.
 * - erfc(x) = Q(1/2, x²) for x ≥ 0 (NR eq. 6.2.5–6.2.6), so the normal tail inherits the
 *   continued fraction's relative precision. (Abramowitz–Stegun 7.1.26 has an absolute error
 *   of 1.5e-7, useless for small p-values, and is deliberately not used.)
 * - normalQuantile: Acklam's rational approximation refined by two Halley steps on erfc.
 */

const LANCZOS_G = 7;
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
] as const;
const LN_SQRT_2PI = 0.9189385332046728;
const EPS = 1e-16;
const FPMIN = 1e-300;
const MAX_ITERATIONS = 100_000;

/** ln Γ(x) for real x not a non-positive integer (Lanczos g=7, n=9; reflection below 0.5). */
export function lnGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - lnGamma(1 - x);
  const z = x - 1;
  let sum = LANCZOS[0];
  for (let i = 1; i < LANCZOS.length; i++) sum += (LANCZOS[i] as number) / (z + i);
  const t = z + LANCZOS_G + 0.5;
  return LN_SQRT_2PI + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}

/** ln B(a, b) = lnΓ(a) + lnΓ(b) − lnΓ(a + b), a, b > 0. */
export function lnBeta(a: number, b: number): number {
  return lnGamma(a) + lnGamma(b) - lnGamma(a + b);
}

function prefactor(a: number, x: number): number {
  return Math.exp(-x + a * Math.log(x) - lnGamma(a));
}

/** NR `gser`: P(a, x) by its power series; converges quickly for x < a + 1. */
function gammaSeries(a: number, x: number): number {
  let ap = a;
  let del = 1 / a;
  let sum = del;
  for (let i = 0; i < MAX_ITERATIONS; i++) {
    ap += 1;
    del *= x / ap;
    sum += del;
    if (Math.abs(del) < Math.abs(sum) * EPS) break;
  }
  return sum * prefactor(a, x);
}

/** NR `gcf`: Q(a, x) by its continued fraction (modified Lentz); for x ≥ a + 1. */
function gammaContinuedFraction(a: number, x: number): number {
  let b = x + 1 - a;
  let c = 1 / FPMIN;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < MAX_ITERATIONS; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < FPMIN) d = FPMIN;
    c = b + an / c;
    if (Math.abs(c) < FPMIN) c = FPMIN;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < EPS) break;
  }
  return prefactor(a, x) * h;
}

function checkGammaArgs(a: number, x: number): void {
  if (!(a > 0) || !(x >= 0) || !Number.isFinite(a)) throw new RangeError(`incomplete gamma needs a > 0, x >= 0 (got a=${a}, x=${x})`);
}

/** Regularized lower incomplete gamma P(a, x) = γ(a, x)/Γ(a) (NR `gammp`). */
export function regularizedGammaP(a: number, x: number): number {
  checkGammaArgs(a, x);
  if (x === 0) return 0;
  if (x === Infinity) return 1;
  return x < a + 1 ? gammaSeries(a, x) : 1 - gammaContinuedFraction(a, x);
}

/** Regularized upper incomplete gamma Q(a, x) = 1 − P(a, x), computed directly in the tail (NR `gammq`). */
export function regularizedGammaQ(a: number, x: number): number {
  checkGammaArgs(a, x);
  if (x === 0) return 1;
  if (x === Infinity) return 0;
  return x < a + 1 ? 1 - gammaSeries(a, x) : gammaContinuedFraction(a, x);
}

/** Complementary error function, erfc(x) = Q(1/2, x²) for x ≥ 0 and 1 + P(1/2, x²) for x < 0. */
export function erfc(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  return x >= 0 ? regularizedGammaQ(0.5, x * x) : 1 + regularizedGammaP(0.5, x * x);
}

/** Standard normal CDF Φ(z) = erfc(−z/√2)/2, accurate in both tails. */
export function normalCdf(z: number): number {
  return 0.5 * erfc(-z / Math.SQRT2);
}

/** Upper tail of the chi-square distribution with df degrees of freedom: Q(df/2, x/2). */
export function chiSquareSurvival(x: number, df: number): number {
  if (!(df > 0)) throw new RangeError(`chi-square needs df > 0 (got ${df})`);
  return x <= 0 ? 1 : regularizedGammaQ(df / 2, x / 2);
}

const ACKLAM_A = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239] as const;
const ACKLAM_B = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1] as const;
const ACKLAM_C = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783] as const;
const ACKLAM_D = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416] as const;

function acklam(p: number): number {
  const [a0, a1, a2, a3, a4, a5] = ACKLAM_A;
  const [b0, b1, b2, b3, b4] = ACKLAM_B;
  const [c0, c1, c2, c3, c4, c5] = ACKLAM_C;
  const [d0, d1, d2, d3] = ACKLAM_D;
  const low = 0.02425;
  if (p < low || p > 1 - low) {
    const q = Math.sqrt(-2 * Math.log(p < low ? p : 1 - p));
    const x = (((((c0 * q + c1) * q + c2) * q + c3) * q + c4) * q + c5) / ((((d0 * q + d1) * q + d2) * q + d3) * q + 1);
    return p < low ? x : -x;
  }
  const q = p - 0.5;
  const r = q * q;
  return ((((((a0 * r + a1) * r + a2) * r + a3) * r + a4) * r + a5) * q) / (((((b0 * r + b1) * r + b2) * r + b3) * r + b4) * r + 1);
}

/** Inverse standard normal CDF for 0 < p < 1 (Acklam's approximation + two Halley steps). */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`normalQuantile needs 0 < p < 1 (got ${p})`);
  let x = acklam(p);
  for (let i = 0; i < 2; i++) {
    const e = normalCdf(x) - p;
    const u = e * Math.sqrt(2 * Math.PI) * Math.exp((x * x) / 2);
    x -= u / (1 + (x * u) / 2);
  }
  return x;
}
