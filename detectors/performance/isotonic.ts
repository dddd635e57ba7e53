/**
 * Isotonic regression as scikit-learn 1.2's `IsotonicRegression(out_of_bounds="clip",
 * increasing=True)`, the calibrator NannyML's CBPE fits (N:calibration.py IsotonicCalibrator):
 * points sorted by x then y (`np.lexsort((y, X))`), x values closer than 1e-15 (float64's
 * `resolution`) pooled into their mean y weighted by count (`_isotonic._make_unique`), the pool
 * adjacent violators pass of `_inplace_contiguous_isotonic_regression` (single pass, backtracking),
 * then prediction by linear interpolation between the fitted points left after dropping inner points
 * level with both neighbours (`trim_duplicates`; `scipy.interpolate.interp1d`,
 * `searchsorted` left), clipped to the fitted x range. Ported step for step so the calibrated
 * scores match scikit-learn's to rounding.
 */

import { sortNumbers } from "../samples/radixSort.ts";

/** A fitted isotonic regression: maps a score to its calibrated value. */
export type Isotonic = (x: number) => number;

const RESOLUTION = 1e-15;

/**
 * Fits 0/1 targets on scores x (same length, finite), as CBPE's calibration does. With 0/1 targets,
 * `lexsort((y, X))` is the zeros' and the ones' sorted scores merged, a zero first on a tie, which
 * two radix sorts give without a comparison sort of the indices.
 * @throws naming `what` when there is nothing to fit
 */
export function fitIsotonic(x: ArrayLike<number>, y: ArrayLike<number>, what: string): Isotonic {
  const n = x.length;
  if (n === 0) throw new Error(`${what}: isotonic regression needs at least one point`);
  let ones = 0;
  for (let i = 0; i < n; i++) ones += y[i];
  const sorted = [new Float64Array(n - ones), new Float64Array(ones)];
  const filled = [0, 0];
  for (let i = 0; i < n; i++) {
    if (y[i] !== 0 && y[i] !== 1) throw new Error(`${what}: isotonic targets must be 0 or 1, row ${i} is ${y[i]}`);
    sorted[y[i]][filled[y[i]]++] = x[i];
  }
  sortNumbers(sorted[0]);
  sortNumbers(sorted[1]);

  // _make_unique over the merge: one point per distinct x (within RESOLUTION of the group's first x).
  const ux: number[] = [];
  const uy: number[] = [];
  const uw: number[] = [];
  let zero = 0;
  let one = 0;
  let currentX = NaN;
  let sumY = 0;
  let weight = 0;
  while (zero + one < n) {
    const takeZero = one === sorted[1].length || (zero < sorted[0].length && sorted[0][zero] <= sorted[1][one]);
    const value = takeZero ? sorted[0][zero++] : sorted[1][one++];
    if (weight > 0 && value - currentX >= RESOLUTION) {
      ux.push(currentX);
      uy.push(sumY / weight);
      uw.push(weight);
      sumY = 0;
      weight = 0;
    }
    if (weight === 0) currentX = value;
    sumY += takeZero ? 0 : 1;
    weight += 1;
  }
  ux.push(currentX);
  uy.push(sumY / weight);
  uw.push(weight);

  poolAdjacentViolators(uy, uw);
  // scikit-learn's trim_duplicates: inner points level with both neighbours change no prediction.
  const keep = uy.map((v, i) => i === 0 || i === uy.length - 1 || v !== uy[i - 1] || v !== uy[i + 1]);
  return interpolator(
    ux.filter((_, i) => keep[i]),
    uy.filter((_, i) => keep[i]),
  );
}

/** scikit-learn's `_inplace_contiguous_isotonic_regression`: y made non-decreasing in place, weighted. */
function poolAdjacentViolators(y: number[], w: number[]): void {
  const n = y.length;
  const target = Array.from({ length: n }, (_, i) => i);
  let i = 0;
  while (i < n) {
    let k = target[i] + 1;
    if (k === n) break;
    if (y[i] < y[k]) {
      i = k;
      continue;
    }
    let sumWy = w[i] * y[i];
    let sumW = w[i];
    for (;;) {
      const previous = y[k];
      sumWy += w[k] * y[k];
      sumW += w[k];
      k = target[k] + 1;
      if (k === n || previous < y[k]) {
        y[i] = sumWy / sumW;
        w[i] = sumW;
        target[i] = k - 1;
        target[k - 1] = i;
        if (i > 0) i = target[i - 1];
        break;
      }
    }
  }
  i = 0;
  while (i < n) {
    const k = target[i] + 1;
    for (let j = i + 1; j < k; j++) y[j] = y[i];
    i = k;
  }
}

/** interp1d(x, y, kind="linear") on x clipped to [x₀, x_last]; a single point predicts its y everywhere. */
function interpolator(x: number[], y: number[]): Isotonic {
  const last = x.length - 1;
  if (last === 0) return () => y[0];
  return (t) => {
    const clipped = Math.min(x[last], Math.max(x[0], t));
    // searchsorted(x, t, side="left"), clipped to [1, last]
    let lo = 0;
    let hi = x.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (x[mid] < clipped) lo = mid + 1;
      else hi = mid;
    }
    const upper = Math.min(Math.max(lo, 1), last);
    const lower = upper - 1;
    const slope = (y[upper] - y[lower]) / (x[upper] - x[lower]);
    return slope * (clipped - x[lower]) + y[lower];
  };
}
