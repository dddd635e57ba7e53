import { describe, expect, it } from "vitest";
import { cramerVonMises } from "../../../detectors/univariate/cramerVonMises.ts";
import { A, B, checkCase, title, univariate } from "./univariateCases.ts";

describe("cramerVonMises matches scipy.stats.cramervonmises_2samp", () => {
  for (const c of univariate.cramerVonMises) it(title(c), () => checkCase(c, "cramerVonMises", cramerVonMises));
});

describe("cramerVonMises", () => {
  it("gives the reference numbers on A and B (Alibi CVMDrift, Evidently cramer_von_mises)", () => {
    const result = cramerVonMises(A, B);
    expect(result.statistic).toBeCloseTo(0.3516296296296302, 14);
    expect(result.pValue).toBeCloseTo(0.0982367838751258, 12);
  });

  it("returns NaN (never drift) for a sample of one value, as scipy 1.17", () => {
    const result = cramerVonMises([1], [2, 3, 4]);
    expect(result.statistic).toBeNaN();
    expect(result.pValue).toBeNaN();
    expect(result.drift).toBe(false);
  });

  it("refuses an exact count it cannot finish", () => {
    const a = Array.from({ length: 100 }, (_, i) => i);
    expect(() =>
      cramerVonMises(
        a,
        a.map((x) => x + 0.5),
        { method: "exact" },
      ),
    ).toThrow(/^cramerVonMises: the exact p-value .* use method "asymptotic"/);
  });

  it("names itself and the cause in its errors", () => {
    expect(() => cramerVonMises([], [1, 2])).toThrow(/^cramerVonMises: reference has no finite numbers/);
    expect(() => cramerVonMises([1, 2], [3, 4], { method: "permutation" as "auto" })).toThrow(
      /^cramerVonMises: method must be/,
    );
    expect(() => cramerVonMises([1, 2], [3, 4], { alpha: 0 })).toThrow(/^cramerVonMises: alpha must be/);
  });
});
