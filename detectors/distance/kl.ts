/**
 * Kullback–Leibler divergence between binned shares: Evidently 0.7's `kl_div` stattest
 * (legacy kl_div.py) over scipy 1.17 scipy.stats.entropy.
 */

import { normalised, relativeEntropy } from "../special/entropy.ts";
import type { TestResult } from "../types.ts";
import type { DistanceOptions } from "./bins.ts";
import { binnedInput } from "./profileBins.ts";
import type { ColumnInput } from "../inputs/profileInputs.ts";

/**
 * Kullback–Leibler divergence KL(reference ‖ current) in nats, as Evidently's `kl_div` stattest
 * (legacy kl_div.py, Evidently 0.7): `scipy.stats.entropy(r, c)` on the binned shares, which
 * renormalises both to sum 1 and returns Σ r_i·ln(r_i / c_i).
 *
 * Bins and zero fill, as Evidently's get_binned_data (details in bins.ts):
 * - numeric with more than 20 distinct reference values: Sturges bins over the pooled samples;
 *   otherwise one bin per distinct value of the union (categories seen only in current included);
 * - empty bins, per sample: min_nonzero / 1e6 when the smallest non-zero share is ≤ 1e-4, else 1e-4,
 *   so the divergence stays finite when a category appears or disappears.
 * Missing values are dropped and counted (NaN, ±Infinity and null for numeric columns).
 *
 * From two column profiles instead of samples: categories exact from their counts, numeric columns
 * on quantile bins of the reference's sketch (profileBins.ts); `binning` and `approximate` say which.
 *
 * @param reference the reference sample, or its column profile
 * @param current the current sample, or its column profile
 * @param options `type` ("numeric" | "categorical", inferred), `threshold` (default 0.1)
 * @returns `{method: "kl", statistic, threshold, drift: statistic ≥ threshold, dropped}`
 * @throws when a sample is empty after dropping missing values
 */
export function kl(reference: ColumnInput, current: ColumnInput, options: DistanceOptions = {}): TestResult {
  const { type, threshold = 0.1 } = options;
  const shares = binnedInput(reference, current, type, "kl", true);
  const p = normalised(shares.reference);
  const q = normalised(shares.current);
  let statistic = 0;
  for (let i = 0; i < p.length; i++) statistic += relativeEntropy(p[i], q[i]);
  return { method: "kl", statistic, threshold, drift: statistic >= threshold, dropped: shares.dropped, ...shares.note };
}
