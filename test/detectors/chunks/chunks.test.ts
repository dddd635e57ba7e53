import { describe, expect, it } from "vitest";
import { chunkRows, tableChunks, type ChunkOptions } from "../../../detectors/chunks/chunks.ts";
import { readFixture } from "../fixtureData.ts";

interface ChunkCase {
  name: string;
  options: ChunkOptions;
  chunks: { rows: number[]; start: number; end: number }[];
}
const fixture = readFixture<{ ts: number[]; cases: ChunkCase[] }>("chunks");

describe("chunkRows cuts rows as NannyML 0.13's chunkers do (pandas restatement, chunks.py)", () => {
  for (const c of fixture.cases) {
    it(c.name, () => {
      const chunks = chunkRows(fixture.ts, fixture.ts.length, c.options);
      expect(chunks).toEqual(c.chunks.map((chunk, index) => ({ index, ...chunk })));
    });
  }

  it("accepts Dates and ISO strings as times, and cuts by period in UTC", () => {
    const times = ["2024-03-01T23:59:59.999Z", new Date("2024-03-02T00:00:00Z"), Date.UTC(2024, 2, 1, 12)];
    expect(chunkRows(times, 3, { period: "1d" }).map((c) => c.rows)).toEqual([[2, 0], [1]]);
    expect(chunkRows(times, 3, { period: "6h" }).map((c) => [c.start, c.rows])).toEqual([
      [Date.UTC(2024, 2, 1, 12), [2]],
      [Date.UTC(2024, 2, 1, 18), [0]],
      [Date.UTC(2024, 2, 2), [1]],
    ]);
  });

  it("keeps input order without timestamps, with null spans", () => {
    expect(chunkRows(null, 5, { size: 2 })).toEqual([
      { index: 0, start: null, end: null, rows: [0, 1] },
      { index: 1, start: null, end: null, rows: [2, 3] },
      { index: 2, start: null, end: null, rows: [4] },
    ]);
    expect(chunkRows(null, 0, { count: 3 })).toEqual([]);
    expect(chunkRows(null, 3, { size: 5, incomplete: "append" }).map((c) => c.rows)).toEqual([[0, 1, 2]]);
  });

  it("chunks a table's ts column, rows or Arquero-like", () => {
    const rows = [{ ts: 3 }, { ts: 1 }, { ts: 2 }];
    expect(tableChunks(rows, { size: 2 }, "test").map((c) => c.rows)).toEqual([[1, 2], [0]]);
    const table = { columnNames: () => ["x"], array: () => [1, 2, 3], numRows: () => 3 };
    expect(tableChunks(table, { count: 3 }, "test").map((c) => c.rows)).toEqual([[0], [1], [2]]);
  });

  it("explains what is wrong with its input", () => {
    expect(() => chunkRows(null, 4, { period: "1d" }, "cbpe: analysis")).toThrow(
      'cbpe: analysis: chunks {period: "1d"} need a ts column',
    );
    expect(() => chunkRows([1, 2], 2, { period: "1 day" })).toThrow(/period must be a count and a unit .* got "1 day"/);
    expect(() => chunkRows([1, null], 2, { size: 1 })).toThrow("chunkRows: ts of row 1 is null, not a time");
    expect(() => chunkRows(["soon"], 1, { size: 1 })).toThrow('ts of row 0 is "soon"');
    expect(() => chunkRows(null, 4, { size: 0 })).toThrow("chunks {size} must be an integer ≥ 1, got 0");
    expect(() => chunkRows(null, 4, { count: 2.5 })).toThrow("chunks {count} must be an integer ≥ 1, got 2.5");
    expect(() => chunkRows(null, 4, { count: 5 })).toThrow("chunks {count: 5} is more chunks than the 4 rows");
    expect(() => chunkRows(null, 4, { size: 2, incomplete: "merge" as "keep" })).toThrow(/incomplete must be/);
    expect(() => chunkRows(null, 4, {} as ChunkOptions)).toThrow(/chunks must be \{size\}, \{count\} or \{period\}/);
    expect(() => chunkRows([1], 2, { size: 1 })).toThrow("chunkRows: 1 timestamps for 2 rows");
  });
});
