/**
 * Histogram binning for the boosted-tree learners: each column's candidate split thresholds are
 * quantiles of its training values, and every value is replaced by its bin, as LightGBM and
 * XGBoost's `hist` method do ("max_bin"), so a split search costs one pass over bins, not a sort.
 */

import type { Matrix } from "../linalg/matrix.ts";
import { sortNumbers } from "../samples/radixSort.ts";

/** A matrix's values replaced by their bins, with each column's thresholds. */
export interface BinnedMatrix {
  /** Bin of value (i, k) at `bins[i * cols + k]`; bin b holds (t_{b−1}, t_b]. */
  bins: Uint8Array;
  rows: number;
  cols: number;
  /** Per column, ascending distinct thresholds; column k has `thresholds[k].length + 1` bins. */
  thresholds: Float64Array[];
}

/** At most 255 thresholds, so a bin fits a byte. */
export const MAX_THRESHOLDS = 255;

/**
 * Bins a training matrix: per column up to `maxThresholds` distinct quantiles of its non-NaN
 * values (the value at rank ⌊q·n / (maxThresholds + 1)⌋ for q = 1…maxThresholds; the largest value
 * is never a threshold, as nothing would go right of it).
 */
export function binTraining(x: Matrix, maxThresholds: number): BinnedMatrix {
  if (maxThresholds < 1 || maxThresholds > MAX_THRESHOLDS)
    throw new Error(`binTraining: maxThresholds must be in 1…${MAX_THRESHOLDS}, got ${maxThresholds}`);
  const thresholds = Array.from({ length: x.cols }, (_, k) => columnThresholds(x, k, maxThresholds));
  return binWith(x, thresholds);
}

/** Bins new rows with the thresholds of a training matrix. */
export function binWith(x: Matrix, thresholds: Float64Array[]): BinnedMatrix {
  const { rows, cols } = x;
  if (cols !== thresholds.length)
    throw new Error(`binWith: the rows have ${cols} columns, the model was trained on ${thresholds.length}`);
  const bins = new Uint8Array(rows * cols);
  for (let i = 0; i < rows; i++)
    for (let k = 0; k < cols; k++) bins[i * cols + k] = binOf(thresholds[k], x.data[i * cols + k]);
  return { bins, rows, cols, thresholds };
}

function columnThresholds(x: Matrix, k: number, maxThresholds: number): Float64Array {
  const present: number[] = [];
  for (let i = 0; i < x.rows; i++) {
    const value = x.data[i * x.cols + k];
    if (!Number.isNaN(value)) present.push(value);
  }
  const sorted = sortNumbers(Float64Array.from(present));
  const out: number[] = [];
  for (let q = 1; q <= maxThresholds && sorted.length > 0; q++) {
    const value = sorted[Math.floor((q * sorted.length) / (maxThresholds + 1))];
    if (value < sorted[sorted.length - 1] && value !== out[out.length - 1]) out.push(value);
  }
  return Float64Array.from(out);
}

/**
 * The number of thresholds below `value`: bin b holds values in (t_{b−1}, t_b]. NaN compares
 * below nothing and lands in bin 0, with the smallest values, in training and prediction alike.
 */
export function binOf(thresholds: Float64Array, value: number): number {
  let lo = 0;
  let hi = thresholds.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (thresholds[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
