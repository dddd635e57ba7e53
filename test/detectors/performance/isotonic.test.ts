import { describe, expect, it } from "vitest";
import { fitIsotonic } from "../../../detectors/performance/isotonic.ts";

describe("fitIsotonic (scikit-learn's IsotonicRegression, out_of_bounds='clip')", () => {
  it("pools tied x values, pools adjacent violators, interpolates and clips", () => {
    // sklearn: IsotonicRegression(out_of_bounds="clip").fit([.1, .1, .2, .3], [0, 1, 0, 1]).predict(...)
    // gives [1/3, 1/3, 2/3, 1/3, 1] at [.15, .1, .25, 0, 1].
    const f = fitIsotonic([0.3, 0.1, 0.2, 0.1], [1, 1, 0, 0], "test");
    [1 / 3, 1 / 3, 2 / 3, 1 / 3, 1].forEach((expected, i) =>
      expect(f([0.15, 0.1, 0.25, 0, 1][i])).toBeCloseTo(expected, 15),
    );
  });

  it("treats x values within 1e-15 as one, as scikit-learn's _make_unique does", () => {
    const f = fitIsotonic([0.1, 0.1 + 4e-16, 0.3], [0, 1, 1], "test");
    expect(f(0.1)).toBe(0.5);
    expect(f(0.2)).toBeCloseTo(0.75, 15);
  });

  it("predicts a single point's y everywhere, and refuses nothing to fit", () => {
    expect([0, 0.5, 1].map(fitIsotonic([0.4], [1], "test"))).toEqual([1, 1, 1]);
    expect(() => fitIsotonic([], [], "cbpe: calibrating score")).toThrow(
      "cbpe: calibrating score: isotonic regression needs at least one point",
    );
  });
});
