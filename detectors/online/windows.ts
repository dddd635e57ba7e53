/**
 * What the univariate online detectors (CVM, FET) share around their statistics: the window-size
 * option, and the step's result, which reports the feature closest to (or furthest past) its
 * threshold, as the contract's `distance`/`threshold`, with every feature's statistic beside it.
 */

import type { OnlineResult } from "./types.ts";

/** A univariate online detector's step: the contract's fields plus per-feature detail. */
export interface WindowedResult extends OnlineResult {
  /** The feature `distance` belongs to (its name, or its index for array rows); null before a window is full. */
  feature: string | number | null;
  /** Each feature's statistic (the largest over its full windows; NaN before the smallest window is full). */
  statistics: number[];
}

/**
 * The window sizes, checked: positive integers.
 * @throws naming `fn` when the list is empty or holds another value
 */
export function checkWindowSizes(windowSizes: unknown, fn: string): number[] {
  if (!Array.isArray(windowSizes) || windowSizes.length === 0)
    throw new Error(`${fn}: windowSizes must be a non-empty array of window sizes`);
  for (const w of windowSizes)
    if (!Number.isInteger(w) || w < 1)
      throw new Error(`${fn}: windowSizes must hold positive integers, got ${JSON.stringify(w)}`);
  return [...(windowSizes as number[])];
}

/**
 * The threshold at `time` (1-based) from thresholds stored from the step the smallest window fills;
 * NaN before it, the last one after the simulated horizon (Alibi's `get_threshold`).
 */
export function thresholdAt(thresholds: ArrayLike<number>, time: number, minWindow: number): number {
  return time < minWindow ? NaN : thresholds[Math.min(time - minWindow, thresholds.length - 1)];
}

/** The step's result: the feature with the largest statistic-to-threshold margin stands for the step. */
export function windowedResult(
  statistics: number[],
  thresholds: number[],
  drift: boolean,
  time: number,
  features: string[] | null,
): WindowedResult {
  let best = -1;
  for (let f = 0; f < statistics.length; f++)
    if (best < 0 || statistics[f] - thresholds[f] > statistics[best] - thresholds[best]) best = f;
  const full = Number.isFinite(statistics[best] - thresholds[best]);
  return {
    drift,
    distance: full ? statistics[best] : NaN,
    threshold: full ? thresholds[best] : NaN,
    time,
    feature: full ? (features ? features[best] : best) : null,
    statistics,
  };
}
