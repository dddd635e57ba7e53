/**
 * The load benches' shared parts: a table of generated rows written through the store's own
 * openDatabase (so it has the page size a new Driftbook database gets), and one side-by-side run
 * of a query through ReadonlyDatabase.query (the path of every `sql` cell) against
 * better-sqlite3's own raw `all()` of the same query (row arrays, no table).
 */
import Database from "better-sqlite3";
import { openDatabase } from "../../../server/store/db.ts";
import { ReadonlyDatabase } from "../../../server/store/readonly.ts";
import { medianMs } from "../helpers.ts";
import { recordFigure, type Target } from "../summary.ts";

export interface GeneratedTable {
  rows: number;
  columns: number;
  /** The value of row i, column j; a string makes the column TEXT, a number REAL. */
  value: (i: number, j: number) => number | string;
}

/** Writes table `t` (c0, c1, …) at `path` in one transaction; returns the query that selects all of it. */
export function writeTable(path: string, { rows, columns, value }: GeneratedTable): string {
  const names = Array.from({ length: columns }, (_, j) => `c${j}`);
  const db = openDatabase(path, { check: "off" });
  db.exec(`create table t (${names.map((c, j) => `${c} ${typeof value(0, j) === "string" ? "text" : "real"}`)})`);
  const insert = db.prepare(`insert into t values (${names.map(() => "?")})`);
  db.transaction(() => {
    const row = new Array(columns);
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < columns; j++) row[j] = value(i, j);
      insert.run(row);
    }
  })();
  db.close();
  return `select ${names.join(", ")} from t`;
}

/**
 * Times `query` both ways (the median of `runs` after a warm-up) and records the figure; throws
 * when the table does not have `rows` rows.
 */
export async function compareLoad(
  path: string,
  query: string,
  { figure, rows, runs, target }: { figure: string; rows: number; runs: number; target?: Target },
): Promise<void> {
  const raw = new Database(path, { readonly: true });
  const rawMs = await medianMs(() => raw.prepare(query).raw(true).all(), runs);
  raw.close();
  const readonly = new ReadonlyDatabase(path);
  let loaded = 0;
  const oursMs = await medianMs(() => (loaded = readonly.query(query, []).numRows()), runs);
  readonly.close();
  if (loaded !== rows) throw new Error(`loaded ${loaded} rows, expected ${rows}`);
  recordFigure({
    figure,
    ours: `${(oursMs / 1000).toFixed(1)} s`,
    baseline: `better-sqlite3 raw all() alone ${(rawMs / 1000).toFixed(1)} s`,
    ratio: oursMs / rawMs,
    measured: oursMs,
    target,
  });
}
