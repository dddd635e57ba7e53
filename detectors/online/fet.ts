/**
 * Online Fisher's exact test drift (detectors.online.fet), Alibi Detect 0.12's FETDriftOnline (after
 * Ross et al. 2012): for each binary feature and window, 1 − the one-sided Fisher p-value of the
 * window's count of ones against the reference's, smoothed by an exponential moving average; drift
 * when any feature's largest statistic over its windows passes its step's threshold. Thresholds are
 * simulated per feature on Bernoulli streams at the reference's rate; the statistic is discrete, so
 * a tie with the threshold fires with the probability that keeps the false-alarm hazard at β.
 */

import { fisherExactTable } from "../categorical/fisherExact.ts";
import { checkCount } from "../inputs/options.ts";
import type { Rows } from "../linalg/matrix.ts";
import { nextSplitmixState, seededRng, splitmix32 } from "../random/rng.ts";
import { instanceValues, referenceColumns } from "./instances.ts";
import { sequentialThresholds, stepHazard } from "./sequentialThresholds.ts";
import type { OnlineDetector, OnlineInstance, OnlineState } from "./types.ts";
import { checkWindowSizes, windowedResult, type WindowedResult } from "./windows.ts";

export interface OnlineFetOptions {
  /** Expected run time without drift, counted from when the smallest window is full. */
  ert: number;
  /** Sliding test-window sizes. */
  windowSizes: number[];
  /** "greater" (default, as Alibi): a rise in the rate of ones; "less": a fall. */
  alternative?: "greater" | "less";
  /** Simulated streams per feature for the thresholds (Alibi's default 10000). */
  nBootstraps?: number;
  /** Smoothing weight of the newest statistic in the moving average (Alibi's `lam`, default 0.99). */
  lam?: number;
  /** Seed of the simulation and of tie-breaking. Default 0. */
  seed?: number;
}

interface FetState extends OnlineState {
  kind: "fet";
  options: Required<OnlineFetOptions>;
  features: string[] | null;
  /** Reference size and each feature's count of ones: all the test needs of the reference. */
  n: number;
  ones: number[];
  /** Per step from when the smallest window fills, per feature; the last row holds on. */
  thresholds: number[][];
  /** Probability a tie with the threshold passes (1 when no simulated stream tied), same shape. */
  permitProbs: number[][];
  time: number;
  /** Each feature's latest 0/1 values, at most max(windowSizes). */
  recent: number[][];
  /** Each window's smoothed statistic per feature; null until the window is full. */
  smoothed: (number | null)[][];
  /** splitmix32 state of the tie-breaking draws. */
  tieState: number;
}

/**
 * Calibrates an online FET detector on a reference of 0/1 or boolean features.
 * @throws when a reference value is not 0/1/boolean, a feature is constant, or an option is invalid
 */
export function fet(reference: Rows, options: OnlineFetOptions): OnlineDetector {
  const { ert, windowSizes, alternative = "greater", nBootstraps = 10000, lam = 0.99, seed = 0 } = options;
  const windows = checkWindowSizes(windowSizes, "online.fet");
  if (!(ert > 1)) throw new Error(`online.fet: ert must be a number above 1, got ${ert}`);
  if (alternative !== "greater" && alternative !== "less")
    throw new Error(`online.fet: alternative must be "greater" or "less", got ${JSON.stringify(alternative)}`);
  if (!(lam > 0 && lam <= 1)) throw new Error(`online.fet: lam must be in (0, 1], got ${lam}`);
  checkCount(nBootstraps, "nBootstraps", 1, "online.fet");
  const { columns, features } = referenceColumns(reference, "online.fet", true);
  const n = columns[0].length;
  const ones = columns.map((column, f) => {
    let count = 0;
    for (const value of column) {
      if (value !== 0 && value !== 1)
        throw new Error(
          `online.fet: reference feature ${features ? `"${features[f]}"` : f} holds ${value}; values must be 0/1 or booleans`,
        );
      count += value;
    }
    if (count === 0 || count === n)
      throw new Error(
        `online.fet: reference feature ${features ? `"${features[f]}"` : f} is all ${count ? 1 : 0}s; thresholds cannot be configured`,
      );
    return count;
  });
  const rng = seededRng(seed);
  const beta = stepHazard(ert, columns.length);
  const start = Math.min(...windows) - 1;
  const perFeature = ones.map((count) => {
    const tables = pValueTables(n, count, windows, alternative);
    const stats = simulateStreams(count / n, windows, tables, lam, nBootstraps, rng);
    return sequentialThresholds(stats, nBootstraps, 2 * Math.max(...windows) - 1, start, beta, true, rng, "online.fet");
  });
  const steps = perFeature[0].thresholds.length - start;
  const byStep = (pick: (f: number, t: number) => number) =>
    Array.from({ length: steps }, (_, t) => perFeature.map((_, f) => pick(f, start + t)));
  return fromState({
    kind: "fet",
    version: 1,
    options: { ert, windowSizes: windows, alternative, nBootstraps, lam, seed },
    features,
    n,
    ones,
    thresholds: byStep((f, t) => perFeature[f].thresholds[t]),
    permitProbs: byStep((f, t) => Math.min(1, perFeature[f].permitProbs![t])),
    time: 0,
    recent: columns.map(() => []),
    smoothed: windows.map(() => columns.map(() => null)),
    tieState: splitmix32(seed >>> 0),
  });
}

/** For each window size w, 1 − p of Fisher's one-sided test for every count of ones s = 0..w in the window. */
function pValueTables(n: number, ones: number, windows: number[], alternative: "greater" | "less"): Float64Array[] {
  return windows.map((w) =>
    Float64Array.from(
      { length: w + 1 },
      (_, s) =>
        1 -
        fisherExactTable(
          [
            [s, w - s],
            [ones, n - ones],
          ],
          alternative,
        ).pValue,
    ),
  );
}

/** Smoothed statistics of Bernoulli(p) streams of 2 max(windows) − 1 steps: the maximum over windows per step. */
function simulateStreams(
  p: number,
  windows: number[],
  tables: Float64Array[],
  lam: number,
  streams: number,
  rng: ReturnType<typeof seededRng>,
) {
  const steps = 2 * Math.max(...windows) - 1;
  const stats = new Float64Array(streams * steps).fill(NaN);
  const sums = new Int32Array(steps + 1);
  for (let s = 0; s < streams; s++) {
    for (let t = 0; t < steps; t++) sums[t + 1] = sums[t] + (rng.next() < p ? 1 : 0);
    windows.forEach((w, k) => {
      let smoothed = NaN;
      for (let t = w - 1; t < steps; t++) {
        const raw = tables[k][sums[t + 1] - sums[t + 1 - w]];
        smoothed = Number.isNaN(smoothed) ? raw : (1 - lam) * smoothed + lam * raw;
        const at = s * steps + t;
        if (!(smoothed <= stats[at])) stats[at] = smoothed;
      }
    });
  }
  return stats;
}

/** A detector continuing from `state` (online.restore's fet case). */
export function restoreFet(state: OnlineState): OnlineDetector {
  return fromState(JSON.parse(JSON.stringify(state)) as FetState);
}

function fromState(state: FetState): OnlineDetector {
  const { windowSizes, alternative, lam } = state.options;
  const maxWindow = Math.max(...windowSizes);
  const minWindow = Math.min(...windowSizes);
  const tables = state.ones.map((count) => pValueTables(state.n, count, windowSizes, alternative));
  const cols = state.ones.length;
  return {
    kind: "fet",
    update(x: OnlineInstance): WindowedResult {
      const values = instanceValues(x, state.features, cols, "online.fet", true);
      values.forEach((value, f) => {
        if (value !== 0 && value !== 1)
          throw new Error(`online.fet: update: feature ${state.features?.[f] ?? f} is ${value}, not 0/1 or a boolean`);
      });
      state.time++;
      const statistics = state.recent.map((recent, f) => {
        recent.push(values[f]);
        if (recent.length > maxWindow) recent.shift();
        let best = NaN;
        windowSizes.forEach((w, k) => {
          if (state.time < w) return;
          let sum = 0;
          for (let i = recent.length - w; i < recent.length; i++) sum += recent[i];
          const raw = tables[f][k][sum];
          const previous = state.smoothed[k][f];
          const smoothed = previous === null ? raw : (1 - lam) * previous + lam * raw;
          state.smoothed[k][f] = smoothed;
          if (!(smoothed <= best)) best = smoothed;
        });
        return best;
      });
      const row = state.time < minWindow ? null : Math.min(state.time - minWindow, state.thresholds.length - 1);
      const thresholds = statistics.map((_, f) => (row === null ? NaN : state.thresholds[row][f]));
      // Alibi's _check_drift: any feature above its threshold, else each tie fires with probability 1 − permit.
      let drift = statistics.some((statistic, f) => statistic > thresholds[f]);
      if (!drift && row !== null)
        for (let f = 0; f < cols && !drift; f++)
          if (statistics[f] === thresholds[f]) drift = nextUniform(state) > state.permitProbs[row][f];
      return windowedResult(statistics, thresholds, drift, state.time, state.features);
    },
    reset() {
      state.time = 0;
      state.recent = state.recent.map(() => []);
      state.smoothed = state.smoothed.map((row) => row.map(() => null));
    },
    state: () => JSON.parse(JSON.stringify(state)) as FetState,
  };
}

/** The next tie-breaking uniform in [0, 1), its generator state kept in the detector's state. */
function nextUniform(state: FetState): number {
  state.tieState = nextSplitmixState(state.tieState);
  return splitmix32(state.tieState) / 2 ** 32;
}
