/**
 * Location and scatter of selected rows, and squared Mahalanobis distances from them: the pieces of
 * robust covariance (MCD's concentration steps) and of the Mahalanobis outlier detector. Covariance
 * is scikit-learn's `empirical_covariance` (divisor n, ddof 0); its log-determinant and the distances
 * go through the Cholesky factor, which for a positive definite matrix gives what scikit-learn's
 * `fast_logdet` and `pinvh` give, to rounding.
 */

import type { Matrix } from "./matrix.ts";

/** Mean and covariance (divisor n) of the rows of `m` at `indices` (all rows when null). */
export function meanAndCovariance(
  m: Matrix,
  indices: ArrayLike<number> | null,
): { location: Float64Array; covariance: Float64Array } {
  const { data, cols } = m;
  const n = indices === null ? m.rows : indices.length;
  const row = (r: number) => (indices === null ? r : indices[r]) * cols;
  const location = new Float64Array(cols);
  for (let r = 0; r < n; r++) {
    const o = row(r);
    for (let k = 0; k < cols; k++) location[k] += data[o + k];
  }
  for (let k = 0; k < cols; k++) location[k] /= n;
  const covariance = new Float64Array(cols * cols);
  const centred = new Float64Array(cols);
  for (let r = 0; r < n; r++) {
    const o = row(r);
    for (let k = 0; k < cols; k++) centred[k] = data[o + k] - location[k];
    for (let j = 0; j < cols; j++) {
      const u = centred[j];
      for (let k = 0; k <= j; k++) covariance[j * cols + k] += u * centred[k];
    }
  }
  for (let j = 0; j < cols; j++) {
    for (let k = 0; k <= j; k++) {
      covariance[j * cols + k] /= n;
      covariance[k * cols + j] = covariance[j * cols + k];
    }
  }
  return { location, covariance };
}

/** log det of a symmetric positive definite matrix from its Cholesky factor: 2·Σ log L_ii. */
export function logDeterminant(factor: Float64Array, n: number): number {
  let sum = 0;
  for (let i = 0; i < n; i++) sum += Math.log(factor[i * n + i]);
  return 2 * sum;
}

/**
 * Squared Mahalanobis distance of every row of `m` from `location` under the covariance whose
 * Cholesky factor is `factor`: ‖L⁻¹(x − μ)‖², by forward substitution. A row holding NaN gets NaN.
 */
export function squaredMahalanobis(
  m: Matrix,
  location: Float64Array,
  factor: Float64Array,
  out = new Float64Array(m.rows),
): Float64Array {
  const { data, cols } = m;
  const z = new Float64Array(cols);
  for (let i = 0; i < m.rows; i++) {
    const o = i * cols;
    let sum = 0;
    for (let k = 0; k < cols; k++) {
      let v = data[o + k] - location[k];
      for (let j = 0; j < k; j++) v -= factor[k * cols + j] * z[j];
      v /= factor[k * cols + k];
      z[k] = v;
      sum += v * v;
    }
    out[i] = sum;
  }
  return out;
}
