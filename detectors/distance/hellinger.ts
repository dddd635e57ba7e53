/**
 * Hellinger distance between two samples: Evidently 0.7's `hellinger` stattest
 * (legacy hellinger_distance.py), with its own binning (distinct-value Sturges edges, density histograms).
 */

import { countCategories } from "../samples/categories.ts";
import { samplePair, type ColumnInput } from "../inputs/profileInputs.ts";
import type { Dropped, TestResult } from "../types.ts";
import { cleanPair, distinctSturgesEdges, histogram, type CleanPair, type DistanceOptions } from "./bins.ts";
import { profileShares, type BinnedInput } from "./profileBins.ts";

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
 * From two column profiles instead of samples: BC = Σ √(p_i·q_i) over the bins of profileBins.ts
 * (categories exact from the counts; numeric columns on quantile bins of the reference's sketch,
 * where unequal widths make shares, not densities, the quantity to compare); `binning` and
 * `approximate` say which.
 *
 * @param reference the reference sample, or its column profile
 * @param current the current sample, or its column profile
 * @param options `type` ("numeric" | "categorical", inferred), `threshold` (default 0.1)
 * @returns `{method: "hellinger", statistic, threshold, drift: statistic ≥ threshold, dropped}`
 * @throws when a sample is empty after dropping missing values
 */
export function hellinger(reference: ColumnInput, current: ColumnInput, options: DistanceOptions = {}): TestResult {
  const { type, threshold = 0.1 } = options;
  const samples = samplePair(reference, current, "hellinger");
  const { bc, dropped, note } =
    samples.kind === "profiles"
      ? profileBhattacharyya(profileShares(samples, type, "hellinger", false))
      : rawBhattacharyya(cleanPair(samples.reference, samples.current, type, "hellinger"));
  const statistic = Math.sqrt(1 - Math.min(1, Math.max(0, bc)));
  return { method: "hellinger", statistic, threshold, drift: statistic >= threshold, dropped, ...note };
}

function rawBhattacharyya(pair: CleanPair): { bc: number; dropped: Dropped; note: BinnedInput["note"] } {
  return { bc: bhattacharyya(pair), dropped: pair.dropped, note: {} };
}

function profileBhattacharyya(shares: BinnedInput): { bc: number; dropped: Dropped; note: BinnedInput["note"] } {
  let bc = 0;
  for (let i = 0; i < shares.reference.length; i++) bc += Math.sqrt(shares.reference[i] * shares.current[i]);
  return { bc, dropped: shares.dropped, note: shares.note };
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
