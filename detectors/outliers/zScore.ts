/**
 * Per-feature z-score outliers: each feature standardised by the reference's mean and standard
 * deviation (ddof 0, as scikit-learn's StandardScaler and scipy.stats.zscore), a row scored by its
 * largest |z|.
 */

import { columnMoments, type Rows } from "../linalg/matrix.ts";
import type { OutlierOptions, OutlierResult } from "./outlierResult.ts";
import { perFeatureOutliers } from "./perFeature.ts";

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
  return perFeatureOutliers("zScore", reference, current, options, (fitted) => {
    const { mean, std } = columnMoments(fitted, 0);
    return {
      scale: std,
      deviation: (k, value) => Math.abs(value - mean[k]),
      report: { mean: Array.from(mean), std: Array.from(std) },
    };
  });
}
