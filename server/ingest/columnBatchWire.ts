/**
 * A column batch as a message between threads (the parser threads hand theirs to the writer,
 * store/parsers/). Typed arrays move without a copy (their buffers in the transfer list); text
 * would be cloned string by string, which measured 5–6 ms to send and 7 ms to receive per 10k
 * rows × 11 text columns, on the writer's thread. Vectors travel as one flat Float32Array per column
 * with a null mask, transferred. Text travels as one string per column: the
 * distinct values and a code per row for a column of few values (categories), else the values
 * joined with their end offsets (ids). Unpacking gives back the same batch.
 */
import type { BatchColumn, ColumnBatch, MixedColumn, TextColumn, VectorColumn } from "./columnBatch.ts";

/** Text values (null allowed) in one of two compact forms. */
type PackedText =
  /** `codes[i]` indexes `values`; few distinct values, each sent once. */
  | { form: "dictionary"; values: (string | null)[]; codes: Uint32Array }
  /** Value i is `joined.slice(ends[i - 1], ends[i])`, or null where `nulls[i]` is 1. */
  | { form: "joined"; joined: string; ends: Uint32Array; nulls: Uint8Array };

/** Row i's vector is `values.subarray(i * dimension, (i + 1) * dimension)`, or null where `nulls[i]` is 1. */
type PackedVectors = Omit<VectorColumn, "values"> & { values: Float32Array; nulls: Uint8Array };

type PackedColumn =
  | Exclude<BatchColumn, TextColumn | MixedColumn | VectorColumn>
  | MixedColumn
  | (Omit<TextColumn, "values"> & { values: PackedText })
  | PackedVectors;

export interface PackedBatch {
  length: number;
  rows: Int32Array;
  ids: PackedText;
  ts: Float64Array;
  columns: PackedColumn[];
}

/** A column of more distinct values than this share of its rows is joined rather than coded. */
const DICTIONARY_SHARE = 0.25;

/** The batch as a message, and the buffers to transfer with it (the batch's arrays are unusable after). */
export function packBatch(batch: ColumnBatch): { message: PackedBatch; transfer: ArrayBuffer[] } {
  const transfer: ArrayBuffer[] = [batch.rows.buffer as ArrayBuffer, batch.ts.buffer as ArrayBuffer];
  const text = (values: (string | null)[]) => {
    const packed = packText(values);
    if (packed.form === "dictionary") transfer.push(packed.codes.buffer as ArrayBuffer);
    else transfer.push(packed.ends.buffer as ArrayBuffer, packed.nulls.buffer as ArrayBuffer);
    return packed;
  };
  const columns = batch.columns.map((column): PackedColumn => {
    switch (column.kind) {
      case "number":
      case "boolean":
        transfer.push(column.values.buffer as ArrayBuffer, column.nulls.buffer as ArrayBuffer);
        return column;
      case "text":
        return { ...column, values: text(column.values) };
      case "mixed":
        return column;
      case "vector": {
        const packed = packVectors(column);
        transfer.push(packed.values.buffer as ArrayBuffer, packed.nulls.buffer as ArrayBuffer);
        return packed;
      }
      default: {
        const unknown: never = column;
        throw new Error(`unknown column kind ${JSON.stringify(unknown)}`);
      }
    }
  });
  const { length, rows, ts } = batch;
  return { message: { length, rows, ids: text(batch.ids), ts, columns }, transfer };
}

/** The column batch a packed one was made of. */
export function unpackBatch(packed: PackedBatch): ColumnBatch {
  const columns = packed.columns.map((column): BatchColumn => {
    if (column.kind === "vector") return unpackVectors(column);
    if (column.kind !== "text") return column;
    return { ...column, values: unpackText(column.values, packed.length) };
  });
  const { length, rows, ts } = packed;
  return { length, rows, ids: unpackText(packed.ids, length), ts, columns };
}

function packVectors(column: VectorColumn): PackedVectors {
  const { dimension } = column;
  const values = new Float32Array(column.values.length * dimension);
  const nulls = new Uint8Array(column.values.length);
  column.values.forEach((vector, index) => (vector ? values.set(vector, index * dimension) : (nulls[index] = 1)));
  return { ...column, values, nulls };
}

/** The vectors are views into the one transferred buffer, not copies. */
function unpackVectors({ values, nulls, ...column }: PackedVectors): VectorColumn {
  const { dimension } = column;
  const vectors = Array.from(nulls, (isNull, index) =>
    isNull ? null : values.subarray(index * dimension, (index + 1) * dimension),
  );
  return { ...column, values: vectors };
}

function packText(values: (string | null)[]): PackedText {
  const codes = new Uint32Array(values.length);
  const known = new Map<string | null, number>();
  const distinct: (string | null)[] = [];
  const most = values.length * DICTIONARY_SHARE;
  for (let index = 0; index < values.length; index++) {
    const value = values[index]!;
    let code = known.get(value);
    if (code === undefined) {
      if (distinct.length >= most) return joinText(values);
      known.set(value, (code = distinct.length));
      distinct.push(value);
    }
    codes[index] = code;
  }
  return { form: "dictionary", values: distinct, codes };
}

function joinText(values: (string | null)[]): PackedText {
  const ends = new Uint32Array(values.length);
  const nulls = new Uint8Array(values.length);
  let joined = "";
  for (let index = 0; index < values.length; index++) {
    const value = values[index]!;
    if (value === null) nulls[index] = 1;
    else joined += value; // V8 builds a rope, flattened once when the message is sent
    ends[index] = joined.length;
  }
  return { form: "joined", joined, ends, nulls };
}

function unpackText(packed: PackedText, length: number): (string | null)[] {
  const values = new Array<string | null>(length);
  if (packed.form === "dictionary") {
    for (let index = 0; index < length; index++) values[index] = packed.values[packed.codes[index]!]!;
    return values;
  }
  const { joined, ends, nulls } = packed;
  for (let index = 0, start = 0; index < length; index++) {
    values[index] = nulls[index] ? null : joined.slice(start, ends[index]);
    start = ends[index]!;
  }
  return values;
}
