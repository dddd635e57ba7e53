import { describe, expect, it } from "vitest";
import { zTest } from "../../../detectors/categorical/zTest.ts";
import { expectClose, P_VALUE, STATISTIC } from "../close.ts";
import { categorical, samples } from "./categoricalCases.ts";

describe("zTest matches Evidently's two-proportion z-test", () => {
  for (const c of categorical.zTest) {
    it(c.name, () => {
      const [reference, current] = samples(c);
      const result = zTest(reference, current, { alpha: c.alpha });
      expectClose(result.statistic, c.expected.statistic, STATISTIC, "z");
      expectClose(result.pValue!, c.expected.pValue, P_VALUE, "pValue");
      expect(result.drift).toBe(c.expected.drift);
      expect(result.threshold).toBe(c.alpha ?? 0.05);
    });
  }

  it("flips the sign of z, not the p-value, when the positive category changes", () => {
    const reference = ["no", "no", "yes", "no"];
    const current = ["yes", "yes", "no"];
    const yes = zTest(reference, current);
    const no = zTest(reference, current, { positive: "no" });
    expect(no.statistic).toBeCloseTo(-yes.statistic, 14);
    expect(no.pValue).toBe(yes.pValue);
  });

  it("rejects more than two categories", () => {
    expect(() => zTest([1, 2], [3])).toThrow("zTest: expects a binary column, found 3 categories (1, 2, 3)");
  });
});
