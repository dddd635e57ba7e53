/**
 * Classification quality metrics (accuracy, confusion matrix, precision, recall, f1, ROC AUC,
 * log loss) with scikit-learn 1.7's definitions (sklearn/metrics/_classification.py, _ranking.py).
 */

import { mean } from "simple-statistics";
import { sortNumbers } from "../samples/radixSort.ts";

/** A class label: scikit-learn accepts strings or numbers (booleans count as 0 and 1). */
export type Label = string | number | boolean;

export interface ClassificationOptions {
  /**
   * Per row, the score or probability of the positive class (binary tasks only). Gives `rocAuc`,
   * and `logLoss` when every score is a probability in [0, 1].
   */
  scores?: ArrayLike<unknown>;
  /** The positive label of a binary task. Default 1 (`true` counts as 1), scikit-learn's `pos_label`. */
  positive?: Label;
}

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
}

/**
 * Classification metrics with scikit-learn 1.7's definitions (sklearn/metrics/_classification.py,
 * _ranking.py):
 * - accuracy_score; confusion_matrix over the sorted labels present in yTrue or yPred;
 * - precision, recall, f1 with average="binary" for `positive` (tp/(tp+fp), tp/(tp+fn),
 *   2tp/(2tp+fp+fn)), 0 when undefined (zero_division="warn"); with more than two labels,
 *   average="macro": the unweighted mean of each label's value;
 * - rocAuc = roc_auc_score(yTrue == positive, scores): the probability that a positive row outscores
 *   a negative one, ties counting ½ (the trapezoidal ROC area scikit-learn computes), from exact counts;
 * - logLoss = log_loss with scores as P(positive): −mean(ln p) of each row's probability of its true
 *   class, p clipped to [ε, 1 − ε] with ε = 2.220446049250313e-16, float64's machine epsilon (the
 *   default since scikit-learn 1.2, the only rule since 1.5 removed `eps`). Unlike scikit-learn it is
 *   defined when yTrue holds one class (as log_loss with labels = [negative, positive]).
 * Labels are strings, numbers or booleans, not mixed (as scikit-learn refuses strings mixed with
 * numbers); booleans equal 0 and 1.
 *
 * @param yTrue true labels
 * @param yPred predicted labels, row by row with yTrue
 * @param options `scores` (positive-class scores, binary only), `positive` (default 1)
 * @returns see {@link ClassificationMetrics}
 * @throws when lengths differ, no row is complete, a label is not a string/number/boolean, strings
 * and numbers mix, two labels are present and neither is `positive`, or scores come with more than
 * two labels
 */
export function classificationMetrics(
  yTrue: ArrayLike<unknown>,
  yPred: ArrayLike<unknown>,
  options: ClassificationOptions = {},
): ClassificationMetrics {
  const { scores } = options;
  const fn = "classificationMetrics";
  if (yPred.length !== yTrue.length || (scores && scores.length !== yTrue.length)) {
    throw new Error(
      `${fn}: yTrue, yPred${scores ? " and scores" : ""} must have one value per row (${yTrue.length}, ${yPred.length}${scores ? `, ${scores.length}` : ""})`,
    );
  }
  const labels = new Labels(fn);
  const trueCodes: number[] = [];
  const predCodes: number[] = [];
  const kept: number[] = [];
  for (let i = 0; i < yTrue.length; i++) {
    if (isMissing(yTrue[i]) || isMissing(yPred[i])) continue;
    if (scores && !(typeof scores[i] === "number" && Number.isFinite(scores[i]))) continue;
    trueCodes.push(labels.code(yTrue[i], `yTrue[${i}]`));
    predCodes.push(labels.code(yPred[i], `yPred[${i}]`));
    if (scores) kept.push(scores[i] as number);
  }
  const n = trueCodes.length;
  if (n === 0)
    throw new Error(
      `${fn}: no complete row (${yTrue.length} rows, all with a missing label${scores ? " or score" : ""})`,
    );

  const { sorted, rank } = labels.sorted();
  const k = sorted.length;
  const matrix = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  let correct = 0;
  for (let i = 0; i < n; i++) {
    matrix[rank[trueCodes[i]]][rank[predCodes[i]]]++;
    if (trueCodes[i] === predCodes[i]) correct++;
  }
  const base = { n, dropped: yTrue.length - n, accuracy: correct / n, confusion: { labels: sorted, matrix } };

  if (k > 2) {
    if (scores)
      throw new Error(`${fn}: scores are positive-class scores of a binary task, but ${k} labels are present`);
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

  const wanted = options.positive ?? 1;
  const at = sorted.findIndex((label) => labels.same(label, wanted));
  if (at < 0 && k === 2)
    throw new Error(`${fn}: positive label ${String(wanted)} is not one of ${sorted.join(", ")}; pass {positive}`);
  const c = at < 0 ? { tp: 0, fp: 0, fn: 0 } : counts(matrix, at);
  const isPositive = trueCodes.map((code) => at >= 0 && rank[code] === at);
  return {
    ...base,
    average: "binary",
    positive: at < 0 ? wanted : sorted[at],
    precision: ratio(c.tp, c.tp + c.fp),
    recall: ratio(c.tp, c.tp + c.fn),
    f1: ratio(2 * c.tp, 2 * c.tp + c.fp + c.fn),
    rocAuc: scores ? rocAuc(isPositive, kept) : null,
    logLoss: scores ? logLoss(isPositive, kept) : null,
  };
}

/** Label identity and order: numbers (booleans as 0/1) or strings, never both. */
class Labels {
  private readonly keys = new Map<string, number>();
  private readonly values: Label[] = [];
  private kind: "number" | "string" | undefined;

  constructor(private readonly fn: string) {}

  code(value: unknown, where: string): number {
    const key = this.key(value, where);
    let code = this.keys.get(key);
    if (code === undefined) {
      code = this.values.length;
      this.keys.set(key, code);
      this.values.push(value as Label);
    }
    return code;
  }

  same(label: Label, other: Label): boolean {
    return keyOf(label) === keyOf(other);
  }

  /** The labels in scikit-learn's order, and each code's position in it. */
  sorted(): { sorted: Label[]; rank: Int32Array } {
    const order = this.values.map((_, i) => i);
    const number = (label: Label) => (typeof label === "boolean" ? Number(label) : (label as number));
    order.sort((a, b) => {
      const x = this.values[a];
      const y = this.values[b];
      if (this.kind === "number") return number(x) - number(y);
      return x < y ? -1 : x > y ? 1 : 0;
    });
    const rank = new Int32Array(order.length);
    order.forEach((code, position) => (rank[code] = position));
    return { sorted: order.map((i) => this.values[i]), rank };
  }

  private key(value: unknown, where: string): string {
    const key = keyOf(value);
    if (key === undefined)
      throw new Error(`${this.fn}: ${where} is ${typeof value}; labels are strings, numbers or booleans`);
    const kind = key[0] === "n" ? "number" : "string";
    if (this.kind && this.kind !== kind)
      throw new Error(`${this.fn}: labels mix strings and numbers (${where} is ${String(value)})`);
    this.kind = kind;
    return key;
  }
}

function keyOf(value: unknown): string | undefined {
  if (typeof value === "number") return `n${value === 0 ? 0 : value}`;
  if (typeof value === "boolean") return `n${value ? 1 : 0}`;
  if (typeof value === "string") return `s${value}`;
  return undefined;
}

function isMissing(value: unknown): boolean {
  return value === null || value === undefined || (typeof value === "number" && Number.isNaN(value));
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

/** P(score of a positive > score of a negative) + ½ P(tie), from the two sorted score lists. */
function rocAuc(isPositive: boolean[], scores: number[]): number {
  const positives = sortNumbers(new Float64Array(scores.filter((_, i) => isPositive[i])));
  const negatives = sortNumbers(new Float64Array(scores.filter((_, i) => !isPositive[i])));
  if (positives.length === 0 || negatives.length === 0) return NaN;
  let below = 0;
  let upTo = 0;
  let wins = 0;
  for (const s of positives) {
    while (below < negatives.length && negatives[below] < s) below++;
    if (upTo < below) upTo = below;
    while (upTo < negatives.length && negatives[upTo] === s) upTo++;
    wins += below + (upTo - below) / 2;
  }
  return wins / (positives.length * negatives.length);
}

/** scikit-learn's log_loss for P(positive) scores, or null when a score is not a probability. */
function logLoss(isPositive: boolean[], scores: number[]): number | null {
  if (scores.some((s) => s < 0 || s > 1)) return null;
  const clip = (p: number) => Math.min(Math.max(p, Number.EPSILON), 1 - Number.EPSILON);
  return mean(scores.map((s, i) => -Math.log(clip(isPositive[i] ? s : 1 - s))));
}
