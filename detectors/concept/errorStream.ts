/**
 * The per-prediction error stream the concept-drift detectors watch: 0/1 misclassifications or
 * absolute errors, in `ts` order, read from a table (or rows) with `prediction`, `label` and `ts`,
 * or given directly as an array of errors. Rows whose label has not arrived are left out and counted.
 */

import { readColumns, isMissing, type TableInput } from "../inputs/columns.ts";
import { keyOf } from "../metrics/confusion.ts";
import { epochMs } from "../chunks/chunks.ts";

/** The errors of a table's labelled rows, or the errors themselves (numbers ≥ 0, in order). */
export type ErrorInput = TableInput | ArrayLike<number | null | undefined>;

/** Classification counts a wrong label as 1; regression takes |prediction − label|. */
export type ErrorTask = "classification" | "regression";

export interface ErrorStream {
  errors: Float64Array;
  /** Each error's `ts` as epoch ms, when the input is a table with a `ts` column; null otherwise. */
  ts: Float64Array | null;
  /** Rows or values left out: unlabelled rows, missing predictions, missing or infinite errors. */
  dropped: number;
  task: ErrorTask;
}

/**
 * Reads an error stream. A table needs `prediction` and `label` columns; with a `ts` column its
 * rows are put in ts order (epoch ms, Date or an ISO date string; ties keep their order). The
 * task, unless given, is regression when every present prediction and label is a number and
 * one of them is not an integer, classification otherwise (labels compare as classificationMetrics
 * compares them: `true` equals 1). An array of numbers is taken as the errors themselves.
 * @param what names the input in errors, e.g. "concept.ddm: current"
 * @throws when a table lacks `prediction` or `label`, any row has no usable ts, an error is
 * negative, or no error is left
 */
export function readErrorStream(input: ErrorInput, what: string, task?: ErrorTask): ErrorStream {
  const stream = isErrorArray(input) ? errorsOf(input, what, task) : tableErrors(input as TableInput, what, task);
  if (stream.errors.length === 0)
    throw new Error(`${what} has no errors: every row lacks a label or prediction (${stream.dropped} dropped)`);
  return stream;
}

function isErrorArray(input: unknown): input is ArrayLike<number | null | undefined> {
  if (ArrayBuffer.isView(input)) return true;
  if (!Array.isArray(input)) return false;
  return input.every((value) => value === null || value === undefined || typeof value === "number");
}

function errorsOf(
  values: ArrayLike<number | null | undefined>,
  what: string,
  task: ErrorTask | undefined,
): ErrorStream {
  const errors: number[] = [];
  let binary = true;
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (typeof value !== "number" || !Number.isFinite(value)) continue;
    if (value < 0) throw new Error(`${what}: error ${i} is ${value}; errors are 0/1 or absolute errors (≥ 0)`);
    if (value !== 0 && value !== 1) binary = false;
    errors.push(value);
  }
  const inferred: ErrorTask = task ?? (binary ? "classification" : "regression");
  return { errors: Float64Array.from(errors), ts: null, dropped: values.length - errors.length, task: inferred };
}

function tableErrors(table: TableInput, what: string, task: ErrorTask | undefined): ErrorStream {
  const columns = readColumns(table, what);
  for (const name of ["prediction", "label"])
    if (!columns.names.includes(name))
      throw new Error(`${what} has no "${name}" column (columns: ${columns.names.join(", ") || "none"})`);
  const predictions = columns.column("prediction");
  const labels = columns.column("label");
  const rows: number[] = [];
  for (let i = 0; i < columns.numRows; i++) if (!isMissing(labels[i]) && !isMissing(predictions[i])) rows.push(i);
  const times = columns.names.includes("ts") ? columns.column("ts") : null;
  let ts: Float64Array | null = null;
  if (times) {
    const epochs = epochMs(times, what);
    rows.sort((a, b) => epochs[a] - epochs[b] || a - b);
    ts = Float64Array.from(rows, (i) => epochs[i]);
  }
  const kind = task ?? inferTask(rows, predictions, labels);
  const errors = new Float64Array(rows.length);
  rows.forEach((row, k) => (errors[k] = errorOf(predictions[row], labels[row], kind, `${what}: row ${row}`)));
  return { errors, ts, dropped: columns.numRows - rows.length, task: kind };
}

function inferTask(rows: number[], predictions: ArrayLike<unknown>, labels: ArrayLike<unknown>): ErrorTask {
  let fractional = false;
  for (const i of rows) {
    const p = predictions[i];
    const y = labels[i];
    if (typeof p !== "number" || typeof y !== "number") return "classification";
    if (!Number.isInteger(p) || !Number.isInteger(y)) fractional = true;
  }
  return fractional ? "regression" : "classification";
}

function errorOf(prediction: unknown, label: unknown, task: ErrorTask, where: string): number {
  if (task === "regression") {
    if (typeof prediction !== "number" || typeof label !== "number" || !Number.isFinite(prediction - label))
      throw new Error(
        `${where}: regression needs finite numbers, got prediction ${String(prediction)} and label ${String(label)}`,
      );
    return Math.abs(prediction - label);
  }
  const p = keyOf(prediction);
  const y = keyOf(label);
  if (p === undefined || y === undefined)
    throw new Error(
      `${where}: labels are strings, numbers or booleans, got prediction ${String(prediction)} and label ${String(label)}`,
    );
  return p === y ? 0 : 1;
}
