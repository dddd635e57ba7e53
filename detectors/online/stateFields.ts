/**
 * Reading an online detector's saved state back: numbers and matrices stored as plain JSON
 * (number[][] rows, so a state is readable and survives JSON.stringify), checked field by field
 * so a corrupted or hand-edited state fails with the field's name instead of misbehaving later.
 */

import type { Matrix } from "../linalg/matrix.ts";
import type { OnlineState } from "./types.ts";

/** A matrix as JSON rows. */
export function matrixToRows(m: Matrix): number[][] {
  return Array.from({ length: m.rows }, (_, i) => Array.from(m.data.subarray(i * m.cols, (i + 1) * m.cols)));
}

/** The state's `field`, a finite number. */
export function numberField(state: OnlineState, field: string): number {
  const value = state[field];
  if (typeof value !== "number" || !Number.isFinite(value))
    throw new Error(`online.restore: ${state.kind} state.${field} must be a finite number`);
  return value;
}

/** The state's `time`: instances since the last reset, an integer ≥ 0. */
export function timeField(state: OnlineState): number {
  const time = state.time;
  if (typeof time !== "number" || !Number.isInteger(time) || time < 0)
    throw new Error(`online.restore: ${state.kind} state.time must be an integer ≥ 0`);
  return time;
}

/** The state's `field`, a non-empty array of finite numbers (of `length` if given). */
export function numbersField(state: OnlineState, field: string, length?: number): number[] {
  const value = state[field];
  if (
    !Array.isArray(value) ||
    value.length === 0 ||
    (length !== undefined && value.length !== length) ||
    value.some((v) => typeof v !== "number" || !Number.isFinite(v))
  )
    throw new Error(
      `online.restore: ${state.kind} state.${field} must be ${length ?? "a non-empty list of"}${length === undefined ? "" : " finite"} numbers`,
    );
  return value as number[];
}

/**
 * The state's `field`, rows of `cols` finite numbers (default: as many as its first row has;
 * `rows` of them if given), as a matrix.
 */
export function matrixField(state: OnlineState, field: string, cols?: number, rows?: number): Matrix {
  const value = state[field];
  const fail = (why: string) => new Error(`online.restore: ${state.kind} state.${field} ${why}`);
  if (!Array.isArray(value) || value.length === 0 || !Array.isArray(value[0]) || value[0].length === 0)
    throw fail("must be a non-empty list of rows");
  cols ??= (value[0] as unknown[]).length;
  if (rows !== undefined && value.length !== rows) throw fail(`must have ${rows} rows, has ${value.length}`);
  const data = new Float64Array(value.length * cols);
  value.forEach((row: unknown, i) => {
    if (!Array.isArray(row) || row.length !== cols) throw fail(`row ${i} must have ${cols} numbers`);
    row.forEach((v: unknown, k) => {
      if (typeof v !== "number" || !Number.isFinite(v)) throw fail(`row ${i} value ${k} is not a finite number`);
      data[i * cols + k] = v;
    });
  });
  return { data, rows: value.length, cols };
}

/** The state's `features`: null (array rows) or a list of names. */
export function featuresField(state: OnlineState): string[] | null {
  const value = state.features;
  if (value === null) return null;
  if (!Array.isArray(value) || value.some((name) => typeof name !== "string"))
    throw new Error(`online.restore: ${state.kind} state.features must be null or a list of names`);
  return value as string[];
}
