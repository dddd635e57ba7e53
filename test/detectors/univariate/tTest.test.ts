import { describe, expect, it } from "vitest";
import { tTest } from "../../../detectors/univariate/tTest.ts";
import { A, B, checkCase, title, univariate } from "./univariateCases.ts";

describe("tTest matches scipy.stats.ttest_ind", () => {
  for (const c of univariate.tTest) it(title(c), () => checkCase(c, "tTest", tTest));
});

describe("tTest", () => {
  it("gives the reference p-value on A and B with pooled variance (Evidently t_test)", () => {
    expect(tTest(A, B, { equalVar: true }).pValue).toBeCloseTo(0.05294697296012094, 14);
  });

  it("returns NaN (never drift) for a single value, as scipy", () => {
    const result = tTest([1], [2, 3]);
    expect(result.statistic).toBeNaN();
    expect(result.drift).toBe(false);
  });

  it("names itself and the cause in its errors", () => {
    expect(() => tTest([], [2, 3])).toThrow(/^tTest: reference has no finite numbers/);
    expect(() => tTest([1, 2], [2, 3], { alternative: "up" as "less" })).toThrow(/^tTest: alternative must be/);
  });
});
