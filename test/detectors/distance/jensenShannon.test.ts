import { describe, expect, it } from "vitest";
import { jensenShannon } from "../../../detectors/distance/jensenShannon.ts";
import { expectClose, STATISTIC } from "../close.ts";
import { distanceCases, samples } from "./distanceCases.ts";

describe("jensenShannon matches Evidently's `jensenshannon` (numpy/scipy re-statement)", () => {
  for (const c of distanceCases) {
    it(c.name, () => {
      const [reference, current] = samples(c);
      const result = jensenShannon(reference, current, { type: c.type });
      expectClose(result.statistic, c.expected.jensenShannon, STATISTIC);
      expect(result.dropped).toEqual(c.expected.dropped);
      expect(result.threshold).toBe(0.1);
      expect(result.drift).toBe(result.statistic >= 0.1);
      expect(result.method).toBe("jensenShannon");
    });
  }

  it("takes a custom threshold", () => {
    const result = jensenShannon(["a", "b", "b"], ["a", "a", "b"], { threshold: 0.01 });
    expect(result.threshold).toBe(0.01);
    expect(result.drift).toBe(true);
  });

  it("says which sample is empty", () => {
    expect(() => jensenShannon([NaN, null], [1, 2])).toThrow(/^jensenShannon: reference has no finite numbers/);
    expect(() => jensenShannon(["a"], [null], { type: "categorical" })).toThrow(
      /^jensenShannon: current has no values/,
    );
  });
});
