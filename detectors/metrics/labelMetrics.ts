/**
 * Classification and regression metrics from a window's LabelProfile (detectors/profiles/labels.ts)
 * instead of raw label arrays: the confusion counts give every count-based metric exactly and the
 * per-class score histograms give ROC AUC within their bin resolution (regression.ts reads the
 * regression sums). What a profile cannot give is listed in `unavailable`.
 */

import type { LabelProfile } from "../profiles/labels.ts";
import {
  compareLabels,
  keyOf,
  metricsOfConfusion,
  type ClassificationMetrics,
  type Label,
  type ScoreMetrics,
} from "./confusion.ts";

/** Whether an argument is a label profile rather than an array of labels. */
export function isLabelProfile(value: unknown): value is LabelProfile {
  return (
    value !== null &&
    typeof value === "object" &&
    !Array.isArray(value) &&
    (value as Partial<LabelProfile>).confusion instanceof Map
  );
}

/**
 * classificationMetrics from a classification LabelProfile. Its class keys are text; they read back
 * as numbers when every key is a number or "true"/"false" (booleans being 0 and 1 as in
 * scikit-learn), else as strings. Confusion counts give n, accuracy, precision, recall, f1 and the
 * matrix exactly. Binary tasks with scores logged: ROC AUC from the score histograms of the positive
 * class and of the others — pairs in different bins are ordered, pairs in one bin count ½, so the
 * exact AUC is within `approximate.bound` = Σ_bins pos_i·neg_i / (2·P·N). Log loss needs each
 * row's score, so it is null and listed in `unavailable`.
 * @throws when the profile is of a regression task, has no labelled row, or two labels are present and neither is `positive`
 */
export function profileClassificationMetrics(labels: LabelProfile, positive: Label = 1): ClassificationMetrics {
  const fn = "classificationMetrics";
  if (labels.task !== "classification") throw new Error(`${fn}: the label profile is of a ${labels.task} task`);
  const keys = new Set<string>([...labels.scoreHistograms.keys()]);
  for (const [predicted, row] of labels.confusion) {
    keys.add(predicted);
    for (const actual of row.keys()) keys.add(actual);
  }
  const numeric = [...keys].every((key) => key === "true" || key === "false" || isNumberText(key));
  const read = (key: string): Label => (!numeric ? key : key === "true" ? true : key === "false" ? false : Number(key));
  // One position per label identity: "1" and "true" are one label, as 1 and true are.
  const positions = new Map<string, number>();
  const sorted: Label[] = [];
  for (const label of [...keys].map(read).sort(compareLabels)) {
    const id = keyOf(label) as string;
    if (positions.has(id)) continue;
    positions.set(id, sorted.length);
    sorted.push(label);
  }
  const at = (key: string) => positions.get(keyOf(read(key)) as string) as number;
  const matrix = sorted.map(() => new Array<number>(sorted.length).fill(0));
  for (const [predicted, row] of labels.confusion)
    for (const [actual, count] of row) matrix[at(actual)][at(predicted)] += count;
  if (labels.count === 0 || matrix.every((row) => row.every((count) => count === 0)))
    throw new Error(`${fn}: the label profile has no labelled row`);
  const scored = labels.scoreHistograms.size > 0 && sorted.length <= 2;
  const result = metricsOfConfusion(fn, sorted, matrix, 0, positive, scored ? histogramAuc(labels, at) : undefined);
  return { ...result, unavailable: ["logLoss"] };
}

/** ROC AUC from the score histograms: positive class against the rest, with its bin-resolution bound. */
function histogramAuc(labels: LabelProfile, at: (key: string) => number): ScoreMetrics {
  return (positive) => {
    let pos: Float64Array | undefined;
    let neg: Float64Array | undefined;
    for (const [actual, bins] of labels.scoreHistograms) {
      if (at(actual) === positive) pos = add(pos, bins);
      else neg = add(neg, bins);
    }
    const p = pos?.reduce((a, b) => a + b, 0) ?? 0;
    const n = neg?.reduce((a, b) => a + b, 0) ?? 0;
    if (!pos || !neg || p === 0 || n === 0) return { rocAuc: NaN, logLoss: null };
    let below = 0;
    let wins = 0;
    let ties = 0;
    for (let i = 0; i < pos.length; i++) {
      wins += pos[i] * (below + neg[i] / 2);
      ties += pos[i] * neg[i];
      below += neg[i];
    }
    const bound = ties / (2 * p * n);
    return { rocAuc: wins / (p * n), logLoss: null, ...(bound > 0 ? { approximate: { bound, on: "rocAuc" } } : {}) };
  };
}

function add(sum: Float64Array | undefined, bins: Float64Array): Float64Array {
  const out = sum ?? new Float64Array(bins.length);
  for (let i = 0; i < bins.length; i++) out[i] += bins[i];
  return out;
}

function isNumberText(key: string): boolean {
  return key !== "" && String(Number(key)) === key;
}
