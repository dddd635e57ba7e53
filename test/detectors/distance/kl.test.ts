import { describe, expect, it } from "vitest";
import { kl } from "../../../detectors/distance/kl.ts";
import { expectClose, STATISTIC } from "../close.ts";
import { distanceCases, samples } from "./distanceCases.ts";

describe("kl matches Evidently's `kl_div` (numpy/scipy re-statement)", () => {
  for (const c of distanceCases) {
    it(c.name, () => {
      const [reference, current] = samples(c);
      const result = kl(reference, current, { type: c.type });
      expectClose(result.statistic, c.expected.kl, STATISTIC);
      expect(result.dropped).toEqual(c.expected.dropped);
      expect(result.threshold).toBe(0.1);
      expect(result.drift).toBe(result.statistic >= 0.1);
      expect(result.method).toBe("kl");
    });
  }

  it("takes a custom threshold", () => {
    const result = kl(["a", "b", "b"], ["a", "a", "b"], { threshold: 0.01 });
    expect(result.threshold).toBe(0.01);
    expect(result.drift).toBe(true);
  });

  it("says which sample is empty", () => {
    expect(() => kl([NaN, null], [1, 2])).toThrow(/^kl: reference has no finite numbers/);
    expect(() => kl(["a"], [null], { type: "categorical" })).toThrow(/^kl: current has no values/);
  });
});
