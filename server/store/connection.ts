/**
 * The connection every store module writes against, whichever engine is behind it: the part of
 * better-sqlite3's synchronous interface the store uses. A better-sqlite3 Database is one as it
 * is; PostgreSQL's (postgres/pgDb.ts) gives the same calls over `pg`. SQL written for both keeps
 * to what the two engines share (`?` parameters, `on conflict`, `returning`); where they differ,
 * a module asks `engineOf(db)` and the difference stays inside server/store/.
 */

export type Engine = "sqlite" | "postgres";

export interface RunResult {
  changes: number;
  lastInsertRowid: number | bigint;
}

export interface ColumnDescription {
  name: string;
  /** The declared type of a column read straight from a table, else null. */
  type: string | null;
}

export interface Statement {
  /** Whether the statement returns rows. */
  readonly reader: boolean;
  run(...params: unknown[]): RunResult;
  get(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
  iterate(...params: unknown[]): IterableIterator<unknown>;
  /** Rows become their first column's value. */
  pluck(toggle?: boolean): this;
  /** Rows become arrays instead of objects. */
  raw(toggle?: boolean): this;
  columns(): ColumnDescription[];
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- as better-sqlite3 declares it, so its Database is a Db
type AnyFunction = (...params: any[]) => unknown;
type ArgumentTypes<F extends AnyFunction> = F extends (...args: infer A) => unknown ? A : never;

/** A function wrapped in one transaction; `immediate` takes the write lock first (SQLite). */
export interface Transaction<F extends AnyFunction> {
  (...params: ArgumentTypes<F>): ReturnType<F>;
  immediate(...params: ArgumentTypes<F>): ReturnType<F>;
}

export interface Db {
  prepare(source: string): Statement;
  /** Runs statements without parameters, separated by semicolons. */
  exec(source: string): this;
  transaction<F extends AnyFunction>(fn: F): Transaction<F>;
  close(): this;
}

/** Marks PostgreSQL connections, so engineOf needs no import of the engine's module. */
export const POSTGRES = Symbol("driftbook.postgres");

export function engineOf(db: Db): Engine {
  return POSTGRES in db ? "postgres" : "sqlite";
}
