/**
 * Random subsets for two-sample permutation tests (partial Fisher–Yates shuffles) and Alibi Detect
 * 0.12's permutation-test summary: p-value and distance threshold (cd/pytorch/mmd.py, lsdd.py `score`).
 */

import type { Rng } from "./rng.ts";
import { sortNumbers } from "../samples/radixSort.ts";

/**
 * Draws `count` random subsets of `size` indices out of 0…total−1, each sorted ascending, into one
 * Int32Array (subset p at `[p·size, (p+1)·size)`). Each subset is the last `size` positions of a
 * Fisher–Yates shuffle of a running pool, i.e. the group of that size in a uniformly random
 * permutation of the pooled rows — all a two-sample permutation test needs (only the `size`
 * steps that fill those positions are run).
 */
export function randomSubsets(rng: Rng, total: number, size: number, count: number): Int32Array {
  const pool = Int32Array.from({ length: total }, (_, i) => i);
  const chosen = new Uint8Array(total);
  const subsets = new Int32Array(size * count);
  for (let p = 0; p < count; p++) {
    for (let i = total - 1; i >= total - size; i--) {
      const j = rng.int(i + 1);
      const swap = pool[i];
      pool[i] = pool[j];
      pool[j] = swap;
      chosen[pool[i]] = 1;
    }
    // Collecting the marks in index order sorts the subset in O(total).
    let o = p * size;
    for (let i = 0; i < total; i++) {
      if (chosen[i] === 1) {
        subsets[o++] = i;
        chosen[i] = 0;
      }
    }
  }
  return subsets;
}

/**
 * Alibi Detect's permutation-test summary (`cd/pytorch/mmd.py`, `lsdd.py` `score`):
 * p = share of permuted statistics ≥ the observed one (ties count against drift), and the distance
 * threshold = the permuted statistics sorted descending, at index ⌊α·B⌋. Differences within
 * `tolerance` count as ties, so rounding in sums of identical kernel values cannot turn
 * exchangeable samples into drift (scipy.stats.permutation_test compares with a tolerance too).
 */
export function permutationSummary(
  observed: number,
  permuted: Float64Array,
  alpha: number,
  tolerance: number,
): { pValue: number; distanceThreshold: number } {
  let atLeast = 0;
  for (const value of permuted) if (value >= observed - tolerance) atLeast++;
  const descending = sortNumbers(Float64Array.from(permuted)).reverse();
  return { pValue: atLeast / permuted.length, distanceThreshold: descending[Math.floor(alpha * permuted.length)] };
}
