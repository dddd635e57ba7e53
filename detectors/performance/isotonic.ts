/**
 * Isotonic regression as scikit-learn 1.2's `IsotonicRegression(out_of_bounds="clip",
 * increasing=True)`, the calibrator NannyML's CBPE fits (N:calibration.py IsotonicCalibrator):
 * points sorted by x then y (`np.lexsort((y, X))`), x values closer than 1e-15 (float64's
 * `resolution`) pooled into their mean y weighted by count (`_isotonic._make_unique`), the pool
 * adjacent violators pass of `_inplace_contiguous_isotonic_regression` (single pass, backtracking),
 * then prediction by linear interpolation between the fitted points (`scipy.interpolate.interp1d`,
 * `searchsorted` left), clipped to the fitted x range. Ported step for step so the calibrated
 * scores match scikit-learn's to rounding.
 */

/** A fitted isotonic regression: maps a score to its calibrated value. */
export type Isotonic = (x: number) => number;

const RESOLUTION = 1e-15;

/**
 * Fits y on x (same length, finite).
 * @throws naming `what` when there is nothing to fit
 */
export function fitIsotonic(x: ArrayLike<number>, y: ArrayLike<number>, what: string): Isotonic {
  const n = x.length;
  if (n === 0) throw new Error(`${what}: isotonic regression needs at least one point`);
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => x[a] - x[b] || y[a] - y[b]);

  // _make_unique: one point per distinct x (within RESOLUTION of the group's first x).
  const ux: number[] = [];
  const uy: number[] = [];
  const uw: number[] = [];
  let currentX = x[order[0]];
  let sumY = 0;
  let weight = 0;
  for (const i of order) {
    if (x[i] - currentX >= RESOLUTION) {
      ux.push(currentX);
      uy.push(sumY / weight);
      uw.push(weight);
      currentX = x[i];
      sumY = 0;
      weight = 0;
    }
    sumY += y[i];
    weight += 1;
  }
  ux.push(currentX);
  uy.push(sumY / weight);
  uw.push(weight);

  poolAdjacentViolators(uy, uw);
  return interpolator(ux, uy);
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
