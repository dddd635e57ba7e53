import { describe, expect, it } from "vitest";
import { zScore } from "../../../detectors/outliers/zScore.ts";
import { expectClose } from "../close.ts";
import { expectOutliers, outliersFixture, plantedOutliers, precisionRecall } from "./outlierCases.ts";

describe("outliers.zScore", () => {
  for (const c of outliersFixture.cases) {
    it(`matches StandardScaler and np.percentile: ${c.name}`, () => {
      const result = zScore(c.reference, c.current);
      result.mean.forEach((m, k) => expectClose(m, c.zScore.mean[k], { rel: 1e-12, abs: 1e-14 }, `mean ${k}`));
      result.std.forEach((s, k) => expectClose(s, c.zScore.std[k], { rel: 1e-12, abs: 1e-14 }, `std ${k}`));
      expectOutliers(result, c.zScore, 1e-11, c.name);
      expect(result.dropped).toEqual(c.dropped);
    });
  }

  it("finds planted outliers", () => {
    const { reference, current, labels } = plantedOutliers(1);
    const { precision, recall } = precisionRecall(zScore(reference, current), labels);
    expect(recall).toBe(1);
    expect(precision).toBeGreaterThan(0.5);
  });

  it("takes a fixed threshold: the three-sigma rule", () => {
    const result = zScore([[0], [1], [2], [1]], [[1], [9], [1.5]], { threshold: 3 });
    expect(result.outlier).toEqual([false, true, false]);
    expect(result.threshold).toBe(3);
    expect(result.share).toBeCloseTo(1 / 3, 15);
  });

  it("scores a departure from a feature constant in the reference as Infinity, and equality as 0", () => {
    const result = zScore(
      [
        [1, 5],
        [2, 5],
        [3, 5],
      ],
      [
        [2, 5],
        [2, 6],
      ],
    );
    expect(result.scores).toEqual([0, Infinity]);
    expect(result.outlier).toEqual([false, true]);
  });
});
