/**
 * Distribution functions the tests turn statistics into p-values with, matching scipy 1.17
 * (scipy.special.ndtr, chdtrc, stdtr) to ~1e-13 relative, tails included (Student t with more than
 * 10⁴ degrees of freedom: ~2e-10, see incompleteBeta.ts): survival functions are computed
 * directly, never as 1 − cdf.
 */

import { regularizedBeta } from "../special/incompleteBeta.ts";
import { regularizedGammaQ } from "../special/incompleteGamma.ts";
import { erf, erfc } from "../special/cephes.ts";

/**
 * The standard normal CDF Φ(z), Cephes ndtr (scipy.stats.norm.cdf, scipy.special.ndtr).
 * @param z any number; NaN gives NaN
 */
export function normalCdf(z: number): number {
  if (Number.isNaN(z)) return NaN;
  const x = z * Math.SQRT1_2;
  const ax = Math.abs(x);
  if (ax < 1) return 0.5 + 0.5 * erf(x);
  const tail = 0.5 * erfc(ax);
  return x > 0 ? 1 - tail : tail;
}

/**
 * The standard normal survival function 1 − Φ(z) = Φ(−z), as scipy.stats.norm.sf computes it
 * (ndtr(−z)), accurate in the upper tail.
 * @param z any number; NaN gives NaN
 */
export function normalSurvival(z: number): number {
  return normalCdf(-z);
}

/**
 * The chi-squared survival function P(X > x) with `dof` degrees of freedom: Q(dof/2, x/2),
 * scipy.stats.chi2.sf (scipy.special.chdtrc). Returns 1 for x ≤ 0, as scipy does outside the
 * support.
 * @param x the statistic
 * @param dof degrees of freedom, > 0
 */
export function chiSquaredSurvival(x: number, dof: number): number {
  if (Number.isNaN(x) || !(dof > 0)) return NaN;
  if (x <= 0) return 1;
  return regularizedGammaQ(dof / 2, x / 2);
}

/**
 * Student's t survival function P(T > t) with `dof` (possibly fractional) degrees of freedom,
 * as scipy.special.stdtr(dof, −t) computes it through cdflib's cumt:
 * ½·I_{ν/(ν+t²)}(ν/2, ½) in the tail, its complement otherwise.
 * @param t the statistic; ±Infinity give 0 and 1
 * @param dof degrees of freedom, > 0; Infinity gives the normal survival function
 */
export function studentTSurvival(t: number, dof: number): number {
  if (Number.isNaN(t) || !(dof > 0)) return NaN;
  if (dof === Infinity) return normalSurvival(t);
  if (t === Infinity) return 0;
  if (t === -Infinity) return 1;
  const tt = t * t;
  const x = dof / (dof + tt);
  const xc = tt / (dof + tt);
  const half = 0.5 * regularizedBeta(dof / 2, 0.5, x, xc);
  return t > 0 ? half : 1 - half;
}
