/**
 * The chi-squared inverse survival function, scipy.stats.chi2.isf, by bisection on the survival
 * function in standard.ts: robust covariance (MCD) needs two of its quantiles per fit, so
 * bisection's ~100 survival evaluations cost nothing, and it cannot fail to converge.
 */

import { chiSquaredSurvival } from "./standard.ts";

/**
 * The x with P(X > x) = q for X ~ χ²(dof), to the last representable bit (bisection until the
 * bracket stops shrinking).
 * @param q a probability in (0, 1)
 * @param dof degrees of freedom, > 0
 * @example
 * chiSquaredInverseSurvival(0.05, 1) // => 3.84145882069413 (scipy: 3.8414588206941285)
 */
export function chiSquaredInverseSurvival(q: number, dof: number): number {
  if (!(q > 0 && q < 1) || !(dof > 0)) return NaN;
  let low = 0;
  let high = Math.max(1, dof);
  while (chiSquaredSurvival(high, dof) > q) high *= 2;
  for (;;) {
    const mid = 0.5 * (low + high);
    if (mid <= low || mid >= high) return mid;
    if (chiSquaredSurvival(mid, dof) > q) low = mid;
    else high = mid;
  }
}
