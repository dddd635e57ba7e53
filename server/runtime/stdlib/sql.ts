/**
 * The `sql` tagged template of cells. Every `${}` becomes a bound parameter, never SQL text.
 * Each cell gets its own tag, which records the words of the queries it ran, so the worker
 * knows which cells read a model whose data just changed, and the window of data each query
 * returned, which reports state as their provenance.
 *
 * `sql.bucket(column, width)` is the one `${}` that is SQL text rather than a value: a portable
 * time-bucket expression (store/sqlVocabulary.ts), made only from a checked column name and a
 * duration, never from data.
 */
import type { ColumnTable } from "arquero";
import type { DataWindow } from "../../protocol/index.ts";
import type { ReadonlyDatabase } from "../../store/readonly.ts";
import { timeBucket } from "../../store/sqlVocabulary.ts";
import { parseDuration } from "../../protocol/duration.ts";

/** SQL text from the portable vocabulary, spliced into the query where it is interpolated. */
export class SqlFragment {
  constructor(readonly text: string) {}
}

/** `sql.bucket("ts", "1d")`: the start (epoch ms) of the time bucket that holds each row's `ts`. */
export function bucket(column: string, width: string | number): SqlFragment {
  return new SqlFragment(timeBucket(column, parseDuration(width)));
}

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

export type SqlTag = ((strings: TemplateStringsArray, ...values: unknown[]) => Promise<ColumnTable>) & {
  bucket: typeof bucket;
};

/** A query's data window, without the cell it belongs to. */
export type QueryWindow = Omit<DataWindow, "cellIndex">;

/**
 * A `sql` tag over `db` that adds every identifier-like word of its queries to `reads`, and
 * what each query returned to `windows`.
 */
export function sqlTag(db: ReadonlyDatabase | undefined, reads: Set<string>, windows: QueryWindow[]): SqlTag {
  const tag = async (strings: TemplateStringsArray, ...values: unknown[]) => {
    const { text, bound } = spliced(strings.raw, values);
    for (const word of wordsOf(text)) reads.add(word);
    if (!db) throw new Error("no database: start the server or run the workbook with --db PATH");
    const table = db.query(text, bound);
    windows.push(windowOf(text, table));
    return table;
  };
  return Object.assign(tag, { bucket });
}

/** The query's text, each `${}` a `?` bound to its value, or a fragment's SQL in its place. */
function spliced(strings: readonly string[], values: unknown[]): { text: string; bound: unknown[] } {
  let text = strings[0]!;
  const bound: unknown[] = [];
  values.forEach((value, i) => {
    if (value instanceof SqlFragment) text += value.text;
    else {
      text += "?";
      bound.push(value);
    }
    text += strings[i + 1]!;
  });
  return { text, bound };
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
