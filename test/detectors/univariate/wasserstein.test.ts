import { describe, expect, it } from "vitest";
import { wasserstein } from "../../../detectors/univariate/wasserstein.ts";
import { A, B, checkCase, title, univariate } from "./univariateCases.ts";

describe("wasserstein matches scipy.stats.wasserstein_distance (normed as Evidently)", () => {
  for (const c of univariate.wasserstein) it(title(c), () => checkCase(c, "wasserstein", wasserstein));
});

describe("wasserstein", () => {
  it("gives the reference numbers on A and B (Evidently normed, NannyML raw)", () => {
    expect(wasserstein(A, B).statistic).toBeCloseTo(0.6478405466319517, 14);
    expect(wasserstein(A, B, { normed: false }).statistic).toBeCloseTo(1.899, 13);
  });

  it("decides drift with distance ≥ threshold", () => {
    expect(wasserstein([0, 1, 3], [5, 6, 8], { normed: false, threshold: 5 }).drift).toBe(true);
    expect(wasserstein([0, 1, 3], [5, 6, 8], { normed: false, threshold: 5.000001 }).drift).toBe(false);
  });

  it("floors the norm at 0.001 for a constant reference", () => {
    expect(wasserstein([2, 2, 2], [2, 2, 3]).statistic).toBeCloseTo(1 / 3 / 0.001, 9);
  });

  it("names itself and the cause in its errors", () => {
    expect(() => wasserstein([NaN], [1])).toThrow(/^wasserstein: reference has no finite numbers/);
  });
});
