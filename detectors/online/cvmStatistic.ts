/**
 * The two-sample Cramér–von Mises statistic between a fixed reference and a sliding window, as
 * Alibi Detect 0.12's CVMDriftOnline computes it (cd/cvm_online.py `score`): the squared ECDF
 * differences summed over the pooled sample, standardised by Anderson's (1962) mean and variance
 * (Eqns 3 and 14) so windows of different sizes share one threshold. The reference is prepared
 * once (sorted, with prefix sums of its ECDF), so a window of w values costs O(w log n) instead
 * of Alibi's O(n w) comparison matrices.
 */

/** A reference prepared for repeated windows. */
export interface CvmReference {
  sorted: Float64Array;
  /** Prefix sums over the sorted reference of F(r_j) and F(r_j)², F the reference ECDF. */
  cdfSums: Float64Array;
  cdfSquareSums: Float64Array;
}

export function cvmReference(values: ArrayLike<number>): CvmReference {
  const sorted = Float64Array.from(values).sort();
  const n = sorted.length;
  const cdfSums = new Float64Array(n + 1);
  const cdfSquareSums = new Float64Array(n + 1);
  for (let j = 0; j < n; j++) {
    const cdf = upperBound(sorted, sorted[j]) / n;
    cdfSums[j + 1] = cdfSums[j] + cdf;
    cdfSquareSums[j + 1] = cdfSquareSums[j] + cdf * cdf;
  }
  return { sorted, cdfSums, cdfSquareSums };
}

/**
 * The standardised statistic of `window` against `reference`. `window` is sorted in place.
 * With F, G the reference and window ECDFs (ties counted as ≤, as Alibi's `>=` comparisons):
 * T = n w / (n + w)² · Σ_{z in pooled} (F(z) − G(z))², returned as (T − μ) / σ.
 */
export function cvmStatistic(reference: CvmReference, window: Float64Array): number {
  const { sorted, cdfSums, cdfSquareSums } = reference;
  const n = sorted.length;
  const w = window.length;
  window.sort();
  let sum = 0;
  // Reference points: G(r_j) = #{window ≤ r_j}/w is constant (k/w) on the reference indices between
  // consecutive window values' lower bounds, so each run adds Σ F² − 2 (k/w) Σ F + count (k/w)².
  let from = 0;
  for (let k = 0; k <= w; k++) {
    const to = k < w ? lowerBound(sorted, window[k]) : n;
    if (to > from) {
      const g = k / w;
      sum += cdfSquareSums[to] - cdfSquareSums[from] - 2 * g * (cdfSums[to] - cdfSums[from]) + (to - from) * g * g;
      from = to;
    }
  }
  // Window points: F(z) = #{reference ≤ z}/n, G(z) = #{window ≤ z}/w.
  for (let k = 0; k < w; k++) {
    let last = k;
    while (last + 1 < w && window[last + 1] === window[k]) last++;
    const d = upperBound(sorted, window[k]) / n - (last + 1) / w;
    sum += (last - k + 1) * d * d;
    k = last;
  }
  return standardise(sum, n, w);
}

/** Alibi's `_normalise_stats`: Anderson (1962) Eqns 3 and 14. */
function standardise(sumSquares: number, n: number, w: number): number {
  const mean = 1 / 6 + 1 / (6 * (n + w));
  const variance =
    ((n + w + 1) * (4 * n * w * (n + w) - 3 * (n * n + w * w) - 2 * n * w)) / (45 * (n + w) * (n + w) * 4 * n * w);
  return ((sumSquares * n * w) / ((n + w) * (n + w)) - mean) / Math.sqrt(variance);
}

/** The number of values in `sorted` below `x`. */
function lowerBound(sorted: Float64Array, x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The number of values in `sorted` at or below `x`. */
function upperBound(sorted: Float64Array, x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
