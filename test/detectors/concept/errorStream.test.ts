import { describe, expect, it } from "vitest";
import { readErrorStream } from "../../../detectors/concept/errorStream.ts";

describe("readErrorStream", () => {
  it("puts labelled rows in ts order and leaves out those without a label", () => {
    const rows = [
      { prediction: "a", label: "b", ts: "2026-01-03T00:00:00Z" },
      { prediction: "a", label: "a", ts: new Date("2026-01-01T00:00:00Z") },
      { prediction: "a", label: null, ts: 0 },
      { prediction: true, label: 1, ts: Date.parse("2026-01-02T00:00:00Z") },
    ];
    const stream = readErrorStream(rows, "test");
    expect(Array.from(stream.errors)).toEqual([0, 0, 1]);
    expect(Array.from(stream.ts!)).toEqual([
      Date.parse("2026-01-01"),
      Date.parse("2026-01-02"),
      Date.parse("2026-01-03"),
    ]);
    expect(stream.dropped).toBe(1);
    expect(stream.task).toBe("classification");
  });

  it("reads Arquero-like tables column by column and infers regression from fractional numbers", () => {
    const columns: Record<string, unknown[]> = { prediction: [1, 2.5, 3], label: [2, 2, 3] };
    const table = { columnNames: () => Object.keys(columns), array: (name: string) => columns[name], numRows: () => 3 };
    const stream = readErrorStream(table, "test");
    expect(stream.task).toBe("regression");
    expect(Array.from(stream.errors)).toEqual([1, 0.5, 0]);
    expect(stream.ts).toBeNull();
  });

  it("takes arrays of numbers as the errors, dropping missing ones", () => {
    const stream = readErrorStream([0, 1, null, NaN, 1], "test");
    expect(Array.from(stream.errors)).toEqual([0, 1, 1]);
    expect(stream.dropped).toBe(2);
    expect(readErrorStream([0.5, 2], "test").task).toBe("regression");
  });

  it("names what is wrong", () => {
    expect(() => readErrorStream([{ label: 1 }], "concept.ddm: current")).toThrow(
      'concept.ddm: current has no "prediction" column (columns: label)',
    );
    expect(() => readErrorStream([0, -1], "concept.adwin: reference")).toThrow(
      "concept.adwin: reference: error 1 is -1; errors are 0/1 or absolute errors (≥ 0)",
    );
    expect(() => readErrorStream([{ prediction: 1, label: 1, ts: "soon" }], "x")).toThrow("x: ts of row 0");
    expect(() => readErrorStream([{ prediction: 1, label: null }], "x")).toThrow(
      "x has no errors: every row lacks a label or prediction (1 dropped)",
    );
    expect(() => readErrorStream([{ prediction: 1, label: "a" }], "x", "regression")).toThrow(
      "x: row 0: regression needs finite numbers, got prediction 1 and label a",
    );
  });
});
