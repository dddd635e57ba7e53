/**
 * Chi-squared goodness-of-fit test of the current category counts against the reference shares:
 * Evidently 0.7's `chisquare` stattest (legacy chisquare_stattest.py) over scipy 1.17 scipy.stats.chisquare.
 */

import { categoryPair, type ColumnInput } from "./profileCounts.ts";
import { chiSquaredSurvival } from "../distributions/standard.ts";
import { pairwiseSum } from "../samples/moments.ts";
import { checkAlpha } from "../inputs/options.ts";
import type { TestResult } from "../types.ts";

export interface ChiSquareGoodnessOfFitOptions {
  /** Significance level; drift when p < alpha. Default 0.05, Evidently's `chisquare` default. */
  alpha?: number;
}

export interface ChiSquareGoodnessOfFitResult extends TestResult {
  /** Degrees of freedom, K − 1 for K categories in the union. */
  dof: number;
}

/**
 * Chi-squared goodness-of-fit test of the current category counts against the reference shares,
 * as Evidently's `chisquare` stattest computes it (legacy chisquare_stattest.py, Evidently 0.7) —
 * the test its data-drift preset picks for categorical columns with a small reference. This is
 * not {@link chiSquare} (Alibi Detect's 2×K contingency test): the reference is taken as the
 * known distribution, not as a second sample, so p-values are smaller.
 *
 * - Categories are the union of both samples. Expected counts are ref_count · (n_cur / n_ref),
 *   observed counts are the current counts, and `scipy.stats.chisquare(f_obs, f_exp)` (scipy 1.17)
 *   gives Σ (O − E)²/E with K − 1 degrees of freedom.
 * - A category seen only in current has E = 0: the statistic is Infinity and p = 0, as in scipy
 *   (any new category is drift). A category seen only in the reference contributes its E.
 * - One category in all: 0 degrees of freedom, and scipy's p-value is NaN (never drift).
 * - Missing values (null, undefined, NaN) are dropped and counted; categories are compared as
 *   strings, so `1` and `"1"` are the same category.
 * - Two column profiles instead of samples: the counts come from the profiles (profileCounts.ts),
 *   exact for categorical profiles (their `other` count is one more category).
 *
 * @param reference the reference sample (any values; each distinct value is a category), or its column profile
 * @param current the current sample
 * @param options `alpha` (default 0.05)
 * @returns `{method: "chiSquareGoodnessOfFit", statistic, pValue, threshold: alpha, drift: pValue < alpha, dof, dropped}`
 * @throws when a sample has no values left, or alpha is not in (0, 1)
 * @example
 * chiSquareGoodnessOfFit(["a", "a", "b", "b"], ["a", "b", "b", "b"]).statistic // => 1
 */
export function chiSquareGoodnessOfFit(
  reference: ColumnInput,
  current: ColumnInput,
  options: ChiSquareGoodnessOfFitOptions = {},
): ChiSquareGoodnessOfFitResult {
  const { alpha = 0.05 } = options;
  checkAlpha(alpha, "chiSquareGoodnessOfFit");
  const counts = categoryPair(reference, current, "chiSquareGoodnessOfFit");
  const k = counts.categories.length;
  const scale = counts.nCur / counts.nRef;
  const terms = new Float64Array(k);
  for (let j = 0; j < k; j++) {
    const expected = counts.reference[j] * scale;
    const observed = counts.current[j];
    terms[j] = expected === 0 ? Infinity : (observed - expected) ** 2 / expected;
  }
  const statistic = pairwiseSum(terms);
  const dof = k - 1;
  const pValue = dof === 0 ? NaN : statistic === Infinity ? 0 : chiSquaredSurvival(statistic, dof);
  return {
    method: "chiSquareGoodnessOfFit",
    statistic,
    pValue,
    threshold: alpha,
    drift: pValue < alpha,
    dof,
    dropped: counts.dropped,
    ...(counts.approximate ? { approximate: counts.approximate } : {}),
  };
}
