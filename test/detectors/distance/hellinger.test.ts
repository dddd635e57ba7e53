import { describe, expect, it } from "vitest";
import { hellinger } from "../../../detectors/distance/hellinger.ts";
import { expectClose, STATISTIC } from "../close.ts";
import { distanceCases, samples } from "./distanceCases.ts";

describe("hellinger matches Evidently's `hellinger` (numpy/scipy re-statement)", () => {
  for (const c of distanceCases) {
    it(c.name, () => {
      const [reference, current] = samples(c);
      const result = hellinger(reference, current, { type: c.type });
      expectClose(result.statistic, c.expected.hellinger, STATISTIC);
      expect(result.dropped).toEqual(c.expected.dropped);
      expect(result.threshold).toBe(0.1);
      expect(result.drift).toBe(result.statistic >= 0.1);
      expect(result.method).toBe("hellinger");
    });
  }

  it("takes a custom threshold", () => {
    const result = hellinger(["a", "b", "b"], ["a", "a", "b"], { threshold: 0.01 });
    expect(result.threshold).toBe(0.01);
    expect(result.drift).toBe(true);
  });

  it("says which sample is empty", () => {
    expect(() => hellinger([NaN, null], [1, 2])).toThrow(/^hellinger: reference has no finite numbers/);
    expect(() => hellinger(["a"], [null], { type: "categorical" })).toThrow(/^hellinger: current has no values/);
  });
});
