import { describe, expect, it } from "vitest";
import { mannWhitney } from "../../../detectors/univariate/mannWhitney.ts";
import { A, B, checkCase, title, univariate } from "./univariateCases.ts";

describe("mannWhitney matches scipy.stats.mannwhitneyu", () => {
  for (const c of univariate.mannWhitney) it(title(c), () => checkCase(c, "mannWhitney", mannWhitney));
});

describe("mannWhitney", () => {
  it("gives the reference p-value on A and B (Evidently mannw, alternative less)", () => {
    expect(mannWhitney(A, B, { alternative: "less" }).pValue).toBeCloseTo(0.029753228696954428, 14);
  });

  it("refuses an exact table it cannot build", () => {
    const big = Float64Array.from({ length: 20000 }, (_, i) => i);
    expect(() =>
      mannWhitney(
        big,
        big.map((x) => x + 0.5),
        { method: "exact" },
      ),
    ).toThrow(/^mannWhitney: the exact p-value .* use method "asymptotic"/);
  });

  it("names itself and the cause in its errors", () => {
    expect(() => mannWhitney([1], [Infinity])).toThrow(/^mannWhitney: current has no finite numbers/);
    expect(() => mannWhitney([1], [2], { method: "permutation" as "auto" })).toThrow(/^mannWhitney: method must be/);
    expect(() => mannWhitney([1], [2], { alternative: "up" as "less" })).toThrow(/^mannWhitney: alternative must be/);
  });
});
