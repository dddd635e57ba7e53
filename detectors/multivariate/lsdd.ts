/**
 * Least-squares density difference two-sample permutation test: Alibi Detect 0.12's LSDDDrift
 * (cd/tensorflow/lsdd.py; Bu, Alippi & Zhao, "A pdf-Free Change Detection Test Based on Density
 * Difference Estimation", IEEE TNNLS 2018).
 */

import {
  centerGram,
  centerKernel,
  chooseKernelCenters,
  lsddBandwidths,
  RegularisedLsdd,
  standardiseReference,
} from "../linalg/densityDifference.ts";
import { stackRows, standardise, type Rows, toMatrices } from "../linalg/matrix.ts";
import { checkAlpha, checkCount } from "../inputs/options.ts";
import { permutationSummary, randomSubsets } from "../random/permutation.ts";
import { type Rng, seededRng } from "../random/rng.ts";
import type { KernelTestResult } from "./mmd.ts";

export interface LsddOptions {
  /** Kernel bandwidth(s) on the standardised data. Default: Alibi's median heuristic on the reference. */
  sigma?: number | readonly number[];
  /** Number of permutations (default 100). */
  permutations?: number;
  /** Reference rows used as kernel centres (default max(⌊n_ref/20⌋, 1)). */
  kernelCenters?: number;
  /** Largest relative difference the regularisation may cause (default 0.2). */
  lambdaRdMax?: number;
  /** Seed of the centre choice and the permutations (default 0). */
  seed?: number;
  /** Significance level (default 0.05). */
  alpha?: number;
  /** Columns to read from object rows or tables (default: all of the reference's). */
  features?: readonly string[];
}

export interface LsddResult extends KernelTestResult {
  /** The regularisation λ chosen among 4⁻ⁱ, i = 0…9. */
  lambda: number;
  kernelCenters: number;
}

/**
 * Least-squares density difference two-sample test, as Alibi Detect's `LSDDDrift` (alibi-detect
 * 0.12, `cd/tensorflow/lsdd.py`, `utils/pytorch/distance.py permed_lsdds`; Bu et al., IEEE TNNLS 29(2), 2018):
 * 1. both samples are standardised with the reference's column means and standard deviations
 *    (population, ddof 0, + 1e-12 — the default TensorFlow backend; the PyTorch one uses ddof 1);
 * 2. σ is Alibi's median heuristic on the standardised reference unless given;
 * 3. `kernelCenters` random reference rows become kernel centres c (perturbed by N(0, 1e-6²) if
 *    some coincide), the other reference rows are the effective reference; H = k_{√2σ}(c, c);
 * 4. h = mean k_σ(x_ref, c) − mean k_σ(x, c), and each permutation of the pooled rows gives an h_b;
 * 5. λ is the largest of 4⁻ⁱ (i = 0…9) whose mean relative difference
 *    1 − ω_bᵀHω_b / h_bᵀω_b, ω_b = (H + λI)⁻¹h_b, over the permutations is below `lambdaRdMax`;
 * 6. LSDD = hᵀH_λ⁻¹h with H_λ⁻¹ = 2(H+λI)⁻¹ − (H+λI)⁻¹H(H+λI)⁻¹ (computed as 2hᵀω − ωᵀHω), and
 *    p = share of permuted LSDDs ≥ the observed one; drift when p < alpha.
 * As in Alibi, H is not divided by (πσ²)^(d/2), so the statistic is LSDD·(πσ²)^(d/2) (same p-value).
 * Centres and permutations come from a seeded generator. Rows with a value that is not a finite
 * number are dropped and counted.
 *
 * @param reference reference rows: arrays of numbers, objects, a table, or numbers (one feature)
 * @param current current rows, with the same columns
 * @param options `sigma`, `permutations` (100), `kernelCenters`, `lambdaRdMax` (0.2), `seed` (0), `alpha` (0.05), `features`
 * @returns {method: "lsdd", statistic, pValue, threshold: alpha, drift, dropped, sigma, distanceThreshold, lambda, kernelCenters}
 * @throws when the reference has fewer than 2 complete rows, `kernelCenters` leaves no effective
 * reference row, no λ meets `lambdaRdMax` (too many repeated rows: use mmd), or an option is invalid
 */
export function lsdd(reference: Rows, current: Rows, options: LsddOptions = {}): LsddResult {
  const { permutations = 100, lambdaRdMax = 0.2, seed = 0, alpha = 0.05 } = options;
  checkCount(permutations, "permutations", 1, "lsdd");
  checkAlpha(alpha, "lsdd");
  if (!(lambdaRdMax > 0)) throw new Error(`lsdd: lambdaRdMax must be positive, got ${lambdaRdMax}`);
  const pair = toMatrices(reference, current, "lsdd", options.features);
  const nRef = pair.reference.rows;
  if (nRef < 2) throw new Error(`lsdd: needs at least 2 complete reference rows, got ${nRef}`);
  const centerCount = checkCount(
    options.kernelCenters ?? Math.max(Math.floor(nRef / 20), 1),
    "kernelCenters",
    1,
    "lsdd",
  );
  if (centerCount >= nRef)
    throw new Error(`lsdd: kernelCenters (${centerCount}) must be fewer than the reference rows (${nRef})`);

  const { reference: ref, mean, scale } = standardiseReference(pair.reference);
  const cur = standardise(pair.current, mean, scale);
  const sigma = lsddBandwidths(ref, options.sigma, "lsdd");

  const rng = seededRng(seed);
  const { centers, effective } = chooseKernelCenters(ref, centerCount, rng);
  // Rows of k(·, c) for the effective reference, then the current rows.
  const kAll = centerKernel(stackRows(effective, cur), centers, sigma);
  const nX = effective.rows;
  const total = nX + cur.rows;
  const differences = meanDifferences(kAll, centerCount, nX, total, rng, permutations);

  // λ from the permuted h vectors only (all but the first), as Alibi's `permed_lsdds`.
  const gram = centerGram(centers, sigma);
  const lsddOf = RegularisedLsdd.choose(gram, centerCount, differences.slice(1), lambdaRdMax, "lsdd");
  const statistics = Float64Array.from(differences, (h) => lsddOf.statistic(h));
  const observed = statistics[0];
  const { pValue, distanceThreshold } = permutationSummary(observed, statistics.subarray(1), alpha, 0);
  return {
    method: "lsdd",
    statistic: observed,
    pValue,
    threshold: alpha,
    drift: pValue < alpha,
    dropped: pair.dropped,
    sigma,
    distanceThreshold,
    lambda: lsddOf.lambda,
    kernelCenters: centerCount,
  };
}

/**
 * h vectors (length c) for the observed split (first) and each permutation: mean of k(·, c) over
 * the rows labelled reference minus the mean over the rows labelled current. Each permutation
 * sums only its smaller group; the other mean follows from the column totals.
 */
function meanDifferences(
  kAll: Float64Array,
  c: number,
  nX: number,
  total: number,
  rng: Rng,
  permutations: number,
): Float64Array[] {
  const nY = total - nX;
  const inOrder = Int32Array.from({ length: total }, (_, i) => i);
  const refSum = sumRows(kAll, c, inOrder, 0, nX, new Float64Array(c));
  const curSum = sumRows(kAll, c, inOrder, nX, total, new Float64Array(c));
  const observed = refSum.map((s, l) => s / nX - curSum[l] / nY);
  const size = Math.min(nX, nY);
  const groupIsReference = nX < nY;
  const subsets = randomSubsets(rng, total, size, permutations);
  const out: Float64Array[] = [observed];
  for (let p = 0; p < permutations; p++) {
    const group = sumRows(kAll, c, subsets, p * size, (p + 1) * size, new Float64Array(c));
    for (let l = 0; l < c; l++) {
      const rest = refSum[l] + curSum[l] - group[l];
      group[l] = groupIsReference ? group[l] / nX - rest / nY : rest / nX - group[l] / nY;
    }
    out.push(group);
  }
  return out;
}

/**
 * Adds the rows `rows[from…to)` of the row-major n×c matrix `k` into `sum`, each column in row
 * order. Four rows at a time, so each partial sum is loaded and stored once per four rows.
 */
function sumRows(
  k: Float64Array,
  c: number,
  rows: Int32Array,
  from: number,
  to: number,
  sum: Float64Array,
): Float64Array {
  let a = from;
  for (; a + 3 < to; a += 4) {
    const r0 = rows[a] * c,
      r1 = rows[a + 1] * c,
      r2 = rows[a + 2] * c,
      r3 = rows[a + 3] * c;
    for (let l = 0; l < c; l++) sum[l] = sum[l] + k[r0 + l] + k[r1 + l] + k[r2 + l] + k[r3 + l];
  }
  for (; a < to; a++) {
    const r = rows[a] * c;
    for (let l = 0; l < c; l++) sum[l] += k[r + l];
  }
  return sum;
}
