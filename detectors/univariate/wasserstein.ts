/**
 * First Wasserstein distance between two one-dimensional samples: scipy 1.17
 * scipy.stats.wasserstein_distance, optionally normed by the reference's standard deviation as
 * Evidently's `wasserstein` stattest.
 */

import type { TestResult, Values } from "../types.ts";
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
 * @param reference the reference sample
 * @param current the current sample
 * @returns {method: "wasserstein", statistic: the (normed) distance, threshold, drift, dropped}
 * @throws if either sample has no finite numbers
 * @example
 * wasserstein([0, 1, 3], [5, 6, 8], { normed: false }).statistic // => 5
 */
export function wasserstein(reference: Values, current: Values, options: WassersteinOptions = {}): TestResult {
  const { normed = true, threshold = 0.1 } = options;
  const ref = finiteNumbers(reference, "wasserstein: reference");
  // The standard deviation is taken in the reference's own order, as numpy sums it.
  const norm = normed ? Math.max(Math.sqrt(meanSquaredDeviation(ref.values, mean(ref.values))), 0.001) : 1;
  const cur = sortedFinite(current, "wasserstein: current");
  const distance = ecdfDistance(sortNumbers(ref.values), cur.sorted, 1);
  const statistic = normed ? distance / norm : distance;
  return {
    method: "wasserstein",
    statistic,
    threshold,
    drift: statistic >= threshold,
    dropped: { reference: ref.dropped, current: cur.dropped },
  };
}
