import * as aq from "arquero";
import { describe, expect, it } from "vitest";
import { exportValue, tablePage } from "../../server/runtime/tableRows.ts";
import { TABLE_ROW_LIMIT } from "../../server/protocol/index.ts";

describe("tablePage", () => {
  it("reads any page of an Arquero table, past the rows a table output carries", () => {
    const n = TABLE_ROW_LIMIT * 3;
    const table = aq.table({
      i: Array.from({ length: n }, (_, i) => i),
      s: Array.from({ length: n }, (_, i) => `v${i}`),
    });
    const page = tablePage(table, 2_990, 20)!;
    expect(page.columns).toEqual(["i", "s"]);
    expect(page.totalRows).toBe(n);
    expect(page.rows).toEqual(Array.from({ length: 10 }, (_, k) => [2_990 + k, `v${2_990 + k}`]));
  });

  it("reads arrays of objects with every key any row has, in order of first appearance", () => {
    const rows = [{ a: 1 }, ...Array.from({ length: 1_500 }, () => ({ a: 2 })), { b: "late" }];
    expect(tablePage(rows, 0, 1)).toEqual({ columns: ["a", "b"], rows: [[1, null]], totalRows: 1_502 });
    expect(tablePage(rows, 1_501, 10)!.rows).toEqual([[null, "late"]]);
  });

  it("is undefined for a value that is not a table", () => {
    expect(tablePage(42, 0, 10)).toBeUndefined();
    expect(tablePage([], 0, 10)).toBeUndefined();
    expect(tablePage([1, 2], 0, 10)).toBeUndefined();
  });
});

describe("exportValue", () => {
  it("keeps scalars, writes dates as ISO 8601 UTC, and missing values as null", () => {
    expect(exportValue(Date.UTC(2026, 11, 7))).toBe(Date.UTC(2026, 11, 7));
    expect(exportValue(new Date(Date.UTC(2026, 11, 7, 13, 5)))).toBe("2026-12-07T13:05:00.000Z");
    expect(exportValue(new Date(Number.NaN))).toBe("Invalid Date");
    expect([exportValue(null), exportValue(undefined)]).toEqual([null, null]);
    expect([exportValue(Number.NaN), exportValue(-Infinity), exportValue(12n)]).toEqual(["NaN", "-Infinity", "12"]);
    expect([exportValue(true), String(exportValue("x".repeat(20_000))).length]).toEqual([true, 20_000]); // text is never cut
  });

  it("writes nested values as JSON text", () => {
    expect(exportValue({ a: [1, 2], d: new Date(0) })).toBe('{"a":[1,2],"d":"1970-01-01T00:00:00.000Z"}');
  });
});
