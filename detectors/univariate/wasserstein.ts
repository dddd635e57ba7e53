/**
 * First Wasserstein distance between two one-dimensional samples: scipy 1.17
 * scipy.stats.wasserstein_distance, optionally normed by the reference's standard deviation as
 * Evidently's `wasserstein` stattest.
 */

import type { Dropped, TestResult } from "../types.ts";
import { samplePair, sketchedColumn, type ColumnInput, type ProfilePair } from "../inputs/profileInputs.ts";
import { sketchWasserstein } from "./profileEcdf.ts";
import { finiteNumbers } from "../inputs/clean.ts";
import { ecdfDistance, sortedFinite } from "../samples/ecdf.ts";
import { sortNumbers } from "../samples/radixSort.ts";
import { mean, meanSquaredDeviation } from "../samples/moments.ts";

/** Options of {@link wasserstein}. */
export interface WassersteinOptions {
  /** Divide by the reference's population standard deviation (floored at 0.001). Default true. */
  normed?: boolean;
  /** Distance cut-off; drift when the distance is at least this. Default 0.1. */
  threshold?: number;
}

/**
 * First Wasserstein (earth mover's) distance between two one-dimensional samples: ∫|F_ref − F_cur| dx,
 * the least average distance values must move to turn one sample into the other.
 *
 * Follows scipy.stats.wasserstein_distance (scipy 1.17). With `normed` (the default) the distance
 * is divided by max(std(reference), 0.001), the population standard deviation (ddof 0) as
 * Evidently's `wasserstein` stattest does, making it unit-free; drift is Evidently's rule,
 * distance ≥ threshold. NaN, ±Infinity and null are dropped first and counted.
 *
 * Defaults: normed true, threshold 0.1.
 *
 * From two numeric column profiles instead of samples: the distance between their KLL sketches'
 * CDFs (profileEcdf.ts), normed by the reference profile's population standard deviation (exact to
 * rounding), within `approximate.bound` = (ε_ref + ε_cur)·(pooled max − min) / norm of the raw
 * values' distance, ε being each sketch's rank error (99%).
 *
 * @param reference the reference sample, or its numeric column profile
 * @param current the current sample, or its numeric column profile
 * @returns {method: "wasserstein", statistic: the (normed) distance, threshold, drift, dropped}
 * @throws if either sample has no finite numbers
 * @example
 * wasserstein([0, 1, 3], [5, 6, 8], { normed: false }).statistic // => 5
 */
export function wasserstein(
  reference: ColumnInput,
  current: ColumnInput,
  options: WassersteinOptions = {},
): TestResult {
  const { normed = true, threshold = 0.1 } = options;
  const samples = samplePair(reference, current, "wasserstein");
  if (samples.kind === "profiles") return profileWasserstein(samples, normed, threshold);
  const ref = finiteNumbers(samples.reference, "wasserstein: reference");
  // The standard deviation is taken in the reference's own order, as numpy sums it.
  const norm = normed ? Math.max(Math.sqrt(meanSquaredDeviation(ref.values, mean(ref.values))), 0.001) : 1;
  const cur = sortedFinite(samples.current, "wasserstein: current");
  const distance = ecdfDistance(sortNumbers(ref.values), cur.sorted, 1);
  const statistic = normed ? distance / norm : distance;
  return wassersteinResult(statistic, threshold, { reference: ref.dropped, current: cur.dropped });
}

function wassersteinResult(statistic: number, threshold: number, dropped: Dropped, bound = 0): TestResult {
  const note = bound > 0 ? { approximate: { bound, on: "statistic" as const } } : {};
  return { method: "wasserstein", statistic, threshold, drift: statistic >= threshold, dropped, ...note };
}

/** {@link wasserstein} from two numeric column profiles. */
function profileWasserstein(pair: ProfilePair, normed: boolean, threshold: number): TestResult {
  const ref = sketchedColumn(pair.reference, "wasserstein: reference");
  const cur = sketchedColumn(pair.current, "wasserstein: current");
  const { distance, bound } = sketchWasserstein(ref, cur);
  const norm = normed ? Math.max(Math.sqrt(ref.m2 / ref.count), 0.001) : 1;
  return wassersteinResult(distance / norm, threshold, { reference: ref.missing, current: cur.missing }, bound / norm);
}
