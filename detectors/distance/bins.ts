/**
 * Evidently's binning for the binned distances (legacy calculations/stattests/utils.py
 * get_binned_data, Evidently 0.7), with numpy 2.4's histogram rules (numpy.histogram_bin_edges):
 *
 * 1. Column type: "numeric" when every present value of both samples is a number, else
 *    "categorical" (override with the `type` option, as Evidently's column mapping does).
 *    Numeric: NaN, ±Infinity and null are dropped and counted (Evidently turns ±inf into NaN and
 *    drops NaN). Categorical: null, undefined and NaN are dropped; values are compared as strings.
 * 2. Numeric with more than 20 distinct values in the *reference*: equal-width bins from
 *    `np.histogram_bin_edges(concat(ref, cur), "sturges")`, so the edges span both samples:
 *    [min, max] of the pooled values (±0.5 when they are equal), ceil(ptp / (ptp / (log2(N) + 1)))
 *    bins with N = n_ref + n_cur, edges i·step + min and the last edge exactly max. Bins are
 *    [e_i, e_i+1), the last one closed. Shares are bin counts / n of each sample.
 * 3. Otherwise (categorical, or numeric with at most 20 distinct reference values): one bin per
 *    distinct value of the union, shares = count / n. A value seen in only one sample gets share 0
 *    in the other.
 * 4. Zero fill (psi and kl only; jensenShannon uses the raw shares): in each array separately, every
 *    0 becomes min_nonzero / 1e6 if the smallest non-zero share is ≤ 1e-4, else 1e-4. The arrays are
 *    not renormalised (psi uses them as they are; kl renormalises inside, as scipy's entropy does).
 *
 * numpy clamps the Sturges width to 1 for integer arrays. JavaScript has no integer dtype, so a
 * numeric pair counts as integer exactly when pandas would infer int64 from the same values: every
 * value of both samples is an integer and none is missing (a NaN makes pandas use float64).
 */

import { countCategories } from "../samples/categories.ts";
import { sortNumbers } from "../samples/radixSort.ts";
import { finiteNumbers, presentCategories } from "../inputs/clean.ts";
import type { Dropped, Values } from "../types.ts";

/** How a binned distance reads its samples. */
export type ColumnType = "numeric" | "categorical";

/** Two samples cleaned for a binned distance. */
export type CleanPair =
  | { type: "numeric"; reference: Float64Array; current: Float64Array; integer: boolean; dropped: Dropped }
  | { type: "categorical"; reference: string[]; current: string[]; dropped: Dropped };

/** Options shared by the binned distances. */
export interface DistanceOptions {
  /** Read the samples as "numeric" or "categorical". Default: numeric when every present value is a number. */
  type?: ColumnType;
  /** Drift when the distance is ≥ threshold. Default 0.1, Evidently's default for every binned distance. */
  threshold?: number;
}

/** Shares of each bin in both samples. */
export interface BinnedShares {
  reference: Float64Array;
  current: Float64Array;
  /** The Sturges edges when the numeric rule applied, else undefined (one bin per value). */
  edges?: Float64Array;
}

/**
 * Cleans two samples for a binned distance, inferring the column type when not given.
 * @throws when `type` is unknown or a sample is empty after dropping missing values (naming `fn` and the sample)
 */
export function cleanPair(reference: Values, current: Values, type: ColumnType | undefined, fn: string): CleanPair {
  if (type !== undefined && type !== "numeric" && type !== "categorical") {
    throw new Error(`${fn}: type must be "numeric" or "categorical", got ${String(type)}`);
  }
  const resolved = type ?? (isNumeric(reference) && isNumeric(current) ? "numeric" : "categorical");
  if (resolved === "categorical") {
    const ref = presentCategories(reference, `${fn}: reference`);
    const cur = presentCategories(current, `${fn}: current`);
    return {
      type: "categorical",
      reference: ref.values,
      current: cur.values,
      dropped: { reference: ref.dropped, current: cur.dropped },
    };
  }
  const ref = finiteNumbers(reference, `${fn}: reference`);
  const cur = finiteNumbers(current, `${fn}: current`);
  const integer = ref.dropped === 0 && cur.dropped === 0 && allIntegers(ref.values) && allIntegers(cur.values);
  return {
    type: "numeric",
    reference: ref.values,
    current: cur.values,
    integer,
    dropped: { reference: ref.dropped, current: cur.dropped },
  };
}

/**
 * Evidently's `get_binned_data`: the share of each bin in both samples (rules 2–4 above).
 * @param pair the cleaned samples
 * @param fill whether to replace empty bins by Evidently's small value (psi, kl)
 */
export function binnedShares(pair: CleanPair, fill: boolean): BinnedShares {
  let shares: BinnedShares;
  if (pair.type === "numeric" && moreDistinctThan(pair.reference, 20)) {
    const pooled = new Float64Array(pair.reference.length + pair.current.length);
    pooled.set(pair.reference);
    pooled.set(pair.current, pair.reference.length);
    const edges = sturgesEdges(pooled, pair.integer);
    shares = {
      reference: scale(histogram(pair.reference, edges), pair.reference.length),
      current: scale(histogram(pair.current, edges), pair.current.length),
      edges,
    };
  } else {
    const counts = countCategories<string | number>(pair.reference, pair.current);
    shares = {
      reference: scale(counts.reference, pair.reference.length),
      current: scale(counts.current, pair.current.length),
    };
  }
  if (fill) {
    fillZeros(shares.reference);
    fillZeros(shares.current);
  }
  return shares;
}

/**
 * `np.histogram_bin_edges(values, "sturges")` (numpy 2.4): see rule 2 above. With `integer`, the
 * width is clamped to at least 1 as numpy does for integer arrays.
 */
export function sturgesEdges(values: Float64Array, integer: boolean): Float64Array {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    if (values[i] < min) min = values[i];
    if (values[i] > max) max = values[i];
  }
  return equalWidthEdges(min, max, values.length, integer);
}

/**
 * The Sturges edges of the distinct values of both samples together,
 * `np.histogram_bin_edges(unique(concat(reference, current)), "sturges")`: the edges Evidently's
 * hellinger uses for numeric columns.
 */
export function distinctSturgesEdges(reference: Float64Array, current: Float64Array, integer: boolean): Float64Array {
  const pooled = new Float64Array(reference.length + current.length);
  pooled.set(reference);
  pooled.set(current, reference.length);
  sortNumbers(pooled);
  let distinct = 1;
  for (let i = 1; i < pooled.length; i++) if (pooled[i] !== pooled[i - 1]) distinct++;
  return equalWidthEdges(pooled[0], pooled[pooled.length - 1], distinct, integer);
}

/** numpy's Sturges edges for `n` values spanning [min, max]. */
function equalWidthEdges(min: number, max: number, n: number, integer: boolean): Float64Array {
  let first = min;
  let last = max;
  let width = (last - first) / (Math.log2(n) + 1);
  if (first === last) {
    first -= 0.5;
    last += 0.5;
  }
  if (integer && width > 0 && width < 1) width = 1;
  const bins = width > 0 ? Math.ceil((last - first) / width) : 1;
  const step = (last - first) / bins;
  const edges = new Float64Array(bins + 1);
  for (let i = 0; i < bins; i++) edges[i] = i * step + first;
  edges[bins] = last;
  return edges;
}

/**
 * `np.histogram(values, edges)[0]` for sorted edges: counts of [e_i, e_i+1), the last bin closed,
 * values outside [e_0, e_last] ignored. The bin is located arithmetically, then settled by comparing
 * with the edges themselves, so a value on an edge lands where numpy's searchsorted puts it.
 */
export function histogram(values: Float64Array, edges: Float64Array): Float64Array {
  const bins = edges.length - 1;
  const first = edges[0];
  const last = edges[bins];
  const counts = new Float64Array(bins);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!(v >= first && v <= last)) continue;
    let k = Math.min(bins - 1, Math.floor(((v - first) / (last - first)) * bins));
    while (k > 0 && v < edges[k]) k--;
    while (k < bins - 1 && v >= edges[k + 1]) k++;
    counts[k]++;
  }
  return counts;
}

/** Evidently's zero fill (rule 4), in place. */
export function fillZeros(shares: Float64Array): void {
  let smallest = Infinity;
  for (let i = 0; i < shares.length; i++) if (shares[i] !== 0 && shares[i] < smallest) smallest = shares[i];
  const fill = smallest <= 1e-4 ? smallest / 1e6 : 1e-4;
  for (let i = 0; i < shares.length; i++) if (shares[i] === 0) shares[i] = fill;
}

/** Counts divided by `n`, in place. */
export function scale(counts: Float64Array, n: number): Float64Array {
  for (let i = 0; i < counts.length; i++) counts[i] /= n;
  return counts;
}

/** Whether `values` holds more than `limit` distinct numbers (pandas `nunique() > limit`). */
function moreDistinctThan(values: Float64Array, limit: number): boolean {
  const seen = new Set<number>();
  for (let i = 0; i < values.length; i++) {
    seen.add(values[i]);
    if (seen.size > limit) return true;
  }
  return false;
}

function isNumeric(values: Values): boolean {
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (value !== null && value !== undefined && typeof value !== "number") return false;
  }
  return true;
}

function allIntegers(values: Float64Array): boolean {
  for (let i = 0; i < values.length; i++) if (!Number.isInteger(values[i])) return false;
  return true;
}
