/**
 * Read-only queries for cells: bound parameters only, results as Arquero tables built column
 * by column (numeric columns as Float64Arrays, resultColumns.ts). The connection is opened
 * read-only, so a cell can never write, and lazily, so a workbook opened before any data was
 * logged starts fine and reads the data once it exists. With `asOf` set, it reads the data as it
 * was at that moment (asOf.ts), through views made when it opens and re-made when `asOf` changes.
 *
 * The location is a SQLite file (opened read-only) or the URL of PostgreSQL's reader role
 * (postgres/cellRole.ts), where each query runs in a READ ONLY transaction with the cell's
 * statement timeout and is read through a cursor (postgres/readOnlyQuery.ts).
 */
import { existsSync } from "node:fs";
import Database from "better-sqlite3";
import { DEFAULT_BUSY_TIMEOUT_MS } from "./db.ts";
import * as aq from "arquero";
import type { ColumnTable } from "arquero";
import type { Db } from "./connection.ts";
import { collectColumns } from "./resultColumns.ts";
import { vectorDimension, type ColumnType } from "./columns.ts";
import { clearAsOf, shadowAsOf } from "./asOf.ts";
import { describeLocation, isPostgresUrl } from "./location.ts";
import { temporaryViews } from "./schemaNames.ts";
import { PgDb } from "./postgres/pgDb.ts";
import { readOnlyQuery, type ResultShape } from "./postgres/readOnlyQuery.ts";

export type SqlValue = string | number | bigint | boolean | null | Date;

/** The one way a refused write is worded, whichever check caught it. */
const READ_ONLY = "sql in cells is read-only";

/** Errors that say a statement tried to write: SQLite's SQLITE_READONLY*, PostgreSQL's read-only transaction (25006) and missing privilege (42501). */
function refusedWrite(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return typeof code === "string" && (code.startsWith("SQLITE_READONLY") || code === "25006" || code === "42501");
}

export interface ReadonlyOptions {
  /** The longest one statement may run (ms): the cell's time limit. PostgreSQL cancels it; SQLite's runaway query ends with the cell process. */
  statementTimeoutMs?: number;
}

export class ReadonlyDatabase {
  private db: Db | undefined;
  private at: number | undefined;

  /** `location`: a SQLite file's path, or the URL of PostgreSQL's reader role. */
  constructor(
    readonly location: string,
    private readonly options: ReadonlyOptions = {},
  ) {}

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
      if (refusedWrite(error)) throw new Error(`${READ_ONLY}: ${(error as Error).message}`);
      throw error;
    }
  }

  private read(text: string, values: readonly unknown[]): ColumnTable {
    const db = this.connection();
    const statement = db.prepare(text);
    if (!statement.reader)
      throw new Error(`${READ_ONLY}: only statements that return rows (select, with, pragma) can run`);
    const bound = values.map(bindable);
    if (db instanceof PgDb) return readOnlyQuery(db, text, bound, this.options.statementTimeoutMs, tableOf);
    const rows = statement.raw(true).iterate(...bound) as Iterable<unknown[]>;
    const described = statement.columns();
    // Declared types come through for columns read straight from a table (`select embedding from m`).
    const vectors = new Set(
      described.flatMap(({ type }, position) => (type && vectorDimension(type as ColumnType) ? [position] : [])),
    );
    return tableOf({ names: described.map((column) => column.name), vectors }, rows);
  }

  close(): void {
    this.db?.close();
    this.db = undefined;
  }

  /** The read-only connection, opened on first use: for readers beside `query`, such as profileRead.ts. */
  connection(): Db {
    if (this.db) return this.reconnected(this.db);
    const db = this.open();
    try {
      if (this.at !== undefined) shadowAsOf(db, this.at);
    } catch (error) {
      db.close();
      throw error;
    }
    this.db = db;
    return db;
  }

  /**
   * A PostgreSQL connection reconnects by itself after a restart (postgres/syncClient.ts), and
   * the new session has none of the old one's temporary views: re-make them before the next
   * read, so an as-of run never reads the data as it is now.
   */
  private reconnected(db: Db): Db {
    if (this.at !== undefined && db instanceof PgDb && temporaryViews(db).length === 0) shadowAsOf(db, this.at);
    return db;
  }

  private open(): Db {
    // The reader role can only read (postgres/cellRole.ts); the timeout also bounds the readers beside `query`.
    if (isPostgresUrl(this.location)) return PgDb.open(this.location, this.options);
    if (!existsSync(this.location)) {
      throw new Error(
        `no database at ${describeLocation(this.location)} yet: log predictions first (driftbook log, or POST /api/v1/models/<model>/predictions)`,
      );
    }
    const db = new Database(this.location, { readonly: true, fileMustExist: true });
    // A reader waits too, in the rare moments WAL readers are locked out (recovery after a crash).
    db.pragma(`busy_timeout = ${DEFAULT_BUSY_TIMEOUT_MS}`);
    return db;
  }
}

/** A result's rows as an Arquero table, one column per result column. */
function tableOf({ names, vectors }: ResultShape, rows: Iterable<unknown[]>): ColumnTable {
  const unique = uniqueNames(names);
  const columns = collectColumns(rows, unique.length, vectors);
  return aq.table(Object.fromEntries(unique.map((name, i) => [name, columns[i]])));
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
