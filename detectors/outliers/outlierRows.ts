/**
 * Reading reference and current rows for the outlier detectors. Unlike the drift tests, which drop
 * incomplete rows, an outlier detector answers for every current row, so the current matrix keeps
 * them all (a row with a value that is not a finite number is marked unscored) while the reference,
 * which only fits the detector, keeps its complete rows. Columns of tables and objects are read
 * through detectors/inputs; by default the numeric feature columns (not id, ts, label, prediction …).
 */

import { readColumns, scanColumn, type TableInput } from "../inputs/columns.ts";
import { firstPresent, type Matrix, type Rows, rowKind } from "../linalg/matrix.ts";
import { columnRole, NON_FEATURE_COLUMNS } from "../tabular/roles.ts";
import type { Dropped } from "../types.ts";

/** The rows an outlier detector fits and scores. */
export interface OutlierRows {
  /** The reference's complete rows. */
  reference: Matrix;
  /** Every current row, in order; an unscored row holds NaN where its values are not finite numbers. */
  current: Matrix;
  /** 1 where the current row has a finite number in every feature. */
  scored: Uint8Array;
  /** The columns read from tables or objects, in order; null for arrays of numbers. */
  features: string[] | null;
  /** Reference rows left out of the fit, current rows left unscored. */
  dropped: Dropped;
}

/**
 * Reads reference and current rows over the same columns: `features` if given, else for tables and
 * objects the reference's columns whose role is "feature" (tabular/roles.ts) and whose present values
 * are all numbers, else every position of the first array row.
 * @throws when a side has no rows, the two sides are of different kinds, array rows differ in
 * length, a named feature is missing, no numeric feature is found, or the reference has no complete row
 */
export function outlierRows(reference: Rows, current: Rows, fn: string, features?: readonly string[]): OutlierRows {
  const kind = rowKind(reference, fn, "reference");
  const currentKind = rowKind(current, fn, "current");
  if (currentKind !== kind)
    throw new Error(`${fn}: reference and current rows are of different kinds (${kind} vs ${currentKind})`);
  if (kind === "arrays" || kind === "numbers") {
    if (features) throw new Error(`${fn}: features only apply to object rows and tables`);
    const cols = kind === "numbers" ? 1 : (firstPresent(reference as ArrayLike<unknown>) as ArrayLike<unknown>).length;
    if (cols === 0) throw new Error(`${fn}: reference rows have no values`);
    const ref = readArrayRows(reference as ArrayLike<unknown>, cols, fn, "reference");
    const cur = readArrayRows(current as ArrayLike<unknown>, cols, fn, "current");
    return assemble(ref, cur, null, fn);
  }
  const refColumns = readColumns(reference as TableInput, `${fn}: reference`);
  const curColumns = readColumns(current as TableInput, `${fn}: current`);
  const names = features ? [...features] : numericFeatures(refColumns.names, refColumns.column, fn);
  if (names.length === 0) throw new Error(`${fn}: features is empty`);
  const present = new Set(curColumns.names);
  const refNames = new Set(refColumns.names);
  for (const name of names) {
    if (!refNames.has(name)) throw new Error(`${fn}: reference has no column "${name}"`);
    if (!present.has(name)) throw new Error(`${fn}: current has no column "${name}"`);
  }
  const read = (columns: typeof refColumns) =>
    fillRows(
      columns.numRows,
      names.map((name) => columns.column(name)),
    );
  return assemble(read(refColumns), read(curColumns), names, fn);
}

/** The reference's numeric feature columns, in order. */
function numericFeatures(names: string[], column: (name: string) => ArrayLike<unknown>, fn: string): string[] {
  const numeric = names.filter((name) => {
    if (columnRole(name) !== "feature") return false;
    const { kinds } = scanColumn(column(name));
    return kinds.number > 0 && kinds.string + kinds.boolean + kinds.date + kinds.other === 0;
  });
  if (numeric.length === 0)
    throw new Error(
      `${fn}: the reference has no numeric feature columns (${NON_FEATURE_COLUMNS} are not features); name them with the features option`,
    );
  return numeric;
}

interface Filled {
  matrix: Matrix;
  scored: Uint8Array;
}

/** Rows of arrays (or plain numbers, one column) into a matrix, NaN where a value is not a finite number. */
function readArrayRows(rows: ArrayLike<unknown>, cols: number, fn: string, what: string): Filled {
  const data = new Float64Array(rows.length * cols);
  const scored = new Uint8Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    if (cols === 1 && !isArrayRow(row)) {
      scored[i] = store(data, i, row) ? 1 : 0;
      continue;
    }
    if (row === null || row === undefined) {
      data.fill(NaN, i * cols, (i + 1) * cols);
      continue;
    }
    if (!isArrayRow(row) || row.length !== cols)
      throw new Error(
        `${fn}: ${what} row ${i} has ${isArrayRow(row) ? row.length : "no"} values, expected ${cols} as in the first reference row`,
      );
    let complete = 1;
    for (let k = 0; k < cols; k++) if (!store(data, i * cols + k, row[k])) complete = 0;
    scored[i] = complete;
  }
  return { matrix: { data, rows: rows.length, cols }, scored };
}

function isArrayRow(row: unknown): row is ArrayLike<unknown> {
  return Array.isArray(row) || (ArrayBuffer.isView(row) && !(row instanceof DataView));
}

/** Columns into a row-major matrix, NaN where a value is not a finite number. */
function fillRows(n: number, columns: ArrayLike<unknown>[]): Filled {
  const cols = columns.length;
  const data = new Float64Array(n * cols);
  const scored = new Uint8Array(n).fill(1);
  for (let k = 0; k < cols; k++) {
    const column = columns[k];
    for (let i = 0; i < n; i++) if (!store(data, i * cols + k, column[i])) scored[i] = 0;
  }
  return { matrix: { data, rows: n, cols }, scored };
}

/** Writes `value` at `at` if it is a finite number (and NaN otherwise); reports whether it was. */
function store(data: Float64Array, at: number, value: unknown): boolean {
  const finite = typeof value === "number" && Number.isFinite(value);
  data[at] = finite ? (value as number) : NaN;
  return finite;
}

function assemble(reference: Filled, current: Filled, features: string[] | null, fn: string): OutlierRows {
  const { matrix, scored } = reference;
  const cols = matrix.cols;
  let kept = 0;
  for (let i = 0; i < matrix.rows; i++) {
    if (scored[i] === 0) continue;
    if (kept !== i) matrix.data.copyWithin(kept * cols, i * cols, (i + 1) * cols);
    kept++;
  }
  if (kept === 0)
    throw new Error(
      `${fn}: reference has no rows with finite numbers in every feature (${matrix.rows} rows, all with NaN, infinite, missing or non-numeric values)`,
    );
  let unscored = 0;
  for (let i = 0; i < current.scored.length; i++) unscored += 1 - current.scored[i];
  return {
    reference: { data: matrix.data.subarray(0, kept * cols), rows: kept, cols },
    current: current.matrix,
    scored: current.scored,
    features,
    dropped: { reference: matrix.rows - kept, current: unscored },
  };
}
