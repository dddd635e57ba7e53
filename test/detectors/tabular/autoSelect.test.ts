import { describe, expect, it } from "vitest";
import { autoSelect, defaultTest, inferColumnType } from "../../../detectors/tabular/autoSelect.ts";

// Expected choices are read off Evidently 0.7's source: registry.py _get_default_stattest and
// core/datasets.py infer_column_type; tabular.py re-states them for tabularDrift.

describe("defaultTest is Evidently's _get_default_stattest table", () => {
  const cases: [string, Parameters<typeof defaultTest>[0], string][] = [
    ["numeric, 6 values, 1000 rows", { type: "numeric", referenceSize: 1000, distinct: 6 }, "ks"],
    ["numeric, 6 values, 1001 rows", { type: "numeric", referenceSize: 1001, distinct: 6 }, "wasserstein"],
    ["numeric, 5 values, 1000 rows", { type: "numeric", referenceSize: 1000, distinct: 5 }, "chiSquareGoodnessOfFit"],
    ["numeric, 3 values", { type: "numeric", referenceSize: 10, distinct: 3 }, "chiSquareGoodnessOfFit"],
    ["numeric, 2 values", { type: "numeric", referenceSize: 10, distinct: 2 }, "zTest"],
    ["numeric, 1 value", { type: "numeric", referenceSize: 1, distinct: 1 }, "zTest"],
    ["numeric, 5 values, 1001 rows", { type: "numeric", referenceSize: 1001, distinct: 5 }, "jensenShannon"],
    [
      "categorical, 3 values, 1000 rows",
      { type: "categorical", referenceSize: 1000, distinct: 3 },
      "chiSquareGoodnessOfFit",
    ],
    ["categorical, 2 values, 1000 rows", { type: "categorical", referenceSize: 1000, distinct: 2 }, "zTest"],
    [
      "categorical, 50 values, 10 rows",
      { type: "categorical", referenceSize: 10, distinct: 50 },
      "chiSquareGoodnessOfFit",
    ],
    ["categorical, 2 values, 1001 rows", { type: "categorical", referenceSize: 1001, distinct: 2 }, "jensenShannon"],
    ["categorical, 6 values, 5000 rows", { type: "categorical", referenceSize: 5000, distinct: 6 }, "jensenShannon"],
  ];
  for (const [name, input, expected] of cases) it(name, () => expect(defaultTest(input)).toBe(expected));
});

describe("autoSelect counts rows and values after dropping missing ones", () => {
  const range = (n: number, f: (i: number) => unknown = (i) => i) => Array.from({ length: n }, (_, i) => f(i));

  it("a 1001-row reference with one NaN is a small reference", () => {
    expect(autoSelect([...range(1000), NaN], range(50), { type: "numeric" })).toBe("ks");
    expect(autoSelect(range(1001), range(50), { type: "numeric" })).toBe("wasserstein");
  });

  it("±Infinity and null are dropped before counting distinct values", () => {
    const five = [1, 2, 3, 4, 5, Infinity, -Infinity, null, NaN];
    expect(autoSelect(five, [1, 2], { type: "numeric" })).toBe("chiSquareGoodnessOfFit");
    expect(autoSelect([0, 1, Infinity], [1, null], { type: "categorical" })).toBe("zTest");
  });

  it("counts values of both samples together", () => {
    expect(autoSelect([1, 2, 3], [4, 5, 6], { type: "numeric" })).toBe("ks");
    expect(autoSelect(["a", "a"], ["b", "c"], { type: "categorical" })).toBe("chiSquareGoodnessOfFit");
    expect(autoSelect(["a", "a"], ["b", "b"], { type: "categorical" })).toBe("zTest");
  });

  it("reads 1e6-row columns without counting every distinct value", () => {
    const big = Float64Array.from({ length: 1_000_000 }, (_, i) => i * 0.5);
    expect(autoSelect(big, big, { type: "numeric" })).toBe("wasserstein");
  });

  it("says which sample is empty, and checks the type", () => {
    expect(() => autoSelect([null, NaN], [1], { type: "numeric" })).toThrow(/^autoSelect: reference has no values/);
    expect(() => autoSelect([1], [Infinity], { type: "numeric" })).toThrow(/^autoSelect: current has no values/);
    expect(() => autoSelect([1], [1], { type: "text" as never })).toThrow(/^autoSelect: type must be/);
  });
});

describe("inferColumnType follows Evidently 0.7's infer_column_type", () => {
  const range = (n: number) => Array.from({ length: n }, (_, i) => i);

  it("floats are numeric", () => expect(inferColumnType([0.5, 1, 2])).toBe("numeric"));
  it("integers with at most 10 distinct values are categorical", () => {
    expect(inferColumnType([...range(10), ...range(10)])).toBe("categorical");
    expect(inferColumnType([...range(11), ...range(11)])).toBe("numeric");
  });
  it("a missing or infinite value makes integers float64, so numeric", () => {
    expect(inferColumnType([0, 1, 2, null])).toBe("numeric");
    expect(inferColumnType([0, 1, 2, NaN])).toBe("numeric");
    expect(inferColumnType([0, 1, Infinity])).toBe("numeric");
  });
  it("a typed array of integers is integers", () =>
    expect(inferColumnType(Int32Array.from([1, 2, 1]))).toBe("categorical"));
  it("booleans are categorical, with or without missing values", () => {
    expect(inferColumnType([true, false])).toBe("categorical");
    expect(inferColumnType([true, null, false])).toBe("categorical");
  });
  it("strings: text when more than half the present values are distinct", () => {
    expect(inferColumnType(["a", "b", "a", "b"])).toBe("categorical");
    expect(inferColumnType(["a", "b", "c", "a"])).toBe("text");
    expect(inferColumnType(["a", null, null, "a", "a", "b"])).toBe("categorical");
    expect(inferColumnType(["a", null, null, null, "a", "b"])).toBe("text");
    expect(inferColumnType(["a"])).toBe("text");
  });
  it("mixed kinds count as strings only when the first and last present values are strings", () => {
    expect(inferColumnType(["a", 1, "a", "a"])).toBe("categorical");
    expect(inferColumnType([1, "a", "a", "a"])).toBe("unknown");
  });
  it("dates are datetime", () => expect(inferColumnType([new Date(0), null, new Date(1)])).toBe("datetime"));
  it("a column with no present value is unknown", () => {
    expect(inferColumnType([null, undefined, NaN])).toBe("unknown");
    expect(inferColumnType([])).toBe("unknown");
  });
});

describe("inferColumnType of vectors", () => {
  it('calls a column of typed arrays (missing values aside) "vector", and one mixed with numbers "unknown"', () => {
    expect(inferColumnType([Float32Array.of(1, 2), null, Float32Array.of(3, 4)])).toBe("vector");
    expect(inferColumnType([Float32Array.of(1, 2), 3])).toBe("unknown");
    expect(inferColumnType([new DataView(new ArrayBuffer(2))])).toBe("unknown");
  });
});
