import { describe, expect, it } from "vitest";
import { lordGamma, lordLevels } from "../../../detectors/concept/lord.ts";
import { expectClose, STATISTIC } from "../close.ts";
import { concept } from "./conceptCases.ts";

describe("lordLevels", () => {
  concept.lord.forEach((c, k) => {
    it(`matches the reference script's LORD++ levels, case ${k + 1}`, () => {
      const { levels, rejected } = lordLevels(c.pValues, c.alpha, c.initialWealth);
      levels.forEach((level, t) => expectClose(level, c.levels[t], STATISTIC, `level ${t + 1}`));
      expect(rejected).toEqual(c.rejected);
    });
  });

  it("starts at γ₁·W₀ = 0.0772·ln 2·W₀ and spends no more than the wealth (Σγⱼ ≤ 1)", () => {
    expect(lordLevels([1], 0.05).levels[0]).toBeCloseTo(0.07720838 * Math.log(2) * 0.025, 15);
    let sum = 0;
    for (let j = 1; j <= 1e6; j++) sum += lordGamma(j);
    expect(sum).toBeLessThan(1);
  });

  it("never changes a past verdict when tests are added", () => {
    const p = [0.001, 0.2, 0.004, 0.03, 0.5, 0.0001, 0.02];
    const all = lordLevels(p, 0.05);
    for (let k = 1; k < p.length; k++) {
      const some = lordLevels(p.slice(0, k), 0.05);
      expect(some.levels).toEqual(all.levels.slice(0, k));
      expect(some.rejected).toEqual(all.rejected.slice(0, k));
    }
  });

  it("refuses an initial wealth above alpha", () => {
    expect(() => lordLevels([0.1], 0.05, 0.1)).toThrow("lord: initialWealth must be in (0, alpha = 0.05], got 0.1");
  });
});
