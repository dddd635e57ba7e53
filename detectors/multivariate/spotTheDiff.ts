/**
 * "Spot the diff" drift test with an interpretable kernel classifier: Alibi Detect 0.12's
 * SpotTheDiffDrift (cd/pytorch/spot_the_diff.py; Jitkrittum et al., "Interpretable Distribution
 * Features with Maximum Testing Power", 2016).
 */

import { columnMoments, type Rows, stackRows, toMatrices } from "../linalg/matrix.ts";
import { checkAlpha, checkCount } from "../inputs/options.ts";
import { checkSplitting, heldOutProbabilities } from "../classifiers/outOfFold.ts";
import { type DomainClassifierResult, probabilityTest } from "./probabilityTest.ts";
import { seededRng } from "../random/rng.ts";
import { type SpotTheDiffModel, trainSpotTheDiff } from "../classifiers/spotTheDiffModel.ts";

export interface SpotTheDiffOptions {
  /** Number of test locations ("diffs") learned (default 1). */
  nDiffs?: number;
  /** Strength of the L1 penalty on the diffs (default 0.01). */
  l1Reg?: number;
  /** Adam's learning rate (default 1e-3). */
  learningRate?: number;
  /** Rows per training batch (default 32). */
  batchSize?: number;
  /** Passes over the training rows (default 3). */
  epochs?: number;
  /** Stratified folds (default 5). */
  folds?: number;
  /** Instead of folds, train on one random share of the pooled rows and test the rest (Alibi's default: 0.75). */
  trainSize?: number;
  /** Seed of the initial diffs, the folds and the batches (default 0). */
  seed?: number;
  /** Significance level (default 0.05). */
  alpha?: number;
  /** Columns to read from object rows or tables (default: all of the reference's). */
  features?: readonly string[];
}

/** spotTheDiff's result: the domain-classifier test plus the learned differences (of the last fold). */
export interface SpotTheDiffResult extends DomainClassifierResult {
  /** nDiffs rows of per-feature differences d_j: μ_ref + d_j is a point typical of one group. */
  diffs: number[][];
  /** c_j: positive when rows near μ_ref + d_j look current, negative when they look reference. */
  diffCoefficients: number[];
}

/**
 * "Spot the diff" drift test, as Alibi Detect's `SpotTheDiffDrift` (alibi-detect 0.12,
 * `cd/pytorch/spot_the_diff.py`): a domain classifier that is interpretable,
 * logit(x) = b + Σ_j c_j·k(x, μ_ref + d_j), with a Gaussian kernel k whose bandwidth is trained
 * too (median-heuristic start). The diffs d_j start at N(0, 1)·std(x_ref) per feature (drawn
 * once), b = c = 0; training minimises the cross-entropy of P(current) = sigmoid(2·logit) plus
 * l1Reg·mean|d| with Adam, from scratch for each fold. The test is ClassifierDrift's: the
 * one-sided KS test ks_2samp(P_ref, P_cur, alternative="greater") on the held-out probabilities;
 * their AUC is reported too. The diffs say which way each feature moved: μ_ref + d_j is more like
 * current rows when c_j > 0.
 *
 * Defaults as Alibi's: 1 diff, l1Reg 0.01, learning rate 1e-3, batches of 32, 3 epochs — a light
 * training that needs a few hundred rows to find a shift; raise `epochs` or `learningRate` for
 * small samples. Splitting as `classifierDrift` (5 stratified folds, or `trainSize`; Alibi's
 * default is trainSize 0.75). With folds and that light training the folds' models differ more
 * from each other than they separate the groups, and the test is conservative (about 2 % false
 * alarms at α = 0.05 with 50 rows per side); trained harder, or with `trainSize`, it holds its level.
 * Randomness (initial diffs, folds, batch order) comes from `seed`.
 * Rows with a value that is not a finite number are dropped and counted. Drift when p < alpha.
 *
 * @param reference reference rows: arrays of numbers, objects, a table, or numbers (one feature)
 * @param current current rows, with the same columns
 * @param options `nDiffs` (1), `l1Reg` (0.01), `learningRate` (1e-3), `batchSize` (32), `epochs` (3),
 * `folds` (5) or `trainSize`, `seed` (0), `alpha` (0.05), `features`
 * @returns {method: "spotTheDiff", statistic: D⁺, pValue, threshold: alpha, drift, dropped, auc, probabilities, diffs, diffCoefficients}
 * @throws when a side has fewer complete rows than folds, a split leaves a group without rows, or an option is invalid
 */
export function spotTheDiff(reference: Rows, current: Rows, options: SpotTheDiffOptions = {}): SpotTheDiffResult {
  const fn = "spotTheDiff";
  const { nDiffs = 1, l1Reg = 0.01, learningRate = 1e-3, batchSize = 32, epochs = 3, seed = 0, alpha = 0.05 } = options;
  checkCount(nDiffs, "nDiffs", 1, fn);
  checkCount(batchSize, "batchSize", 1, fn);
  checkCount(epochs, "epochs", 1, fn);
  checkAlpha(alpha, fn);
  if (!(l1Reg >= 0)) throw new Error(`${fn}: l1Reg must be a number ≥ 0, got ${l1Reg}`);
  if (!(learningRate > 0)) throw new Error(`${fn}: learningRate must be positive, got ${learningRate}`);
  const pair = toMatrices(reference, current, fn, options.features);
  const splitting = checkSplitting(options, pair.reference.rows, pair.current.rows, fn);

  const rng = seededRng(seed);
  const { mean, std } = columnMoments(pair.reference, 0);
  const cols = pair.reference.cols;
  const initialDiffs = Float64Array.from({ length: nDiffs * cols }, (_, k) => rng.normal() * std[k % cols]);
  const settings = { mean, initialDiffs, nDiffs, l1Reg, learningRate, batchSize, epochs };
  let last: SpotTheDiffModel | undefined;
  const heldOut = heldOutProbabilities(
    stackRows(pair.reference, pair.current),
    pair.reference.rows,
    splitting,
    rng,
    (train, labels, test, foldRng) => {
      last = trainSpotTheDiff(train, labels, settings, foldRng);
      return last.predict(test);
    },
    fn,
  );
  const model = last!;
  return {
    ...probabilityTest(fn, heldOut, alpha, pair.dropped),
    diffs: Array.from({ length: nDiffs }, (_, j) => Array.from(model.diffs.subarray(j * cols, (j + 1) * cols))),
    diffCoefficients: Array.from(model.coefficients),
  };
}
