import { describe, expect, it } from "vitest";
import { chiSquareGoodnessOfFit } from "../../../detectors/categorical/chiSquareGoodnessOfFit.ts";
import { expectClose, P_VALUE, STATISTIC } from "../close.ts";
import { readFixture } from "../fixtureData.ts";
import { samples, type CategoricalCase } from "./categoricalCases.ts";

type Expected = { statistic: number; pValue: number; dof: number; drift: boolean };
const cases = readFixture<CategoricalCase<Expected>[]>("chiSquareGoodnessOfFit");

describe("chiSquareGoodnessOfFit matches Evidently's chisquare stattest (scipy.stats.chisquare with scaled reference counts)", () => {
  for (const c of cases) {
    it(c.name, () => {
      const [reference, current] = samples(c);
      const result = chiSquareGoodnessOfFit(reference, current, { alpha: c.alpha });
      expectClose(result.statistic, c.expected.statistic, STATISTIC, "statistic");
      expectClose(result.pValue!, c.expected.pValue, P_VALUE, "pValue");
      expect(result.dof).toBe(c.expected.dof);
      expect(result.drift).toBe(c.expected.drift);
      expect(result.threshold).toBe(c.alpha ?? 0.05);
      expect(result.method).toBe("chiSquareGoodnessOfFit");
    });
  }

  it("counts the missing values it drops", () => {
    const result = chiSquareGoodnessOfFit(["a", null, "b", NaN, undefined], ["a", "b", null]);
    expect(result.dropped).toEqual({ reference: 3, current: 1 });
  });

  it("does not mutate its inputs", () => {
    const samples = { reference: ["b", "a", null, "b", "c"], current: ["c", NaN, "a", "d"] };
    const before = structuredClone(samples);
    chiSquareGoodnessOfFit(samples.reference, samples.current);
    expect(samples).toEqual(before);
  });

  it("says which sample is empty", () => {
    expect(() => chiSquareGoodnessOfFit([null, NaN], ["a"])).toThrow(
      /^chiSquareGoodnessOfFit: reference has no values/,
    );
    expect(() => chiSquareGoodnessOfFit(["a"], [])).toThrow(/^chiSquareGoodnessOfFit: current has no values/);
  });

  it("rejects an alpha outside (0, 1)", () => {
    expect(() => chiSquareGoodnessOfFit(["a"], ["b"], { alpha: 0 })).toThrow(/^chiSquareGoodnessOfFit: alpha/);
  });
});
