import { describe, expect, it } from "vitest";
import { energyDistance } from "../../../detectors/univariate/energyDistance.ts";
import { A, B, checkCase, title, univariate } from "./univariateCases.ts";

describe("energyDistance matches scipy.stats.energy_distance", () => {
  for (const c of univariate.energyDistance) it(title(c), () => checkCase(c, "energyDistance", energyDistance));
});

describe("energyDistance", () => {
  it("gives the reference number on A and B (Evidently ed)", () => {
    expect(energyDistance(A, B).statistic).toBeCloseTo(0.81064172110742, 13);
  });

  it("decides drift with distance > threshold (strict, as Evidently's ed)", () => {
    const d = energyDistance([0], [2]).statistic;
    expect(d).toBe(2.0000000000000004);
    expect(energyDistance([0], [2], { threshold: d }).drift).toBe(false);
    expect(energyDistance([0], [2], { threshold: 2 }).drift).toBe(true);
  });

  it("names itself and the cause in its errors", () => {
    expect(() => energyDistance([1], [undefined])).toThrow(/^energyDistance: current has no finite numbers/);
  });
});
