/**
 * MMD two-sample test with a learned kernel: Alibi Detect 0.12's LearnedKernelDrift
 * (cd/pytorch/learned_kernel.py; Liu et al., "Learning Deep Kernels for Non-Parametric Two-Sample
 * Tests", ICML 2020), with a Gaussian kernel whose lengthscales, one per dimension, are learned.
 */

import { pairwiseSquaredDistances, rowOffsets } from "../linalg/distances.ts";
import { medianHeuristicSelf } from "../linalg/kernel.ts";
import { type Matrix, type Rows, selectRows, toMatrices } from "../linalg/matrix.ts";
import { adam } from "../classifiers/adam.ts";
import { checkAlpha, checkCount } from "../inputs/options.ts";
import { type Rng, seededRng } from "../random/rng.ts";
import { type KernelTestResult, mmd } from "./mmd.ts";
import { powerAndGradient } from "./testPower.ts";

export interface LearnedKernelMmdOptions {
  /** Share of each side's rows used to learn the kernel; the rest are tested (default 0.75, as Alibi). */
  trainSize?: number;
  /** Passes over the training rows (default 20). */
  epochs?: number;
  /** Adam's learning rate on the log-lengthscales (default 0.05). */
  learningRate?: number;
  /** Paired rows per training batch (default 64; Alibi's default is 32). */
  batchSize?: number;
  /** Number of permutations of the held-out test (default 100). */
  permutations?: number;
  /** Seed of the split, the batches and the permutations (default 0). */
  seed?: number;
  /** Significance level (default 0.05). */
  alpha?: number;
  /** Columns to read from object rows or tables (default: all of the reference's). */
  features?: readonly string[];
}

export interface LearnedKernelMmdResult extends Omit<KernelTestResult, "sigma"> {
  kernel: { lengthscales: number[] };
  /** Rows of each side the kernel was learned on and the test ran on. */
  split: { train: { reference: number; current: number }; test: { reference: number; current: number } };
}

// Alibi's var_reg: added to the variance estimate so Ĵ stays finite.
const VARIANCE_REGULARISER = 1e-5;

/**
 * Learned-kernel MMD test, as Alibi Detect's `LearnedKernelDrift` with a trainable Gaussian kernel:
 * 1. each side's rows are shuffled (seeded) and split: ⌊n·trainSize⌋ to train, the rest to test
 *    (Alibi's `BaseLearnedKernelDrift.get_splits`);
 * 2. the kernel k(a, b) = exp(−Σ_k (a_k − b_k)²/(2ℓ_k²)) starts with every ℓ_k at Alibi's median
 *    heuristic on the training reference, and log ℓ is moved by Adam to maximise Liu et al.'s power
 *    estimate Ĵ = MMD²_u/√(σ̂²_H + 1e-5) (see `powerAndGradient`) on paired batches of training rows,
 *    reshuffled each epoch, the last incomplete batch dropped (Alibi's `trainer`, `drop_last=True`);
 * 3. `mmd`'s permutation test runs on the held-out rows with the learned kernel (the rows divided
 *    by ℓ, σ = 1): drift when p < alpha.
 * Alibi also lets a network feature map feed the kernel (`DeepKernel`); only lengthscales are
 * learned here. Its defaults (3 epochs, learning rate 1e-3) barely move the kernel in so few steps,
 * so ours take larger steps. Rows with a value that is not a finite number are dropped and counted.
 *
 * @param reference reference rows: arrays or typed arrays of numbers, objects, a table, or numbers
 * @param current current rows, with the same columns
 * @param options `trainSize` (0.75), `epochs` (20), `learningRate` (0.05), `batchSize` (64),
 * `permutations` (100), `seed` (0), `alpha` (0.05), `features`
 * @returns {method: "learnedKernelMmd", statistic: held-out MMD², pValue, threshold: alpha, drift, dropped,
 * distanceThreshold, kernel: {lengthscales}, split}
 * @throws when a side leaves fewer than 2 rows to train or to test, or an option is invalid
 * @example
 * learnedKernelMmd(referenceVectors, currentVectors, { epochs: 10, seed: 1 }).kernel.lengthscales
 */
export function learnedKernelMmd(
  reference: Rows,
  current: Rows,
  options: LearnedKernelMmdOptions = {},
): LearnedKernelMmdResult {
  const fn = "learnedKernelMmd";
  const { trainSize = 0.75, epochs = 20, learningRate = 0.05, batchSize = 64, permutations = 100 } = options;
  const { seed = 0, alpha = 0.05 } = options;
  if (!(trainSize > 0 && trainSize < 1)) throw new Error(`${fn}: trainSize must be between 0 and 1, got ${trainSize}`);
  checkCount(epochs, "epochs", 1, fn);
  checkCount(batchSize, "batchSize", 2, fn);
  checkCount(permutations, "permutations", 1, fn);
  checkAlpha(alpha, fn);
  if (!(learningRate > 0 && Number.isFinite(learningRate)))
    throw new Error(`${fn}: learningRate must be a positive number, got ${learningRate}`);
  const pair = toMatrices(reference, current, fn, options.features);
  const rng = seededRng(seed);
  const ref = split(pair.reference, trainSize, rng, fn, "reference");
  const cur = split(pair.current, trainSize, rng, fn, "current");

  const lengthscales = learnLengthscales(ref.train, cur.train, { epochs, learningRate, batchSize }, rng);
  const test = mmd(scaleColumns(ref.test, lengthscales), scaleColumns(cur.test, lengthscales), {
    sigma: 1,
    permutations,
    seed: rng.int(2 ** 31),
    alpha,
  });
  const { sigma: _unitBandwidth, ...result } = test;
  return {
    ...result,
    method: fn,
    dropped: pair.dropped,
    kernel: { lengthscales: Array.from(lengthscales) },
    split: {
      train: { reference: ref.train.rows, current: cur.train.rows },
      test: { reference: ref.test.rows, current: cur.test.rows },
    },
  };
}

/** Shuffles the rows and cuts them into ⌊n·trainSize⌋ training rows and the rest. */
function split(m: Matrix, trainSize: number, rng: Rng, fn: string, side: string): { train: Matrix; test: Matrix } {
  const order = rng.shuffle(Int32Array.from({ length: m.rows }, (_, i) => i));
  const cut = Math.floor(m.rows * trainSize);
  if (cut < 2 || m.rows - cut < 2)
    throw new Error(
      `${fn}: ${side} has ${m.rows} complete rows; trainSize ${trainSize} leaves ${cut} to train and ${m.rows - cut} to test, and each needs at least 2`,
    );
  return { train: selectRows(m, order.subarray(0, cut)), test: selectRows(m, order.subarray(cut)) };
}

/** The rows as arrays, each value divided by its column's scale (the kernel's lengthscale). */
function scaleColumns(m: Matrix, scales: Float64Array): Float64Array[] {
  return Array.from({ length: m.rows }, (_, i) =>
    Float64Array.from(m.data.subarray(i * m.cols, (i + 1) * m.cols), (v, k) => v / scales[k]),
  );
}

/**
 * Adam ascent of Ĵ over log ℓ on paired batches (x_i, y_i) of the training rows; batches hold
 * min(batchSize, both sides' rows) pairs, and an epoch is as many full batches as the smaller side fills.
 * Exported for the training-time bench.
 */
export function learnLengthscales(
  ref: Matrix,
  cur: Matrix,
  settings: { epochs: number; learningRate: number; batchSize: number },
  rng: Rng,
): Float64Array {
  const d = ref.cols;
  const start = Math.log(medianHeuristicSelf(pairwiseSquaredDistances(ref), rowOffsets(ref.rows), ref.rows));
  const logLengthscales = new Float64Array(d).fill(start);
  const optimiser = adam(d, settings.learningRate);
  const gradient = new Float64Array(d);
  const size = Math.min(settings.batchSize, ref.rows, cur.rows);
  const batches = Math.floor(Math.min(ref.rows, cur.rows) / size);
  const refOrder = Int32Array.from({ length: ref.rows }, (_, i) => i);
  const curOrder = Int32Array.from({ length: cur.rows }, (_, i) => i);
  const x = new Float64Array(size * d);
  const y = new Float64Array(size * d);
  for (let epoch = 0; epoch < settings.epochs; epoch++) {
    rng.shuffle(refOrder);
    rng.shuffle(curOrder);
    for (let b = 0; b < batches; b++) {
      // Rows divided by √2·ℓ, so the kernel is exp(−‖a − b‖²).
      const scales = Float64Array.from(logLengthscales, (l) => Math.SQRT2 * Math.exp(l));
      fillScaled(x, ref, refOrder.subarray(b * size, (b + 1) * size), scales);
      fillScaled(y, cur, curOrder.subarray(b * size, (b + 1) * size), scales);
      powerAndGradient(x, y, size, d, VARIANCE_REGULARISER, gradient);
      for (let k = 0; k < d; k++) gradient[k] = -gradient[k]; // ascent
      optimiser.step(logLengthscales, gradient);
    }
  }
  return Float64Array.from(logLengthscales, Math.exp);
}

function fillScaled(out: Float64Array, m: Matrix, rows: Int32Array, scales: Float64Array): void {
  const d = m.cols;
  for (let r = 0; r < rows.length; r++)
    for (let k = 0; k < d; k++) out[r * d + k] = m.data[rows[r] * d + k] / scales[k];
}
