/**
 * The column batch: the one shape in which predictions reach the store (PredictionStore.log and
 * replaceReference). Each field a batch mentions becomes one column whose kind is decided once
 * per batch (numbers in a Float64Array with a null mask, booleans as 0/1 bytes, text as strings),
 * so the store types, checks and inserts a column at a time instead of looking up every field of
 * every row object, and whatever else reads a batch (profiles at ingest, another database) sees
 * the same typed columns. The typed arrays can be transferred between threads (transferList).
 */
import { PROBABILITY_PREFIX } from "./names.ts";
import type { LoggedValue, PredictionInput } from "./types.ts";

interface ColumnOf<Kind extends string, Values> {
  kind: Kind;
  /** The field as stored: a feature's name, `prediction`, `score`, `label` or `proba_<class>`. */
  name: string;
  /** The index of the column's first non-null value, which types a new column; -1 when all are null. */
  first: number;
  values: Values;
}

/** Numbers; `nulls[i]` is 1 where row i has null (or does not mention the field), and then `values[i]` is 0. */
export type NumberColumn = ColumnOf<"number", Float64Array> & { nulls: Uint8Array };
/** Booleans as 1 and 0, with a null mask as for numbers. */
export type BooleanColumn = ColumnOf<"boolean", Uint8Array> & { nulls: Uint8Array };
export type TextColumn = ColumnOf<"text", (string | null)[]>;
/**
 * Values of more than one kind (numbers and text in one CSV column, say), or nulls only: kept as
 * logged, and checked one by one against the column they are stored in.
 */
export type MixedColumn = ColumnOf<"mixed", LoggedValue[]>;

export type BatchColumn = NumberColumn | BooleanColumn | TextColumn | MixedColumn;

export interface ColumnBatch {
  length: number;
  /** Each row's number as the sender counts it (1-based; the line in NDJSON), for error messages. */
  rows: Int32Array;
  /** null where the row has no id: the store generates one. */
  ids: (string | null)[];
  /** Integer epoch ms; NaN where the row has no time (parsing refuses non-finite times), and the store stamps the time of writing. */
  ts: Float64Array;
  /** One per field some row mentions, in the order fields first appear (features, prediction, score, label, probabilities of each row). */
  columns: BatchColumn[];
}

/** The value of row `index` in `column`, as logged. */
export function valueAt(column: BatchColumn, index: number): LoggedValue {
  switch (column.kind) {
    case "number":
      return column.nulls[index] ? null : column.values[index]!;
    case "boolean":
      return column.nulls[index] ? null : column.values[index] === 1;
    case "text":
    case "mixed":
      return column.values[index]!;
    default: {
      const unknown: never = column;
      throw new Error(`unknown column kind ${JSON.stringify(unknown)}`);
    }
  }
}

/** The ArrayBuffers of a batch's typed arrays, to transfer rather than copy it to another thread. */
export function transferList(batch: ColumnBatch): ArrayBuffer[] {
  const buffers = [batch.rows.buffer, batch.ts.buffer];
  for (const column of batch.columns) {
    if (column.kind === "number" || column.kind === "boolean") buffers.push(column.values.buffer, column.nulls.buffer);
  }
  return buffers as ArrayBuffer[];
}

// Which kinds of value a column has seen, as bits.
const NUMBER = 1;
const BOOLEAN = 2;
const TEXT = 4;

/** A column being filled row by row: values as logged, then typed once by `finish`. */
class ColumnBuilder {
  readonly values: LoggedValue[];
  kinds = 0;
  first = -1;

  constructor(
    readonly name: string,
    length: number,
  ) {
    this.values = new Array<LoggedValue>(length).fill(null);
  }

  set(index: number, value: LoggedValue): void {
    if (value === null) return;
    this.values[index] = value;
    this.kinds |= typeof value === "number" ? NUMBER : typeof value === "boolean" ? BOOLEAN : TEXT;
    if (this.first === -1) this.first = index;
  }

  finish(): BatchColumn {
    const { name, first, values } = this;
    if (this.kinds === TEXT) return { kind: "text", name, first, values: values as (string | null)[] };
    if (this.kinds !== NUMBER && this.kinds !== BOOLEAN) return { kind: "mixed", name, first, values };
    const typed = this.kinds === NUMBER ? new Float64Array(values.length) : new Uint8Array(values.length);
    const nulls = new Uint8Array(values.length);
    for (let index = 0; index < values.length; index++) {
      const value = values[index];
      if (value === null) nulls[index] = 1;
      else typed[index] = value as number; // a boolean stores as 1 or 0
    }
    return this.kinds === NUMBER
      ? { kind: "number", name, first, values: typed as Float64Array, nulls }
      : { kind: "boolean", name, first, values: typed as Uint8Array, nulls };
  }
}

/**
 * The column batch of parsed (or generated) prediction rows. A field a row leaves out, or sets to
 * undefined, is null there; a column exists when at least one row mentions its field.
 */
export function columnBatchOf(rows: readonly PredictionInput[]): ColumnBatch {
  const length = rows.length;
  const columns = new Map<string, ColumnBuilder>();
  const set = (name: string, index: number, value: LoggedValue | undefined) => {
    if (value === undefined) return;
    let column = columns.get(name);
    if (!column) columns.set(name, (column = new ColumnBuilder(name, length)));
    column.set(index, value);
  };
  const batch: ColumnBatch = {
    length,
    rows: new Int32Array(length),
    ids: new Array<string | null>(length),
    ts: new Float64Array(length),
    columns: [],
  };
  for (let index = 0; index < length; index++) {
    const row = rows[index]!;
    batch.rows[index] = row.row;
    batch.ids[index] = row.id ?? null;
    batch.ts[index] = row.ts ?? NaN;
    const { features, probabilities } = row;
    for (const name in features) set(name, index, features[name]);
    set("prediction", index, row.prediction);
    set("score", index, row.score);
    set("label", index, row.label);
    if (probabilities) for (const name in probabilities) set(PROBABILITY_PREFIX + name, index, probabilities[name]);
  }
  for (const column of columns.values()) batch.columns.push(column.finish());
  return batch;
}
