/**
 * Online maximum mean discrepancy: Alibi Detect 0.12's MMDDriftOnline (cd/pytorch/mmd_online.py;
 * Cobb, Van Looveren & Klaise, "Sequential Multivariate Change Detection with Calibrated and
 * Memoryless False Detection Rates", AISTATS 2022). The unbiased MMD² between a fixed
 * sub-reference and a sliding window of the latest W instances, against thresholds simulated on
 * the reference for an expected run time `ert`.
 */

import { pairwiseSquaredDistances, rowOffsets, squaredDistance } from "../linalg/distances.ts";
import {
  bandwidths,
  gaussianKernelInPlace,
  gaussianKernelPackedInPlace,
  medianHeuristicSelf,
} from "../linalg/kernel.ts";
import { type Matrix, type Rows, selectRows } from "../linalg/matrix.ts";
import { type Rng, seededRng } from "../random/rng.ts";
import { checkOnlineOptions, conditionalThresholds } from "./calibrate.ts";
import { instanceValues, readReference } from "./instances.ts";
import { SlidingWindow } from "./slidingWindow.ts";
import { featuresField, matrixField, matrixToRows, numberField, numbersField, timeField } from "./stateFields.ts";
import type { OnlineDetector, OnlineResult, OnlineState } from "./types.ts";

export interface OnlineMmdOptions {
  /** Expected run time (instances) to a false detection when nothing changes. */
  ert: number;
  /** Instances in the sliding test window W (≥ 2). */
  windowSize: number;
  /** Bootstrap streams simulated to set the thresholds (default 1000; ideally ≥ 10 × ert). */
  nBootstraps?: number;
  /** Kernel bandwidth(s); several are averaged. Default: Alibi's median heuristic on the reference. */
  sigma?: number | readonly number[];
  /** Seed of the bootstrap streams and the reference split (default 0). */
  seed?: number;
  /** Columns to read from object rows or tables (default: all of the reference's). */
  features?: readonly string[];
}

/** What an MMD detector runs on after calibration; its state is this plus the window and time. */
interface MmdCalibration {
  ert: number;
  sigma: number[];
  features: string[] | null;
  thresholds: number[];
  /** The sub-reference the window is compared with. */
  reference: Matrix;
  /** Σ_{i≠j} k(x_i, x_j) / (n(n−1)) over the sub-reference. */
  referenceMean: number;
  /** The W reference rows the window starts from (and returns to on reset). */
  initialWindow: Matrix;
}

const MAX_PAIRS = 2 ** 27;
const MAX_SPLITS = 100;

/**
 * An online MMD detector, as Alibi Detect's `MMDDriftOnline`. Calibration (in the constructor):
 * 1. the n×n Gaussian kernel of the reference (σ: Alibi's median heuristic unless given);
 * 2. each of `nBootstraps` random permutations splits the reference into n − (2W − 1) rows and a
 *    stream of 2W − 1; its W overlapping windows give W statistics, and `conditionalThresholds`
 *    turns them into one threshold per window position (the last serves from time W on);
 * 3. a random split of the reference gives the sub-reference (n − 2W + 1 rows) and an initial
 *    window of W other reference rows, redrawn until it does not itself detect.
 * `update(x)` then replaces the window's oldest row by x and returns the unbiased MMD²
 * ΣK_xx/(n(n−1)) + ΣK_yy/(W(W−1)) − 2·mean K_xy with the threshold for this time (1, 2, …).
 * Cost per update: n kernel values and W − 1 within the window.
 *
 * @param reference reference rows: arrays or typed arrays of numbers, objects, a table, or numbers
 * @param options `ert`, `windowSize`, `nBootstraps` (1000), `sigma`, `seed` (0), `features`
 * @throws when the reference has fewer than 2W + 1 complete rows or an option is invalid
 * @example
 * const detector = online.mmd(referenceRows, { ert: 100, windowSize: 20 });
 * const { drift, distance, threshold, time } = detector.update([0.3, 1.2]);
 */
export function mmd(reference: Rows, options: OnlineMmdOptions): OnlineDetector {
  const { ert, windowSize, nBootstraps = 1000, seed = 0 } = options;
  checkOnlineOptions(ert, windowSize, nBootstraps, "online.mmd");
  const { matrix, features } = readReference(reference, "online.mmd", 2 * windowSize + 1, options.features);
  const n = matrix.rows;
  if ((n * (n - 1)) / 2 > MAX_PAIRS)
    throw new Error(`online.mmd: ${n} reference rows is too many for the kernel matrix (at most about 16 400)`);
  const kernel = pairwiseSquaredDistances(matrix);
  const offsets = rowOffsets(n);
  const sigma =
    options.sigma === undefined ? [medianHeuristicSelf(kernel, offsets, n)] : bandwidths(options.sigma, "online.mmd");
  const rowSums = gaussianKernelPackedInPlace(kernel, n, sigma);
  const k = (i: number, j: number) => (i < j ? kernel[offsets[i] + j] : kernel[offsets[j] + i]);

  const rng = seededRng(seed);
  const statistics = bootstrapStatistics(k, rowSums, n, windowSize, nBootstraps, rng);
  const thresholds = conditionalThresholds(statistics, nBootstraps, windowSize, ert, "online.mmd");
  const subReference = n - (2 * windowSize - 1);
  for (let attempt = 0; attempt < MAX_SPLITS; attempt++) {
    const order = rng.shuffle(Int32Array.from({ length: n }, (_, i) => i));
    const kept = order.subarray(0, subReference);
    let pairs = 0;
    for (let a = 0; a < subReference; a++) for (let b = a + 1; b < subReference; b++) pairs += k(kept[a], kept[b]);
    const detector = mmdDetector(
      {
        ert,
        sigma,
        features,
        thresholds,
        reference: selectRows(matrix, kept),
        referenceMean: (2 * pairs) / (subReference * (subReference - 1)),
        initialWindow: selectRows(matrix, order.subarray(n - windowSize)),
      },
      null,
      0,
    );
    if (detector.current() < thresholds[0]) return detector.detector;
  }
  throw new Error(`online.mmd: every one of ${MAX_SPLITS} reference splits detects drift at time 0`);
}

/**
 * The bootstraps × W matrix of MMD² statistics: for each random permutation, the rows outside its
 * last 2W − 1 are the sub-reference x and those 2W − 1 the stream y; window w is y[w … w+W). Sums
 * over x come from the kernel's row sums minus the stream's share, and the window's pair sum slides.
 */
function bootstrapStatistics(
  k: (i: number, j: number) => number,
  rowSums: Float64Array,
  n: number,
  windowSize: number,
  bootstraps: number,
  rng: Rng,
): Float64Array {
  const streamLength = 2 * windowSize - 1;
  const rest = n - streamLength;
  let total = 0;
  for (const sum of rowSums) total += sum;
  const out = new Float64Array(bootstraps * windowSize);
  const order = Int32Array.from({ length: n }, (_, i) => i);
  const yy = new Float64Array(streamLength * streamLength);
  const toReference = new Float64Array(streamLength);
  for (let b = 0; b < bootstraps; b++) {
    const stream = rng.shuffle(order).subarray(rest);
    let streamPairs = 0;
    let crossTotal = 0;
    for (let a = 0; a < streamLength; a++) {
      let own = 0;
      for (let c = 0; c < streamLength; c++) {
        const value = a === c ? 0 : k(stream[a], stream[c]);
        yy[a * streamLength + c] = value;
        own += value;
      }
      toReference[a] = rowSums[stream[a]] - own;
      streamPairs += own;
      crossTotal += toReference[a];
    }
    const referenceMean = (total - streamPairs - 2 * crossTotal) / (rest * (rest - 1));
    let windowPairs = 0;
    let windowCross = 0;
    for (let a = 0; a < windowSize; a++) {
      windowCross += toReference[a];
      for (let c = a + 1; c < windowSize; c++) windowPairs += yy[a * streamLength + c];
    }
    for (let w = 0; w < windowSize; w++) {
      if (w > 0) {
        const leaving = w - 1;
        const entering = w + windowSize - 1;
        for (let c = w; c < entering; c++)
          windowPairs += yy[entering * streamLength + c] - yy[leaving * streamLength + c];
        windowCross += toReference[entering] - toReference[leaving];
      }
      out[b * windowSize + w] =
        referenceMean + (2 * windowPairs) / (windowSize * (windowSize - 1)) - (2 * windowCross) / (rest * windowSize);
    }
  }
  return out;
}

/**
 * The running detector over a calibration: the window's rows, each row's kernel sum against the
 * sub-reference, and the kernel between window slots. `window` null starts from the initial window.
 */
function mmdDetector(calibration: MmdCalibration, window: Matrix | null, startTime: number) {
  const { reference, sigma, thresholds, referenceMean } = calibration;
  const { rows: n, cols } = reference;
  const size = calibration.initialWindow.rows;
  const slots = new SlidingWindow(size, cols);
  const toReference = new Float64Array(size);
  const within = new Float64Array(size * size);
  const distances = new Float64Array(Math.max(n, size));
  const instance = new Float64Array(cols);
  const order = new Int32Array(size);
  let time = startTime;

  /** Kernel sums of the row in `slot` against the sub-reference and the other slots. */
  const addRow = (slot: number) => {
    const at = slot * cols;
    for (let i = 0; i < n; i++) distances[i] = squaredDistance(reference.data, i * cols, slots.rows, at, cols);
    const toRef = distances.subarray(0, n);
    gaussianKernelInPlace(toRef, sigma);
    let sum = 0;
    for (const value of toRef) sum += value;
    toReference[slot] = sum;
    for (let j = 0; j < size; j++) distances[j] = squaredDistance(slots.rows, j * cols, slots.rows, at, cols);
    const toWindow = distances.subarray(0, size);
    gaussianKernelInPlace(toWindow, sigma);
    for (let j = 0; j < size; j++) {
      const value = j === slot ? 0 : toWindow[j];
      within[slot * size + j] = value;
      within[j * size + slot] = value;
    }
  };
  const load = (rows: Matrix) => {
    slots.fill(rows);
    for (let slot = 0; slot < size; slot++) addRow(slot);
  };
  /** This window's MMD², summed oldest row first so a restored detector adds in the same order. */
  const current = () => {
    for (let a = 0; a < size; a++) order[a] = slots.slot(a);
    let pairs = 0;
    let cross = 0;
    for (let a = 0; a < size; a++) {
      const row = order[a] * size;
      cross += toReference[order[a]];
      for (let b = a + 1; b < size; b++) pairs += within[row + order[b]];
    }
    return referenceMean + (2 * pairs) / (size * (size - 1)) - (2 * cross) / (n * size);
  };
  load(window ?? calibration.initialWindow);

  const detector: OnlineDetector = {
    kind: "mmd",
    update(x): OnlineResult {
      addRow(slots.push(instanceValues(x, calibration.features, cols, "online.mmd", false, instance)));
      time++;
      const distance = current();
      const threshold = thresholds[Math.min(time, size - 1)];
      return { drift: distance > threshold, distance, threshold, time };
    },
    reset() {
      load(calibration.initialWindow);
      time = 0;
    },
    state(): OnlineState {
      return {
        kind: "mmd",
        version: 1,
        ert: calibration.ert,
        sigma,
        features: calibration.features,
        thresholds,
        referenceMean,
        reference: matrixToRows(reference),
        initialWindow: matrixToRows(calibration.initialWindow),
        window: matrixToRows(slots.chronological()),
        time,
      };
    },
  };
  return { detector, current };
}

/** The MMD detector a `state()` came from, continuing exactly. */
export function restoreMmd(state: OnlineState): OnlineDetector {
  const thresholds = numbersField(state, "thresholds");
  const size = thresholds.length;
  const reference = matrixField(state, "reference");
  const calibration: MmdCalibration = {
    ert: numberField(state, "ert"),
    sigma: numbersField(state, "sigma"),
    features: featuresField(state),
    thresholds,
    reference,
    referenceMean: numberField(state, "referenceMean"),
    initialWindow: matrixField(state, "initialWindow", reference.cols, size),
  };
  const time = timeField(state);
  return mmdDetector(calibration, matrixField(state, "window", reference.cols, size), time).detector;
}
