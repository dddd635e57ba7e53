/**
 * Thresholds calibrated by simulation on the reference error stream. Textbook settings misfire on
 * real streams (River's contributors measured its defaults losing to an "always fire" baseline and
 * textbook CUSUM raising 88% false alarms), so the threshold is instead the one that, on streams
 * bootstrapped from the reference errors, raises a false alarm as often as asked: a rate r per
 * 1,000 predictions means a chance α = 1 − (1 − r/1000)^n of any alarm over n current predictions.
 *
 * Each simulation warms a fresh monitor on a bootstrap of the reference (as the real run warms on
 * the reference itself) and records the largest score over a bootstrap of the current length; the
 * threshold is the (k+1)-th largest of B such maxima, k = ⌊α(B + 1)⌋ − 1: a new stream drawn like
 * them ranks among the k + 1 largest with chance (k + 1)/(B + 1) ≤ α, so the threshold is the
 * empirical (1 − α) quantile rounded to the safe side (Alibi Detect also calibrates its online
 * detectors by simulation; ties of a discrete score make it more conservative still).
 * Resampling is i.i.d.: it assumes the reference errors are exchangeable (no autocorrelation).
 */

import { seededRng, type Rng } from "../random/rng.ts";
import { checkCount } from "../inputs/options.ts";
import { largestScore, type MonitorFactory } from "./monitor.ts";

export interface CalibrationOptions {
  /** False alarms per 1,000 predictions without drift. Default 0.01. */
  falseAlarmRate?: number;
  /** Simulated streams. Default 1000; α(B + 1) must be at least 1. */
  bootstraps?: number;
  /** Seed of the resampling. Default 0. */
  seed?: number;
}

/** How a threshold was calibrated. */
export interface Calibration {
  falseAlarmRate: number;
  /** The chance of any false alarm over the current stream: 1 − (1 − falseAlarmRate/1000)^n. */
  alpha: number;
  bootstraps: number;
  seed: number;
}

/** The chance of at least one false alarm over `n` predictions at `rate` per 1,000. */
export function alarmChance(rate: number, n: number): number {
  return -Math.expm1(n * Math.log1p(-rate / 1000));
}

/**
 * The threshold at which a monitor warmed on the reference alarms with chance α over `currentLength`
 * errors drawn from the reference errors.
 * @throws when the rate is not in (0, 1000), bootstraps is not an integer ≥ 1, or α(B + 1) < 1
 */
export function calibratedThreshold(
  monitor: MonitorFactory,
  reference: Float64Array,
  currentLength: number,
  options: CalibrationOptions,
  fn: string,
): { threshold: number; calibration: Calibration } {
  const { falseAlarmRate = 0.01, bootstraps = 1000, seed = 0 } = options;
  if (!(falseAlarmRate > 0 && falseAlarmRate < 1000))
    throw new Error(`${fn}: falseAlarmRate is per 1,000 predictions, between 0 and 1000, got ${falseAlarmRate}`);
  checkCount(bootstraps, "bootstraps", 1, fn);
  const alpha = alarmChance(falseAlarmRate, currentLength);
  const allowed = Math.floor(alpha * (bootstraps + 1)) - 1;
  if (allowed < 0)
    throw new Error(
      `${fn}: ${falseAlarmRate} false alarms per 1,000 predictions over ${currentLength} current predictions is a ` +
        `${alpha.toPrecision(3)} chance, which ${bootstraps} bootstraps cannot resolve: pass bootstraps ≥ ${Math.ceil(1 / alpha) - 1} or a higher falseAlarmRate`,
    );
  const rng = seededRng(seed);
  const warmup = new Float64Array(reference.length);
  const stream = new Float64Array(currentLength);
  const maxima = new Float64Array(bootstraps);
  for (let b = 0; b < bootstraps; b++) {
    resample(reference, warmup, rng);
    resample(reference, stream, rng);
    maxima[b] = largestScore(monitor, warmup, stream);
  }
  maxima.sort();
  return {
    threshold: maxima[bootstraps - allowed - 1],
    calibration: { falseAlarmRate, alpha, bootstraps, seed },
  };
}

/** Fills `into` with draws with replacement from `from`. */
function resample(from: Float64Array, into: Float64Array, rng: Rng): void {
  for (let i = 0; i < into.length; i++) into[i] = from[rng.int(from.length)];
}
