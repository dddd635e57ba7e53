/**
 * L2-penalised logistic regression on standardised inputs, the "logistic" domain classifier of
 * classifierDrift: scikit-learn's LogisticRegression(C) objective behind a StandardScaler, fitted by
 * Newton's method (IRLS).
 */

import { cholesky, choleskySolve } from "../linalg/cholesky.ts";
import { columnMoments, type Matrix, standardise } from "../linalg/matrix.ts";

const MAX_ITERATIONS = 100;
const TOLERANCE = 1e-10;

/**
 * L2-penalised logistic regression with an unpenalised intercept on standardised inputs — the
 * objective of scikit-learn's LogisticRegression(C) behind a StandardScaler: ½‖w‖² + C·Σ log-loss,
 * each column scaled by the training mean and population standard deviation (1 when constant).
 * Fitted by Newton's method (IRLS) with step halving, to a step below 1e-10; deterministic.
 *
 * @returns P(label 1) for the rows of any matrix with the same columns
 */
export function fitLogistic(x: Matrix, labels: Uint8Array, c = 1): (rows: Matrix) => Float64Array {
  const { mean, std } = columnMoments(x, 0);
  const scale = std.map((s) => (s > 0 ? s : 1));
  const z = standardise(x, mean, scale);
  const p = z.cols + 1; // weights, then the intercept
  let beta = new Float64Array(p);
  let loss = objective(z, labels, beta, c);
  const gradient = new Float64Array(p);
  const hessian = new Float64Array(p * p);
  const step = new Float64Array(p);
  for (let iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
    gradient.fill(0);
    hessian.fill(0);
    for (let i = 0; i < z.rows; i++) {
      const prob = sigmoid(linear(z, i, beta));
      const residual = c * (prob - labels[i]);
      const weight = c * prob * (1 - prob);
      for (let a = 0; a < p; a++) {
        const xa = a < z.cols ? z.data[i * z.cols + a] : 1;
        gradient[a] += residual * xa;
        for (let b = 0; b <= a; b++) hessian[a * p + b] += weight * xa * (b < z.cols ? z.data[i * z.cols + b] : 1);
      }
    }
    for (let a = 0; a < z.cols; a++) {
      gradient[a] += beta[a];
      hessian[a * p + a] += 1;
    }
    for (let a = 0; a < p; a++) for (let b = 0; b < a; b++) hessian[b * p + a] = hessian[a * p + b];
    // Positive definite unless every p(1 − p) underflows; then the current fit is as good as it gets.
    const factor = cholesky(hessian, p);
    if (factor === null) break;
    choleskySolve(factor, p, gradient, step);
    let size = 1;
    let next = beta.map((b, a) => b - step[a]);
    let nextLoss = objective(z, labels, next, c);
    while (nextLoss > loss && size > 1e-10) {
      size /= 2;
      next = beta.map((b, a) => b - size * step[a]);
      nextLoss = objective(z, labels, next, c);
    }
    beta = next;
    loss = nextLoss;
    if (Math.max(...step.map(Math.abs)) * size < TOLERANCE) break;
  }
  return (rows) => {
    const s = standardise(rows, mean, scale);
    return Float64Array.from({ length: s.rows }, (_, i) => sigmoid(linear(s, i, beta)));
  };
}

function linear(z: Matrix, i: number, beta: Float64Array): number {
  let sum = beta[z.cols];
  for (let k = 0; k < z.cols; k++) sum += z.data[i * z.cols + k] * beta[k];
  return sum;
}

function objective(z: Matrix, labels: Uint8Array, beta: Float64Array, c: number): number {
  let loss = 0;
  for (let i = 0; i < z.rows; i++) {
    const t = linear(z, i, beta);
    // log(1 + e^t) − y·t, computed without overflow.
    loss += (t > 0 ? t + Math.log1p(Math.exp(-t)) : Math.log1p(Math.exp(t))) - labels[i] * t;
  }
  let penalty = 0;
  for (let k = 0; k < z.cols; k++) penalty += beta[k] * beta[k];
  return 0.5 * penalty + c * loss;
}

/** The logistic function 1 / (1 + e^−t). */
export function sigmoid(t: number): number {
  return t >= 0 ? 1 / (1 + Math.exp(-t)) : Math.exp(t) / (1 + Math.exp(t));
}
