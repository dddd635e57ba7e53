/**
 * The test a domain classifier's held-out probabilities go through, shared by classifierDrift and
 * spotTheDiff. It lives in the public layer because it calls the public ks and mannWhitney tests;
 * the private classifiers/ folder only produces the probabilities.
 * The test is Alibi Detect 0.12's BaseClassifierDrift.test_probs (cd/base.py).
 */

import type { TestResult } from "../types.ts";
import { ks } from "../univariate/ks.ts";
import { mannWhitney } from "../univariate/mannWhitney.ts";

/** A domain-classifier test's result: the KS test on out-of-fold probabilities, their AUC, and the probabilities. */
export interface DomainClassifierResult extends TestResult {
  /** P(a current row scores above a reference row) + ½ P(tie): the held-out ROC AUC. */
  auc: number;
  /** Held-out P(current) of the complete reference and current rows, in input order (all of them with folds). */
  probabilities: { reference: Float64Array; current: Float64Array };
}

/**
 * Alibi Detect's `BaseClassifierDrift.test_probs` without binarisation, on held-out probabilities: the one-sided KS test
 * ks_2samp(probs_ref, probs_cur, alternative="greater") with scipy's default method (exact up to
 * 10 000 rows per side), whose statistic D⁺ = max(F_ref − F_cur) grows when current rows get
 * higher P(current); plus the AUC of the same probabilities.
 */
export function probabilityTest(
  method: string,
  { reference, current }: { reference: Float64Array; current: Float64Array },
  alpha: number,
  dropped: TestResult["dropped"],
): DomainClassifierResult {
  const { statistic, pValue, drift } = ks(reference, current, { alternative: "greater", mode: "auto", alpha });
  // U of the current sample counts (current > reference) pairs + ½ ties.
  const auc = mannWhitney(current, reference, { method: "asymptotic" }).statistic / (reference.length * current.length);
  return { method, statistic, pValue, threshold: alpha, drift, dropped, auc, probabilities: { reference, current } };
}
