/**
 * Gradient-boosted decision stumps for the log-loss, the "stumps" domain classifier of
 * classifierDrift: XGBoost's second-order split gain and leaf values (Chen & Guestrin, "XGBoost: A
 * Scalable Tree Boosting System", 2016) restricted to depth-one trees on quantile thresholds.
 */

import type { Matrix } from "../linalg/matrix.ts";
import { sigmoid } from "./logisticRegression.ts";
import { sortNumbers } from "../samples/radixSort.ts";

const MAX_THRESHOLDS = 31;
const LAMBDA = 1;
const MIN_CHILD_WEIGHT = 1;

interface Stump {
  feature: number;
  threshold: number;
  left: number;
  right: number;
}

/**
 * Gradient-boosted decision stumps for the log-loss, in the second-order form of XGBoost: start
 * from the prior log-odds, then each round fits one split x_f ≤ t on the gradients g = p − y and
 * hessians h = p(1 − p), with leaf values −G/(H + λ) (λ = 1, each leaf needing H ≥ 1 as XGBoost's
 * min_child_weight) shrunk by `learningRate`. Candidate thresholds are up to 31 quantiles of each
 * training column. Deterministic; stops early when no split has positive gain.
 *
 * @returns P(label 1) for the rows of any matrix with the same columns
 */
export function fitBoostedStumps(
  x: Matrix,
  labels: Uint8Array,
  rounds: number,
  learningRate: number,
): (rows: Matrix) => Float64Array {
  const { rows: n, cols } = x;
  const thresholds = Array.from({ length: cols }, (_, k) => columnThresholds(x, k));
  const bins = new Uint8Array(n * cols);
  for (let i = 0; i < n; i++)
    for (let k = 0; k < cols; k++) bins[i * cols + k] = binOf(thresholds[k], x.data[i * cols + k]);
  let positives = 0;
  for (const label of labels) positives += label;
  const prior = Math.log(positives / (n - positives));
  const score = new Float64Array(n).fill(prior);
  const stumps: Stump[] = [];
  const g = new Float64Array(n);
  const h = new Float64Array(n);
  for (let round = 0; round < rounds; round++) {
    let gTotal = 0;
    let hTotal = 0;
    for (let i = 0; i < n; i++) {
      const p = sigmoid(score[i]);
      g[i] = p - labels[i];
      h[i] = p * (1 - p);
      gTotal += g[i];
      hTotal += h[i];
    }
    const best = bestSplit(bins, cols, thresholds, g, h, gTotal, hTotal);
    if (best === null) break;
    const stump = {
      feature: best.feature,
      threshold: thresholds[best.feature][best.bin],
      left: learningRate * best.left,
      right: learningRate * best.right,
    };
    stumps.push(stump);
    for (let i = 0; i < n; i++) score[i] += bins[i * cols + stump.feature] <= best.bin ? stump.left : stump.right;
  }
  return (rows) =>
    Float64Array.from({ length: rows.rows }, (_, i) => {
      let s = prior;
      for (const { feature, threshold, left, right } of stumps)
        s += rows.data[i * rows.cols + feature] <= threshold ? left : right;
      return sigmoid(s);
    });
}

/** Up to 31 distinct quantiles of column k (the largest value excluded: nothing would go right). */
function columnThresholds(x: Matrix, k: number): Float64Array {
  const sorted = sortNumbers(Float64Array.from({ length: x.rows }, (_, i) => x.data[i * x.cols + k]));
  const out: number[] = [];
  for (let q = 1; q <= MAX_THRESHOLDS; q++) {
    const value = sorted[Math.floor((q * sorted.length) / (MAX_THRESHOLDS + 1))];
    if (value < sorted[sorted.length - 1] && value !== out[out.length - 1]) out.push(value);
  }
  return Float64Array.from(out);
}

/** The number of thresholds below `value`: bin b holds values in (t_{b−1}, t_b]. */
function binOf(thresholds: Float64Array, value: number): number {
  let lo = 0;
  let hi = thresholds.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (thresholds[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function bestSplit(
  bins: Uint8Array,
  cols: number,
  thresholds: Float64Array[],
  g: Float64Array,
  h: Float64Array,
  gTotal: number,
  hTotal: number,
) {
  let best: { feature: number; bin: number; left: number; right: number } | null = null;
  let bestGain = 0;
  const parent = (gTotal * gTotal) / (hTotal + LAMBDA);
  for (let k = 0; k < cols; k++) {
    const count = thresholds[k].length + 1;
    const gBin = new Float64Array(count);
    const hBin = new Float64Array(count);
    for (let i = 0; i < g.length; i++) {
      gBin[bins[i * cols + k]] += g[i];
      hBin[bins[i * cols + k]] += h[i];
    }
    let gLeft = 0;
    let hLeft = 0;
    for (let b = 0; b < count - 1; b++) {
      gLeft += gBin[b];
      hLeft += hBin[b];
      const gRight = gTotal - gLeft;
      const hRight = hTotal - hLeft;
      if (hLeft < MIN_CHILD_WEIGHT || hRight < MIN_CHILD_WEIGHT) continue;
      const gain = (gLeft * gLeft) / (hLeft + LAMBDA) + (gRight * gRight) / (hRight + LAMBDA) - parent;
      if (gain > bestGain) {
        bestGain = gain;
        best = { feature: k, bin: b, left: -gLeft / (hLeft + LAMBDA), right: -gRight / (hRight + LAMBDA) };
      }
    }
  }
  return best;
}
