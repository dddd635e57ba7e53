/**
 * The least-squares density difference model both LSDD detectors share (the batch `lsdd` and
 * `online.lsdd`): standardising by the reference, Gaussian kernel centres drawn from it, the
 * centres' Gram matrix H, and the regularisation λ that turns a mean-kernel difference h into the
 * LSDD estimate hᵀH_λ⁻¹h. Alibi Detect 0.12, cd/tensorflow/lsdd.py, lsdd_online.py and
 * utils/pytorch/distance.py `permed_lsdds`; Bu, Alippi & Zhao, IEEE TNNLS 29(2), 2018.
 */

import { crossSquaredDistances, pairwiseSquaredDistances, rowOffsets } from "./distances.ts";
import { bandwidths, gaussianKernelInPlace, medianHeuristicSelf } from "./kernel.ts";
import { cholesky, choleskySolve, dot, multiply } from "./cholesky.ts";
import { columnMoments, type Matrix, selectRows, standardise } from "./matrix.ts";
import { scratchFloat64 } from "./scratch.ts";
import { randomSubsets } from "../random/permutation.ts";
import type { Rng } from "../random/rng.ts";

/** The reference standardised by its own column means and standard deviations, and those moments. */
export interface StandardisedReference {
  reference: Matrix;
  mean: Float64Array;
  /** Standard deviation + 1e-12, the divisor. */
  scale: Float64Array;
}

/**
 * Standardises the reference as Alibi's default TensorFlow backend does: population standard
 * deviation (ddof 0; the PyTorch backend uses ddof 1) plus 1e-12.
 */
export function standardiseReference(reference: Matrix): StandardisedReference {
  const { mean, std } = columnMoments(reference, 0);
  const scale = std.map((s) => s + 1e-12);
  return { reference: standardise(reference, mean, scale), mean, scale };
}

/** The kernel bandwidths: `sigma` if given, else Alibi's median heuristic on the standardised reference. */
export function lsddBandwidths(reference: Matrix, sigma: number | readonly number[] | undefined, fn: string): number[] {
  if (sigma !== undefined) return bandwidths(sigma, fn);
  const n = reference.rows;
  const distances = pairwiseSquaredDistances(reference, scratchFloat64((n * (n - 1)) / 2));
  return [medianHeuristicSelf(distances, rowOffsets(n), n)];
}

/** Kernel centres drawn from the reference, and the other rows (the effective reference). */
export interface KernelCenters {
  centers: Matrix;
  effective: Matrix;
}

/**
 * `count` random reference rows become the kernel centres (all perturbed by N(0, 1e-6²) when two
 * coincide, as Alibi), the rest the effective reference, both in reference order.
 */
export function chooseKernelCenters(reference: Matrix, count: number, rng: Rng): KernelCenters {
  const isCenter = new Uint8Array(reference.rows);
  for (const i of randomSubsets(rng, reference.rows, count, 1)) isCenter[i] = 1;
  const centers = selectRows(reference, indicesWhere(isCenter, 1));
  const distinct = new Set<string>();
  for (let i = 0; i < centers.rows; i++)
    distinct.add(centers.data.subarray(i * centers.cols, (i + 1) * centers.cols).join(","));
  if (distinct.size < centers.rows)
    for (let i = 0; i < centers.data.length; i++) centers.data[i] += rng.normal() * 1e-6;
  return { centers, effective: selectRows(reference, indicesWhere(isCenter, 0)) };
}

function indicesWhere(flags: Uint8Array, value: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < flags.length; i++) if (flags[i] === value) out.push(i);
  return out;
}

/**
 * k_σ(rows, centres) as a row-major rows × c matrix (several bandwidths averaged). As in Alibi,
 * H = k_{√2σ}(c, c) is not divided by (πσ²)^(d/2), so every LSDD is LSDD·(πσ²)^(d/2) (same tests).
 */
export function centerKernel(rows: Matrix, centers: Matrix, sigma: readonly number[]): Float64Array {
  const k = crossSquaredDistances(rows, centers);
  gaussianKernelInPlace(k, sigma);
  return k;
}

/** H = k_{√2σ}(c, c), the c × c Gram matrix of the centres. */
export function centerGram(centers: Matrix, sigma: readonly number[]): Float64Array {
  return centerKernel(
    centers,
    centers,
    sigma.map((s) => Math.SQRT2 * s),
  );
}

const LAMBDAS = Array.from({ length: 10 }, (_, i) => 4 ** -i);

/**
 * The LSDD estimate for a fixed H and λ: hᵀH_λ⁻¹h with H_λ⁻¹ = 2(H+λI)⁻¹ − (H+λI)⁻¹H(H+λI)⁻¹
 * (Bu et al. eq. 11), computed as 2hᵀω − ωᵀHω with ω = (H+λI)⁻¹h through a Cholesky factor.
 * Rebuilt from the same H and λ it gives bit-identical values, so a saved detector stores only λ.
 */
export class RegularisedLsdd {
  private readonly factor: Float64Array;
  private readonly omega: Float64Array;
  private readonly hOmega: Float64Array;

  /** @throws when H + λI is not positive definite */
  constructor(
    readonly gram: Float64Array,
    readonly c: number,
    readonly lambda: number,
  ) {
    const factor = RegularisedLsdd.factor(gram, c, lambda);
    if (!factor) throw new Error(`LSDD: H + ${lambda}·I is not positive definite`);
    this.factor = factor;
    this.omega = new Float64Array(c);
    this.hOmega = new Float64Array(c);
  }

  /**
   * λ as Alibi's `permed_lsdds` picks it: the largest of 4⁻ⁱ (i = 0…9) whose mean relative
   * difference 1 − ωᵀHω / hᵀω over `samples` (h vectors of the null: permutations or bootstraps)
   * is below `lambdaRdMax`.
   *
   * @throws naming `fn` when no λ qualifies (too many repeated rows)
   */
  static choose(
    gram: Float64Array,
    c: number,
    samples: readonly Float64Array[],
    lambdaRdMax: number,
    fn: string,
  ): RegularisedLsdd {
    const omega = new Float64Array(c);
    const hOmega = new Float64Array(c);
    for (const lambda of LAMBDAS) {
      const factor = RegularisedLsdd.factor(gram, c, lambda);
      if (factor === null) continue;
      let rdSum = 0;
      for (const h of samples) {
        choleskySolve(factor, c, h, omega);
        rdSum += 1 - dot(omega, multiply(gram, c, omega, hOmega)) / dot(h, omega);
      }
      if (rdSum / samples.length < lambdaRdMax) return new RegularisedLsdd(gram, c, lambda);
    }
    throw new Error(
      `${fn}: no regularisation λ in 4⁻ⁱ (i = 0…9) keeps the relative difference below lambdaRdMax — too many repeated rows? Try mmd instead`,
    );
  }

  private static factor(gram: Float64Array, c: number, lambda: number): Float64Array | null {
    const shifted = Float64Array.from(gram);
    for (let l = 0; l < c; l++) shifted[l * c + l] += lambda;
    return cholesky(shifted, c);
  }

  /** hᵀH_λ⁻¹h for the mean-kernel difference `h` (length c). */
  statistic(h: ArrayLike<number>): number {
    choleskySolve(this.factor, this.c, h, this.omega);
    return 2 * dot(h, this.omega) - dot(this.omega, multiply(this.gram, this.c, this.omega, this.hOmega));
  }
}
