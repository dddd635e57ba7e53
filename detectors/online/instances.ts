/**
 * Inputs of the online detectors: the reference, read once into one column per feature (as the
 * offline multivariate tests read rows), and each streamed instance, checked against the
 * reference's features so a malformed instance fails with a message naming the field.
 */

import { type Matrix, type Rows, toMatrices, toMatrix } from "../linalg/matrix.ts";
import type { TableLike } from "../types.ts";
import type { OnlineInstance } from "./types.ts";

/** The reference's complete rows as one matrix and its feature names (null for array or number rows), for the kernel detectors. */
export interface Reference {
  matrix: Matrix;
  features: string[] | null;
}

/**
 * The reference as a matrix (incomplete rows dropped, as the batch detectors drop them).
 * @throws when it has fewer than `minRows` complete rows
 */
export function readReference(reference: Rows, fn: string, minRows: number, features?: readonly string[]): Reference {
  // toMatrices reads a pair; the reference against itself gives its matrix and column names.
  const pair = toMatrices(reference, reference, fn, features);
  if (pair.reference.rows < minRows)
    throw new Error(`${fn}: needs at least ${minRows} complete reference rows, got ${pair.reference.rows}`);
  return { matrix: pair.reference, features: pair.features };
}

/** A reference as columns: one Float64Array per feature, and the feature names (null for array rows). */
export interface ReferenceColumns {
  columns: Float64Array[];
  features: string[] | null;
  /** Rows dropped for a missing or non-finite value. */
  dropped: number;
}

/**
 * Reads a reference (numbers, arrays or typed arrays of numbers, objects, or a table) into columns.
 * With `booleans`, true/false read as 1/0 (Fisher's exact test takes boolean features).
 *
 * @throws as `toMatrix`, naming `fn`
 */
export function referenceColumns(reference: Rows, fn: string, booleans = false): ReferenceColumns {
  const { matrix, features, dropped } = toMatrix(booleans ? booleansAsNumbers(reference) : reference, fn);
  const columns = Array.from({ length: matrix.cols }, (_, k) => {
    const column = new Float64Array(matrix.rows);
    for (let i = 0; i < matrix.rows; i++) column[i] = matrix.data[i * matrix.cols + k];
    return column;
  });
  return { columns, features, dropped };
}

/**
 * One streamed instance as numbers in the reference's feature order: a number (one feature), an
 * array or typed array as long as a reference row, or an object with every reference feature.
 *
 * @throws when the shape does not match the reference or a value is not a finite number (or, with
 * `booleans`, a boolean)
 */
export function instanceValues(
  x: OnlineInstance | Record<string, number | boolean>,
  features: string[] | null,
  cols: number,
  fn: string,
  booleans = false,
  values: Float64Array = new Float64Array(cols),
): Float64Array {
  const read = (value: unknown, field: string, k: number) => {
    const number = booleans && typeof value === "boolean" ? Number(value) : value;
    if (typeof number !== "number" || !Number.isFinite(number))
      throw new Error(
        `${fn}: update: ${field} is ${typeof value === "number" ? String(value) : (JSON.stringify(value) ?? String(value))}, not a finite number`,
      );
    values[k] = number;
  };
  if (typeof x === "number") {
    if (cols !== 1) throw new Error(`${fn}: update: got one number, but the reference has ${cols} features`);
    read(x, "the value", 0);
  } else if (Array.isArray(x) || ArrayBuffer.isView(x)) {
    const row = x as ArrayLike<unknown>;
    if (row.length !== cols)
      throw new Error(`${fn}: update: got ${row.length} values, but the reference rows have ${cols}`);
    for (let k = 0; k < cols; k++) read(row[k], `value ${k}`, k);
  } else if (typeof x === "object" && x !== null) {
    if (!features) throw new Error(`${fn}: update: the reference rows were arrays, so pass an array, not an object`);
    const row = x as Record<string, unknown>;
    features.forEach((name, k) => {
      if (!(name in row)) throw new Error(`${fn}: update: the instance has no field "${name}"`);
      read(row[name], `field "${name}"`, k);
    });
  } else {
    throw new Error(`${fn}: update: expected a number, an array or an object, got ${typeof x}`);
  }
  return values;
}

/** `rows` with true/false replaced by 1/0 (a table becomes object rows). */
function booleansAsNumbers(rows: Rows): Rows {
  const asNumber = (value: unknown) => (typeof value === "boolean" ? Number(value) : value);
  if (typeof (rows as Partial<TableLike>).columnNames === "function") {
    const table = rows as TableLike;
    const names = table.columnNames();
    const columns = names.map((name) => table.array(name));
    return Array.from({ length: table.numRows() }, (_, i) =>
      Object.fromEntries(names.map((name, k) => [name, asNumber(columns[k][i])])),
    );
  }
  return Array.from(rows as ArrayLike<unknown>, (row) => {
    if (typeof row === "boolean") return Number(row);
    if (Array.isArray(row)) return row.map(asNumber);
    if (row !== null && typeof row === "object" && !ArrayBuffer.isView(row))
      return Object.fromEntries(Object.entries(row).map(([name, value]) => [name, asNumber(value)]));
    return row;
  });
}
