/**
 * Population stability index between binned shares: Evidently 0.7's `psi` stattest (legacy psi.py).
 */

import type { TestResult } from "../types.ts";
import type { DistanceOptions } from "./bins.ts";
import { binnedInput } from "./profileBins.ts";
import type { ColumnInput } from "../inputs/profileInputs.ts";

/**
 * Population stability index between two samples, as Evidently's `psi` stattest (legacy psi.py,
 * Evidently 0.7): PSI = Σ (r_i − c_i)·ln(r_i / c_i) over the bins' reference and current shares.
 *
 * Bins and zero fill, as Evidently's get_binned_data (details in bins.ts):
 * - numeric with more than 20 distinct reference values: Sturges bins over the pooled samples
 *   (`np.histogram_bin_edges(concat(ref, cur), "sturges")`); otherwise one bin per distinct value
 *   of the union (categories seen only in current included; `n_bins` is ignored, as Evidently does);
 * - empty bins, per sample: min_nonzero / 1e6 when the smallest non-zero share is ≤ 1e-4, else 1e-4;
 *   the filled shares are not renormalised.
 * Missing values are dropped and counted (NaN, ±Infinity and null for numeric columns).
 *
 * From two column profiles instead of samples: categories exact from their counts, numeric columns
 * on quantile bins of the reference's sketch (profileBins.ts); `binning` and `approximate` say which.
 *
 * @param reference the reference sample, or its column profile
 * @param current the current sample, or its column profile
 * @param options `type` ("numeric" | "categorical", inferred), `threshold` (default 0.1)
 * @returns `{method: "psi", statistic, threshold, drift: statistic ≥ threshold, dropped}`
 * @throws when a sample is empty after dropping missing values
 */
export function psi(reference: ColumnInput, current: ColumnInput, options: DistanceOptions = {}): TestResult {
  const { type, threshold = 0.1 } = options;
  const shares = binnedInput(reference, current, type, "psi", true);
  let statistic = 0;
  for (let i = 0; i < shares.reference.length; i++) {
    const r = shares.reference[i];
    const c = shares.current[i];
    statistic += (r - c) * Math.log(r / c);
  }
  return {
    method: "psi",
    statistic,
    threshold,
    drift: statistic >= threshold,
    dropped: shares.dropped,
    ...shares.note,
  };
}
