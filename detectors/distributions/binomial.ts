/**
 * The binomial probability mass function by Loader's saddle-point method (C. Loader, "Fast and
 * accurate computation of binomial probabilities", 2000; R's dbinom_raw): relative accuracy near
 * machine precision for any n, with no cancellation between huge logarithms.
 */

import { stirlingCorrection } from "../special/cephes.ts";

/** log(n!) − log(√(2πn)(n/e)ⁿ) for n = 1…15, computed to 40 digits. */
const STIRLING_ERROR = [
  0, 0.08106146679532726, 0.0413406959554093, 0.02767792568499834, 0.020790672103765093, 0.016644691189821193,
  0.013876128823070748, 0.01189670994589177, 0.010411265261972096, 0.009255462182712733, 0.00833056343336287,
  0.007573675487951841, 0.00694284010720953, 0.006408994188004207, 0.0059513701127588475, 0.005554733551962801,
];

/** Stirling's error term for a positive integer n. */
function stirlingError(n: number): number {
  return n <= 15 ? STIRLING_ERROR[n] : stirlingCorrection(n);
}

/** x·log(x/np) + np − x without cancellation (Loader's bd0). */
function deviance(x: number, np: number): number {
  if (Math.abs(x - np) < 0.1 * (x + np)) {
    let v = (x - np) / (x + np);
    let s = (x - np) * v;
    let ej = 2 * x * v;
    v *= v;
    for (let j = 1; j < 1000; j++) {
      ej *= v;
      const next = s + ej / (2 * j + 1);
      if (next === s) return next;
      s = next;
    }
    return s;
  }
  return x * Math.log(x / np) + np - x;
}

/**
 * P(X = k) for X ~ Binomial(n, p), with q = 1 − p passed separately so that either may be
 * known more precisely than the other.
 * @param k an integer in [0, n]
 * @param n a positive integer
 */
export function binomialPmf(k: number, n: number, p: number, q: number): number {
  if (p === 0) return k === 0 ? 1 : 0;
  if (q === 0) return k === n ? 1 : 0;
  if (k === 0) return Math.exp(p < 0.1 ? -deviance(n, n * q) - n * p : n * Math.log(q));
  if (k === n) return Math.exp(q < 0.1 ? -deviance(n, n * p) - n * q : n * Math.log(p));
  const lc = stirlingError(n) - stirlingError(k) - stirlingError(n - k) - deviance(k, n * p) - deviance(n - k, n * q);
  const lf = Math.log(2 * Math.PI) + Math.log(k) + Math.log1p(-k / n);
  return Math.exp(lc - 0.5 * lf);
}
