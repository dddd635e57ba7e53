/**
 * Direct loss estimation (NannyML 0.13's DLE, N:performance_estimation/direct_loss_estimation/):
 * a regression model's error per chunk without labels. On the reference, where labels exist, a
 * gradient-boosted tree model learns each row's loss (absolute, percentage, squared or squared-log
 * error) from the features and the prediction; on the analysis data its predicted losses, averaged
 * per chunk, estimate MAE, MAPE, MSE, MSLE, RMSE and RMSLE, beside the realized values where the
 * labels have arrived. It assumes no concept drift: the loss given the inputs is as on the reference.
 */

import type { ChunkMetric } from "../chunks/chunkMetric.ts";
import { tableChunks, type ChunkOptions } from "../chunks/chunks.ts";
import { fitRegressionTrees, type BoostingOptions } from "../classifiers/gradientBoosting.ts";
import type { TableInput } from "../inputs/columns.ts";
import type { Matrix } from "../linalg/matrix.ts";
import { dleChunkMetrics } from "./dleChunks.ts";
import { readDleData, type DleData } from "./dleInputs.ts";
import {
  DLE_METRICS,
  METRIC_LOSS,
  needsNonNegative,
  observationLoss,
  type DleMetric,
  type LossKind,
} from "./dleMetrics.ts";
import { DEFAULT_THRESHOLD, type ThresholdOptions } from "./thresholds.ts";

export interface DleOptions {
  /** Feature columns the loss models read; default every column but prediction, label and ts. */
  features?: string[];
  /** Default all six, as NannyML; msle and rmsle need labels and predictions ≥ 0. */
  metrics?: DleMetric[];
  /** Default `{count: 10}`, NannyML's default chunker; the same chunking cuts the reference unless `referenceChunks` says otherwise. */
  chunks?: ChunkOptions;
  /** How to cut the reference, when not as the analysis (a reference without `ts` and `{period}` chunks); default `chunks`. */
  referenceChunks?: ChunkOptions;
  /** Alert thresholds per metric; default mean ± 3 std of the metric over the reference chunks. */
  thresholds?: Partial<Record<DleMetric, ThresholdOptions>>;
  /** The loss models' settings (REGRESSION_TREE_DEFAULTS: 100 rounds, depth 5, learning rate 0.1 …). */
  model?: Partial<BoostingOptions>;
}

export interface DleResult {
  /** Per metric, one entry per analysis chunk (the shape CBPE returns). */
  metrics: Partial<Record<DleMetric, ChunkMetric[]>>;
  /** The same over the reference chunks (NannyML's reference period; in-sample for the loss models). */
  reference: Partial<Record<DleMetric, ChunkMetric[]>>;
  /** The features the loss models read (the prediction is read too). */
  features: string[];
}

/**
 * Estimates regression metrics per chunk of `analysis` from a loss model fitted on `reference`
 * (NannyML 0.13 DLE). Both are Arquero tables or arrays of rows with `prediction`, `label` (may be
 * missing in the analysis) and optionally `ts` (needed for `{period}` chunks), plus the features.
 *
 * Per metric and analysis chunk: `estimate` (the mean predicted loss, clipped at 0, or its root),
 * `samplingError` and the band `lower`…`upper` (± 3 standard errors from the reference losses'
 * spread), `lowerThreshold`/`upperThreshold` (mean ± 3 std of the metric realized on the reference
 * chunks, lower ≥ 0, or `thresholds[metric]`), `alert` (the estimate outside them), `realized` when every row is labelled, and
 * `value`/`source` (realized where labelled, else estimated). One loss model per loss: mse and rmse
 * share the squared-error model, msle and rmsle the squared-log one. The models are this library's
 * histogram gradient-boosted trees, not LightGBM, so estimates differ from NannyML's by model
 * error; the arithmetic around them is NannyML's.
 *
 * @throws naming the option, column or row at fault: an unknown metric, a missing column, a row
 * without a finite prediction, a negative value under msle/rmsle, a reference with no label
 */
export function dle(reference: TableInput, analysis: TableInput, options: DleOptions = {}): DleResult {
  const metrics = options.metrics ?? [...DLE_METRICS];
  if (!Array.isArray(metrics) || metrics.length === 0)
    throw new Error(`dle: metrics must be a non-empty list of ${DLE_METRICS.join(", ")}`);
  for (const metric of metrics)
    if (!DLE_METRICS.includes(metric))
      throw new Error(`dle: unknown metric "${String(metric)}"; use ${DLE_METRICS.join(", ")}`);
  const chunkOptions = options.chunks ?? { count: 10 };
  const data = readDleData(reference, analysis, options.features);
  for (const metric of metrics.filter(needsNonNegative)) {
    checkNonNegative(data.reference, metric, "reference");
    checkNonNegative(data.analysis, metric, "analysis");
  }
  const kinds = [...new Set(metrics.map((metric) => METRIC_LOSS[metric].loss))];
  const models = new Map(kinds.map((kind) => [kind, lossModel(kind, data.reference, options.model ?? {})]));
  const predict = (x: Matrix) =>
    Object.fromEntries(kinds.map((kind) => [kind, models.get(kind)!(x)])) as Partial<Record<LossKind, Float64Array>>;
  const referenceChunks = {
    ...data.reference,
    chunks: tableChunks(reference, options.referenceChunks ?? chunkOptions, "dle: reference"),
  };
  const analysisChunks = { ...data.analysis, chunks: tableChunks(analysis, chunkOptions, "dle: analysis") };
  const thresholds = (metric: DleMetric) => options.thresholds?.[metric] ?? DEFAULT_THRESHOLD;
  return {
    metrics: dleChunkMetrics(metrics, referenceChunks, analysisChunks, predict(data.analysis.x), thresholds),
    reference: dleChunkMetrics(metrics, referenceChunks, referenceChunks, predict(data.reference.x), thresholds),
    features: data.features,
  };
}

/** Fits one loss model on the labelled reference rows. */
function lossModel(
  kind: LossKind,
  reference: DleData,
  model: Partial<BoostingOptions>,
): (rows: Matrix) => Float64Array {
  const { x, yTrue, yPred } = reference;
  const labelled = Array.from({ length: x.rows }, (_, i) => i).filter((i) => !Number.isNaN(yTrue[i]));
  if (labelled.length === 0) throw new Error("dle: no reference row has a label");
  const data = new Float64Array(labelled.length * x.cols);
  labelled.forEach((i, r) => data.set(x.data.subarray(i * x.cols, (i + 1) * x.cols), r * x.cols));
  const target = Float64Array.from(labelled, (i) => observationLoss(kind, yTrue[i], yPred[i]));
  return fitRegressionTrees({ data, rows: labelled.length, cols: x.cols }, target, model);
}

/** NannyML refuses negative labels or predictions for the log metrics (log(1 + y) needs y > −1). */
function checkNonNegative(data: DleData, metric: DleMetric, what: string): void {
  for (let i = 0; i < data.yPred.length; i++) {
    for (const [name, value] of [
      ["prediction", data.yPred[i]],
      ["label", data.yTrue[i]],
    ] as const)
      if (value < 0)
        throw new Error(
          `dle: ${metric} needs values ≥ 0, but ${what} row ${i} has ${name} ${value}; leave ${metric} out of metrics`,
        );
  }
}
