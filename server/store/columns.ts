/**
 * Column types and roles. A model's schema is its table's own columns (PRAGMA table_info):
 * nothing else records it, so it can never disagree with the data.
 */
import { BatchError, type FeatureValue } from "../ingest/types.ts";

/**
 * Numbers are REAL (exact for integers up to 2^53), booleans INTEGER 0/1, text TEXT, and a vector
 * of d numbers `BLOB(d)`: d float32s in the platform's (little-endian) byte order, 4d bytes. The
 * dimension sits in the declared type, so the schema fixes it and a row of another length is
 * refused; SQLite gives a declared type containing "BLOB" BLOB affinity
 * (https://www.sqlite.org/datatype3.html#determination_of_column_affinity).
 */
export type VectorType = `BLOB(${number})`;
export type ColumnType = "REAL" | "INTEGER" | "TEXT" | VectorType;
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

/** The number of values in a vector column's rows, or undefined for a column of scalars. */
export function vectorDimension(type: ColumnType): number | undefined {
  return type.startsWith("BLOB(") ? Number(type.slice(5, -1)) : undefined;
}

/** The type a new column takes from the first value seen. */
export function typeOf(value: Exclude<FeatureValue, null>): ColumnType {
  if (value instanceof Float32Array) return `BLOB(${value.length})`;
  if (typeof value === "number") return "REAL";
  if (typeof value === "boolean") return "INTEGER";
  return "TEXT";
}

/**
 * Whether a column of `type` takes `value`: null any, numbers REAL (and 0 or 1 INTEGER), booleans
 * INTEGER, text TEXT, vectors of its dimension BLOB(d).
 */
export function fitsType(value: FeatureValue, type: ColumnType): boolean {
  if (value instanceof Float32Array) return value.length === vectorDimension(type);
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
export function storedValue(
  value: FeatureValue,
  type: ColumnType,
  row: number,
  field: string,
): string | number | Buffer | null {
  if (fitsType(value, type)) {
    if (value instanceof Float32Array) return vectorBlob(value);
    return typeof value === "boolean" ? (value ? 1 : 0) : value;
  }
  const dimension = vectorDimension(type);
  const expected =
    dimension !== undefined
      ? `a vector of ${dimension} numbers`
      : type === "TEXT"
        ? "text"
        : type === "REAL"
          ? "a number"
          : "a boolean";
  const got = value instanceof Float32Array ? `a vector of ${value.length} numbers` : JSON.stringify(value);
  throw new BatchError(`row ${row}: field "${field}" expects ${expected} (its column is ${type}), got ${got}`, {
    row,
    field,
  });
}

/** A vector as its BLOB: its float32 bytes, without a copy. */
export function vectorBlob(vector: Float32Array): Buffer {
  return Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength);
}

/** A BLOB as its vector: copied, since a Buffer from SQLite need not be 4-byte aligned. */
export function blobVector(blob: Uint8Array): Float32Array {
  const vector = new Float32Array(blob.byteLength / 4);
  new Uint8Array(vector.buffer).set(blob);
  return vector;
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
