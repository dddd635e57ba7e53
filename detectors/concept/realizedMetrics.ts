/**
 * The realized metrics the per-chunk test compares with the reference, computed from per-row data
 * with a weight per row, so a bootstrap resample is a vector of multiplicities rather than a copied
 * sample: ROC AUC over rows sorted once by score costs O(n) per resample instead of a sort. The
 * definitions are scikit-learn's (classificationMetrics, regressionMetrics); a proportion metric is
 * the share of hits among the rows it counts (accuracy: all; precision: predicted positive; recall:
 * actually positive; specificity: actually negative).
 */

import { keyOf, type Label } from "../metrics/confusion.ts";

/** Tested with the two-proportion z-test. */
export type ProportionMetric = "accuracy" | "precision" | "recall" | "specificity";
/** Tested with a bootstrap interval. */
export type BootstrapMetric = "f1" | "roc_auc" | "mae" | "mse" | "rmse";
export type RealizedMetric = ProportionMetric | BootstrapMetric;

export const PROPORTION_METRICS: readonly ProportionMetric[] = ["accuracy", "precision", "recall", "specificity"];
export const BOOTSTRAP_METRICS: readonly BootstrapMetric[] = ["f1", "roc_auc", "mae", "mse", "rmse"];

/** One sample's rows as a metric reads them. */
export interface LabelledRows {
  predictions: ArrayLike<unknown>;
  labels: ArrayLike<unknown>;
  scores: ArrayLike<unknown> | null;
  /** Indices of the rows taken (labelled ones). */
  rows: readonly number[];
}

/** A metric over a fixed set of rows; `weights[k]` is row k's multiplicity (all 1 when absent). */
export interface WeightedMetric {
  n: number;
  value(weights?: Float64Array): number;
}

/** The 0/1 hits of a proportion metric over the rows it counts (e.g. correct predictions). */
export function proportionHits(
  metric: ProportionMetric,
  sample: LabelledRows,
  positive: Label,
  what: string,
): number[] {
  const want = keyOf(positive);
  const hits: number[] = [];
  sample.rows.forEach((row) => {
    const p = keyOf(sample.predictions[row]);
    const y = keyOf(sample.labels[row]);
    if (p === undefined || y === undefined) throw new Error(`${what}: row ${row} has no usable prediction or label`);
    const counted =
      metric === "accuracy" || (metric === "precision" ? p === want : metric === "recall" ? y === want : y !== want);
    if (counted) hits.push(p === y ? 1 : 0);
  });
  return hits;
}

/** A bootstrap metric over a sample's rows. */
export function weightedMetric(
  metric: BootstrapMetric,
  sample: LabelledRows,
  positive: Label,
  what: string,
): WeightedMetric {
  switch (metric) {
    case "mae":
    case "mse":
    case "rmse":
      return meanOf(errorsOf(sample, metric === "mae" ? 1 : 2, what), metric === "rmse");
    case "f1":
      return f1Of(sample, positive, what);
    case "roc_auc":
      return rocAucOf(sample, positive, what);
    default: {
      const unknown: never = metric;
      throw new Error(`${what}: unknown metric ${String(unknown)}`);
    }
  }
}

function errorsOf(sample: LabelledRows, power: 1 | 2, what: string): Float64Array {
  return Float64Array.from(sample.rows, (row) => {
    const p = sample.predictions[row];
    const y = sample.labels[row];
    if (typeof p !== "number" || typeof y !== "number" || !Number.isFinite(p - y))
      throw new Error(`${what}: row ${row} needs numeric prediction and label, got ${String(p)} and ${String(y)}`);
    return Math.abs(p - y) ** power;
  });
}

function meanOf(values: Float64Array, root: boolean): WeightedMetric {
  return {
    n: values.length,
    value(weights) {
      let sum = 0;
      let total = 0;
      for (let k = 0; k < values.length; k++) {
        const w = weights ? weights[k] : 1;
        sum += w * values[k];
        total += w;
      }
      return root ? Math.sqrt(sum / total) : sum / total;
    },
  };
}

/** F1 of the positive label: 2tp/(2tp + fp + fn), 0 when undefined (scikit-learn's zero_division). */
function f1Of(sample: LabelledRows, positive: Label, what: string): WeightedMetric {
  const want = keyOf(positive);
  // 0: true positive, 1: false positive, 2: false negative, 3: true negative.
  const kinds = Uint8Array.from(sample.rows, (row) => {
    const p = keyOf(sample.predictions[row]);
    const y = keyOf(sample.labels[row]);
    if (p === undefined || y === undefined) throw new Error(`${what}: row ${row} has no usable prediction or label`);
    return p === want ? (y === want ? 0 : 1) : y === want ? 2 : 3;
  });
  return {
    n: kinds.length,
    value(weights) {
      const counts = [0, 0, 0, 0];
      for (let k = 0; k < kinds.length; k++) counts[kinds[k]] += weights ? weights[k] : 1;
      const denominator = 2 * counts[0] + counts[1] + counts[2];
      return denominator === 0 ? 0 : (2 * counts[0]) / denominator;
    },
  };
}

/**
 * ROC AUC: the chance a positive row outscores a negative one, ties counting ½ (scikit-learn's
 * trapezoidal area), over rows sorted once by score; NaN when a class is absent.
 */
function rocAucOf(sample: LabelledRows, positive: Label, what: string): WeightedMetric {
  const { scores } = sample;
  if (scores === null) throw new Error(`${what}: roc_auc needs a "score" column`);
  const want = keyOf(positive);
  const order = [...sample.rows].sort((a, b) => Number(scores[a]) - Number(scores[b]));
  const sorted = Float64Array.from(order, (row) => {
    const s = scores[row];
    if (typeof s !== "number" || !Number.isFinite(s)) throw new Error(`${what}: row ${row} has score ${String(s)}`);
    return s;
  });
  const isPositive = Uint8Array.from(order, (row) => (keyOf(sample.labels[row]) === want ? 1 : 0));
  // Each weight belongs to the sorted position, so map the caller's row order onto it.
  const position = new Map(sample.rows.map((row, k) => [row, k]));
  const from = Int32Array.from(order, (row) => position.get(row) as number);
  return {
    n: order.length,
    value(weights) {
      let negativesBelow = 0;
      let pairs = 0;
      let positives = 0;
      for (let start = 0; start < sorted.length;) {
        let end = start;
        let tiedPositives = 0;
        let tiedNegatives = 0;
        while (end < sorted.length && sorted[end] === sorted[start]) {
          const w = weights ? weights[from[end]] : 1;
          if (isPositive[end]) tiedPositives += w;
          else tiedNegatives += w;
          end++;
        }
        pairs += tiedPositives * (negativesBelow + tiedNegatives / 2);
        negativesBelow += tiedNegatives;
        positives += tiedPositives;
        start = end;
      }
      return positives === 0 || negativesBelow === 0 ? NaN : pairs / (positives * negativesBelow);
    },
  };
}
