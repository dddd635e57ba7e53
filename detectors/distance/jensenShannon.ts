/**
 * Jensen–Shannon distance between binned shares: Evidently 0.7's `jensenshannon` stattest
 * (legacy jensenshannon.py) over scipy 1.17 scipy.spatial.distance.jensenshannon.
 */

import { normalised, relativeEntropy } from "../special/entropy.ts";
import type { TestResult } from "../types.ts";
import type { DistanceOptions } from "./bins.ts";
import { binnedInput } from "./profileBins.ts";
import type { ColumnInput } from "../inputs/profileInputs.ts";

/**
 * Jensen–Shannon distance with natural logarithms (between 0 and √ln 2 ≈ 0.8326), as Evidently's
 * `jensenshannon` stattest (legacy jensenshannon.py, Evidently 0.7):
 * `scipy.spatial.distance.jensenshannon(r, c)` = √((KL(p‖m) + KL(q‖m)) / 2) with m = (p + q)/2, on
 * the binned shares renormalised to sum 1. NannyML's version uses base 2; this one does not.
 *
 * Bins, as Evidently's get_binned_data (details in bins.ts), **without** the zero fill:
 * - numeric with more than 20 distinct reference values: Sturges bins over the pooled samples;
 *   otherwise one bin per distinct value of the union (categories seen only in current included,
 *   with share 0 in the reference: the distance stays finite).
 * Missing values are dropped and counted (NaN, ±Infinity and null for numeric columns). A rounding
 * residue below zero under the root gives 0 (scipy would return NaN there).
 *
 * From two column profiles instead of samples: categories exact from their counts, numeric columns
 * on quantile bins of the reference's sketch (profileBins.ts); `binning` and `approximate` say which.
 *
 * @param reference the reference sample, or its column profile
 * @param current the current sample, or its column profile
 * @param options `type` ("numeric" | "categorical", inferred), `threshold` (default 0.1)
 * @returns `{method: "jensenShannon", statistic, threshold, drift: statistic ≥ threshold, dropped}`
 * @throws when a sample is empty after dropping missing values
 */
export function jensenShannon(reference: ColumnInput, current: ColumnInput, options: DistanceOptions = {}): TestResult {
  const { type, threshold = 0.1 } = options;
  const shares = binnedInput(reference, current, type, "jensenShannon", false);
  const p = normalised(shares.reference);
  const q = normalised(shares.current);
  let left = 0;
  let right = 0;
  for (let i = 0; i < p.length; i++) {
    const m = (p[i] + q[i]) / 2;
    left += relativeEntropy(p[i], m);
    right += relativeEntropy(q[i], m);
  }
  const statistic = Math.sqrt(Math.max(0, (left + right) / 2));
  return {
    method: "jensenShannon",
    statistic,
    threshold,
    drift: statistic >= threshold,
    dropped: shares.dropped,
    ...shares.note,
  };
}
