/**
 * The `sql` tagged template of cells. Every `${}` becomes a bound parameter, never SQL text.
 * Each cell gets its own tag, which records the words of the queries it ran, so the worker
 * knows which cells read a model whose data just changed.
 */
import type { ColumnTable } from "arquero";
import type { ReadonlyDatabase } from "../../store/readonly.ts";

/**
 * True when queries whose words are `reads` may have read `model`: they mention its table or
 * its reference set. A word-level test, so it errs towards re-running a cell, never away.
 */
export function readsModel(reads: ReadonlySet<string>, model: string): boolean {
  return reads.has(model) || reads.has(`${model}_reference`);
}

/** The identifier-like words of SQL (or any code) text, lower-cased, as readsModel compares them. */
export function wordsOf(text: string): string[] {
  return text.toLowerCase().match(/[a-z_][a-z0-9_]*/g) ?? [];
}

export type SqlTag = (strings: TemplateStringsArray, ...values: unknown[]) => Promise<ColumnTable>;

/** A `sql` tag over `db` that adds every identifier-like word of its queries to `reads`. */
export function sqlTag(db: ReadonlyDatabase | undefined, reads: Set<string>): SqlTag {
  return async (strings, ...values) => {
    const text = strings.raw.join("?");
    for (const word of wordsOf(text)) reads.add(word);
    if (!db) throw new Error("no database: start the server or run the workbook with --db PATH");
    return db.query(text, values);
  };
}
