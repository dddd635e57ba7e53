/**
 * Two-sample Cramér–von Mises test: scipy 1.17 scipy.stats.cramervonmises_2samp, as Alibi Detect's
 * CVMDrift and Evidently's `cramer_von_mises` call it.
 */

import type { TestResult, Values } from "../types.ts";
import { cramerVonMisesAsymptoticPValue, cramerVonMisesExactPValue } from "../distributions/cramerVonMises.ts";
import { sortedFinite, walkMidranks } from "../samples/ecdf.ts";
import { CompensatedSum } from "../samples/moments.ts";
import { checkAlpha } from "../inputs/options.ts";

/** Options of {@link cramerVonMises}. */
export interface CramerVonMisesOptions {
  /** "auto" (default: exact when both samples have ≤ 20 values), "exact" or "asymptotic". */
  method?: "auto" | "exact" | "asymptotic";
  /** Significance level; drift when pValue < alpha. Default 0.05. */
  alpha?: number;
}

/**
 * Two-sample Cramér–von Mises test: the integrated squared distance between the two empirical
 * CDFs, weighted by the pooled sample, and its p-value.
 *
 * Follows scipy.stats.cramervonmises_2samp (scipy 1.17), which Alibi Detect's CVMDrift and
 * Evidently's `cramer_von_mises` also call: with midranks rᵢ, sⱼ of the sorted samples in the
 * pooled sample, U = n·Σ(rᵢ − i)² + m·Σ(sⱼ − j)² and T = U/(n·m·N) − (4nm − 1)/(6N), N = n + m.
 * "exact" counts the null distribution of U (Xiao–Gordon–Yakovlev); "asymptotic" normalises T
 * (Anderson 1962) and uses the limiting distribution (Csörgő–Faraway series); p = 1 when the
 * normalised statistic is below 0.003. NaN, ±Infinity and null are dropped first and counted.
 * A sample with a single value gives NaN statistic and p-value (never drift), as in scipy 1.17.
 *
 * Defaults: method "auto", alpha 0.05 (drift when pValue < alpha, as Alibi Detect decides;
 * Evidently's `cramer_von_mises` uses ≤ 0.1).
 *
 * @param reference the reference sample
 * @param current the current sample
 * @returns {method: "cramerVonMises", statistic: T, pValue, threshold: alpha, drift, dropped}
 * @throws if either sample has no finite numbers, alpha is not in (0, 1), method is not one of the
 * above, or an exact p-value is asked for samples too large to count (beyond ~50 values each)
 * @example
 * cramerVonMises([1, 2, 3, 4], [5, 6, 7, 8]).pValue // => 0.02857142857142857 (exact)
 */
export function cramerVonMises(reference: Values, current: Values, options: CramerVonMisesOptions = {}): TestResult {
  const { method = "auto", alpha = 0.05 } = options;
  checkAlpha(alpha, "cramerVonMises");
  if (!["auto", "exact", "asymptotic"].includes(method)) {
    throw new Error(`cramerVonMises: method must be "auto", "exact" or "asymptotic", got ${String(method)}`);
  }
  const ref = sortedFinite(reference, "cramerVonMises: reference");
  const cur = sortedFinite(current, "cramerVonMises: current");
  const nx = ref.sorted.length;
  const ny = cur.sorted.length;
  const dropped = { reference: ref.dropped, current: cur.dropped };
  if (nx < 2 || ny < 2) {
    // scipy 1.17 returns NaN (with a SmallSampleWarning) for a sample of one value.
    return { method: "cramerVonMises", statistic: NaN, pValue: NaN, threshold: alpha, drift: false, dropped };
  }

  // T subtracts two terms of order N to get a number of order 1, so the sums must be (nearly) exact.
  const sumX = new CompensatedSum();
  const sumY = new CompensatedSum();
  let ix = 0;
  let iy = 0;
  walkMidranks(ref.sorted, cur.sorted, (midrank, countRef, countCur) => {
    for (let c = 0; c < countRef; c++) sumX.add((midrank - ++ix) ** 2);
    for (let c = 0; c < countCur; c++) sumY.add((midrank - ++iy) ** 2);
  });
  const u = nx * sumX.value + ny * sumY.value;
  const k = nx * ny;
  const N = nx + ny;
  const statistic = u / (k * N) - (4 * k - 1) / (6 * N);
  const exact = method === "exact" || (method === "auto" && Math.max(nx, ny) <= 20);
  const pValue = exact ? cramerVonMisesExactPValue(u, nx, ny) : cramerVonMisesAsymptoticPValue(statistic, nx, ny);
  return {
    method: "cramerVonMises",
    statistic,
    pValue,
    threshold: alpha,
    drift: pValue < alpha,
    dropped,
  };
}
