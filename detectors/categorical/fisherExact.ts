/**
 * Fisher's exact test for a binary column: scipy 1.17 scipy.stats.fisher_exact on the 2×2 table
 * Evidently 0.7's `fisher_exact` stattest builds, with the hypergeometric tail sums it needs.
 */

import { binaryCounts } from "../samples/categories.ts";
import { checkAlpha } from "../inputs/options.ts";
import type { Alternative, TestResult, Values } from "../types.ts";

export interface FisherExactOptions {
  /**
   * "two-sided" (default, as Evidently), "greater" (current has a higher share of the positive
   * category; Alibi Detect's FETDrift default) or "less".
   */
  alternative?: Alternative;
  /** Significance level; drift when p < alpha. Default 0.1, Evidently's `fisher_exact` default. */
  alpha?: number;
  /** The category counted as 1. Default: the larger of the two sorted categories (1, true, "yes" over "no"). */
  positive?: string | number | boolean;
}

export interface FisherExactResult extends TestResult {
  /** The table tested: [[ones current, zeros current], [ones reference, zeros reference]]. */
  table: [[number, number], [number, number]];
}

/**
 * Fisher's exact test for a binary column: `scipy.stats.fisher_exact` (scipy 1.17) on the 2×2
 * table Evidently's `fisher_exact` stattest builds, [[ones_cur, zeros_cur], [ones_ref, zeros_ref]]
 * (its transpose, Alibi Detect's FETDrift table, gives the same odds ratio and p-values).
 *
 * - `statistic` is scipy's sample odds ratio ones_cur·zeros_ref / (zeros_cur·ones_ref): Infinity
 *   when the denominator is 0, NaN (with p = 1) when a row or column of the table is empty, i.e.
 *   when only one category occurs in both samples together.
 * - The p-value comes from the hypergeometric distribution of ones_cur given the margins:
 *   "less" = P(X ≤ a), "greater" = P(X ≥ a), "two-sided" = the total probability of tables no more
 *   likely than the observed one (relative tolerance 1e-14, found as scipy finds it: binary search
 *   on the far side of the mode; p = 1 when the observed table is the mode).
 * - Unlike Evidently, samples of different lengths are accepted (Evidently requires equal lengths
 *   for no statistical reason), and missing values are dropped and counted instead of raising.
 *
 * @param reference the reference sample of a binary column (two categories at most, any values)
 * @param current the current sample
 * @param options `alternative` (default "two-sided"), `alpha` (default 0.1), `positive`
 * @returns `{method: "fisherExact", statistic: odds ratio, pValue, threshold: alpha, drift: pValue < alpha, table, dropped}`
 * @throws when a sample has no values, more than two categories occur, `positive` is not one of
 * the two categories, or alpha is not in (0, 1)
 */
export function fisherExact(reference: Values, current: Values, options: FisherExactOptions = {}): FisherExactResult {
  const { alternative = "two-sided", alpha = 0.1, positive } = options;
  checkAlpha(alpha, "fisherExact");
  if (alternative !== "two-sided" && alternative !== "less" && alternative !== "greater") {
    throw new Error(`fisherExact: alternative must be "two-sided", "less" or "greater", got ${String(alternative)}`);
  }
  const counts = binaryCounts(reference, current, "fisherExact", positive);
  const { ones: a, n: nCur } = counts.current;
  const { ones: c, n: nRef } = counts.reference;
  const table: [[number, number], [number, number]] = [
    [a, nCur - a],
    [c, nRef - c],
  ];
  const { oddsRatio, pValue } = fisherExactTable(table, alternative);
  return {
    method: "fisherExact",
    statistic: oddsRatio,
    pValue,
    threshold: alpha,
    drift: pValue < alpha,
    table,
    dropped: counts.dropped,
  };
}

/** scipy.stats.fisher_exact for a 2×2 table of counts. */
export function fisherExactTable(
  [[a, b], [c, d]]: [[number, number], [number, number]],
  alternative: Alternative,
): { oddsRatio: number; pValue: number } {
  if (a + b === 0 || c + d === 0 || a + c === 0 || b + d === 0) return { oddsRatio: NaN, pValue: 1 };
  const oddsRatio = c > 0 && b > 0 ? (a * d) / (c * b) : Infinity;
  const h = hypergeometric(a + b, c + d, a + c);
  if (alternative === "less") return { oddsRatio, pValue: h.sum(h.lo, a) };
  if (alternative === "greater") return { oddsRatio, pValue: h.sum(a, h.hi) };

  // Two-sided, step for step as scipy 1.17 (_stats_py.py fisher_exact).
  const gamma = 1 + 1e-14;
  const n = a + c;
  const pExact = h.weight(a);
  const pMode = h.weight(h.mode);
  if (Math.abs(pExact - pMode) / Math.max(pExact, pMode) <= 1e-14) return { oddsRatio, pValue: 1 };
  let pValue: number;
  if (a < h.mode) {
    const lower = h.sum(h.lo, a);
    if (h.weight(n) > pExact * gamma) return { oddsRatio, pValue: lower };
    const guess = binarySearch((x) => -h.weight(x), -pExact * gamma, h.mode, n);
    pValue = lower + h.sum(guess + 1, h.hi);
  } else {
    const upper = h.sum(a, h.hi);
    if (h.weight(0) > pExact * gamma) return { oddsRatio, pValue: upper };
    const guess = binarySearch((x) => h.weight(x), pExact * gamma, 0, h.mode);
    pValue = upper + h.sum(h.lo, guess);
  }
  return { oddsRatio, pValue: Math.min(pValue, 1) };
}

/**
 * The hypergeometric distribution of the top-left cell given the margins (row totals `n1`, `n2`,
 * first column total `n`). Weights are built by the pmf ratio recurrence outward from the mode
 * (weight 1 there) and normalised once: mirror-image tables get bit-identical weights, so the
 * two-sided test sees exact ties where scipy sees them.
 */
function hypergeometric(n1: number, n2: number, n: number) {
  const lo = Math.max(0, n - n2);
  const hi = Math.min(n, n1);
  const mode = Math.min(hi, Math.max(lo, Math.trunc(((n + 1) * (n1 + 1)) / (n1 + n2 + 2))));
  const weights = new Float64Array(hi - lo + 1);
  weights[mode - lo] = 1;
  for (let x = mode; x < hi; x++) {
    const next = weights[x - lo] * (((n1 - x) * (n - x)) / ((x + 1) * (n2 - n + x + 1)));
    if (next === 0) break;
    weights[x + 1 - lo] = next;
  }
  for (let x = mode; x > lo; x--) {
    const next = weights[x - lo] * ((x * (n2 - n + x)) / ((n1 - x + 1) * (n - x + 1)));
    if (next === 0) break;
    weights[x - 1 - lo] = next;
  }
  let total = 0;
  for (let i = 0; i < weights.length; i++) total += weights[i];
  return {
    lo,
    hi,
    mode,
    /** Unnormalised pmf at x; 0 outside the support. */
    weight: (x: number) => (x < lo || x > hi ? 0 : weights[x - lo]),
    /** P(from ≤ X ≤ to), summed from the tail toward the mode. */
    sum(from: number, to: number): number {
      let s = 0;
      const first = Math.max(from, lo);
      const last = Math.min(to, hi);
      if (first > last) return 0;
      if (first + last > 2 * mode) for (let x = last; x >= first; x--) s += weights[x - lo];
      else for (let x = first; x <= last; x++) s += weights[x - lo];
      return s / total;
    },
  };
}

/** scipy's `_binary_search_for_binom_tst`: the i in [lo, hi] with f(i) ≤ target < f(i + 1), f ascending. */
function binarySearch(f: (x: number) => number, target: number, lo: number, hi: number): number {
  while (lo < hi) {
    const mid = lo + Math.floor((hi - lo) / 2);
    const value = f(mid);
    if (value < target) lo = mid + 1;
    else if (value > target) hi = mid - 1;
    else return mid;
  }
  return f(lo) <= target ? lo : lo - 1;
}
