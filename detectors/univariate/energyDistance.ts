/**
 * Energy distance between two one-dimensional samples: scipy 1.17 scipy.stats.energy_distance, with
 * Evidently's `ed` drift rule.
 */

import type { TestResult, Values } from "../types.ts";
import { ecdfDistance, sortedFinite } from "../samples/ecdf.ts";

/** Options of {@link energyDistance}. */
export interface EnergyDistanceOptions {
  /** Distance cut-off; drift when the distance is greater than it. Default 0.1. */
  threshold?: number;
}

/**
 * Energy distance between two one-dimensional samples: √(2·E|X−Y| − E|X−X'| − E|Y−Y'|), 0 for
 * identical distributions, in the units of the data.
 *
 * Follows scipy.stats.energy_distance (scipy 1.17), computed as scipy does from the ECDFs:
 * √2 · (∫(F_ref − F_cur)² dx)^½. The drift rule is Evidently's `ed`: drift when the distance is
 * strictly greater than the threshold. NaN, ±Infinity and null are dropped first and counted.
 *
 * Defaults: threshold 0.1.
 *
 * @param reference the reference sample
 * @param current the current sample
 * @returns {method: "energyDistance", statistic: the distance, threshold, drift, dropped}
 * @throws if either sample has no finite numbers
 * @example
 * energyDistance([0], [2]).statistic // => 2.0000000000000004
 */
export function energyDistance(reference: Values, current: Values, options: EnergyDistanceOptions = {}): TestResult {
  const { threshold = 0.1 } = options;
  const ref = sortedFinite(reference, "energyDistance: reference");
  const cur = sortedFinite(current, "energyDistance: current");
  const statistic = Math.SQRT2 * Math.sqrt(ecdfDistance(ref.sorted, cur.sorted, 2));
  return {
    method: "energyDistance",
    statistic,
    threshold,
    drift: statistic > threshold,
    dropped: { reference: ref.dropped, current: cur.dropped },
  };
}
