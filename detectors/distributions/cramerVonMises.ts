/**
 * Null distributions of the two-sample Cramér–von Mises statistic, ported from scipy 1.17's
 * scipy/stats/_hypotests.py: the exact frequency recursion of Xiao, Gordon & Yakovlev (2006)
 * (_pval_cvm_2samp_exact) and Anderson's (1962) normalisation to the limiting one-sample law,
 * evaluated by the Csörgő–Faraway series (_pval_cvm_2samp_asymptotic, _cdf_cvm_inf).
 */

import { besselKQuarter } from "../special/besselK.ts";
import { gcd } from "./ksExact.ts";
import { logGamma } from "../special/cephes.ts";

/** Python/numpy floor division of floats (npy_divmod), which scipy's exact p-value relies on. */
function floorDivide(a: number, b: number): number {
  let mod = a % b;
  let div = (a - mod) / b;
  if (mod !== 0 && b < 0 !== mod < 0) {
    mod += b;
    div -= 1;
  }
  if (div === 0) return 0;
  let floordiv = Math.floor(div);
  if (div - floordiv > 0.5) floordiv += 1;
  return floordiv;
}

/** A frequency table: ascending distinct values and their counts. */
interface Table {
  values: Float64Array;
  counts: Float64Array;
}

/** The union of two frequency tables (counts of equal values added), every value plus `shift`. */
function mergeShifted(x: Table, y: Table, shift: number): Table {
  const values = new Float64Array(x.values.length + y.values.length);
  const counts = new Float64Array(values.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < x.values.length || j < y.values.length) {
    const fromX = j >= y.values.length || (i < x.values.length && x.values[i] <= y.values[j]);
    const value = fromX ? x.values[i] : y.values[j];
    let count = 0;
    if (i < x.values.length && x.values[i] === value) count += x.counts[i++];
    if (j < y.values.length && y.values[j] === value) count += y.counts[j++];
    values[k] = value + shift;
    counts[k++] = count;
  }
  return { values: values.subarray(0, k), counts: counts.subarray(0, k) };
}

/** C(n, k) exactly, for results below 2^53. */
function binomialExact(n: number, k: number): number {
  let c = 1;
  for (let i = 1; i <= k; i++) c = (c * (n - k + i)) / i;
  return c;
}

/** Most frequency-table entries the exact recursion may build (about a second; auto sizes need < 10⁶). */
const MAX_EXACT_ENTRIES = 30_000_000;

/**
 * P(U ≥ u) under the null for samples of sizes m and n (both ≤ 20 in practice), where
 * U = m·Σ(rᵢ − i)² + n·Σ(sⱼ − j)² is the rank statistic of Anderson (1962).
 */
export function cramerVonMisesExactPValue(u: number, m: number, n: number): number {
  const lcm = (m / gcd(m, n)) * n;
  const a = lcm / m;
  const b = lcm / n;
  const mn = m * n;
  const zeta = floorDivide(lcm * lcm * (m + n) * (6 * u - mn * (4 * mn - 1)), 6 * mn * mn);
  // gs[v]: the values the partial statistic takes (ascending) and how many lattice paths reach each.
  const empty: Table = { values: new Float64Array(0), counts: new Float64Array(0) };
  let gs: Table[] = [{ values: new Float64Array([0]), counts: new Float64Array([1]) }];
  for (let v = 1; v <= m; v++) gs.push(empty);
  let entries = 0;
  for (let uu = 0; uu <= n; uu++) {
    const next: Table[] = [];
    let previous = empty;
    for (let v = 0; v <= m; v++) {
      // g(u, v) = g(u, v − 1) merged with g(u − 1, v), every value shifted by (a·v − b·u)².
      previous = mergeShifted(previous, gs[v], (a * v - b * uu) ** 2);
      next.push(previous);
      entries += previous.values.length;
      if (entries > MAX_EXACT_ENTRIES) {
        throw new Error(
          `cramerVonMises: the exact p-value for samples of ${m} and ${n} values is too costly to count; use method "asymptotic"`,
        );
      }
    }
    gs = next;
  }
  const last = gs[m];
  let count = 0;
  for (let i = 0; i < last.values.length; i++) if (last.values[i] >= zeta) count += last.counts[i];
  return count / binomialExact(m + n, m);
}

/** The limiting CDF of the one-sample Cramér–von Mises statistic (scipy _cdf_cvm_inf). */
function limitingCdf(x: number): number {
  let total = 0;
  for (let k = 0; ; k++) {
    const u = Math.exp(logGamma(k + 0.5) - logGamma(k + 1)) / (Math.PI ** 1.5 * Math.sqrt(x));
    const y = 4 * k + 1;
    const q = (y * y) / (16 * x);
    const z = u * Math.sqrt(y) * Math.exp(-q) * besselKQuarter(q);
    total += z;
    if (!(Math.abs(z) >= 1e-7)) return total;
  }
}

/**
 * The asymptotic p-value of T for samples of sizes nx and ny: T is normalised with its exact mean
 * and variance (Anderson 1962, eqs. 11, 14, 15) and referred to the limiting one-sample law;
 * 1 when the normalised value is below 0.003, as scipy does.
 */
export function cramerVonMisesAsymptoticPValue(t: number, nx: number, ny: number): number {
  const N = nx + ny;
  const k = nx * ny;
  const et = (1 + 1 / N) / 6;
  const vt = ((N + 1) * (4 * k * N - 3 * (nx * nx + ny * ny) - 2 * k)) / (45 * N * N * 4 * k);
  const tn = 1 / 6 + (t - et) / Math.sqrt(45 * vt);
  return tn >= 0.003 ? Math.max(1 - limitingCdf(tn), 0) : 1;
}
