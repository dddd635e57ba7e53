/**
 * Isolation forest outliers (Liu, Ting & Zhou, ICDM 2008): outliers are few and different, so
 * random axis-parallel splits isolate them in fewer steps than ordinary rows. Trees are grown on
 * the reference and every current row is scored; seeded, so a workbook's verdicts repeat.
 */

import type { Rows } from "../linalg/matrix.ts";
import { checkCount } from "../inputs/options.ts";
import { seededRng } from "../random/rng.ts";
import { anomalyScores, growForest } from "./isolationTrees.ts";
import { outlierRows } from "./outlierRows.ts";
import { checkOutlierOptions, type OutlierOptions, type OutlierResult, outlierResult } from "./outlierResult.ts";

export interface IsolationForestOptions extends OutlierOptions {
  /** Number of trees, t (default 100, Liu et al.'s and scikit-learn's). */
  trees?: number;
  /** Rows each tree is grown on, ψ (default 256, capped at the reference's rows). */
  sampleSize?: number;
  /** Seed of the row samples and splits (default 0). */
  seed?: number;
}

/** An isolation forest result, with the forest's size. */
export interface IsolationForestResult extends OutlierResult {
  trees: number;
  sampleSize: number;
}

/**
 * Grows `trees` isolation trees on random `sampleSize`-row samples of the reference (height limit
 * ⌈log₂ ψ⌉) and scores each current row by s = 2^(−E[h(x)]/c(ψ)), E[h(x)] its mean path length with
 * c(size) added at external nodes (Liu et al. 2008; scikit-learn's IsolationForest().score_samples is
 * −s). Rows are flagged above the reference's own scores' 99th percentile, or above `threshold`
 * (Liu et al. read s well above 0.5 as anomalous; scikit-learn's contamination="auto" is 0.5).
 *
 * @param reference rows the forest is grown on: a table, objects, arrays of numbers, or numbers
 * @param current rows to score, with the same columns
 * @param options `features`, `percentile` (99), `threshold`, `trees` (100), `sampleSize` (256), `seed` (0)
 * @returns {method: "isolationForest", scores, threshold, outlier, share, features, dropped, trees, sampleSize}
 * @example
 * isolationForest(reference, current, { seed: 1 }).share // share of current rows above the reference's 99th percentile
 */
export function isolationForest(
  reference: Rows,
  current: Rows,
  options: IsolationForestOptions = {},
): IsolationForestResult {
  const { trees = 100, sampleSize = 256, seed = 0 } = options;
  checkOutlierOptions(options, "isolationForest");
  checkCount(trees, "trees", 1, "isolationForest");
  checkCount(sampleSize, "sampleSize", 2, "isolationForest");
  const rows = outlierRows(reference, current, "isolationForest", options.features);
  if (rows.reference.rows < 2)
    throw new Error(`isolationForest: the reference needs at least 2 complete rows, got ${rows.reference.rows}`);
  const psi = Math.min(sampleSize, rows.reference.rows);
  const forest = growForest(rows.reference, trees, psi, seededRng(seed));
  const result = outlierResult(
    "isolationForest",
    rows,
    anomalyScores(forest, rows.reference),
    anomalyScores(forest, rows.current),
    options,
  );
  return { ...result, trees, sampleSize: psi };
}
