/**
 * The samples the per-chunk realized test compares — the reference and each chunk — read either
 * from rows or from a stored label profile (profiles/labels.ts), so that the chunks of
 * `concept.realizedPerformance` can be the day profiles a cell reads with `profiles(model, {every})`
 * instead of the rows themselves. What a label profile keeps decides what it can answer:
 * - accuracy, precision, recall, specificity: exact, from the confusion counts;
 * - F1: exact, from the confusion counts (its bootstrap resamples the counts' cells);
 * - ROC AUC: from the per-class score histograms of SCORE_BINS bins, scores in one bin counted as
 *   tied, which is off the AUC of the raw scores by at most ½·Σ_b P_b·N_b / (P·N) (positives and
 *   negatives in bin b; only pairs within one bin can be ordered wrongly, and each counts ½ where
 *   it should count 0 or 1) — given per chunk as `approximation`;
 * - MAE, MSE, RMSE: refused — the profile keeps Σ|e| and Σe², but their bootstrap needs each row's error.
 */

import type { Proportion } from "../categorical/zTest.ts";
import type { Label } from "../metrics/confusion.ts";
import type { LabelProfile } from "../profiles/labels.ts";
import {
  proportionHits,
  weightedMetric,
  type BootstrapMetric,
  type LabelledRows,
  type ProportionMetric,
  type WeightedMetric,
} from "./realizedMetrics.ts";

/** One sample (the reference, or one chunk) as the test reads it. */
export interface RealizedSample {
  /** Rows with a label and a prediction. */
  labelled: number;
  /** The hits (`ones`) among the rows the metric counts (`n`). */
  proportion(metric: ProportionMetric): Proportion;
  weighted(metric: BootstrapMetric): WeightedMetric;
  /** The largest possible difference of the metric from its value on the raw data; undefined when exact. */
  approximation(metric: BootstrapMetric): number | undefined;
}

/** A sample of labelled rows. */
export function rowSample(sample: LabelledRows, positive: Label, what: string): RealizedSample {
  return {
    labelled: sample.rows.length,
    proportion(metric) {
      const hits = proportionHits(metric, sample, positive, what);
      return { ones: hits.reduce((sum, hit) => sum + hit, 0), n: hits.length };
    },
    weighted: (metric) => weightedMetric(metric, sample, positive, what),
    approximation: () => undefined,
  };
}

/** A sample held by a label profile (null: no labels yet). */
export function profileSample(labels: LabelProfile | null, positive: Label, what: string): RealizedSample {
  const isPositive = positiveKeys(positive);
  const classification = (metric: string) => {
    if (labels !== null && labels.task !== "classification")
      throw new Error(`${what}: ${metric} needs classification labels; this profile's labels are regression`);
    return labels;
  };
  return {
    labelled: labels?.count ?? 0,
    proportion(metric) {
      const cells = confusionCells(classification(metric), isPositive);
      let ones = 0;
      let n = 0;
      for (const { predicted, actual, hit, count } of cells) {
        const counted =
          metric === "accuracy" || (metric === "precision" ? predicted : metric === "recall" ? actual : !actual);
        if (!counted) continue;
        n += count;
        if (hit) ones += count;
      }
      return { ones, n };
    },
    weighted(metric) {
      switch (metric) {
        case "f1": {
          const cells = confusionCells(classification(metric), isPositive);
          return weightedMetric("f1", expanded(cells.map((c) => [c.predicted, c.actual, 0, c.count])), 1, what);
        }
        case "roc_auc":
          return weightedMetric("roc_auc", expanded(histogramCells(classification(metric), isPositive, what)), 1, what);
        case "mae":
        case "mse":
        case "rmse":
          throw new Error(
            `${what}: ${metric} needs rows: its bootstrap resamples each row's error, and a label profile keeps only the sums Σ|e| and Σe²`,
          );
        default: {
          const unknown: never = metric;
          throw new Error(`${what}: unknown metric ${String(unknown)}`);
        }
      }
    },
    approximation(metric) {
      if (metric !== "roc_auc") return undefined;
      const bins = histogramCells(classification(metric), isPositive, what);
      let positives = 0;
      let negatives = 0;
      const perBin = new Map<number, { positives: number; negatives: number }>();
      for (const [, actual, bin, count] of bins) {
        const cell = perBin.get(bin) ?? { positives: 0, negatives: 0 };
        if (actual) ((cell.positives += count), (positives += count));
        else ((cell.negatives += count), (negatives += count));
        perBin.set(bin, cell);
      }
      let tiedPairs = 0;
      for (const cell of perBin.values()) tiedPairs += cell.positives * cell.negatives;
      return positives === 0 || negatives === 0 ? NaN : tiedPairs / (2 * positives * negatives);
    },
  };
}

interface ConfusionCell {
  predicted: boolean;
  actual: boolean;
  hit: boolean;
  count: number;
}

/** The confusion counts, each class as positive or not; `hit` is prediction equal to label (any class). */
function confusionCells(labels: LabelProfile | null, isPositive: (key: string) => boolean): ConfusionCell[] {
  if (labels === null) return [];
  return [...labels.confusion].flatMap(([predicted, row]) =>
    [...row].map(([actual, count]) => ({
      predicted: isPositive(predicted),
      actual: isPositive(actual),
      hit: canonical(predicted) === canonical(actual),
      count,
    })),
  );
}

/** (prediction, actual, score, count) cells. */
type Cell = [predicted: boolean, actual: boolean, score: number, count: number];

/** The score histograms as cells, the bin standing for the score; refused when some labelled rows have no score. */
function histogramCells(labels: LabelProfile | null, isPositive: (key: string) => boolean, what: string): Cell[] {
  if (labels === null) return [];
  const cells: Cell[] = [];
  let scored = 0;
  for (const [actual, bins] of labels.scoreHistograms)
    bins.forEach((count, bin) => {
      if (count === 0) return;
      cells.push([false, isPositive(actual), bin, count]);
      scored += count;
    });
  if (scored !== labels.count)
    throw new Error(
      `${what}: roc_auc needs a score for every labelled row; ${labels.count - scored} of ${labels.count} have none`,
    );
  return cells;
}

/** Cells as rows (positive = 1), so the row metrics and their bootstrap run on them unchanged. */
function expanded(cells: Cell[]): LabelledRows {
  const n = cells.reduce((sum, cell) => sum + cell[3], 0);
  const predictions = new Uint8Array(n);
  const labels = new Uint8Array(n);
  const scores = new Float64Array(n);
  let row = 0;
  for (const [predicted, actual, score, count] of cells)
    for (let k = 0; k < count; k++, row++) {
      predictions[row] = predicted ? 1 : 0;
      labels[row] = actual ? 1 : 0;
      scores[row] = score;
    }
  return { predictions, labels, scores, rows: Array.from({ length: n }, (_, i) => i) };
}

/** A profile's class key (the text of the logged value) as rows compare labels (keyOf: true is 1, false 0). */
function canonical(key: string): string {
  return key === "true" ? "1" : key === "false" ? "0" : key;
}

/** Whether a profile's class key is the positive label. */
function positiveKeys(positive: Label): (key: string) => boolean {
  const want = canonical(String(positive));
  return (key) => canonical(key) === want;
}
