/**
 * Column types and roles. A model's schema is its table's own columns (PRAGMA table_info):
 * nothing else records it, so it can never disagree with the data.
 */
import { BatchError, type LoggedValue } from "../ingest/types.ts";

/** Numbers are REAL (exact for integers up to 2^53), booleans INTEGER 0/1, text TEXT. */
export type ColumnType = "REAL" | "INTEGER" | "TEXT";
export type ColumnRole = "id" | "ts" | "feature" | "prediction" | "score" | "probability" | "label";

export interface Column {
  name: string;
  type: ColumnType;
  role: ColumnRole;
}

export function roleOf(name: string): ColumnRole {
  if (name === "id" || name === "ts" || name === "prediction" || name === "score" || name === "label") return name;
  return name.startsWith("proba_") ? "probability" : "feature";
}

/** The type a new column takes from the first value seen. */
export function typeOf(value: Exclude<LoggedValue, null>): ColumnType {
  if (typeof value === "number") return "REAL";
  if (typeof value === "boolean") return "INTEGER";
  return "TEXT";
}

/** Whether a column of `type` takes `value`: null any, numbers REAL (and 0 or 1 INTEGER), booleans INTEGER, text TEXT. */
export function fitsType(value: LoggedValue, type: ColumnType): boolean {
  switch (typeof value) {
    case "string":
      return type === "TEXT";
    case "boolean":
      return type === "INTEGER";
    case "number":
      return type === "REAL" || (type === "INTEGER" && (value === 0 || value === 1));
    default:
      return true; // null
  }
}

/**
 * The value as SQLite stores it in a column of `type` (booleans as 1 and 0), or a BatchError
 * naming the row and the field when the value's type conflicts with the column's.
 */
export function storedValue(value: LoggedValue, type: ColumnType, row: number, field: string): string | number | null {
  if (fitsType(value, type)) return typeof value === "boolean" ? (value ? 1 : 0) : value;
  const expected = type === "TEXT" ? "text" : type === "REAL" ? "a number" : "a boolean";
  throw new BatchError(
    `row ${row}: field "${field}" expects ${expected} (its column is ${type}), got ${JSON.stringify(value)}`,
    { row, field },
  );
}

/** SQL identifier quoting; names are validated before they get here, this is defence in depth. */
export function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** When a row was written, and when its label last was (epoch ms): kept by the store, not logged. */
export const INGESTED_AT = "ingested_at";
export const LABEL_INGESTED_AT = "label_ingested_at";

/** Whether a table column is one of the store's own (INGESTED_AT, LABEL_INGESTED_AT) rather than logged data. */
export function isBookkeeping(name: string): boolean {
  const lower = name.toLowerCase();
  return lower === INGESTED_AT || lower === LABEL_INGESTED_AT;
}
