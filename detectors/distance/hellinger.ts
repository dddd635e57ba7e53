/**
 * Hellinger distance between two samples: Evidently 0.7's `hellinger` stattest
 * (legacy hellinger_distance.py), with its own binning (distinct-value Sturges edges, density histograms).
 */

import { countCategories } from "../samples/categories.ts";
import type { TestResult, Values } from "../types.ts";
import { cleanPair, distinctSturgesEdges, histogram, type CleanPair, type DistanceOptions } from "./bins.ts";

/**
 * Hellinger distance √(1 − BC) between two samples (0 to 1), as Evidently's `hellinger` stattest
 * (legacy hellinger_distance.py, Evidently 0.7), with the Bhattacharyya coefficient BC clipped to
 * [0, 1]. Its binning differs from psi/kl/jensenShannon:
 * - categorical: BC = Σ √(p_i·q_i) over the union of categories (shares count / n; a category seen
 *   in one sample only adds 0);
 * - numeric: Sturges edges computed on the *distinct* values of both samples together
 *   (`np.histogram_bin_edges(unique(ref ∪ cur), "sturges")`, whatever the number of distinct values),
 *   density histograms of each sample on those edges, BC = Σ √(h1_i·h2_i)·w with w the mean bin width.
 * No zero fill. Missing values are dropped and counted (NaN, ±Infinity and null for numeric columns).
 * For integer columns numpy clamps the Sturges width to 1 (see bins.ts), so two integer values give
 * one bin and distance 0, as in Evidently.
 *
 * @param reference the reference sample
 * @param current the current sample
 * @param options `type` ("numeric" | "categorical", inferred), `threshold` (default 0.1)
 * @returns `{method: "hellinger", statistic, threshold, drift: statistic ≥ threshold, dropped}`
 * @throws when a sample is empty after dropping missing values
 */
export function hellinger(reference: Values, current: Values, options: DistanceOptions = {}): TestResult {
  const { type, threshold = 0.1 } = options;
  const pair = cleanPair(reference, current, type, "hellinger");
  const bc = Math.min(1, Math.max(0, bhattacharyya(pair)));
  const statistic = Math.sqrt(1 - bc);
  return { method: "hellinger", statistic, threshold, drift: statistic >= threshold, dropped: pair.dropped };
}

function bhattacharyya(pair: CleanPair): number {
  const nRef = pair.reference.length;
  const nCur = pair.current.length;
  let bc = 0;
  if (pair.type === "categorical") {
    const counts = countCategories(pair.reference, pair.current);
    for (let i = 0; i < counts.categories.length; i++)
      bc += Math.sqrt((counts.reference[i] / nRef) * (counts.current[i] / nCur));
    return bc;
  }
  const edges = distinctSturgesEdges(pair.reference, pair.current, pair.integer);
  const h1 = density(histogram(pair.reference, edges), edges, nRef);
  const h2 = density(histogram(pair.current, edges), edges, nCur);
  const width = (edges[edges.length - 1] - edges[0]) / (edges.length - 1);
  for (let i = 0; i < h1.length; i++) bc += Math.sqrt(h1[i] * h2[i]) * width;
  return bc;
}

/** `np.histogram(..., density=True)`: count / bin width / total. */
function density(counts: Float64Array, edges: Float64Array, total: number): Float64Array {
  for (let i = 0; i < counts.length; i++) counts[i] = counts[i] / (edges[i + 1] - edges[i]) / total;
  return counts;
}
