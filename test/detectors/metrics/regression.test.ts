import { describe, expect, it } from "vitest";
import { regressionMetrics } from "../../../detectors/metrics/regression.ts";
import { expectClose, STATISTIC } from "../close.ts";
import { metricsCases, regressionRows } from "./metricsCases.ts";

describe("regressionMetrics matches scikit-learn's definitions (numpy re-statement)", () => {
  for (const c of metricsCases.regression) {
    it(c.name, () => {
      const [yTrue, yPred] = regressionRows(c);
      const result = regressionMetrics(yTrue, yPred);
      expect([result.n, result.dropped]).toEqual([c.expected.n, c.expected.dropped]);
      for (const key of ["mae", "rmse", "mape", "r2"] as const)
        expectClose(result[key], c.expected[key], STATISTIC, key);
    });
  }

  it("explains what is wrong with its input", () => {
    expect(() => regressionMetrics([1, 2], [1])).toThrow(
      "regressionMetrics: yTrue has 2 values and yPred 1; they must pair up row by row",
    );
    expect(() => regressionMetrics([NaN], [1])).toThrow(
      "regressionMetrics: no row has a finite yTrue and yPred (1 rows)",
    );
  });
});
