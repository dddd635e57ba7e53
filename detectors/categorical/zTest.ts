/**
 * Two-proportion z-test for a binary column: Evidently 0.7's `z` stattest (legacy z_stattest.py).
 */

import { binaryOf } from "../samples/categories.ts";
import { categoryPair, type ColumnInput } from "./profileCounts.ts";
import { normalSurvival } from "../distributions/standard.ts";
import { checkAlpha } from "../inputs/options.ts";
import type { TestResult } from "../types.ts";

export interface ZTestOptions {
  /** Significance level; drift when p < alpha. Default 0.05, Evidently's `z` default. */
  alpha?: number;
  /** The category counted as 1. Default: the larger of the two sorted categories, as Evidently maps them. */
  positive?: string | number | boolean;
}

/**
 * Two-proportion z-test for a binary column, as Evidently's `z` stattest (legacy
 * z_stattest.py, Evidently 0.7): p₁ and p₂ are the shares of the positive category in reference
 * and current, P = (p₁n₁ + p₂n₂)/(n₁ + n₂) the pooled share, z = (p₁ − p₂)/√(P(1 − P)(1/n₁ + 1/n₂))
 * and the two-sided p = 2·(1 − Φ(|z|)), computed as 2·Φ(−|z|) so tiny p-values keep their digits.
 *
 * - Evidently counts the smallest sorted category as 0 and every other as 1; here the default
 *   positive is the larger of the two, which is the same thing (and only flips the sign of z).
 * - Both samples constant and equal (one category in all): p = 1 and statistic 0, as Evidently.
 * - Missing values are dropped and counted. Evidently silently merges a third category into 1;
 *   here more than two categories is an error.
 * - Two column profiles instead of samples: the shares come from their counts (profileCounts.ts),
 *   exact for categorical profiles.
 *
 * @param reference the reference sample of a binary column (any values), or its column profile
 * @param current the current sample
 * @param options `alpha` (default 0.05), `positive`
 * @returns `{method: "zTest", statistic: z, pValue, threshold: alpha, drift: pValue < alpha, dropped}`
 * @throws when a sample has no values, more than two categories occur, `positive` is not one of
 * the two categories, or alpha is not in (0, 1)
 */
export function zTest(reference: ColumnInput, current: ColumnInput, options: ZTestOptions = {}): TestResult {
  const { alpha = 0.05, positive } = options;
  checkAlpha(alpha, "zTest");
  const pair = categoryPair(reference, current, "zTest");
  const counts = binaryOf(pair, "zTest", positive);
  const note = pair.approximate ? { approximate: pair.approximate } : {};
  if (counts.categories.length === 1) {
    return {
      method: "zTest",
      statistic: 0,
      pValue: 1,
      threshold: alpha,
      drift: false,
      dropped: counts.dropped,
      ...note,
    };
  }
  const { statistic, pValue } = twoProportionZ(counts.reference, counts.current);
  return {
    method: "zTest",
    statistic,
    pValue,
    threshold: alpha,
    drift: pValue < alpha,
    dropped: counts.dropped,
    ...note,
  };
}

/** Counts of ones among n in each sample. */
export interface Proportion {
  ones: number;
  n: number;
}

/**
 * The two-proportion z statistic and its two-sided p-value from counts (the formula above); both
 * samples all ones or all zeros: statistic 0, p = 1, as Evidently. Shared with the per-chunk test
 * of realized performance, which has counts rather than samples when its chunks are profiles.
 */
export function twoProportionZ(reference: Proportion, current: Proportion): { statistic: number; pValue: number } {
  const { n: n1 } = reference;
  const { n: n2 } = current;
  const p1 = reference.ones / n1;
  const p2 = current.ones / n2;
  const pooled = (p1 * n1 + p2 * n2) / (n1 + n2);
  if (pooled === 0 || pooled === 1) return { statistic: 0, pValue: 1 };
  const statistic = (p1 - p2) / Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
  return { statistic, pValue: 2 * normalSurvival(Math.abs(statistic)) };
}
