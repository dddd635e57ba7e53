import { describe, expect, it } from "vitest";
import { referenceThresholds } from "../../../detectors/performance/thresholds.ts";

const UNIT = { lower: 0, upper: 1 };

describe("referenceThresholds (NannyML's StandardDeviationThreshold and calculate_threshold_values)", () => {
  it("is the mean ± 3 population standard deviations of the reference chunks", () => {
    // detectors.md §9: NannyML's upper threshold for these chunk values.
    const { lower, upper } = referenceThresholds([0.1, 0.12, 0.08, 0.11, 0.09, 0.1], { type: "std" }, UNIT, "t");
    expect(upper).toBeCloseTo(0.13872983346207415, 15);
    expect(lower).toBeCloseTo(0.1 - (0.13872983346207415 - 0.1), 15);
  });

  it("ignores NaN chunks, clamps at the metric's limits and leaves out a side with no multiplier", () => {
    expect(referenceThresholds([0.9, 1, NaN, 0.95], { type: "std" }, UNIT, "t").upper).toBe(1);
    expect(referenceThresholds([0.01, 0.2, 0.1], { type: "std", upperMultiplier: null }, UNIT, "t")).toEqual({
      lower: 0,
      upper: null,
    });
    expect(referenceThresholds([], { type: "constant", lower: 0.7, upper: null }, UNIT, "t")).toEqual({
      lower: 0.7,
      upper: null,
    });
  });

  it("explains what is wrong", () => {
    expect(() => referenceThresholds([NaN], { type: "std" }, UNIT, "cbpe: accuracy")).toThrow(
      "cbpe: accuracy: no reference chunk has a value to set thresholds from",
    );
    expect(() => referenceThresholds([1], { type: "mad" } as never, UNIT, "t")).toThrow(/threshold type must be/);
  });
});
