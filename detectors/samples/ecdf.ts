/**
 * Helpers for tests on sorted samples: sort once, then walk the pooled sample value by value.
 * Every rank- or ECDF-based test (KS, Cramér–von Mises, Anderson–Darling, Mann–Whitney,
 * Wasserstein, energy distance) is a single merge-walk over two sorted arrays.
 * Midranks as scipy 1.17 scipy.stats.rankdata, ECDF distances as its _cdf_distance.
 */

import type { Values } from "../types.ts";
import { finiteNumbers } from "../inputs/clean.ts";
import { CompensatedSum } from "./moments.ts";
import { sortNumbers } from "./radixSort.ts";

/**
 * The finite numbers of `values`, sorted ascending (Float64Array's numeric sort), and how many
 * were dropped. Throws, naming `what`, when nothing finite is left.
 */
export function sortedFinite(values: Values, what: string): { sorted: Float64Array; dropped: number } {
  const { values: kept, dropped } = finiteNumbers(values, what);
  // finiteNumbers always returns a fresh array, so sorting in place never touches the caller's data.
  return { sorted: sortNumbers(kept), dropped };
}

/**
 * Visits each distinct value of the pooled sample a ∪ b in ascending order with how many times
 * it occurs in a and in b. Both arrays must be sorted ascending.
 */
export function walkPooled(
  a: Float64Array,
  b: Float64Array,
  visit: (value: number, countA: number, countB: number) => void,
): void {
  const n = a.length;
  const m = b.length;
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    const value = j >= m || (i < n && a[i] <= b[j]) ? a[i] : b[j];
    const i0 = i;
    const j0 = j;
    while (i < n && a[i] === value) i++;
    while (j < m && b[j] === value) j++;
    visit(value, i - i0, j - j0);
  }
}

/**
 * Visits each distinct pooled value with the midrank (average 1-based rank) its tie group gets in
 * the pooled sample, as scipy.stats.rankdata(method="average"), and the group's counts in a and b.
 */
export function walkMidranks(
  a: Float64Array,
  b: Float64Array,
  visit: (midrank: number, countA: number, countB: number) => void,
): void {
  let below = 0;
  walkPooled(a, b, (_value, countA, countB) => {
    const ties = countA + countB;
    visit(below + (ties + 1) / 2, countA, countB);
    below += ties;
  });
}

/**
 * ∫|F_a(x) − F_b(x)|^power dx between the ECDFs of two sorted samples (the integrand is a step
 * function between consecutive pooled values), as scipy's _cdf_distance before its final root.
 */
export function ecdfDistance(a: Float64Array, b: Float64Array, power: 1 | 2): number {
  const n = a.length;
  const m = b.length;
  const integral = new CompensatedSum();
  let i = 0;
  let j = 0;
  let previous = NaN;
  walkPooled(a, b, (value, countA, countB) => {
    if (i + j > 0) {
      const gap = Math.abs(i / n - j / m);
      integral.add((power === 1 ? gap : gap * gap) * (value - previous));
    }
    i += countA;
    j += countB;
    previous = value;
  });
  return integral.value;
}
