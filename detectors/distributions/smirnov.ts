/**
 * The one-sided Kolmogorov–Smirnov (Smirnov) survival function P(D⁺ₙ ≥ x), after
 * scipy.special.smirnov (xsf/cephes kolmogorov.h, van Mulbregt 2018), which kstwo needs for its
 * upper tail. scipy evaluates the Birnbaum–Tingey sum in double-double arithmetic; this port takes
 * each term Cₙᵥ(x + v/n)^(v−1)(1 − x − v/n)^(n−v) as a binomial probability by Loader's method,
 * with n·x split exactly into floor and fraction as scipy does, which keeps ~1e-13 relative
 * accuracy for any n. Only the lower sum is carried: scipy switches to the upper sum
 * only when x ≤ 0.5/√n, where kstwo never calls it.
 */

import { binomialPmf } from "./binomial.ts";
import { MINLOG } from "../special/cephes.ts";

const EPSILON = 2.220446049250313e-16;
const MAX_COMPUTE_N = 1000000;
const SPLITTER = 134217729; // 2^27 + 1, Veltkamp's splitting constant

/** floor(n·x) and n·x − floor(n·x), exactly (Dekker's two-product), as xsf's modNX. */
function splitProduct(n: number, x: number): { floor: number; fraction: number } {
  const hi = n * x;
  const split = (a: number) => {
    const c = SPLITTER * a;
    const big = c - (c - a);
    return [big, a - big];
  };
  const [nh, nl] = split(n);
  const [xh, xl] = split(x);
  const lo = nh * xh - hi + nh * xl + nl * xh + nl * xl;
  let floor = Math.floor(hi);
  let fraction = hi - floor + lo;
  if (fraction < 0) {
    floor -= 1;
    fraction += 1;
  }
  if (fraction >= 1) {
    floor += 1;
    fraction = 0;
  }
  return { floor, fraction };
}

/**
 * P(D⁺ₙ ≥ x) for the one-sided statistic of a sample of size n (scipy.special.smirnov).
 * @param n sample size, a positive integer
 * @param x the statistic in [0, 1]
 */
export function smirnovSurvival(n: number, x: number): number {
  if (!(n > 0 && x >= 0 && x <= 1)) return NaN;
  if (n === 1) return 1 - x;
  if (x === 0) return 1;
  if (x === 1) return 0;
  const { floor: nxFloor, fraction: alpha } = splitProduct(n, x);
  if (nxFloor === 0 || (nxFloor === 1 && alpha === 0)) {
    return 1 - x * Math.exp((n - 1) * Math.log1p(x));
  }
  if (-2 * n * x * x < MINLOG) return 0;
  if (nxFloor >= n - 1) return Math.exp(n * Math.log1p(-x));
  if (n > MAX_COMPUTE_N) {
    const logp = -((6 * n * x + 1) ** 2) / 18 / n;
    return logp < -Math.LN2 ? Math.exp(logp) : 1 + Math.expm1(logp);
  }
  const nTerms = n - nxFloor;
  const vmid = Math.floor(n / 2);
  let sum = binomialPmf(0, n, x, 1 - x) / x;
  for (let v = 1; v < nTerms; v++) {
    const p = (nxFloor + v + alpha) / n;
    const term = binomialPmf(v, n, p, (n - nxFloor - v - alpha) / n) / p;
    sum += term;
    if (term !== 0) {
      if (4 * (nTerms - v) * term < EPSILON * sum && v !== nTerms - 1) break;
    } else if (v > vmid) {
      break;
    }
  }
  return Math.min(1, Math.max(0, x * sum));
}
