import { describe, expect, it } from "vitest";
import { chiSquare } from "../../../detectors/categorical/chiSquare.ts";
import { expectClose, P_VALUE, STATISTIC } from "../close.ts";
import { categorical, samples } from "./categoricalCases.ts";

describe("chiSquare matches scipy.stats.chi2_contingency on the 2×K table", () => {
  for (const c of categorical.chiSquare) {
    it(c.name, () => {
      const [reference, current] = samples(c);
      const result = chiSquare(reference, current, { correction: c.correction, alpha: c.alpha });
      expectClose(result.statistic, c.expected.statistic, STATISTIC, "statistic");
      expectClose(result.pValue!, c.expected.pValue, P_VALUE, "pValue");
      expect(result.dof).toBe(c.expected.dof);
      expect(result.drift).toBe(c.expected.drift);
      expect(result.threshold).toBe(c.alpha ?? 0.05);
      expect(result.method).toBe("chiSquare");
    });
  }

  it("counts the missing values it drops", () => {
    const result = chiSquare(["a", null, "b", NaN, undefined], ["a", "b", null]);
    expect(result.dropped).toEqual({ reference: 3, current: 1 });
  });

  it("does not mutate its inputs", () => {
    const samples = { reference: ["b", "a", null, "b", "c"], current: ["c", NaN, "a", "d"] };
    const before = structuredClone(samples);
    chiSquare(samples.reference, samples.current);
    expect(samples).toEqual(before);
  });

  it("says which sample is empty", () => {
    expect(() => chiSquare([null, NaN], ["a"])).toThrow(/^chiSquare: reference has no values/);
    expect(() => chiSquare(["a"], [])).toThrow(/^chiSquare: current has no values/);
  });

  it("rejects an alpha outside (0, 1)", () => {
    expect(() => chiSquare(["a"], ["b"], { alpha: 5 })).toThrow(/^chiSquare: alpha/);
  });
});
