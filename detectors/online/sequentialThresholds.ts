/**
 * Time-varying thresholds for the univariate online detectors (CVM, FET), configured as Alibi
 * Detect 0.12 does (cd/cvm_online.py, cd/fet_online.py `_configure_thresholds`): simulate streams
 * with no change, and at each time t take the (1 − β) quantile of the statistic over the streams
 * that have not yet crossed a threshold, so the hazard of a false detection is β at every step
 * (Ross et al. 2012, eq. 2) and the run time from t = min(windowSizes) − 1 is geometric with mean
 * 1/β. For d independent features β = 1 − (1 − 1/ert)^(1/d), as Alibi's correction.
 */

import type { Rng } from "../random/rng.ts";

/** Thresholds per step (NaN before the smallest window is full) and, for discrete statistics, the tie rule. */
export interface SequentialThresholds {
  thresholds: number[];
  /**
   * For a statistic equal to its threshold (discrete statistics only): the probability of letting it
   * pass, chosen so the crossing probability is exactly β; Infinity when no simulated stream tied.
   */
  permitProbs: number[] | null;
}

/** The per-feature hazard β for a target expected run time over `features` independent features. */
export function stepHazard(ert: number, features: number): number {
  return 1 - (1 - 1 / ert) ** (1 / features);
}

/**
 * Thresholds from simulated statistics `stats` (stream s at step t is `stats[s * steps + t]`, the
 * maximum over windows; NaN where no window is full).
 *
 * - `discrete: false` (CVM): Alibi's type-7 interpolated quantile; streams above it are removed.
 * - `discrete: true` (FET): the type-6 quantile without interpolation (a value the statistic takes),
 *   plus a permit probability for ties; tied streams survive with that probability, drawn from `rng`.
 *
 * @throws when too few streams remain to estimate a quantile at 1 − β (raise nBootstraps), naming `fn`
 */
export function sequentialThresholds(
  stats: Float64Array,
  streams: number,
  steps: number,
  start: number,
  beta: number,
  discrete: boolean,
  rng: Rng,
  fn: string,
): SequentialThresholds {
  const thresholds = new Array<number>(steps).fill(NaN);
  const permitProbs = discrete ? new Array<number>(steps).fill(NaN) : null;
  let alive = Int32Array.from({ length: streams }, (_, s) => s);
  const column = new Float64Array(streams);
  for (let t = start; t < steps; t++) {
    const n = alive.length;
    if (1 - beta > (n - 1) / n)
      throw new Error(
        `${fn}: only ${n} of nBootstraps = ${streams} simulated streams are left at step ${t + 1}, too few for the 1 − ${beta.toPrecision(3)} quantile; raise nBootstraps (Alibi advises at least ten times ert)`,
      );
    const values = column.subarray(0, n);
    for (let i = 0; i < n; i++) values[i] = stats[alive[i] * steps + t];
    const sorted = values.slice().sort();
    const threshold = discrete ? quantile6(sorted, 1 - beta) : quantile7(sorted, 1 - beta);
    thresholds[t] = threshold;
    let below = 0;
    let equal = 0;
    for (let i = 0; i < n; i++) {
      if (values[i] < threshold) below++;
      else if (values[i] === threshold) equal++;
    }
    let permit = Infinity;
    if (discrete && equal > 0) permit = (1 - beta - below / n) / (equal / n);
    if (permitProbs) permitProbs[t] = permit;
    // Survivors: below the threshold, and (discrete) each tied stream with probability `permit`.
    alive = alive.filter(
      (_, i) => values[i] < threshold || (values[i] === threshold && (discrete ? rng.next() < permit : true)),
    );
  }
  return { thresholds, permitProbs };
}

/** Alibi's `quantile(..., type=7)`: linear interpolation between order statistics (numpy's default). */
function quantile7(sorted: Float64Array, p: number): number {
  const h = (sorted.length - 1) * p + 1;
  const lower = Math.floor(h);
  const value = sorted[lower - 1];
  return h === lower ? value : value + (h - lower) * (sorted[lower] - value);
}

/** Alibi's `quantile(..., type=6, interpolate=False)`: the order statistic at floor((n + 1) p). */
function quantile6(sorted: Float64Array, p: number): number {
  return sorted[Math.floor((sorted.length + 1) * p) - 1];
}
