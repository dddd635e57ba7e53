/**
 * Exact p-values of the two-sample Kolmogorov–Smirnov statistic by counting lattice paths
 * (Hodges 1958; Viehmann 2021 for the two-sided recursion), ported from scipy 1.17's
 * scipy/stats/_stats_py.py (_compute_prob_outside_square, _count_paths_outside_method,
 * _attempt_exact_2kssamp) and _stats_pythran.py (_compute_outer_prob_inside_method).
 */

import type { Alternative } from "../types.ts";
import { logGamma, roundHalfEven } from "../special/cephes.ts";

/** Binomial coefficient C(n, k) in floating point; Infinity once it overflows (as scipy's binom). */
function binomial(n: number, k: number): number {
  const kk = Math.min(k, n - k);
  if (kk < 0) return 0;
  if (kk < 20) {
    let num = 1;
    let den = 1;
    for (let i = 1; i <= kk; i++) {
      num *= i + n - kk;
      den *= i;
      if (Math.abs(num) > 1e50) {
        num /= den;
        den = 1;
      }
    }
    return num / den;
  }
  return Math.exp(logGamma(n + 1) - logGamma(kk + 1) - logGamma(n - kk + 1));
}

/** P(D ≥ h/n) for two samples of equal size n (two-sided), Horner form of the alternating sum. */
function probOutsideSquare(n: number, h: number): number {
  let P = 0;
  for (let k = Math.floor(n / h); k >= 0; k--) {
    let p1 = 1;
    for (let j = 0; j < h; j++) p1 = ((n - k * h - j) * p1) / (n + k * h + j + 1);
    P = p1 * (1 - P);
  }
  return 2 * P;
}

/** Share of lattice paths that leave the band |x/m − y/n| < h/lcm (two-sided, m ≠ n). */
function probOutsideBand(m0: number, n0: number, g: number, h: number): number {
  const m = Math.max(m0, n0);
  const n = Math.min(m0, n0);
  const mg = m / g;
  const ng = n / g;
  let minj = 0;
  let maxj = Math.min(Math.ceil(h / mg), n + 1);
  let curlen = maxj - minj;
  const A = new Float64Array(Math.min(2 * maxj + 2, n + 1)).fill(1);
  A.fill(0, minj, maxj);
  for (let i = 1; i <= m; i++) {
    const lastminj = minj;
    const lastlen = curlen;
    minj = Math.min(Math.max(Math.floor((ng * i - h) / mg) + 1, 0), n);
    maxj = Math.min(Math.ceil((ng * i + h) / mg), n + 1);
    if (maxj <= minj) return 1;
    let val = minj === 0 ? 0 : 1;
    for (let jj = 0; jj < maxj - minj; jj++) {
      const j = jj + minj;
      val = (A[jj + minj - lastminj] * i + val * j) / (i + j);
      A[jj] = val;
    }
    curlen = maxj - minj;
    if (lastlen > curlen) A.fill(1, maxj - minj, maxj - minj + (lastlen - curlen));
  }
  return A[maxj - minj - 1];
}

/**
 * Number of lattice paths from (0,0) to (m,n) that reach m·y ≤ n·x − h·g (one-sided, m ≠ n);
 * NaN when an intermediate count overflows (scipy raises and falls back to the asymptotic form).
 */
function countPathsOutside(m0: number, n0: number, g: number, h: number): number {
  const m = Math.max(m0, n0);
  const n = Math.min(m0, n0);
  const mg = m / g;
  const ng = n / g;
  const lxj = n + Math.floor((mg - h) / mg);
  if (lxj === 0) return binomial(m + n, n);
  const xj = new Float64Array(lxj);
  for (let j = 0; j < lxj; j++) xj[j] = Math.floor((h + mg * j + ng - 1) / ng);
  const B = new Float64Array(lxj);
  B[0] = 1;
  for (let j = 1; j < lxj; j++) {
    let Bj = binomial(xj[j] + j, j);
    for (let i = 0; i < j; i++) Bj -= binomial(xj[j] - xj[i] + j - i, j - i) * B[i];
    if (!Number.isFinite(Bj)) return NaN;
    B[j] = Bj;
  }
  let paths = 0;
  for (let j = 0; j < lxj; j++) paths += B[j] * binomial(m - xj[j] + (n - j), n - j);
  return Number.isFinite(paths) ? paths : NaN;
}

/**
 * The exact p-value of a two-sample KS statistic d (scipy _attempt_exact_2kssamp). Returns the
 * statistic rounded to the lattice (h/lcm, as scipy reports it) and the p-value, or NaN for
 * the p-value when the counts overflow and the caller must fall back to the asymptotic form.
 */
export function ksExactPValue(
  n1: number,
  n2: number,
  d: number,
  alternative: Alternative,
): { statistic: number; pValue: number } {
  const g = gcd(n1, n2);
  const lcm = (n1 / g) * n2;
  const h = roundHalfEven(d * lcm);
  const statistic = h / lcm;
  if (h === 0) return { statistic, pValue: 1 };
  let p: number;
  if (alternative === "two-sided") {
    p = n1 === n2 ? probOutsideSquare(n1, h) : probOutsideBand(n1, n2, g, h);
  } else if (n1 === n2) {
    p = 1;
    for (let j = 0; j < h; j++) p *= (n1 - j) / (n1 + j + 1);
  } else {
    const paths = countPathsOutside(n1, n2, g, h);
    const total = binomial(n1 + n2, n1);
    p = Number.isNaN(paths) || paths > total || !Number.isFinite(total) ? NaN : paths / total;
  }
  return { statistic, pValue: p >= 0 && p <= 1 ? p : NaN };
}

/** Greatest common divisor of two positive integers. */
export function gcd(a: number, b: number): number {
  let x = a;
  let y = b;
  while (y !== 0) [x, y] = [y, x % y];
  return x;
}
