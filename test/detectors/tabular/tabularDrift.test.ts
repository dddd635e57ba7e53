import * as aq from "arquero";
import { op } from "arquero";
import { describe, expect, it } from "vitest";
import {
  tabularDrift,
  type TabularDriftOptions,
  type TabularDriftResult,
} from "../../../detectors/tabular/tabularDrift.ts";
import { expectClose, P_VALUE, STATISTIC } from "../close.ts";
import { rowsOf, tableColumns, tableLike, tabularCases, type TabularCase } from "./tabularCases.ts";

function expectMatches(result: TabularDriftResult, c: TabularCase): void {
  const { expected } = c;
  expect(result.features.map((f) => f.feature)).toEqual(expected.features.map((f) => f.feature));
  expected.features.forEach((want, i) => {
    const got = result.features[i];
    const what = `${want.feature}`;
    expect({ type: got.type, method: got.method, drift: got.drift, dropped: got.dropped }, what).toEqual({
      type: want.type,
      method: want.method,
      drift: want.drift,
      dropped: want.dropped,
    });
    if (want.method === "skipped") {
      expect(got.reason, what).toMatch(/./);
      return;
    }
    expectClose(got.statistic, want.statistic!, STATISTIC, `${what} statistic`);
    expectClose(got.threshold, want.threshold!, STATISTIC, `${what} threshold`);
    if (want.pValue === undefined) expect(got.pValue, what).toBeUndefined();
    else expectClose(got.pValue!, want.pValue, P_VALUE, `${what} pValue`);
  });
  expect(result.share).toBe(expected.share);
  expect({ drift: result.drift, driftedCount: result.driftedCount, testedCount: result.testedCount }).toEqual({
    drift: expected.drift,
    driftedCount: expected.driftedCount,
    testedCount: expected.testedCount,
  });
  if (expected.correction === undefined) expect(result.correction).toBeUndefined();
  else {
    expect(result.correction?.drift).toBe(expected.correction?.drift);
    expect(result.correction?.flags).toEqual(expected.correction?.flags);
    const threshold = result.correction?.threshold;
    if (Array.isArray(expected.correction?.threshold)) {
      (threshold as number[]).forEach((t, i) =>
        expectClose(t, (expected.correction!.threshold as number[])[i], STATISTIC),
      );
    } else expectClose(threshold as number, expected.correction!.threshold as number, STATISTIC);
  }
}

describe("tabularDrift matches Evidently's data-drift preset, re-stated with scipy (tabular.py)", () => {
  for (const c of tabularCases) {
    // Evidently tests samples of any size (n = 1 included): minRows 0 asks for that.
    const options = { minRows: 0, ...c.options } as TabularDriftOptions;
    it(`${c.name} (table-like adapter)`, () => {
      expectMatches(tabularDrift(tableLike(tableColumns(c.reference)), tableLike(tableColumns(c.current)), options), c);
    });
    if (c.name.startsWith("1e6")) continue;
    it(`${c.name} (arrays of objects)`, () => {
      expectMatches(tabularDrift(rowsOf(tableColumns(c.reference)), rowsOf(tableColumns(c.current)), options), c);
    });
  }

  it("reads Arquero tables, as `select * from credit` returns them", () => {
    const c = tabularCases[0];
    const toTable = (name: string) =>
      aq.table(Object.fromEntries(Object.entries(tableColumns(name)).map(([k, v]) => [k, Array.from(v)])));
    expectMatches(tabularDrift(toTable(c.reference), toTable(c.current)), c);
  });

  it("reads filtered and ordered Arquero tables through array(name), in their row order", () => {
    const c = tabularCases[0];
    const toTable = (name: string) =>
      aq.table(Object.fromEntries(Object.entries(tableColumns(name)).map(([k, v]) => [k, Array.from(v)])));
    const reference = toTable(c.reference)
      .orderby(aq.desc("id"))
      .filter(() => true);
    const current = toTable(c.current).filter(() => true);
    expect(reference.isFiltered() && current.isFiltered()).toBe(true);
    expectMatches(tabularDrift(reference, current), c);
  });
});

describe("tabularDrift gives the same results, bit for bit, on typed-array and plain-array columns", () => {
  // As a sql cell's table holds a REAL column either way: a Float64Array with NaN for NULL, or an
  // array of numbers with null. Every 97th value is missing, so the missing-value paths are compared too.
  const tables = (name: string) => {
    const plain: Record<string, unknown[]> = {};
    const typed: Record<string, ArrayLike<unknown>> = {};
    for (const [column, values] of Object.entries(tableColumns(name))) {
      const numeric = column !== "id" && Array.from(values).every((value) => typeof value === "number");
      plain[column] = Array.from(values, (value, i) => (numeric && i % 97 === 5 ? null : value));
      typed[column] = numeric
        ? Float64Array.from(plain[column], (value) => (value === null ? NaN : (value as number)))
        : plain[column];
    }
    return { plain: aq.table(plain), typed: aq.table(typed) };
  };
  for (const c of tabularCases) {
    it(c.name, () => {
      const options = (c.options ?? {}) as TabularDriftOptions;
      const [reference, current] = [tables(c.reference), tables(c.current)];
      expect(Object.values(reference.typed.data() as object).some((column) => column instanceof Float64Array)).toBe(
        true,
      );
      const plain = tabularDrift(reference.plain, current.plain, options);
      expect(tabularDrift(reference.typed, current.typed, options)).toEqual(plain);
      if (c.name.startsWith("1e6")) return;
      // Filtered (and, by id where there is one, ordered) tables read typed columns through array(name, Float64Array).
      const subset = (table: aq.ColumnTable) => {
        const filtered = table.filter(() => op.row_number() % 7 !== 0);
        return table.columnNames().includes("id") ? filtered.orderby(aq.desc("id")) : filtered;
      };
      expect(tabularDrift(subset(reference.typed), subset(current.typed), options)).toEqual(
        tabularDrift(subset(reference.plain), subset(current.plain), options),
      );
    });
  }
});

describe("tabularDrift: features, options and report shape", () => {
  const reference = rowsOf(tableColumns("credit_reference"));
  const current = rowsOf(tableColumns("credit_current"));

  it("leaves out id, ts, label, prediction, score and proba_* by default", () => {
    const result = tabularDrift(reference, current);
    expect(result.features.map((f) => f.feature)).toEqual([
      "age",
      "income",
      "debt_ratio",
      "late_payments",
      "term",
      "purpose",
      "home",
    ]);
    expect(result.method).toBe("auto");
    expect(result.driftShare).toBe(0.5);
  });

  it("is a drift report for the workbook renderer: method, share, drift, features with feature", () => {
    const result = tabularDrift(reference, current);
    expect(typeof result.method).toBe("string");
    expect(typeof result.share).toBe("number");
    expect(typeof result.drift).toBe("boolean");
    for (const feature of result.features) expect(typeof feature.feature).toBe("string");
  });

  it("decides dataset drift with share ≥ driftShare (Evidently), not >", () => {
    const ref = [
      { a: 1, b: "x" },
      { a: 2, b: "x" },
      { a: 3, b: "x" },
      { a: 4, b: "x" },
      { a: 5, b: "x" },
      { a: 6, b: "x" },
    ];
    const cur = ref.map((row) => ({ a: row.a + 100, b: "x" }));
    const half = tabularDrift(ref, cur, { categorical: ["b"], minRows: 0 });
    expect(half.features.map((f) => f.drift)).toEqual([true, false]);
    expect(half.share).toBe(0.5);
    expect(half.drift).toBe(true);
    expect(tabularDrift(ref, cur, { categorical: ["b"], driftShare: 0.51, minRows: 0 }).drift).toBe(false);
  });

  it("names the method per column type", () => {
    const result = tabularDrift(reference, current, { method: { categorical: "chiSquare" } });
    expect(result.method).toBe("numeric: auto, categorical: chiSquare");
    expect(result.features.find((f) => f.feature === "purpose")?.method).toBe("chiSquare");
    expect(result.features.find((f) => f.feature === "age")?.method).toBe("ks");
  });

  it("runs a test Evidently names with Evidently's parameters and comparison", () => {
    const result = tabularDrift(reference, current, { features: ["income"], method: "mannWhitney" });
    expect(result.features[0]).toMatchObject({ method: "mannWhitney", threshold: 0.05 });
  });

  it("reports an empty column as skipped with a reason instead of throwing (empty, not insufficient)", () => {
    const ref = [
      { a: 1, b: null },
      { a: 2, b: null },
    ];
    const cur = [
      { a: 1, b: 3 },
      { a: 2, b: 4 },
    ];
    const result = tabularDrift(ref, cur, { minRows: 0 });
    const b = result.features[1];
    expect(b).toMatchObject({
      feature: "b",
      method: "skipped",
      status: "skipped",
      drift: false,
      dropped: { reference: 2, current: 0 },
      referenceRows: 0,
      currentRows: 2,
    });
    expect(b.reason).toMatch(/^reference has no values/);
    expect(result.testedCount).toBe(1);
    // With the default minRows, two values of `a` are too few; `b` is still empty, not insufficient.
    const small = tabularDrift(ref, cur);
    expect(small.features.map((f) => f.status)).toEqual(["insufficient", "skipped"]);
    expect(small.features[1].reason).toMatch(/^reference has no values/);
  });

  it("reports a test's own refusal as a skipped column", () => {
    const result = tabularDrift([{ c: "a" }, { c: "b" }, { c: "c" }], [{ c: "a" }, { c: "b" }, { c: "c" }], {
      method: "zTest",
      categorical: ["c"],
      minRows: 0,
    });
    expect(result.features[0].method).toBe("skipped");
    expect(result.features[0].reason).toMatch(/^zTest: expects a binary column/);
  });

  it("leaves datetime columns out by default, and skips them when listed", () => {
    const ref = [0, 1, 2, 3].map((i) => ({ at: new Date(i * 1000), x: i }));
    const cur = [0, 1, 2, 3].map((i) => ({ at: new Date(i * 2000), x: i + 0.5 }));
    expect(tabularDrift(ref, cur).features.map((f) => f.feature)).toEqual(["x"]);
    const listed = tabularDrift(ref, cur, { features: ["at", "x"] }).features[0];
    expect(listed).toMatchObject({ feature: "at", type: "datetime", method: "skipped" });
  });

  it("treats a numeric test on a categorical column as a mistake in the options", () => {
    expect(() => tabularDrift(reference, current, { method: "ks" })).toThrow(
      /^tabularDrift: ks needs a numeric column, but "late_payments" is categorical/,
    );
  });

  it("checks its options and tables", () => {
    expect(() => tabularDrift(reference, current, { method: "nope" as never })).toThrow(
      /^tabularDrift: method must be "auto" or a test name/,
    );
    expect(() => tabularDrift(reference, current, { features: ["nope"] })).toThrow(
      /^tabularDrift: feature "nope" is not a column of the reference table/,
    );
    expect(() => tabularDrift(reference, current, { categorical: ["id"] })).toThrow(
      /^tabularDrift: categorical column "id"/,
    );
    expect(() => tabularDrift(reference, current, { driftShare: 2 })).toThrow(/^tabularDrift: driftShare/);
    expect(() => tabularDrift(reference, current, { threshold: NaN })).toThrow(/^tabularDrift: threshold/);
    expect(() => tabularDrift(reference, current, { correction: "holm" as never })).toThrow(
      /^tabularDrift: correction/,
    );
    expect(() => tabularDrift(42 as never, current)).toThrow(/^tabularDrift: reference must be a table/);
    expect(() => tabularDrift([{ id: "a" }], [{ id: "b" }])).toThrow(/^tabularDrift: no feature columns to compare/);
  });

  it("does not mutate its inputs: rows, or the column arrays a table hands out", () => {
    const rows = {
      reference: reference.slice(0, 50).map((row) => ({ ...row })),
      current: current.slice(0, 50).map((row) => ({ ...row })),
    };
    const rowsBefore = structuredClone(rows);
    tabularDrift(rows.reference, rows.current);
    expect(rows).toEqual(rowsBefore);
    const columns = { reference: tableColumns("credit_reference"), current: tableColumns("credit_current") };
    const columnsBefore = structuredClone(columns);
    tabularDrift(tableLike(columns.reference), tableLike(columns.current));
    expect(columns).toEqual(columnsBefore);
  });
});

describe("tabularDrift reads arrays of objects by their own keys", () => {
  it("takes the union of the rows' keys; a key a row lacks is missing there", () => {
    const ref = [{ a: 1 }, { a: 2, b: "x" }, { b: "y", a: 3 }];
    const cur = [{ a: 1, b: "x" }, { a: 2 }, { a: 2, b: "y" }];
    const result = tabularDrift(ref, cur, { categorical: ["b"] });
    expect(result.features.map((f) => [f.feature, f.dropped])).toEqual([
      ["a", { reference: 0, current: 0 }],
      ["b", { reference: 1, current: 1 }],
    ]);
  });

  it("never reads a column from the prototype chain", () => {
    const ref: Record<string, unknown>[] = [{ toString: 1 }, { toString: 2 }, {}];
    const cur: Record<string, unknown>[] = [{ toString: 1 }, {}, {}];
    expect(tabularDrift(ref, cur).features[0]).toMatchObject({
      feature: "toString",
      dropped: { reference: 1, current: 2 },
    });
  });
});

describe("tabularDrift skips vector columns", () => {
  it("reports a column of typed arrays as skipped, with why, and leaves it out of the share", () => {
    const rows = (n: number, shift: number) =>
      Array.from({ length: n }, (_, i) => ({ x: (i % 50) + shift, embedding: Float32Array.of(i, -i, shift) }));
    const result = tabularDrift(rows(200, 0), rows(200, 40));
    expect(result.features.map((f) => [f.feature, f.type, f.status])).toEqual([
      ["x", "numeric", "drifted"],
      ["embedding", "vector", "skipped"],
    ]);
    expect(result.features[1].reason).toMatch(/^vector column .*mmd, lsdd or classifierDrift/);
    expect([result.testedCount, result.share]).toEqual([1, 1]);
  });
});
