import { describe, expect, it } from "vitest";
import { tabularDrift, type TabularDriftOptions } from "../../../detectors/tabular/tabularDrift.ts";
import { rowsOf, tableColumns, tabularCases } from "./tabularCases.ts";

/** n rows of { x, city }: x spread over [offset, offset + 1), city cycling through `cities`. */
function rows(n: number, offset: number, cities: string[]): Record<string, unknown>[] {
  return Array.from({ length: n }, (_, i) => ({ x: offset + i / n, city: cities[i % cities.length] }));
}

describe("tabularDrift: minRows leaves the statistics of large enough columns alone", () => {
  for (const c of tabularCases) {
    if (c.name.startsWith("1e6")) continue;
    const options = (c.options ?? {}) as TabularDriftOptions;
    const reference = rowsOf(tableColumns(c.reference));
    const current = rowsOf(tableColumns(c.current));
    const evidently = tabularDrift(reference, current, { ...options, minRows: 0 });
    const large = evidently.features.every((f) => Math.min(f.referenceRows, f.currentRows) >= 30);
    if (!large) continue;
    it(`${c.name}: the default (30) gives Evidently's result`, () => {
      expect({ ...tabularDrift(reference, current, options), minRows: 0 }).toEqual(evidently);
    });
  }
});

describe("tabularDrift: row counts, minRows and each column's status", () => {
  it("counts each table's rows and each column's values (missing values left out)", () => {
    const reference = rows(40, 0, ["a", "b"]);
    const current = rows(50, 0, ["a", "b"]).map((row, i) => (i < 5 ? { ...row, x: null, city: NaN } : row));
    const result = tabularDrift(reference, current);
    expect({ referenceRows: result.referenceRows, currentRows: result.currentRows, minRows: result.minRows }).toEqual({
      referenceRows: 40,
      currentRows: 50,
      minRows: 30,
    });
    expect(result.features.map((f) => [f.feature, f.referenceRows, f.currentRows, f.status])).toEqual([
      ["x", 40, 45, "stable"],
      ["city", 40, 45, "stable"],
    ]);
  });

  it("gives a column with fewer than minRows values no statistic, p-value or verdict", () => {
    const reference = rows(100, 0, ["a", "b"]);
    const current = rows(29, 5, ["a", "b"]);
    const result = tabularDrift(reference, current);
    for (const feature of result.features) {
      expect(feature).toMatchObject({ status: "insufficient", method: "skipped", drift: false, currentRows: 29 });
      expect(feature.statistic).toBeNaN();
      expect(feature.pValue).toBeUndefined();
      expect(feature.reason).toBe("29 current values, fewer than minRows (30): too few to judge drift");
    }
    expect(result).toMatchObject({ testedCount: 0, insufficientCount: 2, driftedCount: 0, share: 0, drift: false });

    // One more row and x, shifted by 5, is tested and drifts.
    const enough = tabularDrift(reference, rows(30, 5, ["a", "b"]));
    expect(enough.features.map((f) => f.status)).toEqual(["drifted", "stable"]);
    expect(enough.features[0].pValue).toBeLessThan(1e-9);
  });

  it("names the table that is short, and takes minRows from the options", () => {
    const result = tabularDrift(rows(12, 0, ["a"]), rows(8, 0, ["a"]), { minRows: 10 });
    expect(result.features[0].reason).toBe("8 current values, fewer than minRows (10): too few to judge drift");
    const both = tabularDrift(rows(1, 0, ["a"]), rows(8, 0, ["a"]), { minRows: 10 });
    expect(both.features[0].reason).toBe(
      "1 reference and 8 current values, fewer than minRows (10): too few to judge drift",
    );
    const one = tabularDrift(rows(12, 0, ["a"]), rows(1, 0, ["a"]), { minRows: 10 });
    expect(one.features[0].reason).toBe("1 current value, fewer than minRows (10): too few to judge drift");
  });

  it("decides the share of drifted columns over sufficient columns only", () => {
    const reference = rows(100, 0, ["a", "b"]);
    // city is missing in all but 10 current rows: insufficient; x drifts.
    const current = rows(100, 5, ["a", "b"]).map((row, i) => (i < 90 ? { ...row, city: null } : row));
    const result = tabularDrift(reference, current);
    expect(result.features.map((f) => [f.feature, f.status])).toEqual([
      ["x", "drifted"],
      ["city", "insufficient"],
    ]);
    expect(result).toMatchObject({ testedCount: 1, insufficientCount: 1, driftedCount: 1, share: 1, drift: true });
    // Tested anyway (Evidently), the stable city column halves the share.
    expect(tabularDrift(reference, current, { minRows: 0 })).toMatchObject({ testedCount: 2, share: 0.5 });
  });

  it("keeps each status in step with a correction's decision", () => {
    const reference = rows(100, 0, ["a", "b"]);
    const current = rows(100, 0.2, ["a", "b", "b"]);
    // ks on x gives p ≈ 0.024 and zTest on city p ≈ 0.022: drift at 0.04 alone, not at Bonferroni's 0.04 / 2.
    const alone = tabularDrift(reference, current, { threshold: 0.04 });
    const corrected = tabularDrift(reference, current, { threshold: 0.04, correction: "bonferroni" });
    expect(alone.features.map((f) => f.status)).toEqual(["drifted", "drifted"]);
    expect(corrected.features.map((f) => [f.drift, f.status])).toEqual([
      [false, "stable"],
      [false, "stable"],
    ]);
  });

  it("checks minRows", () => {
    for (const minRows of [-1, 2.5, NaN, Infinity]) {
      expect(() => tabularDrift(rows(40, 0, ["a"]), rows(40, 0, ["a"]), { minRows })).toThrow(
        `tabularDrift: minRows must be a whole number ≥ 0, got ${minRows}`,
      );
    }
  });
});

describe("tabularDrift names the categories only one table has", () => {
  const reference = [
    ...Array<string>(50).fill("car"),
    ...Array<string>(30).fill("home"),
    ...Array<string>(20).fill("boat"),
  ].map((purpose, i) => ({ purpose, x: i }));
  const current = [
    ...Array<string>(40).fill("car"),
    ...Array<string>(30).fill("home"),
    ...Array<string>(5).fill("crypto"),
    ...Array<string>(25).fill("medical"),
  ].map((purpose, i) => ({ purpose, x: i }));

  it("with counts, most frequent first, where the chi-square statistic is infinite", () => {
    const purpose = tabularDrift(reference, current).features.find((f) => f.feature === "purpose")!;
    expect(purpose).toMatchObject({
      method: "chiSquareGoodnessOfFit",
      statistic: Infinity,
      pValue: 0,
      status: "drifted",
      newCategories: [
        { category: "medical", count: 25 },
        { category: "crypto", count: 5 },
      ],
      missingCategories: [{ category: "boat", count: 20 }],
    });
  });

  it("as empty lists when both tables have the same categories, and not for numeric columns", () => {
    const result = tabularDrift(reference, reference);
    const [purpose, x] = result.features;
    expect(purpose).toMatchObject({ newCategories: [], missingCategories: [] });
    expect(x.type).toBe("numeric");
    expect(x.newCategories).toBeUndefined();
    expect(x.missingCategories).toBeUndefined();
  });

  it("compares booleans and integer categories by their names, as the tests do", () => {
    const flags = (n: number, value: (i: number) => unknown) => Array.from({ length: n }, (_, i) => ({ f: value(i) }));
    const result = tabularDrift(
      flags(40, (i) => i % 2 === 0),
      flags(40, () => true),
    );
    expect(result.features[0]).toMatchObject({
      type: "categorical",
      newCategories: [],
      missingCategories: [{ category: "false", count: 20 }],
    });
    const levels = tabularDrift(
      flags(40, (i) => i % 3),
      flags(40, (i) => (i % 4) + 1),
    );
    expect(levels.features[0]).toMatchObject({
      newCategories: [
        { category: "3", count: 10 },
        { category: "4", count: 10 },
      ],
      missingCategories: [{ category: "0", count: 14 }],
    });
  });
});
