/**
 * Sums and moments computed the way numpy computes them, so that degenerate inputs (constant
 * columns, cancellation) round exactly as scipy's do.
 */

/**
 * The sum of values[start..end) by numpy's pairwise summation (8 accumulators in blocks of 128,
 * halves split at multiples of 8), which np.sum and np.mean use for float64 arrays.
 */
export function pairwiseSum(values: ArrayLike<number>, start = 0, end = values.length): number {
  const n = end - start;
  if (n < 8) {
    let res = 0;
    for (let i = start; i < end; i++) res += values[i];
    return res;
  }
  if (n <= 128) {
    const r = [0, 0, 0, 0, 0, 0, 0, 0];
    for (let k = 0; k < 8; k++) r[k] = values[start + k];
    let i = 8;
    for (; i < n - (n % 8); i += 8) for (let k = 0; k < 8; k++) r[k] += values[start + i + k];
    let res = r[0] + r[1] + (r[2] + r[3]) + (r[4] + r[5] + (r[6] + r[7]));
    for (; i < n; i++) res += values[start + i];
    return res;
  }
  let half = Math.floor(n / 2);
  half -= half % 8;
  return pairwiseSum(values, start, start + half) + pairwiseSum(values, start + half, end);
}

/** The arithmetic mean as np.mean computes it. */
export function mean(values: Float64Array): number {
  return pairwiseSum(values) / values.length;
}

/** The mean squared deviation from `center`, mean((x − center)²), as numpy and scipy's _moment. */
export function meanSquaredDeviation(values: Float64Array, center: number): number {
  const squares = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const d = values[i] - center;
    squares[i] = d * d;
  }
  return pairwiseSum(squares) / values.length;
}

/**
 * A running sum with Neumaier's compensation, for sums accumulated during a merge-walk where
 * numpy would have summed a whole array pairwise: the result is within an ulp or two of exact,
 * so it agrees with numpy's to ~1e-15.
 */
export class CompensatedSum {
  /** Public, so a decoded profile can restore the state another one read out. */
  sum = 0;
  compensation = 0;

  add(x: number): void {
    const t = this.sum + x;
    this.compensation += Math.abs(this.sum) >= Math.abs(x) ? this.sum - t + x : x - t + this.sum;
    this.sum = t;
  }

  /**
   * add() of each of `values` in order, with the same result; the running sum stays in locals
   * through the loop (several times faster than a call per value, which stores two fields each time).
   */
  addAll(values: Float64Array): void {
    this.addTerms(values, 0, false);
  }

  /**
   * add() of (x − center)² for each x of `values`, in order; returns Σ(x − center), plainly summed:
   * the two sums the corrected two-pass variance needs, in one pass.
   */
  addSquaredDeviations(values: Float64Array, center: number): number {
    return this.addTerms(values, center, true);
  }

  private addTerms(values: Float64Array, center: number, squared: boolean): number {
    // Plain lets: a destructured triple is not kept in registers by V8 (several times slower).
    let sum = this.sum;
    let compensation = this.compensation;
    let deviations = 0;
    for (let i = 0; i < values.length; i++) {
      const deviation = values[i] - center; // x itself when center is 0
      deviations += deviation;
      const x = squared ? deviation * deviation : deviation;
      const t = sum + x;
      compensation += Math.abs(sum) >= Math.abs(x) ? sum - t + x : x - t + sum;
      sum = t;
    }
    [this.sum, this.compensation] = [sum, compensation];
    return deviations;
  }

  /** Adds another running sum, its compensation included, so merged sums stay as accurate as one. */
  merge(other: CompensatedSum): void {
    this.add(other.sum);
    this.compensation += other.compensation;
  }

  get value(): number {
    return this.sum + this.compensation;
  }
}
