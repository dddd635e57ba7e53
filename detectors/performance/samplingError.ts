/**
 * CBPE's sampling errors: how far a metric on a chunk of n rows strays from its expectation by
 * chance alone, from the spread of per-row contributions in the reference, as NannyML 0.13 computes
 * them (N:sampling_error/binary_classification.py, multiclass_classification.py; §5.4). Binary:
 * SE = std / √(n · fraction), the std of the per-row contributions over the rows relevant to the
 * metric and the fraction of rows they are; multiclass: √(Σ_k var_k / (n · fraction_k)) / K over
 * the one-vs-rest classes (×1.2 for ROC AUC, as NannyML has it). Population std and var (ddof 0).
 */

/** A metric's sampling error at a chunk of n rows. */
export type SamplingError = (n: number) => number;

/** Per-class or binary parts: the spread of the relevant rows' contributions and the share of rows they are. */
interface Component {
  spread: number;
  fraction: number;
}

/** Binary 0/1 targets and predictions of the reference, row by row. */
export interface BinaryReference {
  target: Uint8Array;
  predicted: Uint8Array;
}

/** Binary sampling errors: std / √(n · fraction). */
export function binarySamplingError(component: Component): SamplingError {
  return (n) => component.spread / Math.sqrt(n * component.fraction);
}

/** Multiclass sampling errors from one-vs-rest parts holding variances. */
export function multiclassSamplingError(components: Component[], factor = 1): SamplingError {
  return (n) =>
    (Math.sqrt(components.reduce((s, c) => s + c.spread / (n * c.fraction), 0)) / components.length) * factor;
}

/** A count of the confusion matrix (NannyML's default, unnormalised): std of the cell's indicator · √n. */
export function countSamplingError(cellRows: number, rows: number): SamplingError {
  const share = cellRows / rows;
  const std = Math.sqrt(share * (1 - share));
  return (n) => (std / Math.sqrt(n)) * n;
}

/** Accuracy: std of "correct" over all rows / √n. */
export function accuracySamplingError(correct: number, rows: number): SamplingError {
  const share = correct / rows;
  const std = Math.sqrt(share * (1 - share));
  return (n) => std / Math.sqrt(n);
}

/** The parts of precision, recall, specificity and F1 for one binary (or one-vs-rest) split. */
export function classComponents(
  { target, predicted }: BinaryReference,
  spread: "std" | "var",
): Record<"precision" | "recall" | "specificity" | "f1", Component> {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let tn = 0;
  for (let i = 0; i < target.length; i++) {
    if (predicted[i] === 1) target[i] === 1 ? tp++ : fp++;
    else target[i] === 1 ? fn++ : tn++;
  }
  const n = target.length;
  const of = (ones: number, zeros: number, scale = 1) => {
    const m = ones + zeros;
    const variance = m === 0 ? NaN : (ones / m) * (zeros / m) * scale * scale;
    return spread === "std" ? Math.sqrt(variance) : variance;
  };
  // F1's per-row values are scaled so their mean is the F1 (NannyML's correcting factor); its
  // multiclass variant leaves them unscaled.
  const f1Rows = tp + fn + fp;
  const f1Scale = spread === "std" && f1Rows > 0 ? f1Rows / ((fn + fp) * 0.5 + tp) : 1;
  return {
    precision: { spread: of(tp, fp), fraction: (tp + fp) / n },
    recall: { spread: of(tp, fn), fraction: (tp + fn) / n },
    specificity: { spread: of(tn, fp), fraction: (tn + fp) / n },
    f1: { spread: of(tp, fn + fp, f1Scale), fraction: f1Rows / n },
  };
}

/**
 * The ROC AUC part (`auroc_sampling_error_components`): with the minority class as positive, rows
 * sorted by score, for each positive the share of negatives ranked below it; their spread, and the
 * positives' share. NannyML's quirks are kept: a positive at rank 0 is skipped
 * (`np.unique(positive_ranks)[1:]`), and the count below a kept positive is its rank less the kept
 * positives before it, so it is one too many when rank 0 holds a positive.
 */
export function rocAucComponent(target: Uint8Array, scores: Float64Array, spread: "std" | "var"): Component {
  const n = target.length;
  let positives = 0;
  for (const t of target) positives += t;
  const flip = positives / n > 0.5;
  const isPositive = (i: number) => (flip ? 1 - target[i] : target[i]) === 1;
  const score = (i: number) => (flip ? 1 - scores[i] : scores[i]);
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => score(a) - score(b) || a - b);
  const nPositive = flip ? n - positives : positives;
  const nNegative = n - nPositive;
  const shares: number[] = [];
  for (let rank = 1; rank < n; rank++) if (isPositive(order[rank])) shares.push((rank - shares.length) / nNegative);
  const mean = shares.reduce((s, v) => s + v, 0) / shares.length;
  const variance = shares.reduce((s, v) => s + (v - mean) ** 2, 0) / shares.length;
  return { spread: spread === "std" ? Math.sqrt(variance) : variance, fraction: nPositive / n };
}
