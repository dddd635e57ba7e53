/**
 * Gradient-boosted decision stumps for the log-loss, the "stumps" domain classifier of
 * classifierDrift: XGBoost's second-order split gain and leaf values (Chen & Guestrin, "XGBoost: A
 * Scalable Tree Boosting System", 2016) restricted to depth-one trees on quantile thresholds.
 */

import type { Matrix } from "../linalg/matrix.ts";
import { boost, type Loss } from "./gradientBoosting.ts";
import { sigmoid } from "./logisticRegression.ts";

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
  let positives = 0;
  for (const label of labels) positives += label;
  const logLoss: Loss = {
    prior: Math.log(positives / (labels.length - positives)),
    gradients(score, g, h) {
      for (let i = 0; i < score.length; i++) {
        const p = sigmoid(score[i]);
        g[i] = p - labels[i];
        h[i] = p * (1 - p);
      }
    },
  };
  const options = { rounds, learningRate, maxThresholds: 31, maxDepth: 1, lambda: 1, minChildWeight: 1 };
  const scores = boost(x, logLoss, { ...options, minChildRows: 1, subsample: 1, seed: 0 });
  return (rows) => scores(rows).map(sigmoid);
}
