import * as aq from "arquero";
import { describe, expect, it } from "vitest";
import { dataQuality } from "../../../detectors/tabular/dataQuality.ts";
import { rowsOf, tableColumns, tableLike } from "./tabularCases.ts";

const reference = [
  { x: 1.5, city: "paris", n: 3, flag: true, gone: 1 },
  { x: 2.5, city: "rome", n: 4, flag: false, gone: 2 },
  { x: 4, city: "paris", n: 5, flag: true, gone: 3 },
  { x: 3, city: "oslo", n: 3, flag: true, gone: 4 },
];
const current = [
  { x: 0.5, city: "paris", n: "three", flag: true, fresh: "k" },
  { x: null, city: "lima", n: 4, flag: true, fresh: "k" },
  { x: 5, city: "lima", n: 5, flag: true, fresh: "k" },
  { x: NaN, city: null, n: 3, flag: null, fresh: "k" },
  { x: Infinity, city: "rome", n: 4, flag: true, fresh: "k" },
];

describe("dataQuality against a reference", () => {
  const result = dataQuality(current, { reference });
  const column = (name: string) => result.columns.find((c) => c.column === name)!;

  it("counts missing values (null, undefined, NaN) and infinities apart", () => {
    expect(column("x")).toMatchObject({ missing: { count: 2, share: 0.4 }, infinite: 1, distinct: 3, type: "numeric" });
    expect(column("city").missing).toEqual({ count: 1, share: 0.2 });
  });

  it("counts numbers outside the reference's [min, max], ±Infinity included", () => {
    expect(column("x").outOfRange).toEqual({ count: 3, share: 1, min: 1.5, max: 4 });
    expect(column("n").outOfRange).toEqual({ count: 0, share: 0, min: 3, max: 5 });
  });

  it("lists categories the reference never had", () => {
    expect(column("city").unseen).toEqual({ count: 2, share: 0.5, distinct: 1, categories: ["lima"] });
    expect(column("flag").unseen).toEqual({ count: 0, share: 0, distinct: 0, categories: [] });
    expect(column("x").unseen).toBeUndefined();
  });

  it("flags type mismatches: numbers in the reference, text in current", () => {
    expect(column("n").typeMismatch).toEqual({ reference: ["number"], current: ["number", "string"] });
    expect(column("city").typeMismatch).toBeUndefined();
  });

  it("flags constant columns (at most one distinct present value)", () => {
    expect(column("flag").constant).toBe(true);
    expect(column("fresh").constant).toBe(true);
    expect(column("x").constant).toBe(false);
  });

  it("summarises every check, and the columns only one table has", () => {
    expect(result.rows).toBe(5);
    expect(result.summary).toEqual({
      columns: 5,
      missingCells: { count: 4, share: 4 / 25 },
      columnsWithMissing: ["x", "city", "flag"],
      emptyColumns: [],
      constantColumns: ["flag", "fresh"],
      duplicateIdColumns: [],
      outOfRangeColumns: ["x"],
      unseenCategoryColumns: ["city"],
      typeMismatchColumns: ["n"],
      newColumns: ["fresh"],
      missingColumns: ["gone"],
    });
    expect(column("fresh").inReference).toBe(false);
    expect(column("fresh").outOfRange).toBeUndefined();
  });
});

describe("dataQuality alone", () => {
  it("checks one table without reference fields", () => {
    const result = dataQuality([
      { a: null, b: 1 },
      { a: undefined, b: 1 },
    ]);
    expect(result.columns[0]).toEqual({
      column: "a",
      role: "feature",
      type: "unknown",
      missing: { count: 2, share: 1 },
      infinite: 0,
      distinct: 0,
      constant: true,
    });
    expect(result.summary.emptyColumns).toEqual(["a"]);
    expect(result.summary.constantColumns).toEqual(["a", "b"]);
    expect(result.summary.newColumns).toEqual([]);
  });

  it("reads Arquero tables and table-like adapters alike", () => {
    const columns = tableColumns("edge_current");
    const fromRows = dataQuality(rowsOf(columns));
    expect(dataQuality(tableLike(columns))).toEqual(fromRows);
    const arquero = aq.table(Object.fromEntries(Object.entries(columns).map(([k, v]) => [k, Array.from(v)])));
    expect(dataQuality(arquero)).toEqual(fromRows);
  });

  it("handles an empty table", () => {
    const result = dataQuality([]);
    expect(result).toMatchObject({
      rows: 0,
      columns: [],
      summary: { columns: 0, missingCells: { count: 0, share: 0 } },
    });
  });

  it("lists at most 20 unseen categories but counts them all", () => {
    const ref = [{ c: "a" }, { c: "a" }, { c: "b" }];
    const cur = Array.from({ length: 30 }, (_, i) => ({ c: `new ${i}` }));
    const unseen = dataQuality(cur, { reference: ref }).columns[0].unseen!;
    expect(unseen.count).toBe(30);
    expect(unseen.distinct).toBe(30);
    expect(unseen.categories).toHaveLength(20);
  });

  it("rejects what is not a table", () => {
    expect(() => dataQuality("rows" as never)).toThrow(/^dataQuality: current must be a table/);
    expect(() => dataQuality([], { reference: [1] as never })).toThrow(/^dataQuality: reference: row 0 is number/);
  });
});

describe("dataQuality checks each column for what can go wrong with its role", () => {
  // A logged-predictions table as the store keeps it: the reference has no timestamps, every id is
  // new, timestamps and scores fall outside the reference's range, and most labels have not arrived.
  const reference = Array.from({ length: 40 }, (_, i) => ({
    id: `ref-${i}`,
    ts: null,
    income: 1000 + i,
    prediction: i % 2,
    score: 0.2 + i / 100,
    proba_yes: 0.2 + i / 100,
    label: i % 2,
  }));
  const current = Array.from({ length: 40 }, (_, i) => ({
    id: `cur-${i}`,
    ts: 1_700_000_000_000 + i,
    income: i === 0 ? null : 1000 + i,
    prediction: i % 2,
    score: 0.01 + i / 40,
    proba_yes: 0.01 + i / 40,
    label: i < 30 ? null : i % 2,
  }));

  it("flags none of id, ts, prediction, score, proba_* and label on healthy data", () => {
    const { summary, columns } = dataQuality(current, { reference });
    expect(columns.map((c) => [c.column, c.role])).toEqual([
      ["id", "id"],
      ["ts", "timestamp"],
      ["income", "feature"],
      ["prediction", "output"],
      ["score", "output"],
      ["proba_yes", "output"],
      ["label", "label"],
    ]);
    expect(summary).toMatchObject({
      missingCells: { count: 1, share: 1 / (40 * 6) },
      columnsWithMissing: ["income"],
      emptyColumns: [],
      constantColumns: [],
      duplicateIdColumns: [],
      outOfRangeColumns: [],
      unseenCategoryColumns: [],
      typeMismatchColumns: [],
      labelCoverage: { count: 10, share: 0.25 },
    });
  });

  it("reads the same columns as features when they have other names", () => {
    const renamed = (rows: Record<string, unknown>[]) =>
      rows.map(({ id, ts, score, label }) => ({ order_id: id, logged_at: ts, risk: score, outcome: label }));
    const { summary } = dataQuality(renamed(current), { reference: renamed(reference) });
    expect(summary).toMatchObject({
      columnsWithMissing: ["outcome"],
      outOfRangeColumns: ["risk"],
      unseenCategoryColumns: ["order_id"],
    });
  });

  it("leaves out the store's records of when rows and labels were written (`select *` returns them)", () => {
    const recorded = (rows: Record<string, unknown>[]) =>
      rows.map((row, i) => ({
        ...row,
        ingested_at: 1_700_000_100_000 + i,
        label_ingested_at: row.label === null ? null : 1,
      }));
    const plain = dataQuality(current, { reference });
    expect(dataQuality(recorded(current), { reference: recorded(reference) })).toEqual(plain);
    expect(dataQuality(recorded(current), { reference })).toEqual(plain);
  });

  it("counts label nulls as coverage, not missing values, even when no label has arrived", () => {
    const unlabelled = current.map((row) => ({ ...row, label: null }));
    const { summary, columns } = dataQuality(unlabelled, { reference });
    const label = columns.find((c) => c.column === "label")!;
    expect(label.labelled).toEqual({ count: 0, share: 0 });
    expect(label.missing).toBeUndefined();
    expect(label.constant).toBeUndefined();
    expect(summary.emptyColumns).toEqual([]);
    expect(summary.columnsWithMissing).toEqual(["income"]);
    expect(summary.labelCoverage).toEqual({ count: 0, share: 0 });
  });

  it("still flags what is wrong with each role: repeated or missing ids, missing timestamps, a label outside the reference's", () => {
    const broken = current.map((row, i) => ({
      ...row,
      id: i === 1 ? "cur-0" : i === 2 ? null : row.id,
      ts: i === 3 ? null : row.ts,
      label: i === 39 ? 2 : row.label,
      prediction: "yes",
    }));
    const { summary, columns } = dataQuality(broken, { reference });
    expect(columns.find((c) => c.column === "id")).toMatchObject({ duplicates: 1, missing: { count: 1 } });
    expect(summary).toMatchObject({
      columnsWithMissing: ["id", "ts", "income"],
      duplicateIdColumns: ["id"],
      constantColumns: ["prediction"],
      typeMismatchColumns: ["prediction"],
      outOfRangeColumns: ["label"],
    });
  });

  it("has no label coverage without a label column", () => {
    expect(dataQuality([{ x: 1 }]).summary.labelCoverage).toBeUndefined();
  });
});

describe("dataQuality skips vector columns", () => {
  it("leaves a column of typed arrays out of the columns and the summary", () => {
    const current = [
      { x: 1, embedding: Float32Array.of(1, 2) },
      { x: null, embedding: null },
    ];
    const reference = [{ x: 1, embedding: Float64Array.of(0, 0) }];
    const result = dataQuality(current, { reference });
    expect(result.columns.map((c) => c.column)).toEqual(["x"]);
    expect(result.summary.columns).toBe(1);
  });
});
