import { describe, expect, it } from "vitest";
import { andersonDarling } from "../../../detectors/univariate/andersonDarling.ts";
import { A, B, checkCase, title, univariate } from "./univariateCases.ts";

describe("andersonDarling matches scipy.stats.anderson_ksamp(variant='midrank')", () => {
  for (const c of univariate.andersonDarling) it(title(c), () => checkCase(c, "andersonDarling", andersonDarling));
});

describe("andersonDarling", () => {
  it("gives the reference p-value on A and B (Evidently anderson)", () => {
    expect(andersonDarling(A, B).pValue).toBeCloseTo(0.09021535386162868, 12);
  });

  it("caps the p-value to [0.001, 0.25] as scipy does", () => {
    expect(andersonDarling([1, 2, 3], [1, 2, 3]).pValue).toBe(0.25);
    const low = Array.from({ length: 10 }, (_, i) => i + 1);
    expect(
      andersonDarling(
        low,
        low.map((x) => x + 10),
      ).pValue,
    ).toBe(0.001);
  });

  it("names itself and the cause in its errors", () => {
    expect(() => andersonDarling([5, 5], [5, 5, 5])).toThrow(/^andersonDarling: needs more than one distinct value/);
    expect(() => andersonDarling([1], [2])).toThrow(/^andersonDarling: needs at least 3 values in total/);
    expect(() => andersonDarling([null], [2])).toThrow(/^andersonDarling: reference has no finite numbers/);
  });
});
