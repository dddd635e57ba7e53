/**
 * Confidence-based performance estimation (CBPE), as NannyML 0.13 builds it (detectors.md §5.4;
 * N:performance_estimation/confidence_based/cbpe.py): a classifier's metrics per chunk estimated
 * from its own scores before the labels arrive, assuming the scores are calibrated (they are made
 * so on the reference when NannyML's check says it helps) and that P(label | score) does not
 * change — covariate shift is fine, concept drift is not. Per chunk: the estimate from the expected
 * confusion matrix, its sampling band (± 3 standard errors), alert thresholds from the realized
 * metric on the reference chunks, and the realized metric beside the estimate once the chunk's
 * labels are all in.
 *
 * Differences from NannyML, each deliberate: chunk entries carry `value`/`source` (realized where
 * labelled, else estimated); realized values are reported only for fully labelled chunks; the
 * estimated ROC AUC treats tied scores as one point (see cbpeMetrics.ts); the business-value and
 * average-precision metrics and normalised confusion matrices are not offered.
 */

import { type ChunkOptions, chunkRows, type Chunk } from "../chunks/chunks.ts";
import { type Bounds, type ChunkMetric, chunkMetric } from "../chunks/chunkMetric.ts";
import type { TableInput } from "../inputs/columns.ts";
import { rocAuc } from "../metrics/classification.ts";
import { needsCalibration } from "./calibration.ts";
import { readScored, type Scored } from "./cbpeInputs.ts";
import { CBPE_METRICS, type CbpeMetric, estimateChunk, outputKeys, realizeChunk } from "./cbpeMetrics.ts";
import { fitIsotonic } from "./isotonic.ts";
import { cbpeSamplingErrors } from "./cbpeSamplingErrors.ts";
import { DEFAULT_THRESHOLD, referenceThresholds, type ThresholdOptions } from "./thresholds.ts";

export interface CbpeOptions {
  /** Default: all of roc_auc, f1, precision, recall, specificity, accuracy, confusion_matrix. */
  metrics?: CbpeMetric[];
  /** Binary: the score at which a row is predicted 1, used when the table has no `prediction` column. Default 0.5. */
  threshold?: number;
  /** How to cut reference and analysis into chunks (NannyML's default: 10 chunks). */
  chunks?: ChunkOptions;
  /**
   * How to cut the reference, when not as the analysis: a reference without `ts` cannot be cut by
   * `{period}`, so `{size: <a period's usual rows>}` stands in for it. Default `chunks`.
   */
  referenceChunks?: ChunkOptions;
  /** "isotonic" (default): calibrate when NannyML's check says it helps; "none": take the scores as they are. */
  calibration?: "isotonic" | "none";
  /** Alert thresholds per result key (e.g. accuracy, true_positive); default mean ± 3 std of the reference chunks. */
  thresholds?: Record<string, ThresholdOptions>;
}

export interface CbpeResult {
  task: "binary" | "multiclass";
  classes: string[];
  /** Whether any score column was calibrated. */
  calibrated: boolean;
  /** The classes whose scores were calibrated (binary: ["1"] or []). */
  calibratedClasses: string[];
  /** Per result key (a metric, or a confusion-matrix cell), one entry per analysis chunk. */
  metrics: Record<string, ChunkMetric[]>;
  /** The same over the reference chunks (NannyML's reference period). */
  reference: Record<string, ChunkMetric[]>;
}

const FN = "cbpe";
const UNIT: Bounds = { lower: 0, upper: 1 };
const COUNT: Bounds = { lower: 0, upper: null };

/**
 * Estimates classification metrics per chunk of `analysis` from a labelled `reference`.
 * @throws naming the table, column and row at fault, or the option
 */
export function cbpe(reference: TableInput, analysis: TableInput, options: CbpeOptions = {}): CbpeResult {
  const metrics = options.metrics ?? [...CBPE_METRICS];
  if (!Array.isArray(metrics) || metrics.length === 0)
    throw new Error(`${FN}: metrics must be a non-empty list of ${CBPE_METRICS.join(", ")}`);
  for (const m of metrics)
    if (!CBPE_METRICS.includes(m))
      throw new Error(`${FN}: unknown metric ${JSON.stringify(m)}; use ${CBPE_METRICS.join(", ")}`);
  const threshold = options.threshold ?? 0.5;
  if (!(threshold >= 0 && threshold <= 1)) throw new Error(`${FN}: threshold must be in [0, 1], got ${threshold}`);
  const calibration = options.calibration ?? "isotonic";
  if (calibration !== "isotonic" && calibration !== "none")
    throw new Error(`${FN}: calibration must be "isotonic" or "none", got ${JSON.stringify(calibration)}`);
  const chunking = options.chunks ?? { count: 10 };

  const ref = readScored(reference, threshold, null, `${FN}: reference`);
  const unlabelled = ref.target.indexOf(-1);
  if (unlabelled >= 0)
    throw new Error(`${FN}: reference row ${unlabelled} has no label; the reference must be labelled`);
  const ana = readScored(analysis, threshold, ref, `${FN}: analysis`);

  const { calibrate, calibratedClasses } = fitCalibration(ref, calibration);
  const refCalibrated = calibrate(ref);
  const anaCalibrated = calibrate(ana);
  const samplingErrors = cbpeSamplingErrors(ref);
  const refChunks = chunkRows(ref.ts, ref.n, options.referenceChunks ?? chunking, `${FN}: reference`);
  const anaChunks = chunkRows(ana.ts, ana.n, chunking, `${FN}: analysis`);

  const keys = metrics.flatMap((m) => outputKeys(m, ref));
  const perChunk = (scored: Scored, calibrated: Float64Array[], chunks: Chunk[]) =>
    chunks.map((chunk) => ({
      chunk,
      estimate: estimateChunk(scored, calibrated, chunk.rows),
      realized: realizeChunk(scored, chunk.rows),
      labelled: chunk.rows.reduce((s, i) => s + (scored.target[i] >= 0 ? 1 : 0), 0),
    }));
  const refValues = perChunk(ref, refCalibrated, refChunks);
  const anaValues = perChunk(ana, anaCalibrated, anaChunks);

  const result: CbpeResult = {
    task: ref.task,
    classes: ref.classes,
    calibrated: calibratedClasses.length > 0,
    calibratedClasses,
    metrics: {},
    reference: {},
  };
  for (const key of keys) {
    const limits = (CBPE_METRICS as readonly string[]).includes(key) ? UNIT : COUNT;
    const thresholds = referenceThresholds(
      refValues.map((v) => v.realized[key]),
      options.thresholds?.[key] ?? DEFAULT_THRESHOLD,
      limits,
      `${FN}: ${key}`,
    );
    const entries = (values: typeof refValues) =>
      values.map((v) =>
        chunkMetric(
          v.chunk,
          v.labelled,
          v.estimate[key],
          samplingErrors[key](v.chunk.rows.length),
          v.realized[key],
          thresholds,
          limits,
        ),
      );
    result.metrics[key] = entries(anaValues);
    result.reference[key] = entries(refValues);
  }
  return result;
}

/**
 * The calibrators NannyML fits (`_fit_binary`, `_fit_calibrators`): per score column, an isotonic
 * regression on the whole reference when `needs_calibration` says so; multiclass rows are then
 * renormalised to sum to 1 (uniform where they sum to 0), calibrated or not.
 */
function fitCalibration(ref: Scored, calibration: "isotonic" | "none") {
  const columns = ref.scores.map((scores, k) => {
    const positive = ref.task === "binary" ? 1 : k;
    const target = Uint8Array.from(ref.target, (t) => (t === positive ? 1 : 0));
    const what = `${FN}: calibrating ${ref.task === "binary" ? "score" : `proba_${ref.classes[k]}`}`;
    const auc = rocAuc(
      Array.from(target, (t) => t === 1),
      Array.from(scores),
    );
    if (calibration === "none" || !needsCalibration(target, scores, auc, what)) return null;
    return fitIsotonic(scores, target, what);
  });
  const calibratedClasses =
    ref.task === "binary" ? (columns[0] ? ["1"] : []) : ref.classes.filter((_, k) => columns[k]);
  const calibrate = (scored: Scored): Float64Array[] => {
    const out = scored.scores.map((scores, k) => {
      const f = columns[k];
      // Multiclass rows are renormalised below, in a copy.
      return f ? scores.map(f) : scored.task === "multiclass" ? scores.slice() : scores;
    });
    if (scored.task === "multiclass") {
      for (let i = 0; i < scored.n; i++) {
        let sum = 0;
        for (const column of out) sum += column[i];
        for (const column of out) column[i] = sum === 0 ? 1 / out.length : column[i] / sum;
      }
    }
    return out;
  };
  return { calibrate, calibratedClasses };
}
