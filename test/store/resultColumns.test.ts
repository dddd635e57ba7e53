import { join } from "node:path";
import * as aq from "arquero";
import type { ColumnTable } from "arquero";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ReadonlyDatabase } from "../../server/store/readonly.ts";
import { collectColumns } from "../../server/store/resultColumns.ts";
import { tempDir } from "../helpers/workbooks.ts";

// Every query here runs through ReadonlyDatabase.query (typed columns) and through the path it
// replaced (each value pushed into a plain array, then aq.table), on the same real SQLite file; the
// tables must hold the same values cell by cell, -0 and lossy big integers included.
const ROWS = 5000; // past the first buffer of 1024 rows, so columns grow while they fill

let dir: string;
let cleanup: () => Promise<void>;
let path: string;
let db: ReadonlyDatabase;

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir());
  path = join(dir, "types.db");
  const writer = new Database(path);
  writer.pragma("journal_mode = WAL");
  writer.exec(`create table t (
    id integer, real_only real, with_nulls real, int_real, late_text, late_number, text_only text,
    blobs blob, big integer, all_null real, negative_zero real)`);
  const insert = writer.prepare("insert into t values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  writer.transaction(() => {
    for (let i = 0; i < ROWS; i++) {
      insert.run(
        i,
        i / 7,
        i % 97 === 3 || i === ROWS - 1 ? null : i * 1.5, // nulls early, and one in the last row after growth
        i % 2 === 0 ? i : i + 0.25, // INTEGER and REAL values in one column
        i === 4000 ? "four thousand" : i, // numbers, then a text value after the buffer grew
        i < 10 ? `t${i}` : i, // text first, then numbers
        `k${i % 13}`,
        i % 5 === 0 ? null : Buffer.from([i & 255, 7]),
        i % 3 === 0 ? 2n ** 63n - 1n - BigInt(i) : 2n ** 53n + BigInt(i), // beyond 2^53: lossy as numbers, as before
        null,
        i % 2 === 0 ? -0 : 0, // stored as 0: SQLite keeps a REAL that is an integer as an integer
      );
    }
  })();
  writer.close();
  db = new ReadonlyDatabase(path);
});

afterAll(async () => {
  db.close();
  await cleanup();
});

/** The table as the code before typed columns built it. */
function previousTable(text: string, values: unknown[] = []): ColumnTable {
  const reader = new Database(path, { readonly: true });
  try {
    const statement = reader.prepare(text);
    const names = statement.columns().map((column) => column.name);
    const unique = names.map((name, i) => {
      const before = names.slice(0, i).filter((other) => other === name).length;
      return before === 0 ? name : `${name}_${before}`;
    });
    const columns = names.map((): unknown[] => []);
    for (const row of statement.raw(true).iterate(...values) as Iterable<unknown[]>)
      for (let i = 0; i < columns.length; i++) columns[i].push(row[i]);
    return aq.table(Object.fromEntries(unique.map((name, i) => [name, columns[i]])));
  } finally {
    reader.close();
  }
}

function expectSameTable(ours: ColumnTable, previous: ColumnTable): void {
  expect(ours.columnNames()).toEqual(previous.columnNames());
  expect(ours.numRows()).toBe(previous.numRows());
  for (const name of previous.columnNames()) {
    const got = Array.from(ours.column(name)!);
    const want = Array.from(previous.column(name)!);
    for (let row = 0; row < want.length; row++) {
      if (
        !Object.is(got[row], want[row]) &&
        !(Buffer.isBuffer(want[row]) && Buffer.compare(got[row] as Buffer, want[row] as Buffer) === 0)
      )
        expect.fail(`column ${name} row ${row}: ${String(got[row])} instead of ${String(want[row])}`);
    }
  }
}

describe("query results as typed columns, equal to the plain-array tables", () => {
  it("equals the old table for every column type mix", () => {
    const text = "select * from t";
    const ours = db.query(text, []);
    expectSameTable(ours, previousTable(text));
    const kinds = Object.fromEntries(ours.columnNames().map((name) => [name, ours.column(name)!.constructor.name]));
    expect(kinds).toEqual({
      id: "Float64Array",
      real_only: "Float64Array",
      with_nulls: "Array",
      int_real: "Float64Array",
      late_text: "Array",
      late_number: "Array",
      text_only: "Array",
      blobs: "Array",
      big: "Float64Array",
      all_null: "Array",
      negative_zero: "Float64Array",
    });
    expect(ours.get("big", 0)).toBe(Number(2n ** 63n - 1n));
  });

  it("keeps null apart from NaN in Arquero's verbs, as before", () => {
    const text = "select id, with_nulls from t";
    const [ours, previous] = [db.query(text, []), previousTable(text)];
    const verbs = (table: ColumnTable) => ({
      nulls: table.filter((d: { with_nulls: unknown }) => d.with_nulls === null).numRows(),
      stats: table.rollup({ mean: aq.op.mean("with_nulls"), valid: aq.op.valid("with_nulls") }).objects(),
      imputed: table.impute({ with_nulls: () => -1 }).array("with_nulls"),
      ordered: table.orderby(aq.desc("with_nulls")).array("id"),
    });
    expect(verbs(ours)).toEqual(verbs(previous));
    expect(verbs(ours).nulls).toBeGreaterThan(0);
  });

  it("equals the old table for duplicate names, expressions, bound values and filters", () => {
    for (const [text, values] of [
      ["select a.id, b.id, a.id from t a join t b on a.id = b.id where a.id < ?", [50]],
      ["select id * 2 as twice, real_only + 1, typeof(int_real) as kind from t where id % ? = 0", [9]],
      ["select id from t where id > ? order by id desc", [4990]],
      ["select -0.0 * id as negative_zero from t where id < ?", [3]], // -0 from an expression stays -0
    ] as const) {
      const ours = db.query(text, [...values]);
      expectSameTable(ours, previousTable(text, [...values]));
    }
    expect(db.query("select a.id, b.id, a.id from t a, t b where a.id = b.id and a.id < 2", []).columnNames()).toEqual([
      "id",
      "id_1",
      "id_2",
    ]);
  });

  it("gives empty plain columns for an empty result, as before", () => {
    const text = "select id, real_only, text_only from t where id < 0";
    const ours = db.query(text, []);
    expectSameTable(ours, previousTable(text));
    for (const name of ours.columnNames()) expect(Array.isArray(ours.column(name))).toBe(true);
  });
});

describe("collectColumns", () => {
  it("hands out each numeric column's doubles trimmed to the rows read", () => {
    const rows = Array.from({ length: 3000 }, (_, i) => [i + 0.5, null]);
    const [numbers, nulls] = collectColumns(rows, 2);
    expect(numbers).toBeInstanceOf(Float64Array);
    expect(numbers.length).toBe(3000);
    expect(numbers[2999]).toBe(2999.5);
    expect(nulls).toEqual(new Array(3000).fill(null));
  });
});
