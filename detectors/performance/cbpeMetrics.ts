/**
 * CBPE's per-chunk numbers (NannyML 0.13, N:performance_estimation/confidence_based/metrics.py):
 * the expected confusion matrix from calibrated probabilities p̂ — TP = Σ_{ŷ=1} p̂, FP = Σ_{ŷ=1} 1 − p̂,
 * FN = Σ_{ŷ=0} p̂, TN = Σ_{ŷ=0} 1 − p̂ — and the metrics it implies (a ratio with a zero denominator
 * is 0), the estimated ROC AUC from the calibrated probabilities ranked by the uncalibrated score,
 * and beside them the realized metrics on the labels with NannyML's NaN rules (scikit-learn's
 * definitions). Multiclass is one-vs-rest with macro averaging; accuracy is the mean probability of
 * the predicted class; the confusion matrix cell (i, j) is Σ_{ŷ=j} p̂_i.
 */

import { rocAuc } from "../metrics/classification.ts";
import type { Scored } from "./cbpeInputs.ts";

/** The metrics CBPE estimates, as NannyML names them. */
export const CBPE_METRICS = [
  "roc_auc",
  "f1",
  "precision",
  "recall",
  "specificity",
  "accuracy",
  "confusion_matrix",
] as const;
export type CbpeMetric = (typeof CBPE_METRICS)[number];

/** The four binary cells, in NannyML's column names. */
export const BINARY_CELLS = ["true_positive", "false_positive", "false_negative", "true_negative"] as const;

/** The result keys a metric expands to: one, or one per confusion-matrix cell. */
export function outputKeys(metric: CbpeMetric, scored: Scored): string[] {
  if (metric !== "confusion_matrix") return [metric];
  if (scored.task === "binary") return [...BINARY_CELLS];
  return scored.classes.flatMap((t) => scored.classes.map((p) => `true_${t}_pred_${p}`));
}

interface Counts {
  tp: number;
  fp: number;
  fn: number;
  tn: number;
}

const ratio = (a: number, b: number) => (b === 0 ? 0 : a / b);
const mean = (values: number[]) => values.reduce((s, v) => s + v, 0) / values.length;

/** Estimated metrics of one chunk from calibrated probabilities, keyed by output key. */
export function estimateChunk(scored: Scored, calibrated: Float64Array[], rows: number[]): Record<string, number> {
  if (scored.task === "binary") {
    const c = expectedCounts(calibrated[0], scored.predicted, 1, rows);
    return {
      ...fromCounts(c, ratio),
      roc_auc: estimateRocAuc(calibrated[0], scored.scores[0], rows),
      accuracy: (c.tp + c.tn) / rows.length,
      true_positive: c.tp,
      false_positive: c.fp,
      false_negative: c.fn,
      true_negative: c.tn,
    };
  }
  const perClass = scored.classes.map((_, k) =>
    fromCounts(expectedCounts(calibrated[k], scored.predicted, k, rows), ratio),
  );
  let accuracy = 0;
  for (const i of rows) accuracy += calibrated[scored.predicted[i]][i];
  const out: Record<string, number> = {
    ...macro(perClass),
    roc_auc: mean(scored.classes.map((_, k) => estimateRocAuc(calibrated[k], scored.scores[k], rows))),
    accuracy: accuracy / rows.length,
  };
  scored.classes.forEach((t, i) =>
    scored.classes.forEach((p, j) => {
      let cell = 0;
      for (const r of rows) if (scored.predicted[r] === j) cell += calibrated[i][r];
      out[`true_${t}_pred_${p}`] = cell;
    }),
  );
  return out;
}

/** Realized metrics of one chunk over its labelled rows (NaN where NannyML returns NaN), keyed by output key. */
export function realizeChunk(scored: Scored, allRows: number[]): Record<string, number> {
  const rows = allRows.filter((i) => scored.target[i] >= 0);
  const { target, predicted, classes } = scored;
  const distinct = (values: Int32Array) => new Set(rows.map((i) => values[i])).size;
  const degenerate = distinct(target) <= 1 || distinct(predicted) <= 1;
  if (scored.task === "binary") {
    const c = realCounts(target, predicted, 1, rows);
    const ratios = fromCounts(c, ratio);
    return {
      precision: degenerate ? NaN : ratios.precision,
      recall: degenerate ? NaN : ratios.recall,
      f1: degenerate ? NaN : ratios.f1,
      specificity: c.tn + c.fp === 0 ? NaN : ratios.specificity,
      accuracy: rows.length === 0 ? NaN : (c.tp + c.tn) / rows.length,
      roc_auc: distinct(target) <= 1 ? NaN : rocAucOf(scored, 0, 1, rows),
      true_positive: c.tp,
      false_positive: c.fp,
      false_negative: c.fn,
      true_negative: c.tn,
    };
  }
  const perClass = classes.map((_, k) => realCounts(target, predicted, k, rows));
  let correct = 0;
  for (const i of rows) if (target[i] === predicted[i]) correct++;
  const out: Record<string, number> = {
    ...macro(perClass.map((c) => fromCounts(c, ratio))),
    specificity: mean(perClass.map((c) => c.tn / (c.tn + c.fp))),
    accuracy: correct / rows.length,
  };
  if (degenerate) for (const key of Object.keys(out)) out[key] = NaN;
  // ROC AUC needs every class among the labels, and nothing of the predictions.
  out.roc_auc = distinct(target) < classes.length ? NaN : mean(classes.map((_, k) => rocAucOf(scored, k, k, rows)));
  classes.forEach((t, i) =>
    classes.forEach((p, j) => {
      let cell = 0;
      for (const r of rows) if (target[r] === i && predicted[r] === j) cell++;
      out[`true_${t}_pred_${p}`] = degenerate ? NaN : cell;
    }),
  );
  return out;
}

/**
 * NannyML's `estimate_roc_auc`: rows by uncalibrated score descending, expected true positives the
 * running sum of p̂, false positives the rank less that, both rounded to 5 decimals, normalised,
 * and the trapezoid area. Tied scores make one point (as scikit-learn's ROC curve does), so the
 * result does not depend on the order of ties, which numpy's unstable argsort leaves arbitrary.
 */
export function estimateRocAuc(calibrated: Float64Array, score: Float64Array, rows: number[]): number {
  const order = [...rows].sort((a, b) => score[b] - score[a]);
  const tps = [0];
  const fps = [0];
  let sum = 0;
  for (let k = 0; k < order.length; k++) {
    sum += calibrated[order[k]];
    if (k + 1 < order.length && score[order[k + 1]] === score[order[k]]) continue;
    tps.push(round5(sum));
    fps.push(round5(k + 1 - sum));
  }
  const tpTotal = tps[tps.length - 1];
  const fpTotal = fps[fps.length - 1];
  let area = 0;
  for (let k = 1; k < tps.length; k++)
    area += ((fps[k] - fps[k - 1]) / fpTotal) * ((tps[k] + tps[k - 1]) / tpTotal / 2);
  return area;
}

/** numpy's `np.round(x, 5)`: x · 10⁵ rounded half to even, divided back. */
function round5(x: number): number {
  const scaled = x * 1e5;
  let rounded = Math.round(scaled);
  if (Math.abs(scaled % 1) === 0.5 && rounded % 2 !== 0) rounded -= 1;
  return rounded / 1e5;
}

function expectedCounts(p: Float64Array, predicted: Int32Array, positive: number, rows: number[]): Counts {
  const c: Counts = { tp: 0, fp: 0, fn: 0, tn: 0 };
  for (const i of rows) {
    if (predicted[i] === positive) {
      c.tp += p[i];
      c.fp += 1 - p[i];
    } else {
      c.fn += p[i];
      c.tn += 1 - p[i];
    }
  }
  return c;
}

function realCounts(target: Int32Array, predicted: Int32Array, positive: number, rows: number[]): Counts {
  const c: Counts = { tp: 0, fp: 0, fn: 0, tn: 0 };
  for (const i of rows) {
    const isTrue = target[i] === positive;
    if (predicted[i] === positive) isTrue ? c.tp++ : c.fp++;
    else isTrue ? c.fn++ : c.tn++;
  }
  return c;
}

function fromCounts(c: Counts, divide: typeof ratio) {
  return {
    precision: divide(c.tp, c.tp + c.fp),
    recall: divide(c.tp, c.tp + c.fn),
    specificity: divide(c.tn, c.tn + c.fp),
    f1: divide(c.tp, c.tp + 0.5 * (c.fp + c.fn)),
  };
}

function macro(perClass: ReturnType<typeof fromCounts>[]) {
  return {
    precision: mean(perClass.map((m) => m.precision)),
    recall: mean(perClass.map((m) => m.recall)),
    specificity: mean(perClass.map((m) => m.specificity)),
    f1: mean(perClass.map((m) => m.f1)),
  };
}

/** scikit-learn's roc_auc_score of "label is class `positive`" against the uncalibrated score column `column`. */
function rocAucOf(scored: Scored, column: number, positive: number, rows: number[]): number {
  return rocAuc(
    rows.map((i) => scored.target[i] === positive),
    rows.map((i) => scored.scores[column][i]),
  );
}
