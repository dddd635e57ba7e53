/**
 * Online Cramér–von Mises drift (detectors.online.cvm), Alibi Detect 0.12's CVMDriftOnline (after
 * Ross & Adams 2012): each feature's sliding windows are compared with the reference by the
 * standardised CVM statistic; drift when any feature's largest statistic over its windows passes
 * the step's threshold. The statistic is rank-based, so thresholds are simulated once on Gaussian
 * streams of the reference's size (the data's distribution does not matter) for the `ert` asked.
 */

import { checkCount } from "../inputs/options.ts";
import type { Rows } from "../linalg/matrix.ts";
import { seededRng } from "../random/rng.ts";
import { cvmReference, cvmStatistic, type CvmReference } from "./cvmStatistic.ts";
import { instanceValues, referenceColumns } from "./instances.ts";
import { sequentialThresholds, stepHazard } from "./sequentialThresholds.ts";
import { checkWindowSizes, thresholdAt, windowedResult, type WindowedResult } from "./windows.ts";
import type { OnlineDetector, OnlineInstance, OnlineState } from "./types.ts";

export interface OnlineCvmOptions {
  /** Expected run time without drift, counted from when the smallest window is full. */
  ert: number;
  /** Sliding test-window sizes: small ones react fast to large changes, large ones see small changes. */
  windowSizes: number[];
  /** Simulated streams for the thresholds (Alibi's default 10000; at least ten times ert advised). */
  nBootstraps?: number;
  /**
   * Accepted for Alibi compatibility and recorded in the state: Alibi batches streams to bound its
   * n × n comparison matrices; here each stream is simulated alone in O(n + windows) memory.
   */
  batchSize?: number;
  /** Seed of the threshold simulation. Default 0. */
  seed?: number;
}

interface CvmState extends OnlineState {
  kind: "cvm";
  options: Required<OnlineCvmOptions>;
  features: string[] | null;
  /** Each feature's sorted reference. */
  reference: number[][];
  /** Thresholds from the step the smallest window fills (t = min(windowSizes)); the last holds on. */
  thresholds: number[];
  time: number;
  /** Each feature's latest values, at most max(windowSizes). */
  recent: number[][];
}

/**
 * Calibrates an online CVM detector on `reference` (one column per feature; rows as for `mmd`).
 * @throws on an empty reference, window sizes that are not positive integers, ert ≤ 1, or too few bootstraps
 */
export function cvm(reference: Rows, options: OnlineCvmOptions): OnlineDetector {
  const { ert, windowSizes, nBootstraps = 10000, batchSize = 64, seed = 0 } = options;
  const windows = checkWindowSizes(windowSizes, "online.cvm");
  if (!(ert > 1)) throw new Error(`online.cvm: ert must be a number above 1, got ${ert}`);
  checkCount(nBootstraps, "nBootstraps", 1, "online.cvm");
  checkCount(batchSize, "batchSize", 1, "online.cvm");
  const { columns, features } = referenceColumns(reference, "online.cvm");
  const n = columns[0].length;
  const key = JSON.stringify([n, windows, ert, columns.length, nBootstraps, seed]);
  const thresholds = simulated.get(key) ?? simulateThresholds(n, windows, ert, columns.length, nBootstraps, seed);
  if (simulated.size >= 32) simulated.clear();
  simulated.set(key, thresholds);
  return fromState({
    kind: "cvm",
    version: 1,
    options: { ert, windowSizes: windows, nBootstraps, batchSize, seed },
    features,
    reference: columns.map((column) => Array.from(Float64Array.from(column).sort())),
    thresholds,
    time: 0,
    recent: columns.map(() => []),
  });
}

/**
 * Thresholds already simulated in this process: they depend only on the reference's size and the
 * options (the statistic is distribution-free), so a new reference of the same size reuses them.
 */
const simulated = new Map<string, number[]>();

/**
 * Simulated null streams: a Gaussian reference of size n and a stream of 2 max(windows) − 1 values
 * (after which the thresholds no longer change, as Alibi notes), the maximum statistic over the
 * windows at every step, one shared threshold sequence for all features.
 */
function simulateThresholds(
  n: number,
  windows: number[],
  ert: number,
  features: number,
  streams: number,
  seed: number,
): number[] {
  const rng = seededRng(seed);
  const maxWindow = Math.max(...windows);
  const steps = 2 * maxWindow - 1;
  const stats = new Float64Array(streams * steps).fill(NaN);
  const stream = new Float64Array(steps);
  for (let s = 0; s < streams; s++) {
    const reference = cvmReference(Float64Array.from({ length: n }, () => rng.normal()));
    for (let t = 0; t < steps; t++) stream[t] = rng.normal();
    for (let t = 0; t < steps; t++) stats[s * steps + t] = maxOverWindows(reference, stream, t + 1, windows);
  }
  const beta = stepHazard(ert, features);
  const start = Math.min(...windows) - 1;
  return sequentialThresholds(stats, streams, steps, start, beta, false, rng, "online.cvm").thresholds.slice(start);
}

/** The largest statistic over the windows full after `time` values of `stream`; NaN when none is. */
function maxOverWindows(reference: CvmReference, stream: ArrayLike<number>, time: number, windows: number[]): number {
  let best = NaN;
  for (const w of windows) {
    if (time < w) continue;
    const window = new Float64Array(w);
    for (let i = 0; i < w; i++) window[i] = stream[time - w + i];
    const stat = cvmStatistic(reference, window);
    if (!(stat <= best)) best = stat;
  }
  return best;
}

/** A detector continuing from `state` (online.restore's cvm case). */
export function restoreCvm(state: OnlineState): OnlineDetector {
  return fromState(JSON.parse(JSON.stringify(state)) as CvmState);
}

function fromState(state: CvmState): OnlineDetector {
  const { windowSizes } = state.options;
  const maxWindow = Math.max(...windowSizes);
  const minWindow = Math.min(...windowSizes);
  const references = state.reference.map(cvmReference);
  const cols = references.length;
  return {
    kind: "cvm",
    update(x: OnlineInstance): WindowedResult {
      const values = instanceValues(x, state.features, cols, "online.cvm");
      state.time++;
      const statistics = state.recent.map((recent, f) => {
        recent.push(values[f]);
        if (recent.length > maxWindow) recent.shift();
        // `recent` holds the last min(time, maxWindow) values: its tail is every window full by now.
        return maxOverWindows(references[f], recent, recent.length, windowSizes);
      });
      const threshold = thresholdAt(state.thresholds, state.time, minWindow);
      const drift = statistics.some((statistic) => statistic > threshold);
      return windowedResult(
        statistics,
        statistics.map(() => threshold),
        drift,
        state.time,
        state.features,
      );
    },
    reset() {
      state.time = 0;
      state.recent = state.recent.map(() => []);
    },
    state: () => JSON.parse(JSON.stringify(state)) as CvmState,
  };
}
