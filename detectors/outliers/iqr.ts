/**
 * Per-feature IQR outliers (Tukey's fences): each value's distance beyond the reference's box
 * [Q1, Q3] in units of the interquartile range, a row scored by its largest such distance.
 * Quartiles are numpy's linear percentiles (simple-statistics' quantileSorted).
 */

import { quantileSorted } from "simple-statistics";
import type { Rows } from "../linalg/matrix.ts";
import { sortNumbers } from "../samples/radixSort.ts";
import { outlierRows } from "./outlierRows.ts";
import { checkOutlierOptions, type OutlierOptions, type OutlierResult, outlierResult } from "./outlierResult.ts";
import { maxScaledDeviation } from "./perFeature.ts";

/** An IQR result, with the reference's quartiles it used. */
export interface IqrResult extends OutlierResult {
  /** Per feature, the reference's first and third quartiles. */
  q1: number[];
  q3: number[];
}

/**
 * Scores each current row by max_k max(Q1_k − x_k, x_k − Q3_k, 0) / (Q3_k − Q1_k) over the features,
 * with the reference's quartiles: 0 inside the box, 1.5 on Tukey's inner fence, 3 on the outer one.
 * Rows are flagged above the reference's own scores' 99th percentile, or above `threshold` (1.5 gives
 * Tukey's rule). A feature with a zero IQR in the reference scores Infinity outside its box.
 *
 * @param reference rows the detector is fitted on: a table, objects, arrays of numbers, or numbers
 * @param current rows to score, with the same columns
 * @param options `features`, `percentile` (99), `threshold`
 * @returns {method: "iqr", scores, threshold, outlier, share, features, dropped, q1, q3}
 * @example
 * iqr([1, 2, 3, 4, 5], [3, 10], { threshold: 1.5 }).scores // => [0, 3]
 */
export function iqr(reference: Rows, current: Rows, options: OutlierOptions = {}): IqrResult {
  checkOutlierOptions(options, "iqr");
  const rows = outlierRows(reference, current, "iqr", options.features);
  const { data, rows: n, cols } = rows.reference;
  const q1 = new Float64Array(cols);
  const q3 = new Float64Array(cols);
  const column = new Float64Array(n);
  for (let k = 0; k < cols; k++) {
    for (let i = 0; i < n; i++) column[i] = data[i * cols + k];
    const sorted = sortNumbers(column) as unknown as number[];
    q1[k] = quantileSorted(sorted, 0.25);
    q3[k] = quantileSorted(sorted, 0.75);
  }
  const range = q3.map((upper, k) => upper - q1[k]);
  const deviation = (k: number, value: number) => Math.max(q1[k] - value, value - q3[k], 0);
  const result = outlierResult(
    "iqr",
    rows,
    maxScaledDeviation(rows.reference, range, deviation),
    maxScaledDeviation(rows.current, range, deviation),
    options,
  );
  return { ...result, q1: Array.from(q1), q3: Array.from(q3) };
}
