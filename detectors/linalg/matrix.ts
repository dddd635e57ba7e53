/**
 * Dense row-major matrices for the multivariate tests: reference and current rows (arrays, objects,
 * or tables through TableLike, which Arquero tables fit) read into matrices over the same columns,
 * incomplete rows dropped and counted, plus column moments, standardisation and row selection.
 */

import type { Dropped, TableLike } from "../types.ts";

/**
 * Rows for a multivariate test: arrays (or typed arrays) of numbers of equal length, objects keyed
 * by feature name, a table read through `TableLike` (Arquero tables fit), or a plain array of
 * numbers, read as one feature.
 */
export type Rows = ArrayLike<unknown> | TableLike;

/** A dense matrix stored row after row: value (i, k) is `data[i * cols + k]`. */
export interface Matrix {
  data: Float64Array;
  rows: number;
  cols: number;
}

/** Reference and current rows as matrices over the same columns, with what was dropped. */
export interface MatrixPair {
  reference: Matrix;
  current: Matrix;
  /** The feature names read from objects or tables, in column order; null for array rows. */
  features: string[] | null;
  dropped: Dropped;
}

/**
 * Reads reference and current rows into row-major matrices over the same columns. A row with any
 * value that is not a finite number (NaN, ±Infinity, null, a string …) is dropped and counted, as
 * the univariate tests drop values. Columns are the reference's: `features` if given, else the
 * column names of a reference table or the keys of the first reference object.
 *
 * @throws when the inputs are empty, mix row kinds, have rows of different lengths, lack a
 * feature, or have no complete row left; messages start with `fn`.
 */
export function toMatrices(reference: Rows, current: Rows, fn: string, features?: readonly string[]): MatrixPair {
  const kind = rowKind(reference, fn, "reference");
  if (rowKind(current, fn, "current") !== kind)
    throw new Error(
      `${fn}: reference and current rows are of different kinds (${kind} vs ${rowKind(current, fn, "current")})`,
    );
  if (kind === "arrays" || kind === "numbers") {
    if (features) throw new Error(`${fn}: features only apply to object rows and tables`);
    const cols = kind === "numbers" ? 1 : (firstPresent(reference as ArrayLike<unknown>) as ArrayLike<unknown>).length;
    if (cols === 0) throw new Error(`${fn}: reference rows have no values`);
    const ref = readArrays(reference as ArrayLike<unknown>, cols, kind, fn, "reference");
    const cur = readArrays(current as ArrayLike<unknown>, cols, kind, fn, "current");
    return {
      reference: ref.matrix,
      current: cur.matrix,
      features: null,
      dropped: { reference: ref.dropped, current: cur.dropped },
    };
  }
  const names = featureNames(reference, kind, fn, features);
  const hint = features ? "" : "; choose numeric columns with the features option";
  const ref = readColumns(columnsOf(reference, kind, names, fn, "reference"), fn, "reference", hint);
  const cur = readColumns(columnsOf(current, kind, names, fn, "current"), fn, "current", hint);
  return {
    reference: ref.matrix,
    current: cur.matrix,
    features: names,
    dropped: { reference: ref.dropped, current: cur.dropped },
  };
}

/**
 * One sample's rows as a matrix, read as `toMatrices` reads its reference (an online detector's
 * reference, whose current instances arrive one at a time).
 *
 * @throws as `toMatrices`
 */
export function toMatrix(
  rows: Rows,
  fn: string,
  features?: readonly string[],
): { matrix: Matrix; features: string[] | null; dropped: number } {
  const kind = rowKind(rows, fn, "reference");
  if (kind === "arrays" || kind === "numbers") {
    if (features) throw new Error(`${fn}: features only apply to object rows and tables`);
    const cols = kind === "numbers" ? 1 : (firstPresent(rows as ArrayLike<unknown>) as ArrayLike<unknown>).length;
    if (cols === 0) throw new Error(`${fn}: reference rows have no values`);
    return { ...readArrays(rows as ArrayLike<unknown>, cols, kind, fn, "reference"), features: null };
  }
  const names = featureNames(rows, kind, fn, features);
  const hint = features ? "" : "; choose numeric columns with the features option";
  return { ...readColumns(columnsOf(rows, kind, names, fn, "reference"), fn, "reference", hint), features: names };
}

/** The columns compared: `features` if given, else a table's columns or the first object's keys. */
function featureNames(rows: Rows, kind: "table" | "objects", fn: string, features?: readonly string[]): string[] {
  const names = features
    ? [...features]
    : kind === "table"
      ? (rows as TableLike).columnNames()
      : Object.keys(firstPresent(rows as ArrayLike<unknown>) as object);
  if (names.length === 0) throw new Error(`${fn}: no features to compare`);
  return names;
}

/** How rows are given: a table, objects, arrays of numbers, or plain numbers (one feature). */
export type RowKind = "table" | "objects" | "arrays" | "numbers";

/**
 * The kind of `rows`, from the first present row.
 * @throws when there are no rows, only missing ones, or a row of another type
 */
export function rowKind(rows: Rows, fn: string, what: string): RowKind {
  if (isTable(rows)) {
    if (rows.numRows() === 0) throw new Error(`${fn}: ${what} has no rows`);
    return "table";
  }
  if (rows.length === 0) throw new Error(`${fn}: ${what} has no rows`);
  let sawNumber = false;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    if (typeof row === "number") sawNumber = true;
    else if (row === null || row === undefined) continue;
    else if (Array.isArray(row) || ArrayBuffer.isView(row)) return "arrays";
    else if (typeof row === "object") return "objects";
    else throw new Error(`${fn}: ${what} row ${i} is a ${typeof row}, not an array, an object or a number`);
  }
  if (!sawNumber) throw new Error(`${fn}: ${what} has only missing rows`);
  return "numbers";
}

/** The first row that is neither null nor undefined. */
export function firstPresent(rows: ArrayLike<unknown>): unknown {
  for (let i = 0; i < rows.length; i++) if (rows[i] !== null && rows[i] !== undefined) return rows[i];
  return undefined;
}

function isTable(rows: Rows): rows is TableLike {
  return typeof (rows as Partial<TableLike>).columnNames === "function";
}

function readArrays(rows: ArrayLike<unknown>, cols: number, kind: "arrays" | "numbers", fn: string, what: string) {
  const data = new Float64Array(rows.length * cols);
  let kept = 0;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    if (kind === "numbers") {
      if (typeof row === "number" && Number.isFinite(row)) data[kept++] = row;
      continue;
    }
    if (row === null || row === undefined) continue;
    const values = row as ArrayLike<unknown>;
    if (typeof values !== "object" || values.length !== cols) {
      throw new Error(
        `${fn}: ${what} row ${i} has ${typeof values === "object" ? values.length : "no"} values, expected ${cols} as in the first reference row`,
      );
    }
    if (copyFinite(values, data, kept * cols)) kept++;
  }
  return finish(data, kept, cols, rows.length, fn, what);
}

function columnsOf(
  rows: Rows,
  kind: RowKind,
  names: string[],
  fn: string,
  what: string,
): { columns: ArrayLike<unknown>[]; n: number } {
  if (kind === "table") {
    const table = rows as TableLike;
    const present = new Set(table.columnNames());
    const columns = names.map((name) => {
      if (!present.has(name)) throw new Error(`${fn}: ${what} has no column "${name}"`);
      return table.array(name);
    });
    return { columns, n: table.numRows() };
  }
  const objects = rows as ArrayLike<Record<string, unknown> | null | undefined>;
  const columns = names.map((name) => Array.from(objects, (row) => (row == null ? undefined : row[name])));
  return { columns, n: objects.length };
}

function readColumns(
  { columns, n }: { columns: ArrayLike<unknown>[]; n: number },
  fn: string,
  what: string,
  hint: string,
) {
  const cols = columns.length;
  const data = new Float64Array(n * cols);
  const row = new Array<unknown>(cols);
  let kept = 0;
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < cols; k++) row[k] = columns[k][i];
    if (copyFinite(row, data, kept * cols)) kept++;
  }
  return finish(data, kept, cols, n, fn, what, hint);
}

/** Copies `values` into `data` at `offset` if every one is a finite number; reports whether it did. */
function copyFinite(values: ArrayLike<unknown>, data: Float64Array, offset: number): boolean {
  for (let k = 0; k < values.length; k++) {
    const value = values[k];
    if (typeof value !== "number" || !Number.isFinite(value)) return false;
    data[offset + k] = value;
  }
  return true;
}

function finish(data: Float64Array, kept: number, cols: number, total: number, fn: string, what: string, hint = "") {
  if (kept === 0)
    throw new Error(
      `${fn}: ${what} has no rows with finite numbers in every column (${total} rows, all with NaN, infinite, missing or non-numeric values${hint})`,
    );
  const matrix: Matrix = { data: kept * cols === data.length ? data : data.slice(0, kept * cols), rows: kept, cols };
  return { matrix, dropped: total - kept };
}

/** The rows of `a` followed by the rows of `b` (same columns). */
export function stackRows(a: Matrix, b: Matrix): Matrix {
  const data = new Float64Array(a.data.length + b.data.length);
  data.set(a.data);
  data.set(b.data, a.data.length);
  return { data, rows: a.rows + b.rows, cols: a.cols };
}

/** The given rows of `m`, in the given order. */
export function selectRows(m: Matrix, indices: ArrayLike<number>): Matrix {
  const data = new Float64Array(indices.length * m.cols);
  for (let r = 0; r < indices.length; r++)
    data.set(m.data.subarray(indices[r] * m.cols, (indices[r] + 1) * m.cols), r * m.cols);
  return { data, rows: indices.length, cols: m.cols };
}

/** Per-column mean and standard deviation (divisor rows − ddof). */
export function columnMoments(m: Matrix, ddof: 0 | 1): { mean: Float64Array; std: Float64Array } {
  const mean = new Float64Array(m.cols);
  const std = new Float64Array(m.cols);
  for (let i = 0; i < m.rows; i++) for (let k = 0; k < m.cols; k++) mean[k] += m.data[i * m.cols + k];
  for (let k = 0; k < m.cols; k++) mean[k] /= m.rows;
  for (let i = 0; i < m.rows; i++) {
    for (let k = 0; k < m.cols; k++) {
      const u = m.data[i * m.cols + k] - mean[k];
      std[k] += u * u;
    }
  }
  for (let k = 0; k < m.cols; k++) std[k] = Math.sqrt(std[k] / (m.rows - ddof));
  return { mean, std };
}

/** (m − mean) / scale, column by column, as a new matrix. */
export function standardise(m: Matrix, mean: Float64Array, scale: Float64Array): Matrix {
  const data = new Float64Array(m.data.length);
  for (let i = 0; i < m.rows; i++)
    for (let k = 0; k < m.cols; k++) data[i * m.cols + k] = (m.data[i * m.cols + k] - mean[k]) / scale[k];
  return { data, rows: m.rows, cols: m.cols };
}
