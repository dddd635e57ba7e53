/**
 * The staged file's table (staging.ts) as PredictionStore.copyStaged reads it. On SQLite the
 * file is attached to the store's connection and copied with one `insert … select`; a
 * PostgreSQL database cannot attach a file, so its rows are read here and copied in
 * (postgres/copyRows.ts). Either way the copy runs inside the caller's one transaction.
 */
import Database from "better-sqlite3";
import { engineOf, type Db } from "./connection.ts";
import { quoteIdentifier, type Column } from "./columns.ts";
import { CopyRows } from "./postgres/copyRows.ts";
import type { PgDb } from "./postgres/pgDb.ts";
import { tableColumns } from "./tableSchema.ts";

export interface StagedTable {
  /** The staged table's columns by lower-cased name. */
  readonly columns: Map<string, Column>;
  /** Inserts the staged rows' `names` into `table`, skipping stored ids; returns the rows new and the rows staged. */
  copyInto(table: string, names: string[]): { written: number; rows: number };
  close(): void;
}

/** Opens `table` of the staged file for copying into `db`; call it outside a transaction (SQLite attaches). */
export function openStagedTable(db: Db, file: string, table: string): StagedTable {
  return engineOf(db) === "postgres" ? readStagedFile(db as PgDb, file, table) : attachStagedFile(db, file, table);
}

function attachStagedFile(db: Db, file: string, table: string): StagedTable {
  db.prepare("attach database ? as staged").run(file); // not allowed inside a transaction
  const from = `staged.${quoteIdentifier(table)}`;
  return {
    columns: tableColumns(db, table, "staged")!,
    copyInto(into, names) {
      const list = names.map(quoteIdentifier).join(", ");
      const written = db
        .prepare(
          `insert into main.${quoteIdentifier(into)} (${list}) select ${list} from ${from} where true on conflict(id) do nothing`,
        )
        .run().changes;
      return { written, rows: db.prepare(`select count(*) from ${from}`).pluck().get() as number };
    },
    close: () => db.exec("detach database staged"),
  };
}

function readStagedFile(db: PgDb, file: string, table: string): StagedTable {
  const staged = new Database(file, { readonly: true, fileMustExist: true });
  return {
    columns: tableColumns(staged, table)!,
    copyInto(into, names) {
      const copy = new CopyRows(db, into, names);
      let rows = 0;
      const read = staged.prepare(`select ${names.map(quoteIdentifier).join(", ")} from ${quoteIdentifier(table)}`);
      for (const values of read.raw().iterate() as Iterable<unknown[]>) {
        copy.add(values);
        rows++;
      }
      return { written: copy.insert(), rows };
    },
    close: () => staged.close(),
  };
}
