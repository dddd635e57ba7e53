/**
 * Two-sample t-test (Welch's, or Student's pooled): scipy 1.17 scipy.stats.ttest_ind.
 */

import type { Alternative, TestResult, Values } from "../types.ts";
import { finiteNumbers } from "../inputs/clean.ts";
import { studentTSurvival } from "../distributions/standard.ts";
import { mean, meanSquaredDeviation } from "../samples/moments.ts";
import { checkAlpha } from "../inputs/options.ts";

/** Options of {@link tTest}. */
export interface TTestOptions {
  /** "two-sided" (default), "greater" (reference mean larger) or "less" (reference mean smaller). */
  alternative?: Alternative;
  /** Pooled-variance Student test instead of Welch's (Evidently's `t_test` pools). Default false. */
  equalVar?: boolean;
  /** Significance level; drift when pValue < alpha. Default 0.05. */
  alpha?: number;
}

/**
 * Two-sample t-test for a difference in means, by default Welch's test (no equal-variance
 * assumption).
 *
 * Follows scipy.stats.ttest_ind(reference, current, equal_var=False) (scipy 1.17):
 * t = (m₁ − m₂)/√(v₁/n₁ + v₂/n₂) with unbiased variances and Welch–Satterthwaite degrees of freedom (1 when undefined); with
 * `equalVar` the pooled variance and n₁ + n₂ − 2 degrees of freedom. Means and variances are
 * summed as numpy sums them, so constant samples round exactly as in scipy. Like scipy, a sample
 * with a single value, or two constant samples with equal means, give NaN statistic and p-value
 * (never drift); constant samples with different means give t = ±Infinity and p = 0.
 * NaN, ±Infinity and null are dropped first and counted.
 *
 * Defaults: alternative "two-sided", equalVar false, alpha 0.05 (drift when pValue < alpha).
 *
 * @param reference the reference sample (scipy's a)
 * @param current the current sample (scipy's b)
 * @returns {method: "tTest", statistic: t, pValue, threshold: alpha, drift, dropped}
 * @throws if either sample has no finite numbers, alpha is not in (0, 1), or alternative is not one of the above
 * @example
 * tTest([1, 2, 3, 4], [3, 5, 7, 9]).statistic // => -2.4248711305964283
 */
export function tTest(reference: Values, current: Values, options: TTestOptions = {}): TestResult {
  const { alternative = "two-sided", equalVar = false, alpha = 0.05 } = options;
  checkAlpha(alpha, "tTest");
  if (!["two-sided", "less", "greater"].includes(alternative)) {
    throw new Error(`tTest: alternative must be "two-sided", "less" or "greater", got ${String(alternative)}`);
  }
  const a = finiteNumbers(reference, "tTest: reference");
  const b = finiteNumbers(current, "tTest: current");
  const n1 = a.values.length;
  const n2 = b.values.length;
  const m1 = mean(a.values);
  const m2 = mean(b.values);
  // scipy's _var: the second central moment times n/(n − 1) (0·∞ = NaN for a single value).
  const v1 = meanSquaredDeviation(a.values, m1) * (n1 / (n1 - 1));
  const v2 = meanSquaredDeviation(b.values, m2) * (n2 / (n2 - 1));

  let df: number;
  let denom: number;
  if (equalVar) {
    df = n1 + n2 - 2;
    const s1 = n1 === 1 ? 0 : v1;
    const s2 = n2 === 1 ? 0 : v2;
    denom = Math.sqrt((((n1 - 1) * s1 + (n2 - 1) * s2) / df) * (1 / n1 + 1 / n2));
  } else {
    const vn1 = v1 / n1;
    const vn2 = v2 / n2;
    df = ((vn1 + vn2) * (vn1 + vn2)) / ((vn1 * vn1) / (n1 - 1) + (vn2 * vn2) / (n2 - 1));
    if (Number.isNaN(df)) df = 1;
    denom = Math.sqrt(vn1 + vn2);
  }
  const statistic = (m1 - m2) / denom;
  const pValue =
    alternative === "less"
      ? studentTSurvival(-statistic, df)
      : alternative === "greater"
        ? studentTSurvival(statistic, df)
        : 2 * studentTSurvival(Math.abs(statistic), df);
  return {
    method: "tTest",
    statistic,
    pValue,
    threshold: alpha,
    drift: pValue < alpha,
    dropped: { reference: a.dropped, current: b.dropped },
  };
}
