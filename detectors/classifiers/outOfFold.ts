/**
 * Held-out predictions for the domain-classifier tests (classifierDrift, spotTheDiff): stratified
 * k-fold cross-fitting or one random train/test split, as Alibi Detect's ClassifierDrift splits its
 * rows. The test on the resulting probabilities is multivariate/probabilityTest.ts.
 */

import { type Matrix, selectRows } from "../linalg/matrix.ts";
import { checkCount } from "../inputs/options.ts";
import type { Rng } from "../random/rng.ts";

/** Trains on `train` (labels 1 = current) and returns P(current) for each row of `test`. */
export type DomainClassifier = (train: Matrix, labels: Uint8Array, test: Matrix, rng: Rng) => Float64Array;

/**
 * Fold of each pooled row (reference rows first): scikit-learn's StratifiedKFold(shuffle=True)
 * allocation — within each group the fold labels cycle through 0…k−1, continuing from where the
 * previous group stopped so fold sizes differ by at most one, and are dealt to the group's rows in
 * a seeded random order.
 */
function stratifiedFolds(nRef: number, nCur: number, folds: number, rng: Rng): Int32Array {
  const fold = new Int32Array(nRef + nCur);
  let position = 0;
  for (const [start, count] of [
    [0, nRef],
    [nRef, nCur],
  ]) {
    const order = rng.shuffle(Int32Array.from({ length: count }, (_, i) => start + i));
    for (const row of order) fold[row] = position++ % folds;
  }
  return fold;
}

/** How rows are held out: stratified k-fold cross-fitting, or one random train/test split. */
export type Splitting = { folds: number } | { trainSize: number };

/**
 * The splitting asked for by `folds` (default 5) or `trainSize` (one of them), checked: folds an
 * integer ≥ 2 and no more than the rows of either group, trainSize strictly between 0 and 1.
 */
export function checkSplitting(
  options: { folds?: number; trainSize?: number },
  nRef: number,
  nCur: number,
  fn: string,
): Splitting {
  if (options.trainSize !== undefined) {
    if (options.folds !== undefined) throw new Error(`${fn}: give folds or trainSize, not both`);
    if (!(options.trainSize > 0 && options.trainSize < 1))
      throw new Error(`${fn}: trainSize must be between 0 and 1 (exclusive), got ${options.trainSize}`);
    return { trainSize: options.trainSize };
  }
  const folds = checkCount(options.folds ?? 5, "folds", 2, fn);
  if (Math.min(nRef, nCur) < folds)
    throw new Error(
      `${fn}: needs at least as many complete rows as folds (${folds}) on each side (reference ${nRef}, current ${nCur})`,
    );
  return { folds };
}

/**
 * P(current) of every held-out row, by group, in input order. With `folds` (Alibi Detect's
 * ClassifierDrift with n_folds) every row is held out once: for each fold `classify` is trained
 * from scratch on the other folds and predicts this one. With `trainSize` (Alibi's default
 * train_size=0.75) one random ⌊N·trainSize⌋ of the pooled rows trains the classifier and the rest
 * are predicted.
 *
 * @throws (prefixed with `fn`) when a split leaves a group without held-out rows
 */
export function heldOutProbabilities(
  pooled: Matrix,
  nRef: number,
  splitting: Splitting,
  rng: Rng,
  classify: DomainClassifier,
  fn: string,
): { reference: Float64Array; current: Float64Array } {
  const total = pooled.rows;
  const splits: { train: number[]; test: number[] }[] = [];
  if ("folds" in splitting) {
    const fold = stratifiedFolds(nRef, total - nRef, splitting.folds, rng);
    for (let k = 0; k < splitting.folds; k++) {
      const split = { train: [] as number[], test: [] as number[] };
      for (let i = 0; i < total; i++) (fold[i] === k ? split.test : split.train).push(i);
      splits.push(split);
    }
  } else {
    const order = Array.from(rng.shuffle(Int32Array.from({ length: total }, (_, i) => i)));
    const size = Math.floor(total * splitting.trainSize);
    splits.push({ train: order.slice(0, size), test: order.slice(size).sort((a, b) => a - b) });
  }
  const probability = new Float64Array(total).fill(NaN);
  for (const { train, test } of splits) {
    const labels = Uint8Array.from(train, (i) => (i >= nRef ? 1 : 0));
    if (labels.every((label) => label === labels[0]))
      throw new Error(
        `${fn}: a training split holds only ${labels[0] ? "current" : "reference"} rows; use more rows or a different trainSize`,
      );
    const predicted = classify(selectRows(pooled, train), labels, selectRows(pooled, test), rng);
    test.forEach((row, r) => (probability[row] = predicted[r]));
  }
  const reference = probability.slice(0, nRef).filter((p) => !Number.isNaN(p));
  const current = probability.slice(nRef).filter((p) => !Number.isNaN(p));
  if (reference.length === 0 || current.length === 0)
    throw new Error(
      `${fn}: the held-out rows include no ${reference.length === 0 ? "reference" : "current"} row; use more rows or a smaller trainSize`,
    );
  return { reference, current };
}
