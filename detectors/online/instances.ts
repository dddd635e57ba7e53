/**
 * Reading an online detector's reference into a matrix and each streamed instance into a vector
 * over the same columns, with errors that name the detector and the bad value: a stream must not
 * silently drop instances, since the window and the time would then disagree with the data.
 */

import { type Matrix, type Rows, toMatrices } from "../linalg/matrix.ts";
import type { OnlineInstance } from "./types.ts";

/** The reference's complete rows and its feature names (null for array or number rows). */
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

/**
 * One instance as `cols` numbers: a number when there is one column, an array or typed array of
 * `cols` numbers, or an object with every feature.
 * @throws naming the value that is missing or not a finite number
 */
export function readInstance(
  x: OnlineInstance,
  cols: number,
  features: readonly string[] | null,
  fn: string,
  out: Float64Array = new Float64Array(cols),
): Float64Array {
  if (typeof x === "number") {
    if (cols !== 1) throw new Error(`${fn}: got a number, expected ${cols} values per instance`);
    out[0] = finite(x, "x", fn);
  } else if (features !== null && !isArrayLike(x)) {
    const record = x as Record<string, unknown>;
    features.forEach((name, k) => (out[k] = finite(record[name], `x.${name}`, fn)));
  } else if (isArrayLike(x)) {
    if (x.length !== cols) throw new Error(`${fn}: the instance has ${x.length} values, expected ${cols}`);
    for (let k = 0; k < cols; k++) out[k] = finite(x[k], `x[${k}]`, fn);
  } else {
    throw new Error(`${fn}: the reference rows are arrays, so each instance must be an array of ${cols} numbers`);
  }
  return out;
}

function isArrayLike(x: unknown): x is ArrayLike<unknown> {
  return Array.isArray(x) || ArrayBuffer.isView(x);
}

function finite(value: unknown, what: string, fn: string): number {
  if (typeof value !== "number" || !Number.isFinite(value))
    throw new Error(`${fn}: ${what} must be a finite number, got ${JSON.stringify(value) ?? String(value)}`);
  return value;
}
