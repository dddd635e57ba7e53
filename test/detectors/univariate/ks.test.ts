import { describe, expect, it } from "vitest";
import { ks } from "../../../detectors/univariate/ks.ts";
import { A, B, checkCase, title, univariate } from "./univariateCases.ts";

describe("ks matches scipy.stats.ks_2samp", () => {
  for (const c of univariate.ks) it(title(c), () => checkCase(c, "ks", ks));
});

describe("ks", () => {
  it("gives the reference numbers on A and B (Evidently exact, Alibi asymptotic, classifier one-sided)", () => {
    expect(ks(A, B).statistic).toBe(0.28);
    expect(ks(A, B).pValue).toBeCloseTo(0.2933789985549772, 15);
    expect(ks(A, B, { mode: "asymp" }).pValue).toBeCloseTo(0.2959092638867392, 14);
    const greater = ks([0.2, 0.35, 0.4, 0.45, 0.5, 0.3], [0.55, 0.6, 0.4, 0.7, 0.65], { alternative: "greater" });
    expect(greater.statistic).toBeCloseTo(0.8, 15);
    expect(greater.pValue).toBeCloseTo(0.023809523809523808, 15);
  });

  it("does not mutate its inputs", () => {
    const reference = new Float64Array([3, 1, 2]);
    const current = Object.freeze([9, 7, 8]);
    ks(reference, current);
    expect(Array.from(reference)).toEqual([3, 1, 2]);
  });

  it("decides drift with p < alpha", () => {
    const result = ks(A, B, { alpha: 0.2933789985549772 });
    expect(result.drift).toBe(false);
    expect(ks(A, B, { alpha: 0.2933789985549773 }).drift).toBe(true);
  });

  it("names itself and the cause in its errors", () => {
    expect(() => ks([NaN, null], B)).toThrow(/^ks: reference has no finite numbers/);
    expect(() => ks(A, [])).toThrow(/^ks: current has no finite numbers/);
    expect(() => ks(A, B, { mode: "fast" as "auto" })).toThrow(/^ks: mode must be/);
    expect(() => ks(A, B, { alternative: "both" as "less" })).toThrow(/^ks: alternative must be/);
    expect(() => ks(A, B, { alpha: 5 })).toThrow(/^ks: alpha must be between 0 and 1/);
  });
});
