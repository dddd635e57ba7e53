/**
 * The row score of the per-feature detectors (z-score, IQR fences): each value's deviation from the
 * reference in units of the feature's scale, and the row's score the largest of them, so a row is an
 * outlier when any one feature is. A feature with zero scale in the reference (a constant) scores 0
 * where the deviation is 0 and Infinity elsewhere: any departure from a constant is an outlier.
 */

import type { Matrix } from "../linalg/matrix.ts";

/**
 * Per row of `m`, max over features k of deviation(k, value) / scale[k].
 * @param deviation a value's distance from the reference's centre (or box) of feature k, ≥ 0
 */
export function maxScaledDeviation(
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
