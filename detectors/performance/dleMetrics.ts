/**
 * The regression metrics direct loss estimation estimates, as NannyML 0.13 defines them
 * (N:performance_estimation/direct_loss_estimation/metrics.py, N:sampling_error/regression.py):
 * each is the mean of one observation-level loss, or its square root, so a model that predicts
 * each row's loss gives the chunk's metric, and the loss's spread on the reference gives the
 * sampling error.
 */

/** NannyML's DLE metrics, in its order. */
export const DLE_METRICS = ["mae", "mape", "mse", "msle", "rmse", "rmsle"] as const;
export type DleMetric = (typeof DLE_METRICS)[number];

/** The observation-level losses the loss models learn; mse and rmse share one, as msle and rmsle do. */
export type LossKind = "absolute" | "percentage" | "squared" | "squaredLog";

/** Per metric: its loss, and whether the metric is the root of the loss's mean. */
export const METRIC_LOSS: Record<DleMetric, { loss: LossKind; root: boolean }> = {
  mae: { loss: "absolute", root: false },
  mape: { loss: "percentage", root: false },
  mse: { loss: "squared", root: false },
  msle: { loss: "squaredLog", root: false },
  rmse: { loss: "squared", root: true },
  rmsle: { loss: "squaredLog", root: true },
};

/**
 * One row's loss: |y − ŷ|; |y − ŷ| / max(ε, |y|) with ε the float64 machine epsilon (scikit-learn's
 * and NannyML's MAPE); (y − ŷ)²; (log(1 + y) − log(1 + ŷ))².
 */
export function observationLoss(kind: LossKind, yTrue: number, yPred: number): number {
  switch (kind) {
    case "absolute":
      return Math.abs(yTrue - yPred);
    case "percentage":
      return Math.abs(yTrue - yPred) / Math.max(Number.EPSILON, Math.abs(yTrue));
    case "squared":
      return (yTrue - yPred) ** 2;
    case "squaredLog":
      return (Math.log1p(yTrue) - Math.log1p(yPred)) ** 2;
    default: {
      const unknown: never = kind;
      throw new Error(`unknown loss ${String(unknown)}`);
    }
  }
}

/**
 * A metric over `rows` from their losses (observed, or predicted by a loss model): losses below 0
 * count as 0 (NannyML clips the model's predictions), then the mean, or its root for rmse and rmsle.
 */
export function metricOfLosses(metric: DleMetric, losses: ArrayLike<number>, rows: readonly number[]): number {
  let total = 0;
  for (const i of rows) total += Math.max(0, losses[i]);
  const mean = total / rows.length;
  return METRIC_LOSS[metric].root ? Math.sqrt(mean) : mean;
}

/** The reference losses' population standard deviation and mean: NannyML's sampling-error components. */
export interface LossSpread {
  std: number;
  mean: number;
}

export function lossSpread(losses: ArrayLike<number>, rows: readonly number[]): LossSpread {
  let total = 0;
  for (const i of rows) total += losses[i];
  const mean = total / rows.length;
  let squares = 0;
  for (const i of rows) squares += (losses[i] - mean) ** 2;
  return { std: Math.sqrt(squares / rows.length), mean };
}

/**
 * The standard error of the metric on a chunk of n rows, from the reference losses (N:sampling_error/
 * regression.py): std / √n for a mean; √(std² / (4 n mean)) for a root (the delta method:
 * d√m/dm = 1 / (2√m)). NannyML's MAPE component divides by y rather than max(ε, |y|); the two agree
 * for positive targets, and this one stays finite at y = 0.
 */
export function samplingError(metric: DleMetric, spread: LossSpread, n: number): number {
  return METRIC_LOSS[metric].root ? Math.sqrt(spread.std ** 2 / (4 * n * spread.mean)) : spread.std / Math.sqrt(n);
}

/** Whether a metric takes logarithms of the values, which NannyML refuses for negative ones. */
export function needsNonNegative(metric: DleMetric): boolean {
  return METRIC_LOSS[metric].loss === "squaredLog";
}
