/**
 * The rows a profile update reads, in one shape whether they come from a column batch being
 * stored (ingest) or from a model's table (rebuild, a staged copy): each row's time, which rows
 * to take, and every stored column as numbers with a null mask (REAL) or strings (TEXT, and
 * INTEGER, which holds booleans: "true"/"false"). Both paths read values as SQLite stores them,
 * so a rebuild sees what ingest saw. Vector columns (embeddings, BLOB(d)) are not profiled: a
 * histogram or sketch per dimension would describe little of a vector's distribution, and cells
 * test vectors with the multivariate detectors (mmd, lsdd, classifierDrift) instead.
 */
import { valueAt, type ColumnBatch } from "../ingest/columnBatch.ts";
import { isBookkeeping, quoteIdentifier, vectorDimension, type Column, type ColumnType } from "./columns.ts";
import type { Db } from "./db.ts";

export type ProfiledColumn =
  | { name: string; kind: "numeric"; values: Float64Array; nulls: Uint8Array }
  | { name: string; kind: "categorical"; values: (string | null)[] };

export interface ProfiledRows {
  length: number;
  /** Each row's time, epoch ms. */
  ts: Float64Array;
  /** 1 where the row is profiled (it was written, not a duplicate); null takes every row. */
  selected: Uint8Array | null;
  /** Every column of the table but id, ts and the bookkeeping ones, by its stored name. */
  columns: ProfiledColumn[];
}

/** The value of row `index` of `column`, or null. */
export function cellOf(column: ProfiledColumn, index: number): number | string | null {
  if (column.kind === "numeric") return column.nulls[index] ? null : column.values[index]!;
  return column.values[index]!;
}

/** The table's columns that profiles describe: all but id, ts, ingested_at, label_ingested_at and vectors. */
export function profiledColumns(columns: Iterable<Column>): Column[] {
  return [...columns].filter(
    ({ name, type }) => name !== "id" && name !== "ts" && !isBookkeeping(name) && vectorDimension(type) === undefined,
  );
}

function emptyColumn(name: string, type: ColumnType, length: number): ProfiledColumn {
  return type === "REAL"
    ? { name, kind: "numeric", values: new Float64Array(length), nulls: new Uint8Array(length).fill(1) }
    : { name, kind: "categorical", values: new Array<string | null>(length).fill(null) };
}

/** A non-null value of a table column of `type` as profiles take it: INTEGER columns hold booleans. */
export function profiledValue(value: unknown, type: ColumnType): number | string {
  if (type === "REAL") return value as number;
  if (type === "INTEGER") return value === 1 || value === true ? "true" : "false";
  return String(value);
}

/** Sets row `index` of `column` (of a table column of `type`) to a non-null value. */
function setCell(column: ProfiledColumn, index: number, value: unknown, type: ColumnType): void {
  if (column.kind === "numeric") {
    column.values[index] = value as number;
    column.nulls[index] = 0;
  } else column.values[index] = profiledValue(value, type) as string;
}

/**
 * Which rows of a batch were written (1) rather than found stored already: the ids of rows
 * with a rowid past `lastRowidBefore` (SQLite gives new rows rowids past the largest), each once
 * (a second row with one id in a batch is the duplicate); rows without an id were always written.
 */
export function writtenRows(db: Db, table: string, batch: ColumnBatch, lastRowidBefore: number): Uint8Array {
  const ids = new Set(
    db
      .prepare(`select id from ${quoteIdentifier(table)} where rowid > ?`)
      .pluck()
      .all(lastRowidBefore) as string[],
  );
  const written = new Uint8Array(batch.length);
  for (let index = 0; index < batch.length; index++) {
    const id = batch.ids[index];
    if (id === null || id === undefined) written[index] = 1;
    else if (ids.delete(id)) written[index] = 1;
  }
  return written;
}

/**
 * The rows of a batch as stored in `columns` (the table's, after the batch added its own), with
 * `now` for rows without a time and `selected` for the rows written.
 */
export function batchRows(
  batch: ColumnBatch,
  columns: Iterable<Column>,
  now: number,
  selected: Uint8Array | null,
): ProfiledRows {
  const { length } = batch;
  const ts = new Float64Array(length);
  for (let index = 0; index < length; index++) ts[index] = Number.isNaN(batch.ts[index]!) ? now : batch.ts[index]!;
  const inBatch = new Map(batch.columns.map((column) => [column.name.toLowerCase(), column]));
  const profiled = profiledColumns(columns).map(({ name, type }): ProfiledColumn => {
    const column = inBatch.get(name.toLowerCase());
    if (!column) return emptyColumn(name, type, length);
    // Numbers into REAL and text into TEXT are stored as they are: the batch's arrays serve as they are.
    if (type === "REAL" && column.kind === "number") {
      return { name, kind: "numeric", values: column.values, nulls: column.nulls };
    }
    if (type === "TEXT" && column.kind === "text") return { name, kind: "categorical", values: column.values };
    const target = emptyColumn(name, type, length);
    for (let index = 0; index < length; index++) {
      const value = valueAt(column, index);
      if (value !== null) setCell(target, index, value, type);
    }
    return target;
  });
  return { length, ts, selected, columns: profiled };
}

/**
 * Rows `after` < rowid <= `upTo` of `table` (at most `limit` of them, by rowid), with the last
 * rowid read; a rebuild walks a table this way so memory stays bounded by `limit`.
 */
export function tableRows(
  db: Db,
  table: string,
  columns: Iterable<Column>,
  range: { after: number; upTo: number; limit: number },
): { rows: ProfiledRows; lastRowid: number } {
  const profiled = profiledColumns(columns);
  const names = profiled.map(({ name }) => `, ${quoteIdentifier(name)}`).join("");
  const raw = db
    .prepare(
      `select rowid, ts${names} from ${quoteIdentifier(table)} where rowid > ? and rowid <= ? order by rowid limit ?`,
    )
    .raw()
    .all(range.after, range.upTo, range.limit) as unknown[][];
  const length = raw.length;
  const ts = Float64Array.from(raw, (row) => row[1] as number);
  const result = profiled.map(({ name, type }, position) => {
    const column = emptyColumn(name, type, length);
    for (let index = 0; index < length; index++) {
      const value = raw[index]![position + 2];
      if (value !== null) setCell(column, index, value, type);
    }
    return column;
  });
  const lastRowid = length > 0 ? (raw[length - 1]![0] as number) : range.upTo;
  return { rows: { length, ts, selected: null, columns: result }, lastRowid };
}
