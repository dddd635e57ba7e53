import { describe, expect, it } from "vitest";
import { iqr } from "../../../detectors/outliers/iqr.ts";
import { expectClose } from "../close.ts";
import { expectOutliers, outliersFixture, plantedOutliers, precisionRecall } from "./outlierCases.ts";

describe("outliers.iqr", () => {
  for (const c of outliersFixture.cases) {
    it(`matches np.percentile fences: ${c.name}`, () => {
      const result = iqr(c.reference, c.current);
      result.q1.forEach((q, k) => expectClose(q, c.iqr.q1[k], { rel: 1e-14, abs: 1e-15 }, `q1 ${k}`));
      result.q3.forEach((q, k) => expectClose(q, c.iqr.q3[k], { rel: 1e-14, abs: 1e-15 }, `q3 ${k}`));
      expectOutliers(result, c.iqr, 1e-12, c.name);
      expect(result.dropped).toEqual(c.dropped);
    });
  }

  it("finds planted outliers", () => {
    const { reference, current, labels } = plantedOutliers(2);
    const { precision, recall } = precisionRecall(iqr(reference, current), labels);
    expect(recall).toBe(1);
    expect(precision).toBeGreaterThan(0.5);
  });

  it("scores 0 inside the box and the distance beyond it in IQRs: Tukey's fences at 1.5", () => {
    // Q1 = 2, Q3 = 4, IQR = 2 (numpy's linear percentiles of 1…5).
    const result = iqr([1, 2, 3, 4, 5], [3, 10, -1, 7], { threshold: 1.5 });
    expect(result.scores).toEqual([0, 3, 1.5, 1.5]);
    expect(result.outlier).toEqual([false, true, false, false]);
  });
});
