/**
 * Regression quality metrics (MAE, RMSE, MAPE, R²) with scikit-learn 1.7's definitions
 * (sklearn/metrics/_regression.py).
 */

import { mean, sum } from "simple-statistics";
import type { LabelProfile } from "../profiles/labels.ts";
import { isLabelProfile } from "./labelMetrics.ts";

/** Regression quality, as scikit-learn defines each metric. */
export interface RegressionMetrics {
  /** Rows used (both values finite). */
  n: number;
  /** Rows dropped because yTrue or yPred was NaN, ±Infinity, null or not a number. */
  dropped: number;
  /** Mean absolute error, `mean_absolute_error`. */
  mae: number;
  /** Root mean squared error, `root_mean_squared_error` (√ of the mean squared error). */
  rmse: number;
  /** Mean absolute percentage error as a fraction (not ×100), `mean_absolute_percentage_error`. */
  mape: number;
  /** Coefficient of determination, `r2_score`; NaN with fewer than two rows, as scikit-learn returns. */
  r2: number;
  /** From a label profile: the metrics it cannot give (NaN in the result). */
  unavailable?: string[];
}

/**
 * Regression metrics with scikit-learn 1.7's definitions (sklearn/metrics/_regression.py):
 * - mae = mean |y − ŷ|; rmse = √(mean (y − ŷ)²);
 * - mape = mean |y − ŷ| / max(|y|, ε) with ε = 2.220446049250313e-16 (float64 machine epsilon), so a
 *   zero target gives a huge but finite term, as scikit-learn does;
 * - r2 = 1 − Σ(y − ŷ)² / Σ(y − ȳ)² with `force_finite`: 1 when the predictions are perfect (even for
 *   a constant target), 0 when the target is constant but the predictions are not; NaN below two rows.
 * Rows where either value is not a finite number are dropped and counted (scikit-learn raises).
 * Sums are compensated (simple-statistics `sum`/`mean`), so 1e6 rows keep their digits.
 *
 * A window's label profile instead of arrays (`profile.labels`, a regression LabelProfile): mae,
 * rmse and r2 from its sums (labelMetrics.ts); mape is NaN, listed in `unavailable`.
 *
 * @param yTrue observed values, or a label profile
 * @param yPred predicted values, row by row with yTrue
 * @returns `{n, dropped, mae, rmse, mape, r2}`
 * @throws when the lengths differ or no row has two finite values
 */
export function regressionMetrics(labels: LabelProfile): RegressionMetrics;
export function regressionMetrics(yTrue: ArrayLike<unknown>, yPred: ArrayLike<unknown>): RegressionMetrics;
export function regressionMetrics(
  yTrue: ArrayLike<unknown> | LabelProfile,
  yPred?: ArrayLike<unknown>,
): RegressionMetrics {
  if (isLabelProfile(yTrue)) return profileRegressionMetrics(yTrue);
  if (yPred === undefined) throw new Error("regressionMetrics: pass yTrue and yPred, or a label profile");
  if (yTrue.length !== yPred.length) {
    throw new Error(
      `regressionMetrics: yTrue has ${yTrue.length} values and yPred ${yPred.length}; they must pair up row by row`,
    );
  }
  const truth: number[] = [];
  const predicted: number[] = [];
  for (let i = 0; i < yTrue.length; i++) {
    const t = yTrue[i];
    const p = yPred[i];
    if (typeof t === "number" && Number.isFinite(t) && typeof p === "number" && Number.isFinite(p)) {
      truth.push(t);
      predicted.push(p);
    }
  }
  const n = truth.length;
  if (n === 0) throw new Error(`regressionMetrics: no row has a finite yTrue and yPred (${yTrue.length} rows)`);

  const absolute = truth.map((t, i) => Math.abs(t - predicted[i]));
  const squared = truth.map((t, i) => (t - predicted[i]) ** 2);
  const percentage = truth.map((t, i) => Math.abs(predicted[i] - t) / Math.max(Math.abs(t), Number.EPSILON));
  const residual = sum(squared);
  const average = mean(truth);
  const total = sum(truth.map((t) => (t - average) ** 2));
  return {
    n,
    dropped: yTrue.length - n,
    mae: mean(absolute),
    rmse: Math.sqrt(residual / n),
    mape: mean(percentage),
    r2: r2Score(n, residual, total),
  };
}

/**
 * regressionMetrics from a regression LabelProfile's sums: mae = Σ|e| / n, rmse = √(Σe² / n),
 * r2 = 1 − Σe² / (Σy² − (Σy)²/n) with scikit-learn's force_finite cases (1 for perfect predictions,
 * 0 for a constant target, NaN below two rows). The total sum of squares from raw sums loses
 * digits when the target's mean is large against its spread. MAPE needs each row's target, so it
 * is NaN and listed in `unavailable`.
 * @throws when the profile is of a classification task or has no labelled row
 */
function profileRegressionMetrics(labels: LabelProfile): RegressionMetrics {
  const fn = "regressionMetrics";
  if (labels.task !== "regression") throw new Error(`${fn}: the label profile is of a ${labels.task} task`);
  const n = labels.count;
  if (n === 0) throw new Error(`${fn}: the label profile has no labelled row`);
  const residual = labels.sumSquaredError;
  const total = Math.max(0, labels.sumLabelSquared - (labels.sumLabel * labels.sumLabel) / n);
  return {
    n,
    dropped: 0,
    mae: labels.sumAbsoluteError / n,
    rmse: Math.sqrt(residual / n),
    mape: NaN,
    r2: r2Score(n, residual, total),
    unavailable: ["mape"],
  };
}

/** r2_score with force_finite: NaN below two rows, 1 for perfect predictions, 0 for a constant target. */
function r2Score(n: number, residual: number, total: number): number {
  if (n < 2) return NaN;
  if (residual === 0) return 1;
  if (total === 0) return 0;
  return 1 - residual / total;
}
