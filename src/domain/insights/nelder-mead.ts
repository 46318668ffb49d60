/**
 * Nelder–Mead downhill simplex minimiser (Nelder & Mead 1965), with the standard coefficients
 * of Lagarias et al. 1998 (reflection 1, expansion 2, contraction 1/2, shrink 1/2) and inside
 * contraction as in their algorithm. Derivative-free, so it suits likelihoods whose gradients
 * involve digamma functions; callers optimise over log-parameters to keep them positive.
 * Non-finite objective values are treated as +∞ (the simplex backs away from them).
 * Stops when the spread of objective values over the simplex is below `fTolerance` and its
 * diameter below `xTolerance`, or after `maxIterations`.
 */

export interface NelderMeadOptions {
  /** Initial simplex edge added to each coordinate of x0 (default 0.5). */
  readonly step?: number;
  readonly maxIterations?: number;
  readonly fTolerance?: number;
  readonly xTolerance?: number;
}

export interface NelderMeadResult {
  readonly x: number[];
  readonly fx: number;
  readonly iterations: number;
  readonly converged: boolean;
}

/** Minimise f from x0 by the Nelder–Mead simplex method (see module comment for the rules). */
export function nelderMead(f: (x: readonly number[]) => number, x0: readonly number[], options: NelderMeadOptions = {}): NelderMeadResult {
  const n = x0.length;
  const step = options.step ?? 0.5;
  const maxIterations = options.maxIterations ?? 2000 * n;
  const fTol = options.fTolerance ?? 1e-10;
  const xTol = options.xTolerance ?? 1e-8;
  const value = (x: readonly number[]): number => {
    const v = f(x);
    return Number.isFinite(v) ? v : Infinity;
  };
  let simplex: { x: number[]; fx: number }[] = [{ x: [...x0], fx: value(x0) }];
  for (let i = 0; i < n; i++) {
    const x = [...x0];
    x[i] = (x[i] as number) + step;
    simplex.push({ x, fx: value(x) });
  }
  const along = (from: readonly number[], to: readonly number[], t: number): number[] => from.map((v, i) => v + t * ((to[i] as number) - v));

  let iterations = 0;
  let converged = false;
  while (iterations < maxIterations) {
    simplex.sort((a, b) => a.fx - b.fx);
    const best = simplex[0] as { x: number[]; fx: number };
    const worst = simplex[n] as { x: number[]; fx: number };
    const secondWorst = simplex[n - 1] as { x: number[]; fx: number };
    const fSpread = Math.abs(worst.fx - best.fx);
    const diameter = Math.max(...simplex.map((p) => Math.max(...p.x.map((v, i) => Math.abs(v - (best.x[i] as number))))));
    if (fSpread <= fTol * (1 + Math.abs(best.fx)) && diameter <= xTol) {
      converged = true;
      break;
    }
    iterations++;
    const centroid = new Array<number>(n).fill(0);
    for (let k = 0; k < n; k++) for (let i = 0; i < n; i++) centroid[i] = (centroid[i] as number) + ((simplex[k] as { x: number[] }).x[i] as number) / n;

    const reflected = along(centroid, worst.x, -1);
    const fr = value(reflected);
    if (fr < best.fx) {
      const expanded = along(centroid, worst.x, -2);
      const fe = value(expanded);
      simplex[n] = fe < fr ? { x: expanded, fx: fe } : { x: reflected, fx: fr };
      continue;
    }
    if (fr < secondWorst.fx) {
      simplex[n] = { x: reflected, fx: fr };
      continue;
    }
    // Contract: outside if the reflection improved on the worst point, inside otherwise.
    const outside = fr < worst.fx;
    const contracted = outside ? along(centroid, worst.x, -0.5) : along(centroid, worst.x, 0.5);
    const fc = value(contracted);
    if (fc < (outside ? fr : worst.fx)) {
      simplex[n] = { x: contracted, fx: fc };
      continue;
    }
    simplex = simplex.map((p, k) => (k === 0 ? p : { x: along(best.x, p.x, 0.5), fx: 0 }));
    for (let k = 1; k <= n; k++) {
      const p = simplex[k] as { x: number[]; fx: number };
      p.fx = value(p.x);
    }
  }
  simplex.sort((a, b) => a.fx - b.fx);
  const best = simplex[0] as { x: number[]; fx: number };
  return { x: best.x, fx: best.fx, iterations, converged };
}
