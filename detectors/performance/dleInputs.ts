/**
 * Direct loss estimation's inputs read from tables: the loss models' matrix (the features and the
 * prediction, as NannyML 0.13 trains its LightGBM models on `feature_column_names + [y_pred]`),
 * and the labels and predictions row by row. Categorical features are coded as NannyML does before
 * LightGBM (an OrdinalEncoder fitted on the reference, sorted categories, plus one so that unseen
 * and missing values share code 0; N:performance_estimation/direct_loss_estimation/dle.py `_fit`).
 */

import { isMissing, readColumns, type Columns, type TableInput } from "../inputs/columns.ts";
import type { Matrix } from "../linalg/matrix.ts";

/** One data set as DLE reads it. */
export interface DleData {
  /** Features then prediction, one row per input row. */
  x: Matrix;
  /** NaN where a row has no label. */
  yTrue: Float64Array;
  yPred: Float64Array;
}

/** How each feature becomes a number: as it is, or by its reference category's code. */
type FeatureCoding = { name: string; codes: Map<string, number> | null };

/** The columns that are not features: what the model predicted, the label and the time. */
export const ROLE_COLUMNS = ["prediction", "label", "ts"];

/** Reads the reference (defining the features' coding) and the analysis data over the same columns. */
export function readDleData(
  reference: TableInput,
  analysis: TableInput,
  features: readonly string[] | undefined,
): { reference: DleData; analysis: DleData; features: string[] } {
  const referenceColumns = readColumns(reference, "dle: reference");
  const analysisColumns = readColumns(analysis, "dle: analysis");
  const names = features ? [...features] : referenceColumns.names.filter((name) => !ROLE_COLUMNS.includes(name));
  for (const name of names) {
    if (ROLE_COLUMNS.includes(name)) throw new Error(`dle: "${name}" cannot be a feature, it is the ${name} column`);
    for (const [columns, what] of [
      [referenceColumns, "reference"],
      [analysisColumns, "analysis"],
    ] as const)
      if (!columns.names.includes(name)) throw new Error(`dle: the ${what} has no feature column "${name}"`);
  }
  const codings = names.map((name) => featureCoding(name, referenceColumns.column(name)));
  return {
    reference: dleData(referenceColumns, codings, "reference"),
    analysis: dleData(analysisColumns, codings, "analysis"),
    features: names,
  };
}

/** A feature is categorical when any reference value is present and not a number. */
function featureCoding(name: string, values: ArrayLike<unknown>): FeatureCoding {
  const categories = new Set<string>();
  let categorical = false;
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (isMissing(value)) continue;
    if (typeof value !== "number") categorical = true;
    categories.add(String(value));
  }
  if (!categorical) return { name, codes: null };
  const sorted = [...categories].sort();
  return { name, codes: new Map(sorted.map((category, code) => [category, code + 1])) };
}

function dleData(columns: Columns, codings: FeatureCoding[], what: string): DleData {
  const n = columns.numRows;
  if (n === 0) throw new Error(`dle: the ${what} has no rows`);
  if (!columns.names.includes("prediction")) throw new Error(`dle: the ${what} has no "prediction" column`);
  const cols = codings.length + 1;
  const data = new Float64Array(n * cols);
  codings.forEach(({ name, codes }, k) => {
    const values = columns.column(name);
    for (let i = 0; i < n; i++) data[i * cols + k] = featureValue(values[i], codes, `dle: ${what} row ${i}, ${name}`);
  });
  const prediction = columns.column("prediction");
  const yPred = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const value = prediction[i];
    if (typeof value !== "number" || !Number.isFinite(value))
      throw new Error(
        `dle: ${what} row ${i} has prediction ${JSON.stringify(value) ?? String(value)}; every row needs a finite number`,
      );
    yPred[i] = value;
    data[i * cols + cols - 1] = value;
  }
  const label = columns.names.includes("label") ? columns.column("label") : null;
  const yTrue = new Float64Array(n).fill(NaN);
  for (let i = 0; label !== null && i < n; i++) {
    const value = label[i];
    if (isMissing(value)) continue;
    if (typeof value !== "number" || !Number.isFinite(value))
      throw new Error(`dle: ${what} row ${i} has label ${JSON.stringify(value) ?? String(value)}, not a finite number`);
    yTrue[i] = value;
  }
  return { x: { data, rows: n, cols }, yTrue, yPred };
}

/** A numeric feature as it is (missing: NaN, which the trees bin lowest); a category by its code (unseen or missing: 0). */
function featureValue(value: unknown, codes: Map<string, number> | null, where: string): number {
  if (codes !== null) return isMissing(value) ? 0 : (codes.get(String(value)) ?? 0);
  if (isMissing(value)) return NaN;
  if (typeof value !== "number")
    throw new Error(`${where} is ${JSON.stringify(value)}, but the reference column is numeric`);
  return value;
}
