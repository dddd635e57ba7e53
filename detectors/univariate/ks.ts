/**
 * Two-sample Kolmogorov–Smirnov test: scipy 1.17 scipy.stats.ks_2samp (exact and asymptotic modes).
 */

import type { Alternative, Dropped, TestResult } from "../types.ts";
import { samplePair, sketchedColumn, type ColumnInput, type ProfilePair } from "../inputs/profileInputs.ts";
import { sketchKs } from "./profileEcdf.ts";
import { sortedFinite, walkPooled } from "../samples/ecdf.ts";
import { gcd, ksExactPValue } from "../distributions/ksExact.ts";
import { kolmogorovSurvival } from "../distributions/kolmogorov.ts";
import { roundHalfEven } from "../special/cephes.ts";
import { checkAlpha } from "../inputs/options.ts";

/** Options of {@link ks}. */
export interface KsOptions {
  /** "two-sided" (default), "greater" (reference ECDF above current: D⁺) or "less" (D⁻). */
  alternative?: Alternative;
  /** "auto" (default: exact when both samples have ≤ 10 000 values), "exact" or "asymp". */
  mode?: "auto" | "exact" | "asymp";
  /** Significance level; drift when pValue < alpha. Default 0.05. */
  alpha?: number;
}

const MAX_AUTO_N = 10000;
const INT32_MAX = 2147483647;

/**
 * Two-sample Kolmogorov–Smirnov test: the largest gap between the empirical CDFs of the
 * reference and the current sample, and its p-value.
 *
 * Follows scipy.stats.ks_2samp (scipy 1.17) exactly: both ECDFs (right-continuous) are compared at
 * every pooled value; D⁺ = max(F_ref − F_cur), D⁻ = max(F_cur − F_ref); "exact" counts lattice
 * paths (and reports D rounded to the lattice, as scipy does), falling back to the asymptotic form
 * when the counts overflow or lcm(n, m) exceeds 2³¹; "asymp" uses the finite-n Kolmogorov
 * distribution kstwo at round(n·m/(n+m)) for two-sided tests and Hodges' approximation for
 * one-sided ones. Ties need no correction. NaN, ±Infinity and null are dropped first and counted.
 *
 * Defaults: alternative "two-sided", mode "auto", alpha 0.05 (drift when pValue < alpha, as Alibi
 * Detect decides; Evidently's `ks` uses ≤).
 *
 * From two numeric column profiles instead of samples: D from their KLL sketches (profileEcdf.ts),
 * within `approximate.bound` (the sum of the two sketches' rank errors, 99%) of the D the raw values
 * give; the p-value is the asymptotic one at that D with n, m the profiles' counts ("auto" reads as
 * "asymp"; "exact" needs raw values).
 *
 * @param reference the reference sample, or its numeric column profile
 * @param current the current sample, or its numeric column profile
 * @returns {method: "ks", statistic: D, pValue, threshold: alpha, drift, dropped}
 * @throws if either sample has no finite numbers, alpha is not in (0, 1), or an option is not one of the values above
 * @example
 * ks([1, 2, 3, 4], [3, 4, 5, 6, 7]).statistic // => 0.6
 */
export function ks(reference: ColumnInput, current: ColumnInput, options: KsOptions = {}): TestResult {
  const { alternative = "two-sided", mode = "auto", alpha = 0.05 } = options;
  checkAlpha(alpha, "ks");
  if (!["two-sided", "less", "greater"].includes(alternative)) {
    throw new Error(`ks: alternative must be "two-sided", "less" or "greater", got ${String(alternative)}`);
  }
  if (!["auto", "exact", "asymp"].includes(mode)) {
    throw new Error(`ks: mode must be "auto", "exact" or "asymp", got ${String(mode)}`);
  }
  const samples = samplePair(reference, current, "ks");
  if (samples.kind === "profiles") return profileKs(samples, alternative, mode, alpha);
  const ref = sortedFinite(samples.reference, "ks: reference");
  const cur = sortedFinite(samples.current, "ks: current");
  const n1 = ref.sorted.length;
  const n2 = cur.sorted.length;

  let maxPlus = -Infinity;
  let minDiff = Infinity;
  let i = 0;
  let j = 0;
  walkPooled(ref.sorted, cur.sorted, (_value, countRef, countCur) => {
    i += countRef;
    j += countCur;
    const diff = i / n1 - j / n2;
    if (diff > maxPlus) maxPlus = diff;
    if (diff < minDiff) minDiff = diff;
  });
  const dMinus = Math.min(1, Math.max(0, -minDiff));
  const useMinus = alternative === "less" || (alternative === "two-sided" && dMinus > maxPlus);
  let statistic = useMinus ? dMinus : maxPlus;

  let method = mode === "auto" ? (Math.max(n1, n2) <= MAX_AUTO_N ? "exact" : "asymp") : mode;
  if (method === "exact" && n1 / gcd(n1, n2) >= INT32_MAX / (n2 / gcd(n1, n2))) method = "asymp";
  let pValue = NaN;
  if (method === "exact") {
    const exact = ksExactPValue(n1, n2, statistic, alternative);
    statistic = exact.statistic;
    pValue = exact.pValue;
  }
  if (Number.isNaN(pValue)) pValue = asymptoticPValue(n1, n2, statistic, alternative);
  return ksResult(statistic, pValue, alpha, { reference: ref.dropped, current: cur.dropped });
}

function ksResult(statistic: number, pValue: number, alpha: number, dropped: Dropped, bound = 0): TestResult {
  const p = Math.min(1, Math.max(0, pValue));
  const note = bound > 0 ? { approximate: { bound, on: "statistic" as const } } : {};
  return { method: "ks", statistic, pValue: p, threshold: alpha, drift: p < alpha, dropped, ...note };
}

/** {@link ks} from two numeric column profiles. */
function profileKs(pair: ProfilePair, alternative: Alternative, mode: KsOptions["mode"], alpha: number): TestResult {
  if (mode === "exact") throw new Error(`ks: mode "exact" needs raw values; from profiles the p-value is asymptotic`);
  const ref = sketchedColumn(pair.reference, "ks: reference");
  const cur = sketchedColumn(pair.current, "ks: current");
  const { dPlus, dMinus, bound } = sketchKs(ref, cur);
  const useMinus = alternative === "less" || (alternative === "two-sided" && dMinus > dPlus);
  const statistic = useMinus ? dMinus : dPlus;
  const pValue = asymptoticPValue(ref.count, cur.count, statistic, alternative);
  return ksResult(statistic, pValue, alpha, { reference: ref.missing, current: cur.missing }, bound);
}

/** scipy's asymptotic branch: kstwo for two-sided, Hodges' eq. 5.3 for one-sided. */
function asymptoticPValue(n1: number, n2: number, d: number, alternative: Alternative): number {
  const m = Math.max(n1, n2);
  const n = Math.min(n1, n2);
  const en = (m * n) / (m + n);
  if (alternative === "two-sided") return kolmogorovSurvival(roundHalfEven(en), d);
  const z = Math.sqrt(en) * d;
  return Math.exp(-2 * z * z - (2 * z * (m + 2 * n)) / Math.sqrt(m * n * (m + n)) / 3);
}
