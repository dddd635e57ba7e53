/**
 * Gaussian RBF kernels and their bandwidths for mmd, lsdd and spotTheDiff: Alibi Detect 0.12's
 * GaussianRBF and sigma_median (utils/pytorch/kernels.py), with the median found by bucketed selection.
 */

import { quickselect } from "simple-statistics";
import { MIN_SQUARED_DISTANCE } from "./distances.ts";
import { expNonPositive } from "../special/fastExp.ts";

/**
 * Alibi Detect's median heuristic for a sample against itself (`sigma_median(x, x, d²)`,
 * `utils/pytorch/kernels.py`): the ascending flattened n×n matrix of squared distances starts with
 * the n clamped diagonal zeros, and σ = √(½·d²[n + (n² − n)//2 − 1]). As every pair appears twice
 * off the diagonal, that is the ⌈P/2⌉-th smallest of the P = n(n−1)/2 pair distances; with one
 * row it is the clamped zero.
 *
 * @param packed pair distances packed as by `pairwiseSquaredDistances` (not modified)
 * @param offsets the packed row offsets
 * @param n the sample is the first n rows of the packed matrix
 */
export function medianHeuristicSelf(packed: Float64Array, offsets: Int32Array, n: number): number {
  const pairs = (n * (n - 1)) / 2;
  if (pairs === 0) return Math.sqrt(0.5 * MIN_SQUARED_DISTANCE);
  const rows = Array.from({ length: n - 1 }, (_, i): [number, number] => [offsets[i] + i + 1, offsets[i] + n]);
  return Math.sqrt(0.5 * kthSmallest(packed, rows, Math.ceil(pairs / 2) - 1));
}

/**
 * Alibi Detect's median heuristic between two different samples (`sigma_median(x, y, d²)` with no
 * shared diagonal): σ = √(½·d²[(Nx·Ny)//2 − 1]) of the ascending distances, Python's index −1
 * (the largest) when there is a single distance.
 *
 * @param distances the Nx·Ny squared distances (not modified)
 */
export function medianHeuristicCross(distances: Float64Array): number {
  const index = Math.floor(distances.length / 2) - 1;
  return Math.sqrt(0.5 * kthSmallest(distances, [[0, distances.length]], index < 0 ? distances.length - 1 : index));
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * The k-th smallest (0-based) of the positive values in the given [start, end) ranges of `values`.
 * Positive doubles order like their bit patterns, so one pass counts them by the top 16 bits
 * (exponent and 4 mantissa bits), and only the bucket holding the k-th is copied and handed to
 * simple-statistics' quickselect.
 */
function kthSmallest(values: Float64Array, ranges: readonly [number, number][], k: number): number {
  const words = new Uint32Array(values.buffer, values.byteOffset, values.length * 2);
  const high = LITTLE_ENDIAN ? 1 : 0;
  const counts = new Int32Array(65536);
  for (const [start, end] of ranges) for (let i = start; i < end; i++) counts[words[2 * i + high] >>> 16]++;
  let bucket = 0;
  let below = 0;
  while (below + counts[bucket] <= k) below += counts[bucket++];
  const members = new Float64Array(counts[bucket]);
  let o = 0;
  for (const [start, end] of ranges)
    for (let i = start; i < end; i++) if (words[2 * i + high] >>> 16 === bucket) members[o++] = values[i];
  // quickselect only reads, compares and swaps elements, so a Float64Array serves as the number[] its typings name.
  quickselect(members as unknown as number[], k - below);
  return members[k - below];
}

/**
 * Replaces squared distances by Alibi Detect's `GaussianRBF` kernel values, in place:
 * k = mean over the bandwidths σ_s of exp(−d²/(2σ_s²)).
 */
export function gaussianKernelInPlace(distances: Float64Array, sigmas: readonly number[]): void {
  const { gamma, gammas } = rates(sigmas);
  for (let i = 0; i < distances.length; i++) distances[i] = gaussian(distances[i], gamma, gammas);
}

/**
 * `gaussianKernelInPlace` on packed pair distances (see `pairwiseSquaredDistances`) that also
 * returns every row's sum Σ_{j≠i} k(i, j), in the same pass.
 */
export function gaussianKernelPackedInPlace(
  packed: Float64Array,
  rows: number,
  sigmas: readonly number[],
): Float64Array {
  const { gamma, gammas } = rates(sigmas);
  const sums = new Float64Array(rows);
  let o = 0;
  for (let i = 0; i < rows; i++) {
    let own = 0;
    for (let j = i + 1; j < rows; j++) {
      const value = gaussian(packed[o], gamma, gammas);
      packed[o++] = value;
      own += value;
      sums[j] += value;
    }
    sums[i] += own;
  }
  return sums;
}

/** 1/(2σ²) for one bandwidth (`gammas` null), or for each of several. */
function rates(sigmas: readonly number[]): { gamma: number; gammas: number[] | null } {
  const gammas = sigmas.map((sigma) => 1 / (2 * sigma * sigma));
  return gammas.length === 1 ? { gamma: gammas[0], gammas: null } : { gamma: 0, gammas };
}

function gaussian(squared: number, gamma: number, gammas: readonly number[] | null): number {
  if (gammas === null) return expNonPositive(-gamma * squared);
  let sum = 0;
  for (const gamma of gammas) sum += expNonPositive(-gamma * squared);
  return sum / gammas.length;
}

/** Checks user-given bandwidths (one or several positive numbers). */
export function bandwidths(sigma: number | readonly number[], fn: string): number[] {
  const sigmas = typeof sigma === "number" ? [sigma] : [...sigma];
  if (sigmas.length === 0 || sigmas.some((s) => !(s > 0) || !Number.isFinite(s))) {
    throw new Error(`${fn}: sigma must be a positive number or a non-empty list of them, got ${JSON.stringify(sigma)}`);
  }
  return sigmas;
}
