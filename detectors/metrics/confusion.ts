/**
 * Classification metrics from a confusion matrix, with scikit-learn 1.7's definitions
 * (sklearn/metrics/_classification.py): what classificationMetrics computes once the rows are
 * counted, whether it counted raw labels or read a label profile's confusion counts.
 */

import { mean } from "simple-statistics";
import type { Approximation } from "../types.ts";

/** A class label: scikit-learn accepts strings or numbers (booleans count as 0 and 1). */
export type Label = string | number | boolean;

/** Counts of (true label, predicted label) pairs: `matrix[i][j]` rows with true `labels[i]` predicted `labels[j]`. */
export interface ConfusionMatrix {
  /** The labels present in yTrue or yPred, sorted (numbers ascending, strings by code unit). */
  labels: Label[];
  matrix: number[][];
}

export interface ClassificationMetrics {
  /** Rows used. */
  n: number;
  /** Rows dropped: a missing label (null, undefined, NaN) or, with `scores`, a non-finite score. */
  dropped: number;
  /** "binary" with at most two labels, else "macro" (precision, recall and f1 averaged over labels). */
  average: "binary" | "macro";
  /** The positive label of a binary task; null for "macro". */
  positive: Label | null;
  accuracy: number;
  precision: number;
  recall: number;
  f1: number;
  /** ROC AUC of `scores`; NaN when yTrue holds a single class (scikit-learn warns and returns nan); null without scores. */
  rocAuc: number | null;
  /** Log loss of `scores` as probabilities; null without scores or when a score lies outside [0, 1] (scikit-learn raises). */
  logLoss: number | null;
  confusion: ConfusionMatrix;
  /** From a label profile: the bound on rocAuc set by its score bins (absent from raw labels). */
  approximate?: Approximation;
  /** From a label profile: the metrics it cannot give (null or NaN in the result). */
  unavailable?: string[];
}

/** The score metrics of a binary task, given the positive label's position in the sorted labels (−1 when absent). */
export type ScoreMetrics = (at: number) => Pick<ClassificationMetrics, "rocAuc" | "logLoss" | "approximate">;

/**
 * Accuracy, precision, recall and f1 (binary for `positive` with at most two labels, else macro
 * averages), and the score metrics `scores` gives for a binary task.
 * @param sorted the labels in scikit-learn's order
 * @param matrix counts, `matrix[true][predicted]`, over `sorted`
 * @throws when two labels are present and neither is `positive`
 */
export function metricsOfConfusion(
  fn: string,
  sorted: Label[],
  matrix: number[][],
  dropped: number,
  positive: Label,
  scores: ScoreMetrics | undefined,
): ClassificationMetrics {
  const k = sorted.length;
  let n = 0;
  let correct = 0;
  for (let i = 0; i < k; i++) {
    correct += matrix[i][i];
    for (let j = 0; j < k; j++) n += matrix[i][j];
  }
  const base = { n, dropped, accuracy: correct / n, confusion: { labels: sorted, matrix } };
  if (k > 2) {
    const perLabel = sorted.map((_, j) => counts(matrix, j));
    return {
      ...base,
      average: "macro",
      positive: null,
      precision: mean(perLabel.map((c) => ratio(c.tp, c.tp + c.fp))),
      recall: mean(perLabel.map((c) => ratio(c.tp, c.tp + c.fn))),
      f1: mean(perLabel.map((c) => ratio(2 * c.tp, 2 * c.tp + c.fp + c.fn))),
      rocAuc: null,
      logLoss: null,
    };
  }
  const at = sorted.findIndex((label) => keyOf(label) === keyOf(positive));
  if (at < 0 && k === 2)
    throw new Error(`${fn}: positive label ${String(positive)} is not one of ${sorted.join(", ")}; pass {positive}`);
  const c = at < 0 ? { tp: 0, fp: 0, fn: 0 } : counts(matrix, at);
  return {
    ...base,
    average: "binary",
    positive: at < 0 ? positive : sorted[at],
    precision: ratio(c.tp, c.tp + c.fp),
    recall: ratio(c.tp, c.tp + c.fn),
    f1: ratio(2 * c.tp, 2 * c.tp + c.fp + c.fn),
    rocAuc: null,
    logLoss: null,
    ...(scores ? scores(at) : {}),
  };
}

/** A label's identity: numbers and booleans as numbers (true is 1), strings apart. */
export function keyOf(value: unknown): string | undefined {
  if (typeof value === "number") return `n${value === 0 ? 0 : value}`;
  if (typeof value === "boolean") return `n${value ? 1 : 0}`;
  if (typeof value === "string") return `s${value}`;
  return undefined;
}

/** Orders labels as scikit-learn does: numbers (booleans as 0 and 1) ascending, strings by code unit. */
export function compareLabels(x: Label, y: Label): number {
  if (typeof x !== "string" && typeof y !== "string") return Number(x) - Number(y);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** True positives, false positives and false negatives of label `j`. */
function counts(matrix: number[][], j: number): { tp: number; fp: number; fn: number } {
  let predicted = 0;
  let actual = 0;
  for (let i = 0; i < matrix.length; i++) {
    predicted += matrix[i][j];
    actual += matrix[j][i];
  }
  const tp = matrix[j][j];
  return { tp, fp: predicted - tp, fn: actual - tp };
}

/** a / b, or 0 when b is 0 (scikit-learn's zero_division="warn"). */
function ratio(a: number, b: number): number {
  return b === 0 ? 0 : a / b;
}
