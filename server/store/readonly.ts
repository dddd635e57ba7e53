/**
 * Read-only queries for cells: bound parameters only, results as Arquero tables built column
 * by column (numeric columns as Float64Arrays, resultColumns.ts). The connection is opened
 * read-only, so a cell can never write, and lazily, so a workbook opened before any data was
 * logged starts fine and reads the data once it exists. With `asOf` set, it reads the data as it
 * was at that moment (asOf.ts), through views made when it opens and re-made when `asOf` changes.
 */
import { existsSync } from "node:fs";
import Database from "better-sqlite3";
import { DEFAULT_BUSY_TIMEOUT_MS } from "./db.ts";
import * as aq from "arquero";
import type { ColumnTable } from "arquero";
import { collectColumns } from "./resultColumns.ts";
import { vectorDimension, type ColumnType } from "./columns.ts";
import { clearAsOf, shadowAsOf } from "./asOf.ts";

export type SqlValue = string | number | bigint | boolean | null | Date;

/** The one way a refused write is worded, whichever check caught it. */
const READ_ONLY = "sql in cells is read-only";

export class ReadonlyDatabase {
  private db: Database.Database | undefined;
  private at: number | undefined;

  constructor(readonly path: string) {}

  /** The moment the data is read as of (epoch ms), or undefined for the data as it is now. */
  get asOf(): number | undefined {
    return this.at;
  }

  /** Reads the data as it was at `at` from now on, or as it is now when undefined. */
  setAsOf(at: number | undefined): void {
    this.at = at;
    if (!this.db) return;
    try {
      if (at === undefined) clearAsOf(this.db);
      else shadowAsOf(this.db, at);
    } catch {
      // Never read at the wrong moment: the next read opens afresh and reports why the views failed.
      this.close();
    }
  }

  /** Runs one statement with `values` bound to its `?` placeholders and returns its rows as a table. */
  query(text: string, values: readonly unknown[]): ColumnTable {
    try {
      return this.read(text, values);
    } catch (error) {
      // A write that returns rows (`insert … returning`) gets past `reader` and is stopped by the read-only connection.
      if ((error as { code?: string }).code?.startsWith("SQLITE_READONLY"))
        throw new Error(`${READ_ONLY}: ${(error as Error).message}`);
      throw error;
    }
  }

  private read(text: string, values: readonly unknown[]): ColumnTable {
    const statement = this.connection().prepare(text);
    if (!statement.reader)
      throw new Error(`${READ_ONLY}: only statements that return rows (select, with, pragma) can run`);
    const rows = statement.raw(true).iterate(...values.map(bindable)) as Iterable<unknown[]>;
    const described = statement.columns();
    const names = uniqueNames(described.map((column) => column.name));
    // Declared types come through for columns read straight from a table (`select embedding from m`).
    const vectors = new Set(
      described.flatMap(({ type }, position) => (type && vectorDimension(type as ColumnType) ? [position] : [])),
    );
    const columns = collectColumns(rows, names.length, vectors);
    return aq.table(Object.fromEntries(names.map((name, i) => [name, columns[i]])));
  }

  close(): void {
    this.db?.close();
    this.db = undefined;
  }

  /** The read-only connection, opened on first use: for readers beside `query`, such as profileRead.ts. */
  connection(): Database.Database {
    if (this.db) return this.db;
    if (!existsSync(this.path)) {
      throw new Error(
        `no database at ${this.path} yet: log predictions first (driftbook log, or POST /api/v1/models/<model>/predictions)`,
      );
    }
    const db = new Database(this.path, { readonly: true, fileMustExist: true });
    // A reader waits too, in the rare moments WAL readers are locked out (recovery after a crash).
    db.pragma(`busy_timeout = ${DEFAULT_BUSY_TIMEOUT_MS}`);
    try {
      if (this.at !== undefined) shadowAsOf(db, this.at);
    } catch (error) {
      db.close();
      throw error;
    }
    this.db = db;
    return db;
  }
}

/** SQLite binds numbers, text, bigints and null; booleans become 0/1 and dates epoch ms, as the store writes them. */
function bindable(value: unknown): SqlValue {
  if (value === undefined || value === null) return null;
  if (typeof value === "boolean") return value ? 1 : 0;
  if (value instanceof Date) return value.getTime();
  if (typeof value === "number" || typeof value === "string" || typeof value === "bigint") return value;
  throw new Error(
    `cannot bind ${Object.prototype.toString.call(value)} as a SQL parameter: pass a number, text, boolean, date or null`,
  );
}

/** `select a.x, b.x` gives two columns named x; the second becomes x_1 so neither is lost. */
function uniqueNames(names: string[]): string[] {
  const seen = new Map<string, number>();
  return names.map((name) => {
    const count = seen.get(name) ?? 0;
    seen.set(name, count + 1);
    return count === 0 ? name : `${name}_${count}`;
  });
}
