/**
 * Online least-squares density difference: Alibi Detect 0.12's LSDDDriftOnline
 * (cd/tensorflow/lsdd_online.py, cd/pytorch/lsdd_online.py; Bu, Alippi & Zhao, IEEE TNNLS 2018,
 * with Cobb et al.'s (AISTATS 2022) thresholds for an expected run time). The LSDD between a
 * sub-reference and a sliding window of the latest W instances, both seen only through their
 * mean Gaussian kernel to a few reference rows (the kernel centres), so an update costs
 * O(c·(d + W + c)) whatever the reference size.
 */

import {
  centerGram,
  centerKernel,
  chooseKernelCenters,
  lsddBandwidths,
  RegularisedLsdd,
  standardiseReference,
} from "../linalg/densityDifference.ts";
import { squaredDistance } from "../linalg/distances.ts";
import { gaussianKernelInPlace } from "../linalg/kernel.ts";
import type { Matrix, Rows } from "../linalg/matrix.ts";
import { checkCount } from "../inputs/options.ts";
import { type Rng, seededRng } from "../random/rng.ts";
import { checkOnlineOptions, conditionalThresholds } from "./calibrate.ts";
import { instanceValues, readReference } from "./instances.ts";
import { SlidingWindow } from "./slidingWindow.ts";
import { featuresField, matrixField, matrixToRows, numberField, numbersField, timeField } from "./stateFields.ts";
import type { OnlineDetector, OnlineResult, OnlineState } from "./types.ts";

export interface OnlineLsddOptions {
  /** Expected run time (instances) to a false detection when nothing changes. */
  ert: number;
  /** Instances in the sliding test window W (≥ 2). */
  windowSize: number;
  /** Bootstrap streams simulated to set the thresholds (default 1000; ideally ≥ 10 × ert). */
  nBootstraps?: number;
  /** Kernel bandwidth(s) on the standardised data; several are averaged. Default: Alibi's median heuristic. */
  sigma?: number | readonly number[];
  /** Reference rows used as kernel centres (default 2 × windowSize, as Alibi). */
  nKernelCenters?: number;
  /** Largest relative difference the regularisation may cause (default 0.2, as the batch lsdd's). */
  lambdaRdMax?: number;
  /** Seed of the centres, the bootstrap streams and the reference split (default 0). */
  seed?: number;
  /** Columns to read from object rows or tables (default: all of the reference's). */
  features?: readonly string[];
}

/** What an LSDD detector runs on after calibration; its state is this plus the window and time. */
interface LsddCalibration {
  ert: number;
  sigma: number[];
  features: string[] | null;
  /** The reference's column means and standard deviations (+1e-12): instances are standardised by them. */
  mean: number[];
  scale: number[];
  centers: Matrix;
  lambda: number;
  thresholds: number[];
  /** The sub-reference's mean kernel to each centre (Alibi's `c2s`). */
  referenceMean: number[];
  /** The kernel rows (to the centres) of the W reference rows the window starts from. */
  initialWindow: Matrix;
}

const MAX_SPLITS = 100;

/**
 * An online LSDD detector, as Alibi Detect's `LSDDDriftOnline`. Calibration (in the constructor):
 * 1. the reference is standardised (ddof 0, as the batch lsdd), σ is the median heuristic on it
 *    unless given, and `nKernelCenters` random rows become the centres c; the rest are the
 *    effective reference, seen only through k(x, c);
 * 2. each of `nBootstraps` random permutations splits the effective reference into a sub-reference
 *    and a stream of 2W − 1 rows; h = mean k(sub-reference, c) − mean k(window, c) for each of the
 *    stream's W windows. λ is chosen on the first windows' h (as Alibi), each window's LSDD is
 *    hᵀH_λ⁻¹h, and `conditionalThresholds` gives one threshold per window position;
 * 3. a random split gives the sub-reference and an initial window, redrawn until it does not detect.
 * `update(x)` standardises x, replaces the window's oldest kernel row by k(x, c) and returns the
 * LSDD with the threshold for this time (the last serves from time W − 1 on).
 *
 * @param reference reference rows: arrays or typed arrays of numbers, objects, a table, or numbers
 * @param options `ert`, `windowSize`, `nBootstraps` (1000), `sigma`, `nKernelCenters` (2W), `lambdaRdMax` (0.2), `seed` (0), `features`
 * @throws when the reference has fewer than nKernelCenters + 2W + 1 complete rows or an option is invalid
 * @example
 * const detector = online.lsdd(referenceRows, { ert: 100, windowSize: 20 });
 * const { drift, distance, threshold, time } = detector.update([0.3, 1.2]);
 */
export function lsdd(reference: Rows, options: OnlineLsddOptions): OnlineDetector {
  const fn = "online.lsdd";
  const { ert, windowSize, nBootstraps = 1000, lambdaRdMax = 0.2, seed = 0 } = options;
  checkOnlineOptions(ert, windowSize, nBootstraps, fn);
  const c = checkCount(options.nKernelCenters ?? 2 * windowSize, "nKernelCenters", 1, fn);
  if (!(lambdaRdMax > 0)) throw new Error(`${fn}: lambdaRdMax must be positive, got ${lambdaRdMax}`);
  const { matrix, features } = readReference(reference, fn, 1, options.features);
  if (matrix.rows < c + 2 * windowSize + 1)
    throw new Error(
      `${fn}: needs at least nKernelCenters + 2 × windowSize + 1 = ${c + 2 * windowSize + 1} complete reference rows, got ${matrix.rows}`,
    );
  const { reference: standardised, mean, scale } = standardiseReference(matrix);
  const sigma = lsddBandwidths(standardised, options.sigma, fn);
  const rng = seededRng(seed);
  const { centers, effective } = chooseKernelCenters(standardised, c, rng);
  const toCenters = centerKernel(effective, centers, sigma);
  const gram = centerGram(centers, sigma);

  const streams = new Bootstraps(toCenters, effective.rows, c, windowSize, nBootstraps, rng);
  const lsddOf = RegularisedLsdd.choose(gram, c, streams.firstWindows(), lambdaRdMax, fn);
  const thresholds = conditionalThresholds(streams.statistics(lsddOf), nBootstraps, windowSize, ert, fn);

  const n = effective.rows;
  const subReference = n - (2 * windowSize - 1);
  for (let attempt = 0; attempt < MAX_SPLITS; attempt++) {
    const order = rng.shuffle(Int32Array.from({ length: n }, (_, i) => i));
    const referenceMean = sumRows(toCenters, c, order.subarray(0, subReference)).map((sum) => sum / subReference);
    const initialWindow = new Float64Array(windowSize * c);
    order
      .subarray(n - windowSize)
      .forEach((row, slot) => initialWindow.set(toCenters.subarray(row * c, (row + 1) * c), slot * c));
    const calibration: LsddCalibration = {
      ert,
      sigma,
      features,
      mean: Array.from(mean),
      scale: Array.from(scale),
      centers,
      lambda: lsddOf.lambda,
      thresholds,
      referenceMean: Array.from(referenceMean),
      initialWindow: { data: initialWindow, rows: windowSize, cols: c },
    };
    const detector = lsddDetector(calibration, lsddOf, null, 0);
    if (detector.current() < thresholds[0]) return detector.detector;
  }
  throw new Error(`${fn}: every one of ${MAX_SPLITS} reference splits detects drift at time 0`);
}

/** The sum of the given rows of the row-major matrix `k` (c columns). */
function sumRows(k: Float64Array, c: number, rows: ArrayLike<number>): Float64Array {
  const sum = new Float64Array(c);
  for (let a = 0; a < rows.length; a++) for (let l = 0; l < c; l++) sum[l] += k[rows[a] * c + l];
  return sum;
}

/**
 * The bootstrap streams of the calibration: each a random permutation of the effective reference
 * whose last 2W − 1 rows are the stream and the others the sub-reference. Only the permutations'
 * streams are kept, so λ can be chosen on the first windows before all W windows are scored.
 */
class Bootstraps {
  private readonly streams: Int32Array;
  private readonly total: Float64Array;

  constructor(
    private readonly k: Float64Array,
    private readonly n: number,
    private readonly c: number,
    private readonly windowSize: number,
    private readonly count: number,
    rng: Rng,
  ) {
    const length = 2 * windowSize - 1;
    this.streams = new Int32Array(count * length);
    const order = Int32Array.from({ length: n }, (_, i) => i);
    for (let b = 0; b < count; b++) this.streams.set(rng.shuffle(order).subarray(n - length), b * length);
    this.total = sumRows(k, c, order);
  }

  /** Stream b's h for each window position, passed to `visit(w, h)` in order (h is reused). */
  private windows(b: number, last: number, visit: (w: number, h: Float64Array) => void): void {
    const { k, c, n, windowSize } = this;
    const length = 2 * windowSize - 1;
    const stream = this.streams.subarray(b * length, (b + 1) * length);
    const reference = Float64Array.from(this.total);
    for (const row of stream) for (let l = 0; l < c; l++) reference[l] -= k[row * c + l];
    const rest = n - length;
    const window = new Float64Array(c);
    for (let a = 0; a < windowSize; a++) for (let l = 0; l < c; l++) window[l] += k[stream[a] * c + l];
    const h = new Float64Array(c);
    for (let w = 0; w <= last; w++) {
      if (w > 0) {
        const leaving = stream[w - 1] * c;
        const entering = stream[w + windowSize - 1] * c;
        for (let l = 0; l < c; l++) window[l] += k[entering + l] - k[leaving + l];
      }
      for (let l = 0; l < c; l++) h[l] = reference[l] / rest - window[l] / windowSize;
      visit(w, h);
    }
  }

  /** Every stream's h for its first window, on which Alibi chooses λ. */
  firstWindows(): Float64Array[] {
    const out: Float64Array[] = [];
    for (let b = 0; b < this.count; b++) this.windows(b, 0, (_, h) => out.push(Float64Array.from(h)));
    return out;
  }

  /** The bootstraps × W matrix of LSDDs. */
  statistics(lsddOf: RegularisedLsdd): Float64Array {
    const { windowSize } = this;
    const out = new Float64Array(this.count * windowSize);
    for (let b = 0; b < this.count; b++)
      this.windows(b, windowSize - 1, (w, h) => (out[b * windowSize + w] = lsddOf.statistic(h)));
    return out;
  }
}

/**
 * The running detector over a calibration: the window as kernel rows to the centres, in a ring.
 * `window` null starts from the initial window.
 */
function lsddDetector(calibration: LsddCalibration, lsddOf: RegularisedLsdd, window: Matrix | null, startTime: number) {
  const { centers, sigma, thresholds, referenceMean, mean, scale } = calibration;
  const { rows: c, cols } = centers;
  const size = calibration.initialWindow.rows;
  const slots = new SlidingWindow(size, c);
  const instance = new Float64Array(cols);
  const row = new Float64Array(c);
  const h = new Float64Array(c);
  let time = startTime;

  /** This window's LSDD, its kernel rows summed oldest first so a restored detector adds in the same order. */
  const current = () => {
    h.fill(0);
    for (let a = 0; a < size; a++) {
      const at = slots.slot(a) * c;
      for (let l = 0; l < c; l++) h[l] += slots.rows[at + l];
    }
    for (let l = 0; l < c; l++) h[l] = referenceMean[l] - h[l] / size;
    return lsddOf.statistic(h);
  };
  slots.fill(window ?? calibration.initialWindow);

  const detector: OnlineDetector = {
    kind: "lsdd",
    update(x): OnlineResult {
      instanceValues(x, calibration.features, cols, "online.lsdd", false, instance);
      for (let k = 0; k < cols; k++) instance[k] = (instance[k] - mean[k]) / scale[k];
      for (let l = 0; l < c; l++) row[l] = squaredDistance(centers.data, l * cols, instance, 0, cols);
      gaussianKernelInPlace(row, sigma);
      slots.push(row);
      time++;
      const distance = current();
      const threshold = thresholds[Math.min(time, size - 1)];
      return { drift: distance > threshold, distance, threshold, time };
    },
    reset() {
      slots.fill(calibration.initialWindow);
      time = 0;
    },
    state(): OnlineState {
      return {
        kind: "lsdd",
        version: 1,
        ert: calibration.ert,
        sigma,
        features: calibration.features,
        mean,
        scale,
        centers: matrixToRows(centers),
        lambda: calibration.lambda,
        thresholds,
        referenceMean,
        initialWindow: matrixToRows(calibration.initialWindow),
        window: matrixToRows(slots.chronological()),
        time,
      };
    },
  };
  return { detector, current };
}

/** The LSDD detector a `state()` came from, continuing exactly (H and its factor are rebuilt from the centres, σ and λ). */
export function restoreLsdd(state: OnlineState): OnlineDetector {
  const thresholds = numbersField(state, "thresholds");
  const size = thresholds.length;
  const centers = matrixField(state, "centers");
  const c = centers.rows;
  const calibration: LsddCalibration = {
    ert: numberField(state, "ert"),
    sigma: numbersField(state, "sigma"),
    features: featuresField(state),
    mean: numbersField(state, "mean", centers.cols),
    scale: numbersField(state, "scale", centers.cols),
    centers,
    lambda: numberField(state, "lambda"),
    thresholds,
    referenceMean: numbersField(state, "referenceMean", c),
    initialWindow: matrixField(state, "initialWindow", c, size),
  };
  const time = timeField(state);
  if (!(calibration.lambda > 0)) throw new Error("online.restore: lsdd state.lambda must be positive");
  const lsddOf = new RegularisedLsdd(centerGram(centers, calibration.sigma), c, calibration.lambda);
  return lsddDetector(calibration, lsddOf, matrixField(state, "window", c, size), time).detector;
}
