/**
 * Chi-squared test of homogeneity on the 2×K table of reference and current category counts:
 * scipy 1.17 scipy.stats.chi2_contingency, with the table built as Alibi Detect's ChiSquareDrift.
 */

import { categoryPair, type ColumnInput } from "./profileCounts.ts";
import { chiSquaredSurvival } from "../distributions/standard.ts";
import { checkAlpha } from "../inputs/options.ts";
import type { TestResult } from "../types.ts";

export interface ChiSquareOptions {
  /** Yates' continuity correction when the table has one degree of freedom (two categories). Default true. */
  correction?: boolean;
  /** Significance level; drift when p < alpha. Default 0.05. */
  alpha?: number;
}

export interface ChiSquareResult extends TestResult {
  /** Degrees of freedom of the 2×K table, K − 1 (0 when only one category occurs). */
  dof: number;
}

/**
 * Chi-squared test of homogeneity between two categorical samples: Pearson's statistic on the
 * 2×K contingency table [reference counts; current counts], as `scipy.stats.chi2_contingency`
 * (scipy 1.17) computes it and as Alibi Detect's ChiSquareDrift builds the table.
 *
 * - Categories are the union of both samples; one seen only in current gets a reference count of
 *   0 (and the reverse), so a new category raises the statistic instead of being ignored.
 * - Expected counts are row·column/N; the p-value is the chi-squared survival function with
 *   K − 1 degrees of freedom. With two categories (one degree of freedom) and `correction`, Yates'
 *   correction moves each observed count toward its expected count by min(0.5, |E − O|).
 * - One category in all (both samples constant and equal): 0 degrees of freedom, statistic 0, p 1.
 * - scipy raises when an expected count is zero. That cannot happen here: every category comes from
 *   the data, so every column total is positive, and an empty sample is an error.
 * - Missing values (null, undefined, NaN) are dropped and counted; categories are compared as
 *   strings, so `1` and `"1"` are the same category.
 * - Two column profiles instead of samples: the table comes from their counts (profileCounts.ts),
 *   exact for categorical profiles (their `other` count is one more category).
 *
 * @param reference the reference sample (any values; each distinct value is a category), or its column profile
 * @param current the current sample
 * @param options `correction` (default true), `alpha` (default 0.05)
 * @returns `{method: "chiSquare", statistic, pValue, threshold: alpha, drift: pValue < alpha, dof, dropped}`
 * @throws when a sample has no values left, or alpha is not in (0, 1)
 * @example
 * chiSquare(["a", "a", "b"], ["a", "b", "b", "c"]).pValue
 */
export function chiSquare(
  reference: ColumnInput,
  current: ColumnInput,
  options: ChiSquareOptions = {},
): ChiSquareResult {
  const { correction = true, alpha = 0.05 } = options;
  checkAlpha(alpha, "chiSquare");
  const counts = categoryPair(reference, current, "chiSquare");
  const k = counts.categories.length;
  const dof = k - 1;
  const { dropped } = counts;
  const note = counts.approximate ? { approximate: counts.approximate } : {};
  if (dof === 0)
    return { method: "chiSquare", statistic: 0, pValue: 1, threshold: alpha, drift: false, dof, dropped, ...note };

  const rows = [counts.reference, counts.current];
  const rowTotals = [counts.nRef, counts.nCur];
  const total = rowTotals[0] + rowTotals[1];
  const yates = correction && dof === 1;
  let statistic = 0;
  for (let r = 0; r < 2; r++) {
    for (let j = 0; j < k; j++) {
      const expected = (rowTotals[r] * (counts.reference[j] + counts.current[j])) / total;
      let observed = rows[r][j];
      if (yates) observed += Math.sign(expected - observed) * Math.min(0.5, Math.abs(expected - observed));
      statistic += (observed - expected) ** 2 / expected;
    }
  }
  const pValue = chiSquaredSurvival(statistic, dof);
  return { method: "chiSquare", statistic, pValue, threshold: alpha, drift: pValue < alpha, dof, dropped, ...note };
}
