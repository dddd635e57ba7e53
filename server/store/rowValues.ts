/**
 * Which columns a batch of predictions writes, and how each row's value for a column is read:
 * the store builds one accessor per column per batch rather than looking names up per row.
 */
import type { LoggedValue, PredictionInput } from "../ingest/types.ts";

/** A column's first non-null value in a batch, which types a new column. */
export interface FirstValue {
  row: number;
  value: LoggedValue;
}

/** Every column a batch writes besides id and ts, with its first non-null value (undefined when all are null). */
export function batchFields(rows: PredictionInput[]): Map<string, FirstValue | undefined> {
  const fields = new Map<string, FirstValue | undefined>();
  const add = (name: string, row: number, value: LoggedValue | undefined) => {
    if (value === undefined || fields.get(name)) return;
    fields.set(name, value === null ? undefined : { row, value });
  };
  for (const row of rows) {
    for (const name of Object.keys(row.features)) add(name, row.row, row.features[name]);
    add("prediction", row.row, row.prediction);
    add("score", row.row, row.score);
    add("label", row.row, row.label);
    if (row.probabilities) for (const name in row.probabilities) add(`proba_${name}`, row.row, row.probabilities[name]);
  }
  return fields;
}

/** Reads column `name` from a row; null when the row does not mention it. Built once per column per batch. */
export function accessorOf(name: string): (row: PredictionInput) => LoggedValue {
  switch (name) {
    case "prediction":
      return (row) => row.prediction ?? null;
    case "score":
      return (row) => row.score ?? null;
    case "label":
      return (row) => row.label ?? null;
  }
  if (name.startsWith("proba_")) {
    const cls = name.slice(6);
    return (row) => (row.probabilities && Object.hasOwn(row.probabilities, cls) ? row.probabilities[cls] : null);
  }
  // Own properties only: a feature named "constructor" must not read Object's.
  return (row) => (Object.hasOwn(row.features, name) ? (row.features[name] ?? null) : null);
}
