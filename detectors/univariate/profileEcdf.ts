/**
 * The ECDF statistics ks and wasserstein compute from two numeric column profiles: each profile's
 * KLL sketch gives an estimated CDF, a step function that moves only at the values the sketch
 * retains, so comparing the two at every retained value of either is the exact computation on the
 * estimates. The estimates are within each sketch's rank error ε of the true CDFs (99%), which
 * bounds how far each statistic can be from the one the raw values give.
 */

import type { SketchedColumn } from "../inputs/profileInputs.ts";
import { CompensatedSum } from "../samples/moments.ts";

/** The estimated CDFs of both profiles at every value either sketch retains, ascending. */
function stepPoints(
  reference: SketchedColumn,
  current: SketchedColumn,
): { points: Float64Array; refCdf: Float64Array; curCdf: Float64Array } {
  const a = reference.sketch.sortedView().values;
  const b = current.sketch.sortedView().values;
  const merged = new Float64Array(a.length + b.length);
  merged.set(a);
  merged.set(b, a.length);
  merged.sort();
  let distinct = 0;
  for (let i = 0; i < merged.length; i++)
    if (i === 0 || merged[i] !== merged[distinct - 1]) merged[distinct++] = merged[i];
  const points = merged.subarray(0, distinct);
  return { points, refCdf: points.map((x) => reference.cdf(x)), curCdf: points.map((x) => current.cdf(x)) };
}

/**
 * The two one-sided KS statistics of the sketches' CDFs, D⁺ = max(F_ref − F_cur) and
 * D⁻ = max(F_cur − F_ref), and `bound` = ε_ref + ε_cur: each estimated CDF is within its ε of the
 * true one, so the gap between them, and its largest value, is within their sum of the exact D
 * (0 when both sketches still hold every value).
 */
export function sketchKs(
  reference: SketchedColumn,
  current: SketchedColumn,
): { dPlus: number; dMinus: number; bound: number } {
  const { refCdf, curCdf } = stepPoints(reference, current);
  let dPlus = 0;
  let dMinus = 0;
  for (let i = 0; i < refCdf.length; i++) {
    const diff = refCdf[i] - curCdf[i];
    if (diff > dPlus) dPlus = diff;
    if (-diff > dMinus) dMinus = -diff;
  }
  return {
    dPlus: Math.min(1, dPlus),
    dMinus: Math.min(1, dMinus),
    bound: reference.sketch.rankErrorBound() + current.sketch.rankErrorBound(),
  };
}

/**
 * ∫|F_ref − F_cur| dx between the sketches' CDFs, and `bound` = (ε_ref + ε_cur)·(max − min) over
 * the pooled range: both estimated and true CDFs are 0 below the smallest value and 1 from the
 * largest, and within ε of each other in between, so the integral of their gap moves by at most
 * ε·range per sketch (0 when both sketches still hold every value). Loose for long tails, where the
 * range is wide but the CDFs are near 0 or 1 — it is what the rank guarantee alone supports.
 */
export function sketchWasserstein(
  reference: SketchedColumn,
  current: SketchedColumn,
): { distance: number; bound: number } {
  const { points, refCdf, curCdf } = stepPoints(reference, current);
  const integral = new CompensatedSum();
  for (let i = 0; i + 1 < points.length; i++)
    integral.add(Math.abs(refCdf[i] - curCdf[i]) * (points[i + 1] - points[i]));
  const range = Math.max(reference.max, current.max) - Math.min(reference.min, current.min);
  return {
    distance: integral.value,
    bound: (reference.sketch.rankErrorBound() + current.sketch.rankErrorBound()) * range,
  };
}
