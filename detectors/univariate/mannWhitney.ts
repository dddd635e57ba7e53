/**
 * Mann–Whitney U test: scipy 1.17 scipy.stats.mannwhitneyu (exact and asymptotic methods).
 */

import type { Alternative, TestResult, Values } from "../types.ts";
import { normalSurvival } from "../distributions/standard.ts";
import { sortedFinite, walkMidranks } from "../samples/ecdf.ts";
import { checkAlpha } from "../inputs/options.ts";

/** Options of {@link mannWhitney}. */
export interface MannWhitneyOptions {
  /**
   * "two-sided" (default), "greater" (reference tends to be larger) or "less" (reference tends
   * to be smaller, i.e. current shifted up: Evidently's `mannw`).
   */
  alternative?: Alternative;
  /** "auto" (default: exact when a sample has ≤ 8 values and there are no ties), "exact" or "asymptotic". */
  method?: "auto" | "exact" | "asymptotic";
  /** Continuity correction of ½ in the normal approximation. Default true. */
  useContinuity?: boolean;
  /** Significance level; drift when pValue < alpha. Default 0.05. */
  alpha?: number;
}

/** Limits of the exact null distribution: table length, and table length × smaller sample size. */
const MAX_EXACT_U = 20_000_000;
const MAX_EXACT_WORK = 500_000_000;

/**
 * Mann–Whitney U (Wilcoxon rank-sum) test: whether values of one sample tend to be larger than
 * those of the other.
 *
 * Follows scipy.stats.mannwhitneyu (scipy 1.17): U₁ = R₁ − n₁(n₁+1)/2 from the midranks of the
 * reference in the pooled sample; the p-value uses U₁ ("greater"), U₂ = n₁n₂ − U₁ ("less") or
 * max(U₁, U₂) doubled ("two-sided"). "auto" picks "exact" when either sample has ≤ 8 values and no
 * value is tied, else "asymptotic": the normal approximation with the tie-corrected variance
 * n₁n₂/12·((n+1) − Σ(t³−t)/(n(n−1))) and the continuity correction. The exact null distribution
 * ignores ties (as scipy's; U is truncated to an integer). NaN, ±Infinity and null are dropped
 * first and counted.
 *
 * Defaults: alternative "two-sided", method "auto", useContinuity true, alpha 0.05 (drift when
 * pValue < alpha). Evidently's `mannw` is alternative "less" with < 0.05.
 *
 * @param reference the reference sample (scipy's x)
 * @param current the current sample (scipy's y)
 * @returns {method: "mannWhitney", statistic: U₁, pValue, threshold: alpha, drift, dropped}
 * @throws if either sample has no finite numbers, alpha is not in (0, 1), an option is invalid, or an exact p-value is
 * asked for samples so large that its table would exceed 2·10⁷ entries or 5·10⁸ steps (scipy would
 * not finish either)
 * @example
 * mannWhitney([1, 2, 3], [4, 5, 6]).pValue // => 0.1 (exact)
 */
export function mannWhitney(reference: Values, current: Values, options: MannWhitneyOptions = {}): TestResult {
  const { alternative = "two-sided", method = "auto", useContinuity = true, alpha = 0.05 } = options;
  checkAlpha(alpha, "mannWhitney");
  if (!["two-sided", "less", "greater"].includes(alternative)) {
    throw new Error(`mannWhitney: alternative must be "two-sided", "less" or "greater", got ${String(alternative)}`);
  }
  if (!["auto", "exact", "asymptotic"].includes(method)) {
    throw new Error(`mannWhitney: method must be "auto", "exact" or "asymptotic", got ${String(method)}`);
  }
  const ref = sortedFinite(reference, "mannWhitney: reference");
  const cur = sortedFinite(current, "mannWhitney: current");
  const n1 = ref.sorted.length;
  const n2 = cur.sorted.length;

  let R1 = 0;
  let tieTerm = 0;
  let ties = false;
  walkMidranks(ref.sorted, cur.sorted, (midrank, countRef, countCur) => {
    const t = countRef + countCur;
    R1 += countRef * midrank;
    tieTerm += t ** 3 - t;
    if (t > 1) ties = true;
  });
  const U1 = R1 - (n1 * (n1 + 1)) / 2;
  const U2 = n1 * n2 - U1;
  const [U, factor] = alternative === "greater" ? [U1, 1] : alternative === "less" ? [U2, 1] : [Math.max(U1, U2), 2];
  const chosen = method === "auto" ? ((n1 > 8 && n2 > 8) || ties ? "asymptotic" : "exact") : method;

  let p: number;
  if (chosen === "exact") {
    p = exactSurvival(Math.trunc(U), n1, n2);
  } else {
    const n = n1 + n2;
    const s = Math.sqrt(((n1 * n2) / 12) * (n + 1 - tieTerm / (n * (n - 1))));
    const numerator = U - (n1 * n2) / 2 - (useContinuity ? 0.5 : 0);
    p = normalSurvival(numerator / s);
  }
  const pValue = Math.min(1, Math.max(0, p * factor));
  return {
    method: "mannWhitney",
    statistic: U1,
    pValue,
    threshold: alpha,
    drift: pValue < alpha,
    dropped: { reference: ref.dropped, current: cur.dropped },
  };
}

/**
 * P(U ≥ k) under the null without ties, as scipy's _MWU.sf: by symmetry from the lower tail,
 * whose counts are the coefficients of the Gaussian binomial Π (1 − q^(big+i))/(1 − q^i),
 * i = 1…small (the same numbers scipy's recurrence produces, exact while below 2^53).
 */
function exactSurvival(k: number, n1: number, n2: number): number {
  const small = Math.min(n1, n2);
  const big = Math.max(n1, n2);
  const lower = Math.min(k, small * big - k);
  if (lower > MAX_EXACT_U || small * lower > MAX_EXACT_WORK) {
    throw new Error(
      `mannWhitney: the exact p-value for samples of ${n1} and ${n2} values is too large to tabulate; use method "asymptotic"`,
    );
  }
  const counts = new Float64Array(lower + 1);
  counts[0] = 1;
  for (let i = 1; i <= small; i++) {
    for (let u = i; u <= lower; u++) counts[u] += counts[u - i];
    for (let u = lower; u >= big + i; u--) counts[u] -= counts[u - big - i];
  }
  let total = 1;
  for (let i = 1; i <= small; i++) total = (total * (big + i)) / i;
  let cdf = 0;
  for (let u = 0; u <= lower; u++) cdf += counts[u] / total;
  const pmf = counts[lower] / total;
  return k < small * big - k ? 1 - cdf + pmf : cdf;
}
