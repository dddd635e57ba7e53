/**
 * Alert thresholds from the reference chunks, as NannyML 0.13 sets them (N:thresholds.py;
 * detectors.md §5.2): `StandardDeviationThreshold` is the mean ± 3 population standard deviations
 * (np.nanmean, np.nanstd) of the metric over the reference chunks; `calculate_threshold_values`
 * then clamps a bound at or past the metric's limit to that limit. A `ConstantThreshold` is given
 * as fixed bounds.
 */

import type { Bounds } from "../chunks/chunkMetric.ts";

/** Mean ± multiplier · std of the reference chunks (a null multiplier: no bound that side), or fixed bounds. */
export type ThresholdOptions =
  | { type: "std"; lowerMultiplier?: number | null; upperMultiplier?: number | null }
  | { type: "constant"; lower: number | null; upper: number | null };

/** NannyML's default for performance metrics: 3 standard deviations both sides. */
export const DEFAULT_THRESHOLD: ThresholdOptions = { type: "std", lowerMultiplier: 3, upperMultiplier: 3 };

/**
 * Thresholds from the metric's values on the reference chunks (NaN values ignored), clamped to `limits`.
 * @throws naming `what` when a std threshold has no finite reference value to stand on
 */
export function referenceThresholds(
  referenceValues: readonly number[],
  options: ThresholdOptions,
  limits: Bounds,
  what: string,
): Bounds {
  let bounds: Bounds;
  switch (options.type) {
    case "constant":
      bounds = { lower: options.lower, upper: options.upper };
      break;
    case "std": {
      const values = referenceValues.filter((v) => !Number.isNaN(v));
      if (values.length === 0) throw new Error(`${what}: no reference chunk has a value to set thresholds from`);
      const mean = values.reduce((s, v) => s + v, 0) / values.length;
      const std = Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / values.length);
      const lowerMultiplier = options.lowerMultiplier === undefined ? 3 : options.lowerMultiplier;
      const upperMultiplier = options.upperMultiplier === undefined ? 3 : options.upperMultiplier;
      bounds = {
        lower: lowerMultiplier === null ? null : mean - lowerMultiplier * std,
        upper: upperMultiplier === null ? null : mean + upperMultiplier * std,
      };
      break;
    }
    default: {
      const unknown: never = options;
      throw new Error(`${what}: threshold type must be "std" or "constant", got ${JSON.stringify(unknown)}`);
    }
  }
  return {
    lower: limits.lower !== null && bounds.lower !== null && bounds.lower <= limits.lower ? limits.lower : bounds.lower,
    upper: limits.upper !== null && bounds.upper !== null && bounds.upper >= limits.upper ? limits.upper : bounds.upper,
  };
}
