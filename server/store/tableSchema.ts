/**
 * A model table's schema on either engine: how one is created, how a column is added, and what
 * columns one has. The store's column types (columns.ts) are SQLite's declared types; PostgreSQL
 * stores REAL as double precision, INTEGER as bigint, TEXT as text and a vector `BLOB(d)` as
 * bytea with the declared type kept as the column's comment, so the dimension is part of the
 * schema there too. PostgreSQL tables also get an explicit `rowid` (identity): SQLite's is
 * implicit, and the store reads rows in write order by it on both (the last rowid before a
 * batch, rows after a checkpoint), so it is indexed as SQLite's is. It is not a logged column.
 */
import { engineOf, type Db } from "./connection.ts";
import {
  INGESTED_AT,
  LABEL_INGESTED_AT,
  quoteIdentifier,
  roleOf,
  vectorDimension,
  type Column,
  type ColumnType,
} from "./columns.ts";

/** The column PostgreSQL model tables number their rows with, as SQLite's rowid does. */
export const ROWID = "rowid";

/** The table's columns by lower-cased name, or undefined when it does not exist. `schema` is SQLite's (main, an attached file's). */
export function tableColumns(db: Db, table: string, schema = "main"): Map<string, Column> | undefined {
  const info = engineOf(db) === "postgres" ? postgresColumns(db, table) : sqliteColumns(db, table, schema);
  if (info.length === 0) return undefined;
  return new Map(info.map(({ name, type }) => [name.toLowerCase(), { name, type, role: roleOf(name) }]));
}

/** Whether `table` exists. */
export function tableExists(db: Db, table: string): boolean {
  return engineOf(db) === "postgres"
    ? db.prepare("select to_regclass(?) is not null as found").pluck().get(quoteIdentifier(table)) === true
    : db.prepare("select 1 from sqlite_schema where type = 'table' and name = ?").get(table) !== undefined;
}

/** The statements that create a model's table with its id, ts and bookkeeping columns, and its ts index. */
export function createModelTable(db: Db, table: string): void {
  const quoted = quoteIdentifier(table);
  const index = quoteIdentifier(`${table}_ts`);
  if (engineOf(db) === "postgres") {
    db.exec(
      `create table ${quoted} (${ROWID} bigint generated always as identity, id text primary key, ts bigint not null, ` +
        `${INGESTED_AT} bigint, ${LABEL_INGESTED_AT} bigint);
       create index ${index} on ${quoted} (ts);
       create unique index ${quoteIdentifier(`${table}_rowid`)} on ${quoted} (${ROWID})`,
    );
  } else {
    db.exec(
      `create table main.${quoted} (id text primary key, ts integer not null, ${INGESTED_AT} integer, ${LABEL_INGESTED_AT} integer)`,
    );
    db.exec(`create index main.${index} on ${quoted} (ts)`);
  }
}

/**
 * Drops the indexes createModelTable made for `table`: index names belong to the schema, not the
 * table, so a table renamed to keep it (a replaced reference set) gives its names back.
 */
export function dropModelTableIndexes(db: Db, table: string): void {
  db.exec(`drop index if exists ${quoteIdentifier(`${table}_ts`)}`);
  if (engineOf(db) === "postgres") db.exec(`drop index if exists ${quoteIdentifier(`${table}_rowid`)}`);
}

/** Adds column `name` of the store's `type` to `table`. */
export function addColumn(db: Db, table: string, name: string, type: ColumnType): void {
  const column = `${quoteIdentifier(table)} add column ${quoteIdentifier(name)}`;
  if (engineOf(db) === "sqlite") {
    db.exec(`alter table main.${column} ${type}`);
    return;
  }
  db.exec(`alter table ${column} ${POSTGRES_TYPES[type as keyof typeof POSTGRES_TYPES] ?? "bytea"}`);
  if (vectorDimension(type) !== undefined) {
    db.exec(`comment on column ${quoteIdentifier(table)}.${quoteIdentifier(name)} is '${type}'`);
  }
}

const POSTGRES_TYPES = { REAL: "double precision", INTEGER: "bigint", TEXT: "text" } as const;

function sqliteColumns(db: Db, table: string, schema: string): { name: string; type: ColumnType }[] {
  return db.prepare(`select name, type from pragma_table_info(?, ?)`).all(table, schema) as {
    name: string;
    type: ColumnType;
  }[];
}

function postgresColumns(db: Db, table: string): { name: string; type: ColumnType }[] {
  const rows = db
    .prepare(
      `select a.attname as name, format_type(a.atttypid, a.atttypmod) as type, col_description(a.attrelid, a.attnum) as note
         from pg_attribute a
        where a.attrelid = to_regclass(?) and a.attnum > 0 and not a.attisdropped
        order by a.attnum`,
    )
    .all(quoteIdentifier(table)) as { name: string; type: string; note: string | null }[];
  return rows
    .filter(({ name }) => name !== ROWID)
    .map(({ name, type, note }) => ({ name, type: storeType(type, note) }));
}

/** The store's type of a PostgreSQL column: a vector's declared type is its comment. */
function storeType(postgresType: string, note: string | null): ColumnType {
  if (postgresType === "bytea" && note && vectorDimension(note as ColumnType) !== undefined) return note as ColumnType;
  if (postgresType === "double precision" || postgresType === "real") return "REAL";
  if (postgresType === "text") return "TEXT";
  return "INTEGER";
}
