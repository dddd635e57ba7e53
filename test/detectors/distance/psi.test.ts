import { describe, expect, it } from "vitest";
import { psi } from "../../../detectors/distance/psi.ts";
import { expectClose, STATISTIC } from "../close.ts";
import { distanceCases, samples } from "./distanceCases.ts";

describe("psi matches Evidently's `psi` (numpy/scipy re-statement)", () => {
  for (const c of distanceCases) {
    it(c.name, () => {
      const [reference, current] = samples(c);
      const result = psi(reference, current, { type: c.type });
      expectClose(result.statistic, c.expected.psi, STATISTIC);
      expect(result.dropped).toEqual(c.expected.dropped);
      expect(result.threshold).toBe(0.1);
      expect(result.drift).toBe(c.expected.psiDrift);
      expect(result.method).toBe("psi");
    });
  }

  it("takes a custom threshold", () => {
    // Shares (1/3, 2/3) against (2/3, 1/3): psi = 2 · (1/3) · ln 2 ≈ 0.462, drift at the default 0.1.
    expect(psi(["a", "b", "b"], ["a", "a", "b"]).drift).toBe(true);
    const result = psi(["a", "b", "b"], ["a", "a", "b"], { threshold: 0.5 });
    expectClose(result.statistic, (2 / 3) * Math.LN2, STATISTIC);
    expect(result.threshold).toBe(0.5);
    expect(result.drift).toBe(false);
  });

  it("says which sample is empty", () => {
    expect(() => psi([NaN, null], [1, 2])).toThrow(/^psi: reference has no finite numbers/);
    expect(() => psi(["a"], [null], { type: "categorical" })).toThrow(/^psi: current has no values/);
  });
});
