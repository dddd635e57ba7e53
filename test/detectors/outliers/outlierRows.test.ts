import * as aq from "arquero";
import { describe, expect, it } from "vitest";
import { outliers } from "../../../detectors/index.ts";
import { outlierRows } from "../../../detectors/outliers/outlierRows.ts";

const logged = [
  { id: 1, ts: 1000, a: 1, b: 10, city: "x", prediction: 1, score: 0.9, label: 1 },
  { id: 2, ts: 2000, a: 2, b: 12, city: "y", prediction: 0, score: 0.2, label: 0 },
  { id: 3, ts: 3000, a: 3, b: 11, city: "x", prediction: 1, score: 0.7, label: 1 },
  { id: 4, ts: 4000, a: 4, b: 13, city: "z", prediction: 0, score: 0.1, label: 0 },
];

describe("outlier rows: tables, objects and arrays", () => {
  it("reads the numeric feature columns of a table by default, not id, ts, outputs, labels or strings", () => {
    const rows = outlierRows(aq.from(logged), aq.from(logged), "test");
    expect(rows.features).toEqual(["a", "b"]);
    expect(Array.from(rows.reference.data)).toEqual([1, 10, 2, 12, 3, 11, 4, 13]);
  });

  it("keeps every current row in order, scoring none with a missing or non-numeric value", () => {
    const current = [
      { a: 2, b: 11 },
      { a: null, b: 11 },
      { a: 40, b: 11 },
      { a: 2, b: "n/a" },
    ];
    const result = outliers.zScore(logged, current, { features: ["a", "b"], threshold: 3 });
    expect(result.scores[0]).toBeGreaterThanOrEqual(0);
    expect(result.scores[1]).toBeNaN();
    expect(result.scores[3]).toBeNaN();
    expect(result.outlier).toEqual([false, false, true, false]);
    expect(result.dropped).toEqual({ reference: 0, current: 2 });
    expect(result.share).toBe(1 / 2);
  });

  it("leaves incomplete reference rows out of the fit and counts them", () => {
    const reference = [[1, 2], [2, NaN], null, [3, 4], [Infinity, 1], [5, 6]];
    const result = outliers.zScore(reference, [[3, 4]]);
    expect(result.dropped).toEqual({ reference: 3, current: 0 });
    expect(result.mean).toEqual([3, 4]);
  });

  it("reads plain numbers as one feature", () => {
    expect(outliers.iqr([1, 2, 3, 4, 5], [3, null, 10]).scores).toEqual([0, NaN, 3]);
  });

  it("names what is wrong", () => {
    expect(() => outliers.zScore(logged, [{ a: 1 }], { features: ["a", "b"] })).toThrow(
      'zScore: current has no column "b"',
    );
    expect(() => outliers.zScore([{ name: "x", ts: 1 }], [{ name: "y", ts: 2 }])).toThrow(
      /zScore: the reference has no numeric feature columns .*features option/,
    );
    expect(() =>
      outliers.iqr(
        [
          [1, 2],
          [3, 4],
        ],
        [[1, 2, 3]],
      ),
    ).toThrow("iqr: current row 0 has 3 values, expected 2 as in the first reference row");
    expect(() => outliers.iqr([[1, 2]], [{ a: 1 }])).toThrow(/different kinds \(arrays vs objects\)/);
    expect(() => outliers.iqr([[NaN, 2]], [[1, 2]])).toThrow(/iqr: reference has no rows with finite numbers/);
    expect(() => outliers.iqr([[1, 2]], [[null, 2]])).toThrow(/iqr: current has no rows with finite numbers/);
    expect(() => outliers.iqr([[1, 2]], [], {})).toThrow("iqr: current has no rows");
    expect(() => outliers.iqr([1, 2], [1], { percentile: 0 })).toThrow("iqr: percentile must be in (0, 100], got 0");
    expect(() => outliers.isolationForest([1, 2], [1], { trees: 0 })).toThrow(/trees must be an integer ≥ 1/);
  });

  it("sets the threshold at a percentile of the reference's own scores", () => {
    const reference = Array.from({ length: 101 }, (_, i) => i);
    // |z| of 0…100 peaks at the ends; the 100th percentile is the largest reference score.
    const result = outliers.zScore(reference, [0, 50, 100, 101], { percentile: 100 });
    expect(result.outlier).toEqual([false, false, false, true]);
  });
});
