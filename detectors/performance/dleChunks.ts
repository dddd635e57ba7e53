/**
 * The deterministic half of direct loss estimation: once the loss models have predicted each
 * analysis row's loss, the per-chunk estimates, sampling bands, reference thresholds and realized
 * values, as NannyML 0.13's DLE computes them (N:performance_estimation/direct_loss_estimation/
 * dle.py `_estimate_chunk`, metrics.py `_alert_thresholds`). Kept apart from the models so it can
 * be checked to 1e-9 against a numpy restatement.
 */

import type { Bounds, ChunkMetric } from "../chunks/chunkMetric.ts";
import { chunkMetric } from "../chunks/chunkMetric.ts";
import type { Chunk } from "../chunks/chunks.ts";
import {
  lossSpread,
  METRIC_LOSS,
  metricOfLosses,
  observationLoss,
  samplingError,
  type DleMetric,
  type LossKind,
} from "./dleMetrics.ts";
import { referenceThresholds, type ThresholdOptions } from "./thresholds.ts";

/** Labels and predictions of one data set, row by row, with its chunks; an unlabelled row's yTrue is NaN. */
export interface LabelledChunks {
  yTrue: Float64Array;
  yPred: Float64Array;
  chunks: Chunk[];
}

/** Every DLE metric is an error: at least 0, unbounded above (NannyML's lower_value_limit = 0). */
const LIMITS: Bounds = { lower: 0, upper: null };

/**
 * Per metric, one entry per analysis chunk:
 * - estimate: the chunk's predicted losses clipped at 0, averaged (the root for rmse, rmsle);
 * - sampling band: estimate ± 3 standard errors from the spread of the labelled reference rows'
 *   losses, the lower end clipped at 0;
 * - thresholds: mean ± 3 population std (or `threshold`) of the metric realized on each reference
 *   chunk's labelled rows, the lower one clamped to 0;
 * - realized: the metric on the chunk's labels when every row has one.
 *
 * @param predictedLoss each analysis row's predicted loss, for every loss the metrics use
 * @throws when the reference has no labelled row, or a loss is missing from `predictedLoss`
 */
export function dleChunkMetrics(
  metrics: readonly DleMetric[],
  reference: LabelledChunks,
  analysis: LabelledChunks,
  predictedLoss: Partial<Record<LossKind, ArrayLike<number>>>,
  threshold: ThresholdOptions,
): Partial<Record<DleMetric, ChunkMetric[]>> {
  const referenceLabelled = labelledRows(reference.yTrue, allRows(reference.yTrue.length));
  if (referenceLabelled.length === 0) throw new Error("dle: no reference row has a label");
  const out: Partial<Record<DleMetric, ChunkMetric[]>> = {};
  for (const metric of metrics) {
    const { loss } = METRIC_LOSS[metric];
    const predicted = predictedLoss[loss];
    if (predicted === undefined) throw new Error(`dle: no predicted ${loss} loss for ${metric}`);
    const referenceLoss = losses(loss, reference);
    const spread = lossSpread(referenceLoss, referenceLabelled);
    const realizedOnReference = reference.chunks.map((chunk) => {
      const rows = labelledRows(reference.yTrue, chunk.rows);
      return rows.length === 0 ? NaN : metricOfLosses(metric, referenceLoss, rows);
    });
    const thresholds = referenceThresholds(realizedOnReference, threshold, LIMITS, `dle: ${metric}`);
    const analysisLoss = losses(loss, analysis);
    out[metric] = analysis.chunks.map((chunk) => {
      const labelled = labelledRows(analysis.yTrue, chunk.rows);
      const realized =
        labelled.length === chunk.rows.length ? metricOfLosses(metric, analysisLoss, chunk.rows) : undefined;
      const estimate = metricOfLosses(metric, predicted, chunk.rows);
      const error = samplingError(metric, spread, chunk.rows.length);
      return chunkMetric(chunk, labelled.length, estimate, error, realized, thresholds, LIMITS);
    });
  }
  return out;
}

/** Each row's observed loss (NaN where unlabelled). */
function losses(kind: LossKind, data: LabelledChunks): Float64Array {
  return data.yTrue.map((y, i) => observationLoss(kind, y, data.yPred[i]));
}

function labelledRows(yTrue: Float64Array, rows: readonly number[]): number[] {
  return rows.filter((i) => !Number.isNaN(yTrue[i]));
}

function allRows(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}
