/**
 * Dense linear algebra for the small symmetric positive definite systems of lsdd and logistic
 * regression: the Cholesky factorisation, its solve, and the products around it.
 * Cholesky–Banachiewicz, row by row (Golub & Van Loan, Matrix Computations, ch. 4).
 */

/**
 * Cholesky factor L (lower triangular, row-major n×n, upper part zero) of a symmetric positive
 * definite matrix, so that A = L·Lᵀ; null when A is not positive definite (a pivot ≤ 0).
 */
export function cholesky(a: Float64Array, n: number): Float64Array | null {
  const l = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = a[i * n + j];
      for (let k = 0; k < j; k++) sum -= l[i * n + k] * l[j * n + k];
      if (i === j) {
        if (!(sum > 0)) return null;
        l[i * n + i] = Math.sqrt(sum);
      } else {
        l[i * n + j] = sum / l[j * n + j];
      }
    }
  }
  return l;
}

/** Solves L·Lᵀ·x = b for x (written to `out`, which may be `b`), given the Cholesky factor L. */
export function choleskySolve(l: Float64Array, n: number, b: ArrayLike<number>, out: Float64Array): Float64Array {
  for (let i = 0; i < n; i++) {
    let sum = b[i];
    for (let k = 0; k < i; k++) sum -= l[i * n + k] * out[k];
    out[i] = sum / l[i * n + i];
  }
  for (let i = n - 1; i >= 0; i--) {
    let sum = out[i];
    for (let k = i + 1; k < n; k++) sum -= l[k * n + i] * out[k];
    out[i] = sum / l[i * n + i];
  }
  return out;
}

/** y = A·x for a row-major n×n matrix A. */
export function multiply(a: Float64Array, n: number, x: ArrayLike<number>, y: Float64Array): Float64Array {
  for (let i = 0; i < n; i++) {
    let sum = 0;
    for (let k = 0; k < n; k++) sum += a[i * n + k] * x[k];
    y[i] = sum;
  }
  return y;
}

/** Σ x_i·y_i. */
export function dot(x: ArrayLike<number>, y: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < x.length; i++) sum += x[i] * y[i];
  return sum;
}
