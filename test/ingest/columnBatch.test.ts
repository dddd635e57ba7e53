import { describe, expect, it } from "vitest";
import { batchError } from "../helpers/batchError.ts";
import {
  ColumnBatchBuilder,
  columnBatchOf,
  valueAt,
  type BatchColumn,
  type ColumnBatch,
} from "../../server/ingest/columnBatch.ts";
import { parsePredictionColumns, parsePredictions } from "../../server/ingest/parseBatch.ts";
import type { LoggedValue, PredictionInput } from "../../server/ingest/types.ts";

const ndjson = (rows: unknown[]) => rows.map((row) => JSON.stringify(row)).join("\n");
const column = (batch: ColumnBatch, name: string) => batch.columns.find((c) => c.name === name)!;
const valuesOf = (c: BatchColumn, length: number) => Array.from({ length }, (_, i) => valueAt(c, i));

describe("columnBatchOf", () => {
  const rows: PredictionInput[] = [
    { row: 1, id: "a", ts: 5, features: { x: 1.5, city: "Lyon", member: true, both: 1 }, prediction: 1, score: 0.2 },
    { row: 2, features: { x: null, city: null, member: false, both: "one", late: null }, prediction: 0, label: "no" },
    {
      row: 4,
      features: { member: null, x: -0.25, gone: undefined as unknown as LoggedValue },
      prediction: 1,
      probabilities: { yes: 0.4 },
    },
  ];
  const batch = columnBatchOf(rows);

  it("keeps each row's number, id and time, with null ids and NaN times where a row has none", () => {
    expect(batch.length).toBe(3);
    expect([...batch.rows]).toEqual([1, 2, 4]);
    expect(batch.ids).toEqual(["a", null, null]);
    expect([...batch.ts]).toEqual([5, NaN, NaN]);
  });

  it("types each column once: numbers and booleans in typed arrays with a null mask, text as strings", () => {
    const x = column(batch, "x");
    expect(x.kind).toBe("number");
    expect(x.kind === "number" && [...x.values]).toEqual([1.5, 0, -0.25]);
    expect(x.kind === "number" && [...x.nulls]).toEqual([0, 1, 0]);
    const member = column(batch, "member");
    expect(member.kind).toBe("boolean");
    expect(member.kind === "boolean" && [[...member.values], [...member.nulls]]).toEqual([
      [1, 0, 0],
      [0, 0, 1],
    ]);
    expect(column(batch, "city")).toEqual({ kind: "text", name: "city", first: 0, values: ["Lyon", null, null] });
    expect(column(batch, "both")).toEqual({ kind: "mixed", name: "both", first: 0, values: [1, "one", null] });
  });

  // Rows built in JavaScript may carry undefined, which counts as not mentioning the field.
  it("makes a column only nulls mention a mixed one with no first value, and none for undefined", () => {
    expect(column(batch, "late")).toEqual({ kind: "mixed", name: "late", first: -1, values: [null, null, null] });
    expect(batch.columns.map((c) => c.name)).not.toContain("gone");
  });

  it("orders columns by first appearance: a row's features, prediction, score, label, then probabilities", () => {
    expect(batch.columns.map((c) => c.name)).toEqual([
      "x",
      "city",
      "member",
      "both",
      "prediction",
      "score",
      "late",
      "label",
      "proba_yes",
    ]);
    expect(column(batch, "score").first).toBe(0);
    expect(column(batch, "label").first).toBe(1);
    expect(valuesOf(column(batch, "proba_yes"), 3)).toEqual([null, null, 0.4]);
  });

  it("gives back every value as logged", () => {
    for (const name of ["x", "city", "member", "both"]) {
      const expected = rows.map((row) => row.features[name] ?? null);
      expect(valuesOf(column(batch, name), 3), name).toEqual(expected);
    }
  });

  it("reads rows whose features come in different orders", () => {
    const shuffled = columnBatchOf([
      { row: 1, features: { a: 1, b: "x" }, prediction: 0 },
      { row: 2, features: { b: "y", a: 2 }, prediction: 0 },
      { row: 3, features: { c: 3, a: 3 }, prediction: 0 },
    ]);
    expect(valuesOf(column(shuffled, "a"), 3)).toEqual([1, 2, 3]);
    expect(valuesOf(column(shuffled, "b"), 3)).toEqual(["x", "y", null]);
    expect(valuesOf(column(shuffled, "c"), 3)).toEqual([null, null, 3]);
  });
});

describe("ColumnBatchBuilder", () => {
  it("grows past its capacity without losing values, whatever kind a column turns into", () => {
    const builder = new ColumnBatchBuilder(1);
    const expected: Record<string, LoggedValue[]> = { n: [], b: [], mix: [], t: [] };
    for (let i = 0; i < 37; i++) {
      const features = { n: i % 5 === 0 ? null : i / 4, b: i % 2 === 0, mix: i < 20 ? i : `s${i}`, t: `t${i}` };
      builder.add({ row: i + 1, id: `r${i}`, features, prediction: 1 });
      for (const name in features) expected[name]!.push(features[name as keyof typeof features]);
    }
    const batch = builder.finish();
    expect(batch.length).toBe(37);
    expect(batch.rows).toHaveLength(37);
    expect(batch.ts).toHaveLength(37);
    expect(batch.columns.map((c) => [c.name, c.kind])).toEqual([
      ["n", "number"],
      ["b", "boolean"],
      ["mix", "mixed"],
      ["t", "text"],
      ["prediction", "number"],
    ]);
    for (const name in expected) expect(valuesOf(column(batch, name), 37), name).toEqual(expected[name]);
  });
});

describe("parsePredictionColumns", () => {
  it("numbers NDJSON rows by line and CSV rows from 1, typing each CSV value on its own", () => {
    const lines = parsePredictionColumns(
      `${ndjson([{ features: { x: 1 }, prediction: 1 }])}\n\n{"features": {}, "prediction": 2}`,
      "ndjson",
    );
    expect([...lines.rows]).toEqual([1, 3]);
    const csv = parsePredictionColumns("id,ts,x,flag,prediction\na,5,1,true,yes\nb,,abc,,no\n", "csv");
    expect(csv.ids).toEqual(["a", "b"]);
    expect([...csv.ts]).toEqual([5, NaN]);
    expect(column(csv, "x")).toEqual({ kind: "mixed", name: "x", first: 0, values: [1, "abc"] });
    expect(valuesOf(column(csv, "flag"), 2)).toEqual([true, null]);
  });

  it("holds what parsePredictions reads, in every format", () => {
    const records = [
      { id: "a", ts: 10, features: { x: 1, c: "u" }, prediction: "yes", score: 0.5, probabilities: { yes: 0.5 } },
      { features: { c: "v" }, prediction: "no", label: "no" },
    ];
    const bodies = {
      json: JSON.stringify(records),
      ndjson: ndjson(records),
      csv: "id,ts,x,c,prediction,score,proba_yes,label\na,10,1,u,yes,0.5,0.5,\n,,,v,no,,,no\n",
    } as const;
    for (const [format, body] of Object.entries(bodies) as [keyof typeof bodies, string][]) {
      expect(parsePredictionColumns(body, format), format).toEqual(columnBatchOf(parsePredictions(body, format)));
    }
  });

  it("names the same row and field as parsePredictions when a batch is bad", () => {
    const bad = ndjson([
      { id: "a", features: { x: 1 }, prediction: 1 },
      { id: "a", features: { x: 2 }, prediction: 1 },
    ]);
    const error = batchError(() => parsePredictionColumns(bad, "ndjson"));
    expect(error.message).toBe('line 2, id: "a" is also the id of line 1');
    expect(error.details).toEqual({ row: 2, field: "id" });
    expect(batchError(() => parsePredictionColumns("x,prediction\n1,NaN", "csv")).details).toEqual({
      row: 1,
      field: "prediction",
    });
    expect(batchError(() => parsePredictionColumns("\n\n", "ndjson")).message).toBe("the batch has no rows");
  });

  it("numbers the rows of a chunk of a longer file from its offsets, in rows and in errors", () => {
    const chunk = `${ndjson([{ features: {}, prediction: 1 }])}\n{"features": {"x": {"y": 1}}, "prediction": 1}`;
    const offsets = { rows: 100, lines: 100, chars: 0, columns: 0 };
    expect([...parsePredictionColumns(chunk.split("\n")[0]!, "ndjson", { offsets }).rows]).toEqual([101]);
    const error = batchError(() => parsePredictionColumns(chunk, "ndjson", { offsets }));
    expect(error.message).toMatch(/^line 102, features\.x: nested objects/);
    expect([...parsePredictionColumns("x,prediction\n1,1\n2,0", "csv", { offsets }).rows]).toEqual([101, 102]);
  });
});
