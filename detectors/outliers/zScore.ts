/**
 * Per-feature z-score outliers: each feature standardised by the reference's mean and standard
 * deviation (ddof 0, as scikit-learn's StandardScaler and scipy.stats.zscore), a row scored by its
 * largest |z|.
 */

import { columnMoments } from "../linalg/matrix.ts";
import type { Rows } from "../linalg/matrix.ts";
import { outlierRows } from "./outlierRows.ts";
import { checkOutlierOptions, type OutlierOptions, type OutlierResult, outlierResult } from "./outlierResult.ts";
import { maxScaledDeviation } from "./perFeature.ts";

/** A z-score result, with the reference's moments it used. */
export interface ZScoreResult extends OutlierResult {
  /** Per feature, the reference's mean and standard deviation (ddof 0). */
  mean: number[];
  std: number[];
}

/**
 * Scores each current row by max_k |x_k − mean_k| / std_k over the features, with the reference's
 * mean and standard deviation (ddof 0, scikit-learn's StandardScaler), and flags rows whose score is
 * above the reference's own scores' 99th percentile (or `threshold`, e.g. 3 for the three-sigma rule).
 * A feature constant in the reference scores Infinity on any other value.
 *
 * @param reference rows the detector is fitted on: a table, objects, arrays of numbers, or numbers
 * @param current rows to score, with the same columns
 * @param options `features`, `percentile` (99), `threshold`
 * @returns {method: "zScore", scores, threshold, outlier, share, features, dropped, mean, std}
 * @example
 * zScore([[0], [1], [2], [1]], [[1], [9]], { threshold: 3 }).outlier // => [false, true]
 */
export function zScore(reference: Rows, current: Rows, options: OutlierOptions = {}): ZScoreResult {
  checkOutlierOptions(options, "zScore");
  const rows = outlierRows(reference, current, "zScore", options.features);
  const { mean, std } = columnMoments(rows.reference, 0);
  const deviation = (k: number, value: number) => Math.abs(value - mean[k]);
  const result = outlierResult(
    "zScore",
    rows,
    maxScaledDeviation(rows.reference, std, deviation),
    maxScaledDeviation(rows.current, std, deviation),
    options,
  );
  return { ...result, mean: Array.from(mean), std: Array.from(std) };
}
