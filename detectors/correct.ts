/**
 * Multiple-testing correction of per-feature p-values into one batch decision: Bonferroni or
 * Benjamini–Hochberg, as Alibi Detect 0.12's BaseUnivariateDrift.predict and utils/statstest.py fdr.
 */

import { checkAlpha } from "./inputs/options.ts";
import { sortNumbers } from "./samples/radixSort.ts";

/** Bonferroni (Alibi Detect's default) or Benjamini–Hochberg false discovery rate. */
export type CorrectionMethod = "bonferroni" | "fdr";

export interface CorrectOptions {
  /** Default "bonferroni", as Alibi Detect. */
  method?: CorrectionMethod;
  /** Family-wise significance level (Bonferroni) or false discovery rate (fdr). Default 0.05. */
  alpha?: number;
}

/** The batch decision over several per-feature p-values. */
export interface Correction {
  method: CorrectionMethod;
  alpha: number;
  /** Whether the batch drifts: some p-value is below its threshold (Alibi's `is_drift`). */
  drift: boolean;
  /**
   * Bonferroni: α / n. FDR: α·k / n for the largest rank k whose sorted p-value p₍ₖ₎ < α·k / n.
   * When no p-value passes under FDR, the whole Benjamini–Hochberg ladder [α·1/n, α·2/n, …, α]
   * (in rank order), as Alibi Detect returns it; `drift` is then false.
   */
  threshold: number | number[];
  /**
   * One flag per p-value, in input order: the features that drift. Bonferroni: p < α / n.
   * FDR: the hypotheses Benjamini–Hochberg rejects, i.e. every p ≤ p₍ₖ₎, which is p < threshold.
   * All false when `drift` is false.
   */
  flags: boolean[];
}

/**
 * Combines per-feature p-values into one drift decision, as Alibi Detect does for its univariate
 * detectors (`cd/base.py` BaseUnivariateDrift.predict with drift_type="batch" and
 * `utils/statstest.py` fdr, alibi-detect 0.12):
 * - "bonferroni": threshold α / n; drift when any p < threshold.
 * - "fdr" (Benjamini–Hochberg step-up): sort p ascending, q_i = α·i / n; drift when any
 *   p₍ᵢ₎ < q_i; threshold q_k for the largest such i = k (every feature with p < q_k is flagged,
 *   including those whose own rank failed), or the whole ladder q when none passes.
 * Comparisons are strict (<) everywhere, as in Alibi. With one p-value both reduce to p < α.
 *
 * @param pValues one p-value per feature, each in [0, 1]
 * @param options `method` (default "bonferroni"), `alpha` (default 0.05)
 * @returns `{method, alpha, drift, threshold, flags}` (see {@link Correction})
 * @throws when `pValues` is empty, a p-value is not a number in [0, 1], or alpha is not in (0, 1)
 * @example
 * correct([0.001, 0.012, 0.03, 0.2, 0.6], { method: "fdr" }) // drift true, threshold 0.03, three flags
 */
export function correct(pValues: ArrayLike<number>, options: CorrectOptions = {}): Correction {
  const { method = "bonferroni", alpha = 0.05 } = options;
  checkAlpha(alpha, "correct");
  const n = pValues.length;
  if (n === 0) throw new Error("correct: pValues is empty");
  for (let i = 0; i < n; i++) {
    const p = pValues[i];
    if (typeof p !== "number" || !(p >= 0 && p <= 1)) {
      throw new Error(`correct: pValues[${i}] is ${String(p)}; p-values must be numbers in [0, 1]`);
    }
  }
  const flagsBelow = (threshold: number) => Array.from(pValues, (p) => p < threshold);

  if (method === "bonferroni") {
    const threshold = alpha / n;
    const flags = flagsBelow(threshold);
    return { method, alpha, drift: flags.includes(true), threshold, flags };
  }
  if (method !== "fdr") throw new Error(`correct: method must be "bonferroni" or "fdr", got ${String(method)}`);

  const sorted = sortNumbers(Float64Array.from(pValues));
  const ladder = Array.from({ length: n }, (_, i) => (alpha * (i + 1)) / n);
  let k = -1;
  for (let i = 0; i < n; i++) if (sorted[i] < ladder[i]) k = i;
  if (k < 0) return { method, alpha, drift: false, threshold: ladder, flags: new Array<boolean>(n).fill(false) };
  return { method, alpha, drift: true, threshold: ladder[k], flags: flagsBelow(ladder[k]) };
}
