/**
 * One cell query on PostgreSQL (readonly.ts): inside a `READ ONLY` transaction with the cell's
 * statement timeout, its rows read through a cursor a batch at a time, so a million-row result
 * is never one giant result in either thread: each batch goes into the columns and is dropped.
 * The statement is one prepared statement (the extended protocol), so `${}` values stay bound
 * parameters and a cell cannot end the transaction with `commit; …`.
 */
import { bindValues, translatePlaceholders } from "./placeholders.ts";
import type { PgDb } from "./pgDb.ts";
import type { PgResult } from "./syncClient.ts";

/** pg_type's oid of bytea: a vector column's values (float32 bytes, as SQLite's BLOB(d)). */
const BYTEA = 17;

/** The columns of a result, as `consume` gets them. */
export interface ResultShape {
  names: string[];
  /** Positions of bytea columns, read as vectors. */
  vectors: Set<number>;
}

/**
 * Runs `text` (with `?` markers bound to `values`) read-only and hands its rows, as they stream
 * from the cursor, to `consume`; returns what `consume` returns.
 */
export function readOnlyQuery<T>(
  db: PgDb,
  text: string,
  values: readonly unknown[],
  statementTimeoutMs: number | undefined,
  consume: (shape: ResultShape, rows: Iterable<unknown[]>) => T,
): T {
  const { client } = db;
  const { text: sql, bindings } = translatePlaceholders(text);
  client.query("begin transaction read only");
  try {
    // A select takes the transaction's snapshot first, after which `set transaction read write` is refused.
    client.query("select set_config('statement_timeout', $1, true)", [String(statementTimeoutMs ?? 0)]);
    const { first, batches, close } = client.readCursor(sql, bindValues(bindings, values));
    let result: T;
    try {
      const shape: ResultShape = {
        names: first.fields.map((field) => field.name),
        vectors: new Set(first.fields.flatMap((field, i) => (field.type === BYTEA ? [i] : []))),
      };
      result = consume(shape, rowsOf(batches));
    } finally {
      close(); // if `consume` stopped early, or never read
    }
    client.query("commit");
    return result;
  } catch (error) {
    try {
      client.query("rollback");
    } catch {
      // The connection broke: PostgreSQL ends the transaction itself.
    }
    throw error;
  }
}

function* rowsOf(batches: Iterable<PgResult>): Generator<unknown[]> {
  for (const batch of batches) yield* batch.rows;
}
