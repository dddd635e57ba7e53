/**
 * The per-feature detectors (z-score, IQR fences) share everything but their centre and scale: each
 * value's deviation from the reference in units of the feature's scale, the row's score the largest
 * of them, so a row is an outlier when any one feature is. A feature with zero scale in the
 * reference (a constant) scores 0 where the deviation is 0 and Infinity elsewhere: any departure
 * from a constant is an outlier.
 */

import type { Matrix, Rows } from "../linalg/matrix.ts";
import { outlierRows } from "./outlierRows.ts";
import {
  checkOutlierOptions,
  type OutlierMethod,
  type OutlierOptions,
  type OutlierResult,
  outlierResult,
} from "./outlierResult.ts";

/** What a per-feature detector fits on the reference's complete rows. */
export interface FeatureFit<F> {
  /** Per feature, the unit of deviation (std, IQR). */
  scale: Float64Array;
  /** A value's distance from feature k's centre (or box), ≥ 0; NaN for NaN. */
  deviation: (k: number, value: number) => number;
  /** What the detector reports of its fit beside the shared result. */
  report: F;
}

/** Fits on the reference, scores reference and current rows by their largest scaled deviation, decides. */
export function perFeatureOutliers<F>(
  method: OutlierMethod,
  reference: Rows,
  current: Rows,
  options: OutlierOptions,
  fit: (reference: Matrix) => FeatureFit<F>,
): OutlierResult & F {
  checkOutlierOptions(options, method);
  const rows = outlierRows(reference, current, method, options.features);
  const { scale, deviation, report } = fit(rows.reference);
  const score = (m: Matrix) => maxScaledDeviation(m, scale, deviation);
  return { ...outlierResult(method, rows, score(rows.reference), score(rows.current), options), ...report };
}

/** Per row of `m`, max over features k of deviation(k, value) / scale[k]; NaN for a row holding NaN. */
function maxScaledDeviation(
  m: Matrix,
  scale: Float64Array,
  deviation: (k: number, value: number) => number,
): Float64Array {
  const scores = new Float64Array(m.rows);
  for (let i = 0; i < m.rows; i++) {
    let worst = 0;
    for (let k = 0; k < m.cols; k++) {
      const d = deviation(k, m.data[i * m.cols + k]);
      const score = scale[k] > 0 ? d / scale[k] : d > 0 ? Infinity : d === 0 ? 0 : NaN;
      if (score !== score) {
        // A missing value: the row gets no score.
        worst = NaN;
        break;
      }
      if (score > worst) worst = score;
    }
    scores[i] = worst;
  }
  return scores;
}
