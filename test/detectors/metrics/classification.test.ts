import { describe, expect, it } from "vitest";
import { classificationMetrics } from "../../../detectors/metrics/classification.ts";
import { expectClose, STATISTIC } from "../close.ts";
import { classificationRows, metricsCases } from "./metricsCases.ts";

describe("classificationMetrics matches scikit-learn's definitions (numpy re-statement)", () => {
  for (const c of metricsCases.classification) {
    it(c.name, () => {
      const [yTrue, yPred, scores] = classificationRows(c);
      const result = classificationMetrics(yTrue, yPred, { scores, positive: c.positive });
      const e = c.expected;
      expect([result.n, result.dropped, result.average]).toEqual([e.n, e.dropped, e.average]);
      expect(result.confusion.labels.map((l) => (typeof l === "boolean" ? Number(l) : l))).toEqual(e.labels);
      expect(result.confusion.matrix).toEqual(e.confusion);
      for (const key of ["accuracy", "precision", "recall", "f1"] as const)
        expectClose(result[key], e[key], STATISTIC, key);
      for (const key of ["rocAuc", "logLoss"] as const) {
        if (e[key] === null) expect(result[key], key).toBeNull();
        else expectClose(result[key]!, e[key]!, STATISTIC, key);
      }
    });
  }

  it("reports the positive label it used", () => {
    expect(classificationMetrics([true, false], [true, true]).positive).toBe(true);
    expect(classificationMetrics(["a", "b"], ["a", "b"], { positive: "a" }).positive).toBe("a");
    expect(classificationMetrics([0, 1, 2], [0, 1, 1]).positive).toBeNull();
  });

  it("explains what is wrong with its input", () => {
    expect(() => classificationMetrics([0, 1], [0])).toThrow(
      /^classificationMetrics: yTrue, yPred must have one value per row/,
    );
    expect(() => classificationMetrics(["ham", "spam"], ["spam", "spam"])).toThrow(
      "classificationMetrics: positive label 1 is not one of ham, spam; pass {positive}",
    );
    expect(() => classificationMetrics(["a", 1], ["a", 1])).toThrow(/labels mix strings and numbers/);
    expect(() => classificationMetrics([{}], [1])).toThrow(
      "classificationMetrics: yTrue[0] is object; labels are strings, numbers or booleans",
    );
    expect(() => classificationMetrics([0, 1, 2], [0, 1, 2], { scores: [0.1, 0.5, 0.9] })).toThrow(
      /3 labels are present/,
    );
    expect(() => classificationMetrics([null], [1])).toThrow(/^classificationMetrics: no complete row/);
  });
});
