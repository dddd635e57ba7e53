/**
 * Domain-classifier drift test on held-out P(current): Alibi Detect 0.12's ClassifierDrift
 * (cd/base.py BaseClassifierDrift), with a logistic or boosted-stumps classifier.
 */

import { fitBoostedStumps } from "../classifiers/boostedStumps.ts";
import { fitLogistic } from "../classifiers/logisticRegression.ts";
import { type Rows, stackRows, toMatrices } from "../linalg/matrix.ts";
import { checkAlpha, checkCount } from "../inputs/options.ts";
import { checkSplitting, type DomainClassifier, heldOutProbabilities } from "../classifiers/outOfFold.ts";
import { type DomainClassifierResult, probabilityTest } from "./probabilityTest.ts";
import { seededRng } from "../random/rng.ts";

export type { DomainClassifierResult } from "./probabilityTest.ts";

export interface ClassifierDriftOptions {
  /** Stratified folds; every row is predicted by a model trained on the other folds (default 5). */
  folds?: number;
  /** Instead of folds, train on one random share of the pooled rows and test the rest (Alibi's default: 0.75). */
  trainSize?: number;
  /** "logistic" (default): L2 logistic regression; "stumps": gradient-boosted decision stumps. */
  model?: "logistic" | "stumps";
  /** Boosting rounds of the "stumps" model (default 100). */
  rounds?: number;
  /** Seed of the folds or the split (default 0). */
  seed?: number;
  /** Significance level (default 0.05). */
  alpha?: number;
  /** Columns to read from object rows or tables (default: all of the reference's). */
  features?: readonly string[];
}

/**
 * Domain-classifier drift test, as Alibi Detect's `ClassifierDrift` with `n_folds`
 * (alibi-detect 0.12, `cd/base.py BaseClassifierDrift`): a classifier learns to tell current rows
 * (label 1) from reference rows (label 0); with stratified k-fold cross-fitting every row gets an
 * out-of-fold P(current), and the test is Alibi's `test_probs`: the one-sided KS test
 * ks_2samp(P_ref, P_cur, alternative="greater") (scipy's default method: exact up to 10 000 rows
 * per side). Without drift the classifier cannot do better than chance and the two sets of
 * probabilities have the same distribution. The AUC of the out-of-fold probabilities is reported
 * too (0.5 = indistinguishable).
 *
 * Alibi takes any Keras/PyTorch/scikit-learn model; two are written here, both deterministic:
 * - "logistic" (default): scikit-learn's LogisticRegression() objective (L2, C = 1, unpenalised
 *   intercept) on inputs standardised with the training fold's means and standard deviations,
 *   fitted by Newton's method — it detects shifts in means and linear structure;
 * - "stumps": gradient-boosted decision stumps (log-loss, 100 rounds, learning rate 0.1, XGBoost's
 *   λ = 1 and min_child_weight = 1, 31 quantile thresholds per column) — it also catches shifts
 *   in spread or in a single tail, per column.
 * Folds follow scikit-learn's StratifiedKFold(shuffle=True) allocation with a seeded shuffle.
 * `trainSize` instead trains once on that share of the pooled rows and tests the rest (Alibi's
 * default, train_size = 0.75): fewer rows are tested, but the held-out rows are exchangeable under
 * no drift, so the p-value is valid. The folds' models share training rows, which makes the folded
 * test somewhat liberal: about 6–8 % false alarms at α = 0.05 in our simulations (50–100 rows per
 * side, 3000 trials). Rows with a value that is not a finite number are dropped and counted.
 * Drift when p < alpha.
 *
 * @param reference reference rows: arrays of numbers, objects, a table, or numbers (one feature)
 * @param current current rows, with the same columns
 * @param options `folds` (5) or `trainSize`, `model` ("logistic"), `rounds` (100), `seed` (0), `alpha` (0.05), `features`
 * @returns {method: "classifierDrift", statistic: D⁺, pValue, threshold: alpha, drift, dropped, auc, probabilities}
 * @throws when a side has fewer complete rows than folds, a split leaves a group without rows, or an option is invalid
 */
export function classifierDrift(
  reference: Rows,
  current: Rows,
  options: ClassifierDriftOptions = {},
): DomainClassifierResult {
  const { model = "logistic", rounds = 100, seed = 0, alpha = 0.05 } = options;
  checkCount(rounds, "rounds", 1, "classifierDrift");
  checkAlpha(alpha, "classifierDrift");
  if (model !== "logistic" && model !== "stumps")
    throw new Error(`classifierDrift: model must be "logistic" or "stumps", got ${String(model)}`);
  const pair = toMatrices(reference, current, "classifierDrift", options.features);
  const splitting = checkSplitting(options, pair.reference.rows, pair.current.rows, "classifierDrift");
  const classify: DomainClassifier =
    model === "logistic"
      ? (train, labels, test) => fitLogistic(train, labels)(test)
      : (train, labels, test) => fitBoostedStumps(train, labels, rounds, 0.1)(test);
  const heldOut = heldOutProbabilities(
    stackRows(pair.reference, pair.current),
    pair.reference.rows,
    splitting,
    seededRng(seed),
    classify,
    "classifierDrift",
  );
  return probabilityTest("classifierDrift", heldOut, alpha, pair.dropped);
}
