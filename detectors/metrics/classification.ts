/**
 * Classification quality metrics (accuracy, confusion matrix, precision, recall, f1, ROC AUC,
 * log loss) with scikit-learn 1.7's definitions (sklearn/metrics/_classification.py, _ranking.py).
 */

import { mean } from "simple-statistics";
import { sortNumbers } from "../samples/radixSort.ts";
import type { LabelProfile } from "../profiles/labels.ts";
import { compareLabels, keyOf, metricsOfConfusion, type ClassificationMetrics, type Label } from "./confusion.ts";
import { isLabelProfile, profileClassificationMetrics } from "./labelMetrics.ts";

export type { ClassificationMetrics, ConfusionMatrix, Label } from "./confusion.ts";

export interface ClassificationOptions {
  /**
   * Per row, the score or probability of the positive class (binary tasks only). Gives `rocAuc`,
   * and `logLoss` when every score is a probability in [0, 1].
   */
  scores?: ArrayLike<unknown>;
  /** The positive label of a binary task. Default 1 (`true` counts as 1), scikit-learn's `pos_label`. */
  positive?: Label;
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
 * A window's label profile instead of arrays (`profile.labels`, a classification LabelProfile, with
 * `{positive}` as the second argument): the same metrics from its confusion counts, exactly, and
 * rocAuc from its score histograms within `approximate.bound` (labelMetrics.ts); logLoss is null,
 * listed in `unavailable`.
 *
 * @param yTrue true labels, or a label profile
 * @param yPred predicted labels, row by row with yTrue
 * @param options `scores` (positive-class scores, binary only), `positive` (default 1)
 * @returns see {@link ClassificationMetrics}
 * @throws when lengths differ, no row is complete, a label is not a string/number/boolean, strings
 * and numbers mix, two labels are present and neither is `positive`, or scores come with more than
 * two labels
 */
export function classificationMetrics(
  labels: LabelProfile,
  options?: Pick<ClassificationOptions, "positive">,
): ClassificationMetrics;
export function classificationMetrics(
  yTrue: ArrayLike<unknown>,
  yPred: ArrayLike<unknown>,
  options?: ClassificationOptions,
): ClassificationMetrics;
export function classificationMetrics(
  yTrue: ArrayLike<unknown> | LabelProfile,
  second?: ArrayLike<unknown> | ClassificationOptions,
  third: ClassificationOptions = {},
): ClassificationMetrics {
  if (isLabelProfile(yTrue))
    return profileClassificationMetrics(yTrue, (second as ClassificationOptions | undefined)?.positive);
  const yPred = second as ArrayLike<unknown>;
  const options = third;
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
  for (let i = 0; i < n; i++) matrix[rank[trueCodes[i]]][rank[predCodes[i]]]++;
  const positiveOf = (at: number) => trueCodes.map((code) => at >= 0 && rank[code] === at);
  const scored = scores
    ? (at: number) => ({ rocAuc: rocAuc(positiveOf(at), kept), logLoss: logLoss(positiveOf(at), kept) })
    : undefined;
  if (scored && k > 2)
    throw new Error(`${fn}: scores are positive-class scores of a binary task, but ${k} labels are present`);
  return metricsOfConfusion(fn, sorted, matrix, yTrue.length - n, options.positive ?? 1, scored);
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

  /** The labels in scikit-learn's order, and each code's position in it. */
  sorted(): { sorted: Label[]; rank: Int32Array } {
    const order = this.values.map((_, i) => i);
    order.sort((a, b) => compareLabels(this.values[a], this.values[b]));
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

function isMissing(value: unknown): boolean {
  return value === null || value === undefined || (typeof value === "number" && Number.isNaN(value));
}

/** P(score of a positive > score of a negative) + ½ P(tie), from the two sorted score lists. */
export function rocAuc(isPositive: boolean[], scores: number[]): number {
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
