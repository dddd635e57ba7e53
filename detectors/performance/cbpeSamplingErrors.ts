/**
 * CBPE's sampling error for every result key, fitted on the labelled reference as NannyML 0.13's
 * metrics do in `_fit` (N:performance_estimation/confidence_based/metrics.py): binary metrics from
 * the positive class; multiclass ones from each class against the rest (scikit-learn's
 * LabelBinarizer), combined by `_standard_deviation_of_variances`; the confusion-matrix counts and
 * accuracy from the share of rows in the cell or correct. The formulas are in samplingError.ts.
 */

import type { Scored } from "./cbpeInputs.ts";
import {
  accuracySamplingError,
  binarySamplingError,
  classComponents,
  countSamplingError,
  multiclassSamplingError,
  rocAucComponent,
  type SamplingError,
} from "./samplingError.ts";

const RATIO_METRICS = ["precision", "recall", "specificity", "f1"] as const;
/** NannyML's multiclass ROC AUC sampling error is 1.2 times the combined one (sampling_error/multiclass_classification.py). */
const MULTICLASS_AUC_FACTOR = 1.2;

/** Sampling errors of every result key, from a fully labelled reference. */
export function cbpeSamplingErrors(ref: Scored): Record<string, SamplingError> {
  const n = ref.n;
  let correct = 0;
  for (let i = 0; i < n; i++) if (ref.target[i] === ref.predicted[i]) correct++;
  const cells = ref.classes.map(() => new Array<number>(ref.classes.length).fill(0));
  for (let i = 0; i < n; i++) cells[ref.target[i]][ref.predicted[i]]++;
  const out: Record<string, SamplingError> = { accuracy: accuracySamplingError(correct, n) };
  const oneVsRest = (k: number) => ({
    target: Uint8Array.from(ref.target, (t) => (t === k ? 1 : 0)),
    predicted: Uint8Array.from(ref.predicted, (p) => (p === k ? 1 : 0)),
  });

  if (ref.task === "binary") {
    const split = oneVsRest(1);
    const components = classComponents(split, "std");
    for (const metric of RATIO_METRICS) out[metric] = binarySamplingError(components[metric]);
    out.roc_auc = binarySamplingError(rocAucComponent(split.target, ref.scores[0], "std"));
    out.true_positive = countSamplingError(cells[1][1], n);
    out.false_positive = countSamplingError(cells[0][1], n);
    out.false_negative = countSamplingError(cells[1][0], n);
    out.true_negative = countSamplingError(cells[0][0], n);
    return out;
  }
  const splits = ref.classes.map((_, k) => oneVsRest(k));
  const components = splits.map((split) => classComponents(split, "var"));
  for (const metric of RATIO_METRICS) out[metric] = multiclassSamplingError(components.map((c) => c[metric]));
  out.roc_auc = multiclassSamplingError(
    splits.map((split, k) => rocAucComponent(split.target, ref.scores[k], "var")),
    MULTICLASS_AUC_FACTOR,
  );
  ref.classes.forEach((t, i) =>
    ref.classes.forEach((p, j) => {
      out[`true_${t}_pred_${p}`] = countSamplingError(cells[i][j], n);
    }),
  );
  return out;
}
