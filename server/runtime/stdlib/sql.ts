/**
 * The `sql` tagged template of cells. Every `${}` becomes a bound parameter, never SQL text.
 * Each cell gets its own tag, which records the words of the queries it ran, so the worker
 * knows which cells read a model whose data just changed, and the window of data each query
 * returned, which reports state as their provenance.
 */
import type { ColumnTable } from "arquero";
import type { DataWindow } from "../../protocol/index.ts";
import type { ReadonlyDatabase } from "../../store/readonly.ts";

/**
 * True when queries whose words are `reads` may have read `model`: they mention its table or
 * one of its reference sets' (`<model>_reference`, `<model>_reference_<name>`, kept versions;
 * store/references.ts). A word-level test, so it errs towards re-running a cell, never away.
 */
export function readsModel(reads: ReadonlySet<string>, model: string): boolean {
  const reference = `${model}_reference`;
  if (reads.has(model) || reads.has(reference)) return true;
  for (const word of reads) if (word.startsWith(`${reference}_`)) return true;
  return false;
}

/** The identifier-like words of SQL (or any code) text, lower-cased, as readsModel compares them. */
export function wordsOf(text: string): string[] {
  return text.toLowerCase().match(/[a-z_][a-z0-9_]*/g) ?? [];
}

export type SqlTag = (strings: TemplateStringsArray, ...values: unknown[]) => Promise<ColumnTable>;

/** A query's data window, without the cell it belongs to. */
export type QueryWindow = Omit<DataWindow, "cellIndex">;

/**
 * A `sql` tag over `db` that adds every identifier-like word of its queries to `reads`, and
 * what each query returned to `windows`.
 */
export function sqlTag(db: ReadonlyDatabase | undefined, reads: Set<string>, windows: QueryWindow[]): SqlTag {
  return async (strings, ...values) => {
    const text = strings.raw.join("?");
    for (const word of wordsOf(text)) reads.add(word);
    if (!db) throw new Error("no database: start the server or run the workbook with --db PATH");
    const table = db.query(text, values);
    windows.push(windowOf(text, table));
    return table;
  };
}

/** The rows a query returned and the span of their `ts` column, when it has one holding numbers (epoch ms). */
export function windowOf(text: string, table: ColumnTable): QueryWindow {
  const window: QueryWindow = { sql: text.replace(/\s+/g, " ").trim(), rows: table.numRows() };
  if (!table.columnNames().includes("ts")) return window;
  let from = Infinity;
  let to = -Infinity;
  const values = table.array("ts") as ArrayLike<unknown>;
  for (let row = 0; row < values.length; row++) {
    const ts = values[row];
    if (typeof ts !== "number" || !Number.isFinite(ts)) continue;
    if (ts < from) from = ts;
    if (ts > to) to = ts;
  }
  return from <= to ? { ...window, from, to } : window;
}
