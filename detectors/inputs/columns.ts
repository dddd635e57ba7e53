/**
 * Reading whole tables column by column, for the tabular detectors: an Arquero table (or anything
 * with columnNames(), array(name) and numRows()) or an array of plain objects, one per row.
 * Missing values are those pandas' isna reports; `keptCount` keeps what Evidently 0.7 keeps.
 */

import type { TableLike } from "../types.ts";

/** A table as the tabular detectors accept it. */
export type TableInput = TableLike | readonly Record<string, unknown>[];

/** A table opened for reading by column. */
export interface Columns {
  /** Column names in table order (for rows: in order of first appearance). */
  names: string[];
  numRows: number;
  /** The values of a column (undefined in rows that lack the key). */
  column(name: string): ArrayLike<unknown>;
}

/**
 * Opens a table for reading by column. Columns of an array of objects are built on first use and
 * kept, so each is read once.
 * @param what names the table in errors, e.g. "tabularDrift: reference"
 * @throws when `table` is neither a TableLike nor an array of objects
 */
export function readColumns(table: TableInput, what: string): Columns {
  if (isTableLike(table)) {
    return {
      names: table.columnNames(),
      numRows: table.numRows(),
      column: (name) => arqueroColumn(table, name) ?? table.array(name),
    };
  }
  if (!Array.isArray(table)) {
    throw new Error(
      `${what} must be a table (columnNames(), array(name), numRows()) or an array of objects, got ${describe(table)}`,
    );
  }
  const rows = table as readonly Record<string, unknown>[];
  const seen = new Set<string>();
  let previous: string[] = [];
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    if (row === null || typeof row !== "object" || Array.isArray(row)) {
      throw new Error(`${what}: row ${i} is ${describe(row)}, not an object`);
    }
    const keys = Object.keys(row);
    if (!sameKeys(keys, previous)) for (const key of keys) seen.add(key);
    previous = keys;
  }
  const built = new Map<string, unknown[]>();
  return {
    names: [...seen],
    numRows: rows.length,
    column(name) {
      let values = built.get(name);
      if (values === undefined) {
        values = new Array<unknown>(rows.length);
        // Only a name Object.prototype has (toString …) could be read from the prototype chain.
        if (name in Object.prototype)
          for (let i = 0; i < rows.length; i++) values[i] = Object.hasOwn(rows[i], name) ? rows[i][name] : undefined;
        else for (let i = 0; i < rows.length; i++) values[i] = rows[i][name];
        built.set(name, values);
      }
      return values;
    },
  };
}

function sameKeys(a: string[], b: string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * An Arquero table's column without going through a per-row callback: the column's own array when
 * the table has neither filter nor order (then row i is element i), used as is, typed or not; a
 * typed array of the same type, in the table's row order, when a filtered or ordered table holds
 * a typed column. Arquero's array(name) builds a plain array through a callback per row, which
 * costs more than the tests themselves on wide tables. Read only; undefined when the table is not
 * such a table.
 */
function arqueroColumn(table: TableLike, name: string): ArrayLike<unknown> | undefined {
  const arquero = table as TableLike & {
    column?: unknown;
    isFiltered?: unknown;
    isOrdered?: unknown;
    array(name: string, constructor?: new (length: number) => ArrayLike<unknown>): ArrayLike<unknown>;
  };
  if (
    typeof arquero.column !== "function" ||
    typeof arquero.isFiltered !== "function" ||
    typeof arquero.isOrdered !== "function"
  )
    return undefined;
  const column: unknown = arquero.column(name);
  const typed = isTypedArray(column);
  if (arquero.isFiltered() !== false || arquero.isOrdered() !== false)
    return typed ? arquero.array(name, column.constructor as new (length: number) => ArrayLike<unknown>) : undefined;
  const array = Array.isArray(column) || typed ? (column as ArrayLike<unknown>) : undefined;
  return array !== undefined && array.length === table.numRows() ? array : undefined;
}

function isTypedArray(value: unknown): value is ArrayBufferView & ArrayLike<unknown> {
  return ArrayBuffer.isView(value) && !(value instanceof DataView);
}

function isTableLike(value: unknown): value is TableLike {
  if (value === null || typeof value !== "object") return false;
  const table = value as Partial<Record<keyof TableLike, unknown>>;
  return (
    typeof table.columnNames === "function" && typeof table.array === "function" && typeof table.numRows === "function"
  );
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value;
}

/** Whether a value is missing as pandas' isna sees it: null, undefined or NaN. */
export function isMissing(value: unknown): boolean {
  return value === null || value === undefined || (typeof value === "number" && Number.isNaN(value));
}

/** The kind of a present value, as the column-type rules and the type-mismatch check tell them apart. */
export type ValueKind = "number" | "string" | "boolean" | "date" | "other";

/** What one pass over a column finds. */
export interface ColumnScan {
  length: number;
  /** null, undefined and NaN. */
  missing: number;
  /** ±Infinity (numbers, counted apart from missing as pandas does). */
  infinite: number;
  /** How many present values are of each kind. */
  kinds: Record<ValueKind, number>;
  /** Whether every present number is an integer (vacuously true when there is none). */
  integers: boolean;
  /** The first and last present values (undefined when there is none). */
  first: unknown;
  last: unknown;
}

/**
 * Whether every present value of a column is a typed array (at least one present): a vector
 * feature, which cells read as one Float32Array per row. Per-column summaries (tabularDrift,
 * dataQuality) skip such a column; the multivariate detectors take it.
 */
export function isVectorColumn(values: ArrayLike<unknown>): boolean {
  let present = 0;
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (value === null || value === undefined) continue;
    if (!ArrayBuffer.isView(value) || value instanceof DataView) return false;
    present++;
  }
  return present > 0;
}

/** One pass over a column: missing values, infinities, value kinds, first and last present value. */
export function scanColumn(values: ArrayLike<unknown>): ColumnScan {
  if (isNumberArray(values)) return scanNumbers(values);
  let missing = 0;
  let infinite = 0;
  let numbers = 0;
  let strings = 0;
  let booleans = 0;
  let dates = 0;
  let others = 0;
  let integers = true;
  let first: unknown;
  let last: unknown;
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (value === null || value === undefined) {
      missing++;
      continue;
    }
    const type = typeof value;
    if (type === "number") {
      const x = value as number;
      if (x !== x) {
        missing++;
        continue;
      }
      numbers++;
      if (x === Infinity || x === -Infinity) infinite++;
      else if (integers && Math.floor(x) !== x) integers = false;
    } else if (type === "string") strings++;
    else if (type === "boolean") booleans++;
    else if (value instanceof Date) dates++;
    else others++;
    if (first === undefined) first = value;
    last = value;
  }
  const kinds = { number: numbers, string: strings, boolean: booleans, date: dates, other: others };
  return { length: values.length, missing, infinite, kinds, integers, first, last };
}

/** Whether `values` is a typed array of numbers (not of bigints). */
function isNumberArray(values: ArrayLike<unknown>): values is ArrayLike<number> {
  return (
    ArrayBuffer.isView(values) &&
    !(values instanceof DataView) &&
    !(values instanceof BigInt64Array) &&
    !(values instanceof BigUint64Array)
  );
}

/** {@link scanColumn} for a typed array: numbers only, NaN missing. */
function scanNumbers(values: ArrayLike<number>): ColumnScan {
  let missing = 0;
  let infinite = 0;
  let integers = true;
  let first: number | undefined;
  let last: number | undefined;
  for (let i = 0; i < values.length; i++) {
    const x = values[i];
    if (x !== x) {
      missing++;
      continue;
    }
    if (x === Infinity || x === -Infinity) infinite++;
    else if (integers && Math.floor(x) !== x) integers = false;
    if (first === undefined) first = x;
    last = x;
  }
  const kinds = { number: values.length - missing, string: 0, boolean: 0, date: 0, other: 0 };
  return { length: values.length, missing, infinite, kinds, integers, first, last };
}

/** The kinds of value present in a profiled column, e.g. ["number"] or ["number", "string"]. */
export function presentKinds(profile: ColumnScan): ValueKind[] {
  return (Object.keys(profile.kinds) as ValueKind[]).filter((kind) => profile.kinds[kind] > 0);
}

/**
 * How many values of a profiled column a drift test keeps, as Evidently prepares columns (±Infinity
 * replaced by NaN, then NaN and null dropped): for "numeric" the finite numbers, for "categorical"
 * every present value except ±Infinity.
 */
export function keptCount(profile: ColumnScan, type: "numeric" | "categorical"): number {
  return type === "numeric"
    ? profile.kinds.number - profile.infinite
    : profile.length - profile.missing - profile.infinite;
}

/** Whether a value is kept by a test of `type` (see {@link keptCount}). */
function isKept(value: unknown, type: "numeric" | "categorical"): boolean {
  return type === "numeric"
    ? typeof value === "number" && Number.isFinite(value)
    : !isMissing(value) && value !== Infinity && value !== -Infinity;
}

/**
 * The values a drift test of `type` keeps (see {@link keptCount}), in order. Returns `values`
 * itself when nothing is dropped (the caller must not mutate it).
 */
export function testValues(
  values: ArrayLike<unknown>,
  type: "numeric" | "categorical",
  profile: ColumnScan,
): ArrayLike<unknown> {
  if (keptCount(profile, type) === values.length) return values;
  const kept: unknown[] = [];
  for (let i = 0; i < values.length; i++) if (isKept(values[i], type)) kept.push(values[i]);
  return kept;
}

/**
 * How many distinct kept values (see {@link isKept}) `samples` hold together, counting no further
 * than `limit + 1`, so a caller that only compares with `limit` stops early. Numbers are compared
 * as numbers for "numeric", values as strings for "categorical" (as the categorical tests compare them).
 */
export function countDistinct(samples: ArrayLike<unknown>[], limit: number, type: "numeric" | "categorical"): number {
  const seen = new Set<unknown>();
  for (const values of samples) {
    for (let i = 0; i < values.length; i++) {
      const value = values[i];
      if (!isKept(value, type)) continue;
      seen.add(type === "numeric" ? value : String(value));
      if (seen.size > limit) return seen.size;
    }
  }
  return seen.size;
}
