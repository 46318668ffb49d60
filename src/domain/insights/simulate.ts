/**
 * Seeded random numbers and the draws needed to simulate customer bases (tests and benchmarks);
 * the domain has no randomness of its own, so every generator starts from an explicit seed.
 * - mulberry32: a small, well-distributed 32-bit PRNG (Tommy Ettinger's mulberry32);
 * - normal: Box–Muller; gamma: Marsaglia & Tsang (2000), with the U^(1/k) boost for shape < 1;
 * - beta(a, b) = X/(X + Y) with X ~ Gamma(a), Y ~ Gamma(b).
 * Gamma draws are parameterised by shape and RATE (mean = shape / rate), as in BG/NBD papers.
 */

export type Random = () => number;

/** A seeded uniform [0, 1) generator (mulberry32). */
export function mulberry32(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** A standard normal draw (Box–Muller). */
export function drawNormal(random: Random): number {
  const u = 1 - random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

/** A Gamma(shape, rate) draw (Marsaglia–Tsang). */
export function drawGamma(random: Random, shape: number, rate: number): number {
  if (shape < 1) return drawGamma(random, shape + 1, rate) * Math.pow(1 - random(), 1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = drawNormal(random);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = 1 - random();
    if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) return (d * v) / rate;
  }
}

/** A Beta(a, b) draw. */
export function drawBeta(random: Random, a: number, b: number): number {
  const x = drawGamma(random, a, 1);
  return x / (x + drawGamma(random, b, 1));
}

/** An exponential draw with the given rate. */
export function drawExponential(random: Random, rate: number): number {
  return -Math.log(1 - random()) / rate;
}
