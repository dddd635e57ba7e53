/**
 * The interpretable kernel classifier behind spotTheDiff and its training: Alibi Detect 0.12's
 * SpotTheDiffDriftTorch InterpretableClf (cd/pytorch/spot_the_diff.py), trained with Adam (./adam.ts,
 * torch.optim.Adam's defaults).
 */

import { crossSquaredDistances, squaredDistance } from "../linalg/distances.ts";
import { medianHeuristicCross } from "../linalg/kernel.ts";
import { adam } from "./adam.ts";
import { sigmoid } from "./logisticRegression.ts";
import { type Matrix, selectRows } from "../linalg/matrix.ts";
import type { Rng } from "../random/rng.ts";

export interface SpotTheDiffSettings {
  /** μ_ref: the reference mean, the point the diffs start from. */
  mean: Float64Array;
  /** Initial diffs, nDiffs × features (row-major), drawn once and shared by every fold. */
  initialDiffs: Float64Array;
  nDiffs: number;
  l1Reg: number;
  learningRate: number;
  batchSize: number;
  epochs: number;
}

/** A trained interpretable classifier: its parameters and P(current) for any rows. */
export interface SpotTheDiffModel {
  diffs: Float64Array;
  coefficients: Float64Array;
  bias: number;
  sigma: number;
  predict(rows: Matrix): Float64Array;
}

/**
 * Trains Alibi Detect's `SpotTheDiffDriftTorch.InterpretableClf` from its initial state:
 * logit(x) = b + Σ_j c_j·exp(−‖x − (μ + d_j)‖²/(2σ²)), outputs [−logit, logit], so
 * P(current) = sigmoid(2·logit); b = c = 0 at first, σ set by the median heuristic
 * (`sigma_median`, no shared diagonal) on the first batch's distances to the test locations.
 * Loss: mean cross-entropy of the batch + l1Reg·mean|d|; all of b, c, d and log σ are trained with
 * Adam (torch defaults) on shuffled batches for `epochs` epochs, as alibi's `trainer` does.
 */
export function trainSpotTheDiff(
  x: Matrix,
  labels: Uint8Array,
  settings: SpotTheDiffSettings,
  rng: Rng,
): SpotTheDiffModel {
  const { mean, nDiffs, l1Reg, learningRate, batchSize, epochs } = settings;
  const cols = x.cols;
  const diffs = Float64Array.from(settings.initialDiffs);
  const coefficients = new Float64Array(nDiffs);
  // Parameters in one vector for Adam: bias, coefficients, diffs, log σ.
  const size = 1 + nDiffs + nDiffs * cols + 1;
  const params = new Float64Array(size);
  params.set(diffs, 1 + nDiffs);
  const optimiser = adam(size, learningRate);
  const gradient = new Float64Array(size);
  const centers = new Float64Array(nDiffs * cols);
  let initialised = false;
  const order = Int32Array.from({ length: x.rows }, (_, i) => i);
  for (let epoch = 0; epoch < epochs; epoch++) {
    rng.shuffle(order);
    for (let start = 0; start < x.rows; start += batchSize) {
      const batch = order.subarray(start, Math.min(start + batchSize, x.rows));
      for (let k = 0; k < centers.length; k++) centers[k] = mean[k % cols] + params[1 + nDiffs + k];
      if (!initialised) {
        const sigma = medianHeuristicCross(
          crossSquaredDistances(selectRows(x, batch), { data: centers, rows: nDiffs, cols }),
        );
        params[size - 1] = Math.log(sigma);
        initialised = true;
      }
      batchGradient(x, labels, batch, params, centers, nDiffs, gradient);
      for (let k = 0; k < nDiffs * cols; k++)
        gradient[1 + nDiffs + k] += (l1Reg / (nDiffs * cols)) * Math.sign(params[1 + nDiffs + k]);
      optimiser.step(params, gradient);
    }
  }
  coefficients.set(params.subarray(1, 1 + nDiffs));
  diffs.set(params.subarray(1 + nDiffs, size - 1));
  for (let k = 0; k < centers.length; k++) centers[k] = mean[k % cols] + diffs[k];
  const bias = params[0];
  const sigma = Math.exp(params[size - 1]);
  return {
    diffs,
    coefficients,
    bias,
    sigma,
    predict: (rows) =>
      Float64Array.from({ length: rows.rows }, (_, i) => {
        let logit = bias;
        for (let j = 0; j < nDiffs; j++)
          logit +=
            coefficients[j] *
            Math.exp(-squaredDistance(rows.data, i * cols, centers, j * cols, cols) / (2 * sigma * sigma));
        return sigmoid(2 * logit);
      }),
  };
}

/** Gradient of the batch's mean cross-entropy with respect to bias, coefficients, diffs and log σ. */
function batchGradient(
  x: Matrix,
  labels: Uint8Array,
  batch: Int32Array,
  params: Float64Array,
  centers: Float64Array,
  nDiffs: number,
  gradient: Float64Array,
): void {
  const cols = x.cols;
  const sigma = Math.exp(params[params.length - 1]);
  const inverseVariance = 1 / (sigma * sigma);
  const kernel = new Float64Array(nDiffs);
  const squared = new Float64Array(nDiffs);
  gradient.fill(0);
  for (const i of batch) {
    let logit = params[0];
    for (let j = 0; j < nDiffs; j++) {
      squared[j] = squaredDistance(x.data, i * cols, centers, j * cols, cols);
      kernel[j] = Math.exp(-0.5 * squared[j] * inverseVariance);
      logit += params[1 + j] * kernel[j];
    }
    // d(cross-entropy)/d(logit) for outputs [−logit, logit], averaged over the batch.
    const dLogit = (2 * (sigmoid(2 * logit) - labels[i])) / batch.length;
    gradient[0] += dLogit;
    for (let j = 0; j < nDiffs; j++) {
      const weight = dLogit * params[1 + j] * kernel[j];
      gradient[1 + j] += dLogit * kernel[j];
      for (let k = 0; k < cols; k++)
        gradient[1 + nDiffs + j * cols + k] +=
          weight * (x.data[i * cols + k] - centers[j * cols + k]) * inverseVariance;
      gradient[params.length - 1] += weight * squared[j] * inverseVariance;
    }
  }
}
