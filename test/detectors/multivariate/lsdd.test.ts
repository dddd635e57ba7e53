import { describe, expect, it } from "vitest";
import { seededRng } from "../../../detectors/random/rng.ts";
import { lsdd } from "../../../detectors/multivariate/lsdd.ts";
import { expectClose, P_VALUE, STATISTIC } from "../close.ts";
import { expectCalibrated, flaggedShare, inputs, multivariate, normalRows } from "./multivariateCases.ts";

describe("lsdd against a numpy port of Alibi Detect's LSDDDrift", () => {
  for (const c of multivariate.lsdd) {
    it(c.name, () => {
      const { reference, current } = inputs(c);
      const result = lsdd(reference, current, c.options);
      expect(result.method).toBe("lsdd");
      expectClose(result.statistic, c.expected.statistic, STATISTIC, "statistic");
      result.sigma.forEach((s, i) => expectClose(s, c.expected.sigma[i], STATISTIC, "sigma"));
      expect(result.lambda).toBe(c.expected.lambda);
      expect(result.kernelCenters).toBe(c.expected.kernelCenters);
      expectClose(result.pValue!, c.expected.pValue, P_VALUE, "pValue");
      expectClose(result.distanceThreshold, c.expected.distanceThreshold, STATISTIC, "distanceThreshold");
      expect(result.drift).toBe(c.expected.drift);
      expect(result.dropped).toEqual(c.expected.dropped);
    });
  }
});

describe("lsdd edge cases", () => {
  it("throws when no λ works (every row the same), as Alibi does", () => {
    const same = Array.from({ length: 40 }, () => [1, 2]);
    expect(() => lsdd(same, same)).toThrow(/^lsdd: no regularisation λ .* Try mmd instead/);
  });

  it("throws on too few rows and bad options", () => {
    expect(() => lsdd([[1, 2]], [[1, 2]])).toThrow(/^lsdd: needs at least 2 complete reference rows, got 1/);
    const rows = normalRows(seededRng(1), 20, 2);
    expect(() => lsdd(rows, rows, { kernelCenters: 20 })).toThrow(
      /^lsdd: kernelCenters \(20\) must be fewer than the reference rows \(20\)/,
    );
    expect(() => lsdd(rows, rows, { kernelCenters: 0 })).toThrow(/^lsdd: kernelCenters must be an integer ≥ 1/);
    expect(() => lsdd(rows, rows, { lambdaRdMax: 0 })).toThrow(/^lsdd: lambdaRdMax must be positive/);
    expect(() => lsdd(rows, rows, { alpha: 0 })).toThrow(/^lsdd: alpha must be between 0 and 1/);
  });
});

describe("lsdd calibration (500 seeded trials, 100 + 60 rows in 3 dimensions, 100 permutations)", () => {
  it("flags drift at the nominal rate when there is none", () => {
    const share = flaggedShare(500, (trial) => {
      const rng = seededRng(2000 + trial);
      return lsdd(normalRows(rng, 100, 3), normalRows(rng, 60, 3), { seed: trial });
    });
    expectCalibrated("lsdd", share, 500);
  });

  it("flags a clear shift", () => {
    const share = flaggedShare(50, (trial) => {
      const rng = seededRng(6000 + trial);
      return lsdd(normalRows(rng, 100, 3), normalRows(rng, 60, 3, 1.5), { seed: trial });
    });
    expect(share).toBe(1);
  });
});
