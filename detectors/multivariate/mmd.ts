/**
 * Maximum mean discrepancy two-sample permutation test with a Gaussian RBF kernel: Alibi Detect
 * 0.12's MMDDrift (cd/pytorch/mmd.py; Gretton et al., "A Kernel Two-Sample Test", JMLR 2012).
 */

import { pairwiseSquaredDistances, rowOffsets } from "../linalg/distances.ts";
import { bandwidths, gaussianKernelPackedInPlace, medianHeuristicSelf } from "../linalg/kernel.ts";
import { type Rows, stackRows, toMatrices } from "../linalg/matrix.ts";
import { checkAlpha, checkCount } from "../inputs/options.ts";
import { permutationSummary, randomSubsets } from "../random/permutation.ts";
import { seededRng } from "../random/rng.ts";
import { scratchFloat64 } from "../linalg/scratch.ts";
import type { TestResult } from "../types.ts";

export type { Rows } from "../linalg/matrix.ts";

export interface MmdOptions {
  /** Kernel bandwidth(s); several are averaged. Default: Alibi's median heuristic on the reference. */
  sigma?: number | readonly number[];
  /** Number of permutations (default 100). */
  permutations?: number;
  /** Seed of the permutations (default 0). */
  seed?: number;
  /** Significance level (default 0.05). */
  alpha?: number;
  /** Columns to read from object rows or tables (default: all of the reference's). */
  features?: readonly string[];
}

/** A kernel two-sample test's result: the bandwidths used and Alibi's `distance_threshold` too. */
export interface KernelTestResult extends TestResult {
  sigma: number[];
  /** The permuted statistic at descending rank ⌊α·permutations⌋: roughly the statistic drift needs. */
  distanceThreshold: number;
}

// The packed kernel matrix holds N(N−1)/2 doubles: 2^27 of them (1 GiB) is about 16 400 rows.
const MAX_PAIRS = 2 ** 27;
// Rows of the packed matrix visited together by all permutations, so they stay in cache.
const ROW_BLOCK = 128;

/**
 * Maximum mean discrepancy two-sample test with a Gaussian RBF kernel, as Alibi Detect's
 * `MMDDrift` (alibi-detect 0.12, `cd/pytorch/mmd.py`, `utils/pytorch/distance.py`). The statistic
 * is the unbiased MMD² = ΣK_xx/(n(n−1)) + ΣK_yy/(m(m−1)) − 2·mean(K_xy) (diagonals excluded) with
 * k(a, b) = exp(−‖a−b‖²/(2σ²)); without `sigma`, σ is Alibi's median heuristic on the reference
 * against itself (√(½·d²) at the (P/2)-th smallest of the P pair distances, see
 * `medianHeuristicSelf`), as `configure_kernel_from_x_ref=True` does. The p-value is the share of
 * `permutations` random relabellings of the pooled rows whose MMD² is at least the observed one;
 * drift when p < alpha. The relabellings come from a seeded generator, so results repeat exactly
 * (Alibi draws them from torch's global generator); the permuted statistics are kept in float64
 * (Alibi stores them as float32), and those within 1e-10 of the mean kernel value below the
 * observed one count as ties, so rounding cannot flag identical samples (all rows equal: p = 1).
 *
 * Rows with a value that is not a finite number are dropped and counted. The kernel matrix of the
 * pooled rows is computed once (N(N−1)/2 doubles, in a scratch buffer kept weakly for the next
 * call) and every permutation is summed from it.
 *
 * @param reference reference rows: arrays of numbers, objects, a table, or numbers (one feature)
 * @param current current rows, with the same columns
 * @param options `sigma`, `permutations` (100), `seed` (0), `alpha` (0.05), `features`
 * @returns {method: "mmd", statistic: MMD², pValue, threshold: alpha, drift, dropped, sigma, distanceThreshold}
 * @throws when a side has fewer than 2 complete rows, the pooled rows exceed ~16 400, or an option is invalid
 * @example
 * mmd([[0, 0], [1, 0], [0, 1], [1, 1]], [[2, 2], [3, 2], [2, 3]], { permutations: 200 })
 */
export function mmd(reference: Rows, current: Rows, options: MmdOptions = {}): KernelTestResult {
  const { permutations = 100, seed = 0, alpha = 0.05 } = options;
  checkCount(permutations, "permutations", 1, "mmd");
  checkAlpha(alpha, "mmd");
  const pair = toMatrices(reference, current, "mmd", options.features);
  const n = pair.reference.rows;
  const m = pair.current.rows;
  if (n < 2 || m < 2)
    throw new Error(`mmd: needs at least 2 complete rows on each side (reference ${n}, current ${m})`);
  const total = n + m;
  if ((total * (total - 1)) / 2 > MAX_PAIRS)
    throw new Error(
      `mmd: ${total} rows in all is too many for the kernel matrix (at most about 16 400); subsample the rows`,
    );

  const kernel = pairwiseSquaredDistances(
    stackRows(pair.reference, pair.current),
    scratchFloat64((total * (total - 1)) / 2),
  );
  const offsets = rowOffsets(total);
  const sigma =
    options.sigma === undefined ? [medianHeuristicSelf(kernel, offsets, n)] : bandwidths(options.sigma, "mmd");
  const rowSums = gaussianKernelPackedInPlace(kernel, total, sigma);
  let sum = 0;
  for (const value of rowSums) sum += value;

  // Sum over the smaller group only: the other blocks follow from the row sums.
  const size = Math.min(n, m);
  const groupIsReference = n < m;
  const subsets = new Int32Array(size * (permutations + 1));
  for (let i = 0; i < size; i++) subsets[i] = groupIsReference ? i : n + i;
  subsets.set(randomSubsets(seededRng(seed), total, size, permutations), size);
  const pairSums = subsetPairSums(kernel, offsets, subsets, size, permutations + 1, total);

  const statistics = new Float64Array(permutations + 1);
  const other = total - size;
  for (let p = 0; p <= permutations; p++) {
    let rowSum = 0;
    for (let i = p * size; i < (p + 1) * size; i++) rowSum += rowSums[subsets[i]];
    const within = 2 * pairSums[p]; // ΣK over the group, both orders
    const cross = rowSum - within; // ΣK between the group and the rest, one order
    const rest = sum - 2 * cross - within;
    statistics[p] = within / (size * (size - 1)) + rest / (other * (other - 1)) - (2 * cross) / (size * other);
  }
  const observed = statistics[0];
  const { pValue, distanceThreshold } = permutationSummary(
    observed,
    statistics.subarray(1),
    alpha,
    1e-10 * (sum / (total * (total - 1))),
  );
  return {
    method: "mmd",
    statistic: observed,
    pValue,
    threshold: alpha,
    drift: pValue < alpha,
    dropped: pair.dropped,
    sigma,
    distanceThreshold,
  };
}

/**
 * For each sorted subset, the sum of k(a, b) over its pairs a < b. Blocks of ROW_BLOCK rows are
 * visited by every subset in turn so the rows stay in cache, and eight subset rows are summed
 * together so each column index loaded serves all eight.
 */
function subsetPairSums(
  kernel: Float64Array,
  offsets: Int32Array,
  subsets: Int32Array,
  size: number,
  count: number,
  total: number,
): Float64Array {
  const sums = new Float64Array(count);
  const cursor = new Int32Array(count);
  for (let first = 0; first < total; first += ROW_BLOCK) {
    const last = first + ROW_BLOCK;
    for (let p = 0; p < count; p++) {
      const end = (p + 1) * size;
      let a = p * size + cursor[p];
      let blockSum = 0;
      for (; a + 7 < end && subsets[a + 7] < last; a += 8) {
        const r0 = offsets[subsets[a]],
          r1 = offsets[subsets[a + 1]],
          r2 = offsets[subsets[a + 2]],
          r3 = offsets[subsets[a + 3]];
        const r4 = offsets[subsets[a + 4]],
          r5 = offsets[subsets[a + 5]],
          r6 = offsets[subsets[a + 6]],
          r7 = offsets[subsets[a + 7]];
        let s0 = 0,
          s1 = 0,
          s2 = 0,
          s3 = 0,
          s4 = 0,
          s5 = 0,
          s6 = 0,
          s7 = 0;
        for (let u = a; u < a + 7; u++) s0 += rowSum(kernel, offsets[subsets[u]], subsets, u + 1, a + 8);
        for (let b = a + 8; b < end; b++) {
          const j = subsets[b];
          s0 += kernel[r0 + j];
          s1 += kernel[r1 + j];
          s2 += kernel[r2 + j];
          s3 += kernel[r3 + j];
          s4 += kernel[r4 + j];
          s5 += kernel[r5 + j];
          s6 += kernel[r6 + j];
          s7 += kernel[r7 + j];
        }
        blockSum += s0 + s1 + (s2 + s3) + (s4 + s5 + (s6 + s7));
      }
      for (; a < end && subsets[a] < last; a++) blockSum += rowSum(kernel, offsets[subsets[a]], subsets, a + 1, end);
      cursor[p] = a - p * size;
      sums[p] += blockSum;
    }
  }
  return sums;
}

/** Σ k(row, subsets[b]) for b in [from, to), the row given by its packed offset. */
function rowSum(kernel: Float64Array, base: number, subsets: Int32Array, from: number, to: number): number {
  let s = 0;
  for (let b = from; b < to; b++) s += kernel[base + subsets[b]];
  return s;
}
