import { describe, expect, it } from "vitest";
import { chiSquaredInverseSurvival } from "../../../detectors/distributions/chiSquaredQuantile.ts";
import { expectClose } from "../close.ts";
import { outliersFixture } from "../outliers/outlierCases.ts";

describe("chiSquaredInverseSurvival (scipy.stats.chi2.isf)", () => {
  for (const { q, dof, x } of outliersFixture.chiSquaredInverseSurvival) {
    it(`q = ${q}, dof = ${dof}`, () => expectClose(chiSquaredInverseSurvival(q, dof), x, { rel: 1e-12, abs: 0 }));
  }

  it("is NaN outside (0, 1) or for dof ≤ 0", () => {
    expect(chiSquaredInverseSurvival(0, 3)).toBeNaN();
    expect(chiSquaredInverseSurvival(1, 3)).toBeNaN();
    expect(chiSquaredInverseSurvival(0.5, 0)).toBeNaN();
  });
});
