import { describe, expect, it } from "vitest";
import { alarmChance, calibratedThreshold } from "../../../detectors/concept/calibrate.ts";
import type { MonitorFactory } from "../../../detectors/concept/monitor.ts";

/** A monitor whose score is the running sum of the errors: its largest score is the stream's sum. */
const runningSum: MonitorFactory = () => {
  let sum = 0;
  return { update: (error) => (sum += error) };
};

describe("calibratedThreshold", () => {
  it("turns a rate per 1,000 predictions into the chance of any alarm over the stream", () => {
    expect(alarmChance(0.01, 1000)).toBeCloseTo(1 - (1 - 1e-5) ** 1000, 12);
    expect(alarmChance(10, 100)).toBeCloseTo(1 - 0.99 ** 100, 12);
  });

  it("takes the (k+1)-th largest simulated maximum, k = ⌊α(B + 1)⌋ − 1", () => {
    // A warm-up of 100 draws, then 50: the largest running sum is the number of ones in all 150.
    const reference = Float64Array.from({ length: 100 }, (_, i) => (i < 30 ? 1 : 0));
    const { threshold, calibration } = calibratedThreshold(
      runningSum,
      reference,
      50,
      { falseAlarmRate: 1, bootstraps: 999, seed: 4 },
      "test",
    );
    const alpha = alarmChance(1, 50);
    expect(calibration).toEqual({ falseAlarmRate: 1, alpha, bootstraps: 999, seed: 4 });
    // Binomial(150, 0.3) has mean 45 and sd 5.61; α ≈ 0.049 puts the threshold near 45 + 1.65·5.61.
    expect(threshold).toBeGreaterThanOrEqual(52);
    expect(threshold).toBeLessThanOrEqual(57);
  });

  it("says how many bootstraps a small chance needs", () => {
    expect(() => calibratedThreshold(runningSum, Float64Array.from([0, 1]), 50, {}, "concept.ddm")).toThrow(
      "concept.ddm: 0.01 false alarms per 1,000 predictions over 50 current predictions is a 0.000500 chance, " +
        "which 1000 bootstraps cannot resolve: pass bootstraps ≥ 2000 or a higher falseAlarmRate",
    );
    expect(() => calibratedThreshold(runningSum, Float64Array.from([0, 1]), 100, { falseAlarmRate: 0 }, "x")).toThrow(
      "x: falseAlarmRate is per 1,000 predictions, between 0 and 1000, got 0",
    );
  });
});
