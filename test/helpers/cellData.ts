/**
 * A model table for cells to read, made as the store makes one (tableSchema.ts) and filled with
 * SQL both engines run through the server's own connection (openDatabase), so cell-side suites
 * run on SQLite and PostgreSQL alike with many rows and no ingest path: `credit` with an id, an
 * epoch-ms ts, a number, a text and a 2-number vector.
 */
import { openDatabase } from "../../server/store/db.ts";
import { addColumn, createModelTable } from "../../server/store/tableSchema.ts";
import { vectorBlob } from "../../server/store/columns.ts";

export const CREDIT_START = Date.UTC(2026, 10, 1);
export const CREDIT_STEP_MS = 3_600_000 + 17;

/** Row i of the seeded table: what a reader should get back. */
export function creditRow(i: number) {
  return {
    id: `p${i}`,
    ts: CREDIT_START + i * CREDIT_STEP_MS,
    x: i / 4,
    grp: `g${i % 3}`,
    embedding: new Float32Array([i, -i / 2]),
  };
}

/** Creates `credit` at `location` with `rows` rows (creditRow), and returns nothing but the data. */
export function seedCredit(location: string, rows: number): void {
  const db = openDatabase(location);
  try {
    createModelTable(db, "credit");
    addColumn(db, "credit", "x", "REAL");
    addColumn(db, "credit", "grp", "TEXT");
    addColumn(db, "credit", "embedding", "BLOB(2)");
    db.transaction(() => {
      // Rows in groups of up to 200 per statement (1000 parameters, within both engines' limits).
      for (let start = 0; start < rows; start += 200) {
        const group = Array.from({ length: Math.min(200, rows - start) }, (_, i) => creditRow(start + i));
        db.prepare(
          `insert into credit (id, ts, x, grp, embedding) values ${group.map(() => "(?, ?, ?, ?, ?)").join(", ")}`,
        ).run(...group.flatMap(({ id, ts, x, grp, embedding }) => [id, ts, x, grp, vectorBlob(embedding)]));
      }
    })();
  } finally {
    db.close();
  }
}
