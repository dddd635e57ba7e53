/**
 * Robust location and covariance by the Minimum Covariance Determinant, ported from scikit-learn
 * 1.2's MinCovDet (sklearn/covariance/_robust_covariance.py): FastMCD (Rousseeuw & Van Driessen,
 * "A Fast Algorithm for the Minimum Covariance Determinant Estimator", Technometrics 1999) finds
 * the h rows whose covariance has the smallest determinant by concentration steps from random
 * starts, then the raw estimate is corrected for consistency and reweighted (rows within the
 * chi-squared 97.5% quantile). The structure, trial counts and stopping rules are scikit-learn's;
 * the random starts come from detectors/random, so where both find the same optimal h rows (the
 * usual case on data with a clear majority) the results agree to rounding.
 */

import { chiSquaredInverseSurvival } from "../distributions/chiSquaredQuantile.ts";
import { randomSubsets } from "../random/permutation.ts";
import type { Rng } from "../random/rng.ts";
import { cholesky } from "./cholesky.ts";
import { logDeterminant, meanAndCovariance, squaredMahalanobis } from "./covariance.ts";
import { type Matrix, selectRows } from "./matrix.ts";

/** The MCD estimate: reweighted location and covariance, the raw ones, and the rows behind each. */
export interface RobustCovariance {
  location: Float64Array;
  covariance: Float64Array;
  /** How many rows the reweighted estimate used. */
  support: number;
  rawLocation: Float64Array;
  rawCovariance: Float64Array;
  /** How many rows the raw estimate used (h). */
  rawSupport: number;
}

/** One concentration-step result: scikit-learn's (location, covariance, det, support). */
interface Candidate {
  location: Float64Array;
  covariance: Float64Array;
  det: number;
  support: Int32Array;
}

interface Estimate {
  location: Float64Array;
  covariance: Float64Array;
}

/**
 * MinCovDet(support_fraction).fit(x): location_, covariance_ and their supports.
 * @param supportFraction share of rows in the raw estimate (default (n + p + 1) / 2 rows)
 * @throws when a covariance met on the way is singular (over half the rows on a hyperplane)
 */
export function minCovDet(x: Matrix, supportFraction: number | undefined, rng: Rng, fn: string): RobustCovariance {
  const { rows: n, cols: p } = x;
  const h = supportFraction === undefined ? Math.ceil(0.5 * (n + p + 1)) : Math.floor(supportFraction * n);
  const raw = p === 1 ? univariateMcd(x, h) : fastMcd(x, h, rng, fn);
  return reweight(x, raw.location, raw.covariance, raw.support.length, fn);
}

/**
 * scikit-learn's correct_covariance and reweight_covariance from a raw MCD estimate: the distances
 * from it scaled so that their median is χ²₀.₅(p), then the mean and covariance of the rows within
 * χ²₀.₉₇₅(p). The distances are measured afresh from the raw estimate (scikit-learn reuses its last
 * concentration step's, the same numbers once that step has converged).
 */
export function reweight(
  x: Matrix,
  rawLocation: Float64Array,
  rawCovariance: Float64Array,
  rawSupport: number,
  fn: string,
): RobustCovariance {
  const p = x.cols;
  const dist = squaredMahalanobis(x, rawLocation, factorOf(rawCovariance, p, fn));
  const correction = median(dist) / chiSquaredInverseSurvival(0.5, p);
  const cutoff = chiSquaredInverseSurvival(0.025, p);
  const kept: number[] = [];
  for (let i = 0; i < x.rows; i++) if (dist[i] / correction < cutoff) kept.push(i);
  const { location, covariance } = meanAndCovariance(x, kept);
  factorOf(covariance, p, fn);
  return { location, covariance, support: kept.length, rawLocation, rawCovariance, rawSupport };
}

/** The Cholesky factor of a covariance, or an error that says what a singular one means here. */
function factorOf(covariance: Float64Array, p: number, fn: string): Float64Array {
  const factor = cholesky(covariance, p);
  if (factor === null)
    throw new Error(
      `${fn}: the robust covariance of the reference is singular (more than half of its rows lie on a hyperplane, e.g. a constant or repeated feature); leave such features out with the features option`,
    );
  return factor;
}

/** scikit-learn's exact one-feature MCD: the shortest window of h sorted values. */
function univariateMcd(x: Matrix, h: number): Candidate {
  const n = x.rows;
  const values = x.data;
  let location: number;
  let support: Int32Array;
  if (h < n) {
    const sorted = Float64Array.from(values).sort();
    let shortest = Infinity;
    for (let i = 0; i < n - h; i++) shortest = Math.min(shortest, sorted[h + i] - sorted[i]);
    let sum = 0;
    let count = 0;
    for (let i = 0; i < n - h; i++) {
      if (sorted[h + i] - sorted[i] !== shortest) continue;
      sum += 0.5 * (sorted[h + i] + sorted[i]);
      count++;
    }
    location = sum / count;
    support = smallest(
      values.map((v) => Math.abs(v - location)),
      h,
    );
  } else {
    support = Int32Array.from({ length: n }, (_, i) => i);
    location = meanAndCovariance(x, null).location[0];
  }
  const { covariance } = meanAndCovariance(x, support);
  return { location: Float64Array.of(location), covariance, det: Math.log(covariance[0]), support };
}

/** scikit-learn's fast_mcd for two or more features. */
function fastMcd(x: Matrix, h: number, rng: Rng, fn: string): Candidate {
  const n = x.rows;
  if (n <= 500) {
    const best = selectCandidates(x, h, 30, 10, 2, rng, fn);
    return selectCandidates(x, h, best, 1, 30, rng, fn)[0];
  }
  // Large samples: the best starts of disjoint subsets, refined on a merged set, then on all rows.
  const subsets = Math.floor(n / 300);
  const subsetSize = Math.floor(n / subsets);
  const shuffled = rng.shuffle(Int32Array.from({ length: n }, (_, i) => i));
  const subsetH = Math.ceil(subsetSize * (h / n));
  const trials = Math.max(10, Math.floor(500 / subsets));
  const starts: Estimate[] = [];
  for (let s = 0; s < subsets; s++) {
    const subset = selectRows(x, shuffled.subarray(s * subsetSize, (s + 1) * subsetSize));
    starts.push(...selectCandidates(subset, subsetH, trials, 10, 2, rng, fn));
  }
  const mergedSize = Math.min(1500, n);
  const mergedH = Math.ceil(mergedSize * (h / n));
  const selection = rng.shuffle(Int32Array.from({ length: n }, (_, i) => i)).subarray(0, mergedSize);
  const merged = selectCandidates(selectRows(x, selection), mergedH, starts, n > 1500 ? 10 : 1, 30, rng, fn);
  if (n >= 1500) return selectCandidates(x, h, merged, 1, 30, rng, fn)[0];
  // Below 1500 rows the merged set is every row, in shuffled order: map its support back.
  const best = merged[0];
  return { ...best, support: Int32Array.from(best.support, (r) => selection[r]).sort() };
}

/**
 * scikit-learn's select_candidates: concentration steps from `starts` random supports (a number)
 * or from given estimates, the `select` results of smallest log-determinant first.
 */
function selectCandidates(
  x: Matrix,
  h: number,
  starts: number | Estimate[],
  select: number,
  iterations: number,
  rng: Rng,
  fn: string,
): Candidate[] {
  const results: Candidate[] = [];
  if (typeof starts === "number") {
    const supports = randomSubsets(rng, x.rows, h, starts);
    for (let t = 0; t < starts; t++) results.push(cStep(x, h, supports.slice(t * h, (t + 1) * h), iterations, fn));
  } else {
    for (const start of starts) {
      const dist = squaredMahalanobis(x, start.location, factorOf(start.covariance, x.cols, fn));
      results.push(cStep(x, h, smallest(dist, h), iterations, fn));
    }
  }
  return results
    .map((candidate, index) => ({ candidate, index }))
    .sort((a, b) => a.candidate.det - b.candidate.det || a.index - b.index)
    .slice(0, select)
    .map(({ candidate }) => candidate);
}

/**
 * scikit-learn's _c_step: from an initial support, move to the h rows closest to the support's own
 * location and covariance until the log-determinant stops falling (or `iterations` run out); should
 * it rise, which scikit-learn warns should not happen, the previous step is kept.
 */
function cStep(x: Matrix, h: number, initial: Int32Array, iterations: number, fn: string): Candidate {
  let support = initial;
  let { location, covariance } = meanAndCovariance(x, support);
  let factor = factorOf(covariance, x.cols, fn);
  let det = logDeterminant(factor, x.cols);
  let previous: Candidate | null = null;
  let remaining = iterations;
  while (det < (previous?.det ?? Infinity) && remaining > 0) {
    previous = { location, covariance, det, support };
    support = smallest(squaredMahalanobis(x, location, factor), h);
    ({ location, covariance } = meanAndCovariance(x, support));
    factor = factorOf(covariance, x.cols, fn);
    det = logDeterminant(factor, x.cols);
    remaining--;
  }
  const rose = previous !== null && remaining > 0 && det > previous.det && !allClose(det, previous.det);
  return rose ? (previous as Candidate) : { location, covariance, det, support };
}

/** numpy.allclose for two scalars: |a − b| ≤ 1e-8 + 1e-5·|b|. */
function allClose(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-8 + 1e-5 * Math.abs(b);
}

/** The indices of the h smallest values (ties by index), in ascending index order. */
function smallest(values: Float64Array, h: number): Int32Array {
  const order = Int32Array.from({ length: values.length }, (_, i) => i);
  order.sort((a, b) => values[a] - values[b] || a - b);
  return order.subarray(0, h).sort();
}

/** numpy.median. */
function median(values: Float64Array): number {
  const sorted = Float64Array.from(values).sort();
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : 0.5 * (sorted[mid - 1] + sorted[mid]);
}
