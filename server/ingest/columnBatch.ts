/**
 * The column batch: the one shape in which predictions reach the store (PredictionStore.log and
 * replaceReference). Each field a batch mentions becomes one column whose kind is decided once
 * per batch (numbers in a Float64Array with a null mask, booleans as 0/1 bytes, text as strings),
 * so the store types, checks and inserts a column at a time instead of looking up every field of
 * every row object, and whatever else reads a batch (profiles at ingest, another database) sees
 * the same typed columns. A vector feature (an embedding) is a column of Float32Arrays whose
 * dimension the batch's first vector fixes. Its typed arrays can move between threads without a copy (postMessage
 * with their buffers in the transfer list), for a parser on another thread.
 */
import { PROBABILITY_PREFIX } from "./names.ts";
import { BatchError, type FeatureValue, type LoggedValue, type PredictionInput } from "./types.ts";

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
/** Vectors of `dimension` numbers each, null where a row has none. */
export type VectorColumn = ColumnOf<"vector", (Float32Array | null)[]> & { dimension: number };

export type BatchColumn = NumberColumn | BooleanColumn | TextColumn | MixedColumn | VectorColumn;

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
export function valueAt(column: BatchColumn, index: number): FeatureValue {
  switch (column.kind) {
    case "number":
      return column.nulls[index] ? null : column.values[index]!;
    case "boolean":
      return column.nulls[index] ? null : column.values[index] === 1;
    case "text":
    case "mixed":
    case "vector":
      return column.values[index]!;
    default: {
      const unknown: never = column;
      throw new Error(`unknown column kind ${JSON.stringify(unknown)}`);
    }
  }
}

// Which kinds of value a column has seen, as bits.
const NUMBER = 1;
const BOOLEAN = 2;
const TEXT = 4;

/**
 * A column being filled row by row. While it holds one kind of value, numbers and booleans (as 1
 * and 0) go straight into a Float64Array, so they are never boxed into a plain array; a second
 * kind moves what it holds into `values`, as logged.
 */
class ColumnBuilder {
  private numbers: Float64Array;
  private nulls: Uint8Array;
  private values: LoggedValue[] | undefined;
  /** The vectors, once the column's first value was one: then every value must be a vector of its length. */
  private vectors: (Float32Array | null)[] | undefined;
  private kinds = 0;
  first = -1;

  constructor(
    readonly name: string,
    private capacity: number,
  ) {
    this.numbers = new Float64Array(capacity);
    this.nulls = new Uint8Array(capacity).fill(1);
  }

  grow(capacity: number): void {
    const numbers = new Float64Array(capacity);
    numbers.set(this.numbers);
    const nulls = new Uint8Array(capacity).fill(1);
    nulls.set(this.nulls);
    [this.numbers, this.nulls] = [numbers, nulls];
    for (const values of [this.values, this.vectors]) {
      if (!values) continue;
      values.length = capacity;
      values.fill(null, this.capacity);
    }
    this.capacity = capacity;
  }

  /** Sets row `index` (the sender's `row`, for errors) to `value`. */
  set(index: number, value: FeatureValue, row: number): void {
    if (value === null) return;
    if (value instanceof Float32Array || this.vectors) return this.setVector(index, value, row);
    const kind = typeof value === "number" ? NUMBER : typeof value === "boolean" ? BOOLEAN : TEXT;
    if (this.kinds !== kind && !this.values) {
      if (this.kinds !== 0 || kind === TEXT) this.values = this.logged(this.capacity);
    }
    this.kinds |= kind;
    this.nulls[index] = 0;
    if (this.first === -1) this.first = index;
    if (this.values) this.values[index] = value;
    else this.numbers[index] = value as number; // a boolean stores as 1 or 0
  }

  /** A vector column takes vectors of its first one's length only; a vector in a column of scalars is refused too. */
  private setVector(index: number, value: Exclude<FeatureValue, null>, row: number): void {
    const dimension = this.vectors?.[this.first]?.length;
    if (
      !(value instanceof Float32Array) ||
      this.kinds !== 0 ||
      (dimension !== undefined && value.length !== dimension)
    ) {
      const expected = dimension === undefined ? "a number, boolean or text" : `a vector of ${dimension} numbers`;
      const got = value instanceof Float32Array ? `a vector of ${value.length}` : JSON.stringify(value);
      throw new BatchError(
        `row ${row}: field "${this.name}" expects ${expected} (as its first value in the batch), got ${got}`,
        {
          row,
          field: this.name,
        },
      );
    }
    this.vectors ??= new Array<Float32Array | null>(this.capacity).fill(null);
    this.vectors[index] = value;
    this.nulls[index] = 0;
    if (this.first === -1) this.first = index;
  }

  /** The column of the first `length` rows, typed by the kinds of value it saw. */
  finish(length: number): BatchColumn {
    const { name, first } = this;
    if (this.vectors) {
      const values = this.vectors.slice(0, length);
      return { kind: "vector", name, first, values, dimension: values[first]!.length };
    }
    const nulls = this.nulls.slice(0, length);
    if (this.kinds === NUMBER) return { kind: "number", name, first, values: this.numbers.slice(0, length), nulls };
    if (this.kinds === BOOLEAN) {
      return { kind: "boolean", name, first, values: Uint8Array.from(this.numbers.subarray(0, length)), nulls };
    }
    const values = this.values ?? this.logged(length);
    values.length = length;
    return this.kinds === TEXT
      ? { kind: "text", name, first, values: values as (string | null)[] }
      : { kind: "mixed", name, first, values };
  }

  /** The values held so far as logged, in an array of `length`. */
  private logged(length: number): LoggedValue[] {
    const values = new Array<LoggedValue>(length).fill(null);
    if (this.kinds === 0) return values;
    const boolean = this.kinds === BOOLEAN;
    for (let index = 0; index < length; index++) {
      if (!this.nulls[index]) values[index] = boolean ? this.numbers[index] === 1 : this.numbers[index]!;
    }
    return values;
  }
}

/**
 * Builds a column batch row by row, so a parser can hand over each row as it reads it instead of
 * keeping every row object until the end (which costs garbage collection: live rows are copied at
 * each young-generation collection). A field a row leaves out, or sets to undefined, is null there;
 * a column exists when at least one row mentions its field.
 */
export class ColumnBatchBuilder {
  private length = 0;
  private rows: Int32Array;
  private readonly ids: (string | null)[];
  private ts: Float64Array;
  private readonly columns = new Map<string, ColumnBuilder>();
  /** The previous row's feature names and their columns: rows of one shape skip the map lookups. */
  private readonly lastNames: string[] = [];
  private readonly lastColumns: ColumnBuilder[] = [];

  /** `capacity`: the rows expected; more may be added, at the cost of a copy each time it doubles. */
  constructor(private capacity = 1024) {
    this.rows = new Int32Array(capacity);
    this.ids = new Array<string | null>(capacity).fill(null);
    this.ts = new Float64Array(capacity).fill(NaN);
  }

  add(row: PredictionInput): void {
    const index = this.length++;
    if (index === this.capacity) this.grow();
    this.rows[index] = row.row;
    if (row.id !== undefined) this.ids[index] = row.id;
    if (row.ts !== undefined) this.ts[index] = row.ts;
    const { features, probabilities } = row;
    let position = 0;
    for (const name in features) {
      const value = features[name];
      if (value === undefined) continue;
      let column = this.lastColumns[position];
      if (this.lastNames[position] !== name) {
        column = this.column(name);
        this.lastNames[position] = name;
        this.lastColumns[position] = column;
      }
      column!.set(index, value, row.row);
      position++;
    }
    this.set("prediction", index, row.prediction);
    this.set("score", index, row.score);
    this.set("label", index, row.label);
    if (probabilities)
      for (const name in probabilities) this.set(PROBABILITY_PREFIX + name, index, probabilities[name]);
  }

  finish(): ColumnBatch {
    const { length } = this;
    const columns: BatchColumn[] = [];
    for (const column of this.columns.values()) columns.push(column.finish(length));
    const ids = this.ids;
    ids.length = length;
    return { length, rows: this.rows.slice(0, length), ids, ts: this.ts.slice(0, length), columns };
  }

  private grow(): void {
    const capacity = this.capacity * 2;
    const rows = new Int32Array(capacity);
    rows.set(this.rows);
    const ts = new Float64Array(capacity).fill(NaN);
    ts.set(this.ts);
    [this.rows, this.ts] = [rows, ts];
    this.ids.length = capacity;
    this.ids.fill(null, this.capacity);
    for (const column of this.columns.values()) column.grow(capacity);
    this.capacity = capacity;
  }

  private set(name: string, index: number, value: LoggedValue | undefined): void {
    if (value !== undefined) this.column(name).set(index, value, this.rows[index]!);
  }

  private column(name: string): ColumnBuilder {
    let column = this.columns.get(name);
    if (!column) this.columns.set(name, (column = new ColumnBuilder(name, this.capacity)));
    return column;
  }
}

/** The column batch of rows built in code (the demo's, tests') or parsed. */
export function columnBatchOf(rows: readonly PredictionInput[]): ColumnBatch {
  const builder = new ColumnBatchBuilder(Math.max(1, rows.length));
  for (const row of rows) builder.add(row);
  return builder.finish();
}
