/**
 * Reading CBPE's inputs: a table (Arquero or an array of rows) with a `score` column (binary:
 * P(label = 1)) or one `proba_<class>` column per class (multiclass, classes in sorted order as
 * NannyML sorts `y_pred_proba`'s keys), a `prediction` column (when absent: score ≥ threshold, or
 * the most probable class), a `label` column (missing values and a missing column mean "not yet
 * labelled") and an optional `ts`. Rows are turned into class indices once, so the estimators
 * work on typed arrays; anything unreadable is refused naming its row and column.
 */

import { readColumns, type Columns, type TableInput } from "../inputs/columns.ts";

/** The scored rows of one table, as class indices. */
export interface Scored {
  task: "binary" | "multiclass";
  /** Binary: ["0", "1"]; multiclass: the `proba_` suffixes, sorted. */
  classes: string[];
  n: number;
  /** Binary: [P(1)]; multiclass: one column per class. */
  scores: Float64Array[];
  /** Predicted class index (binary 0/1). */
  predicted: Int32Array;
  /** Label class index, −1 where the label is missing. */
  target: Int32Array;
  /** The `ts` column, when there is one. */
  ts: ArrayLike<unknown> | null;
}

const PROBA_PREFIX = "proba_";

/**
 * Reads a table for CBPE.
 * @param expected the classes the reference had (analysis data must match them), or null for the reference
 */
export function readScored(table: TableInput, threshold: number, expected: Scored | null, what: string): Scored {
  const columns = readColumns(table, what);
  const probaNames = columns.names.filter((name) => name.startsWith(PROBA_PREFIX)).sort();
  const task = probaNames.length > 0 ? "multiclass" : "binary";
  if (task === "binary" && !columns.names.includes("score"))
    throw new Error(`${what} needs a score column (binary: P(label = 1)) or proba_<class> columns (multiclass)`);
  if (task === "multiclass" && probaNames.length < 2)
    throw new Error(`${what}: multiclass scores need a proba_<class> column per class, found only ${probaNames[0]}`);
  const classes = task === "binary" ? ["0", "1"] : probaNames.map((name) => name.slice(PROBA_PREFIX.length));
  if (expected && (expected.task !== task || expected.classes.join("\u0000") !== classes.join("\u0000")))
    throw new Error(
      `${what} has classes ${classes.join(", ")} (${task}) but the reference has ${expected.classes.join(", ")} (${expected.task})`,
    );

  const n = columns.numRows;
  const scoreNames = task === "binary" ? ["score"] : probaNames;
  const scores = scoreNames.map((name) => finiteColumn(columns, name, what));
  const classIndex = new Map(classes.map((c, k) => [c, k]));
  const predicted = columns.names.includes("prediction")
    ? classColumn(columns, "prediction", task, classIndex, false, what)
    : predictFromScores(scores, n, task, threshold);
  const target = columns.names.includes("label")
    ? classColumn(columns, "label", task, classIndex, true, what)
    : new Int32Array(n).fill(-1);
  return {
    task,
    classes,
    n,
    scores,
    predicted,
    target,
    ts: columns.names.includes("ts") ? columns.column("ts") : null,
  };
}

function finiteColumn(columns: Columns, name: string, what: string): Float64Array {
  const values = columns.column(name);
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (typeof value !== "number" || !(value >= 0 && value <= 1))
      throw new Error(`${what}: ${name} of row ${i} is ${describe(value)}, not a probability in [0, 1]`);
    out[i] = value;
  }
  return out;
}

/** Labels or predictions as class indices: binary 0/1 or booleans, multiclass the class names (compared as text). */
function classColumn(
  columns: Columns,
  name: string,
  task: Scored["task"],
  classIndex: Map<string, number>,
  mayBeMissing: boolean,
  what: string,
): Int32Array {
  const values = columns.column(name);
  const out = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (value === null || value === undefined || (typeof value === "number" && Number.isNaN(value))) {
      if (!mayBeMissing) throw new Error(`${what}: ${name} of row ${i} is missing`);
      out[i] = -1;
      continue;
    }
    const key = typeof value === "boolean" ? String(Number(value)) : String(value);
    const index = task === "binary" && typeof value === "string" ? undefined : classIndex.get(key);
    if (index === undefined) {
      const allowed = task === "binary" ? "0, 1, true or false" : `one of ${[...classIndex.keys()].join(", ")}`;
      throw new Error(`${what}: ${name} of row ${i} is ${describe(value)}; it must be ${allowed}`);
    }
    out[i] = index;
  }
  return out;
}

/** No prediction column: binary score ≥ threshold, multiclass the first most probable class. */
function predictFromScores(scores: Float64Array[], n: number, task: Scored["task"], threshold: number): Int32Array {
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    if (task === "binary") out[i] = scores[0][i] >= threshold ? 1 : 0;
    else {
      let best = 0;
      for (let k = 1; k < scores.length; k++) if (scores[k][i] > scores[best][i]) best = k;
      out[i] = best;
    }
  }
  return out;
}

function describe(value: unknown): string {
  return typeof value === "string" ? JSON.stringify(value) : String(value);
}
