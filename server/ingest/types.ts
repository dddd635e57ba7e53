/** Shapes of what a model service logs, after parsing and before storing. */

/** A value a model logged for a feature, a prediction or a label. */
export type LoggedValue = string | number | boolean | null;

/**
 * A feature may also be a vector (an embedding a model service logs): a JSON array of numbers, or
 * in CSV a bracketed list, held as float32 like the BLOB it is stored in (server/store/columns.ts).
 */
export type FeatureValue = LoggedValue | Float32Array;

/** One logged prediction, as parsed from JSON, NDJSON or CSV. `row` is 1-based in the request. */
export interface PredictionInput {
  row: number;
  id?: string;
  /** Epoch milliseconds (ISO 8601 input is converted). */
  ts?: number;
  features: Record<string, FeatureValue>;
  prediction: LoggedValue;
  score?: number | null;
  /** Per-class probabilities, stored as columns `proba_<class>`. */
  probabilities?: Record<string, number>;
  label?: LoggedValue;
}

export interface LabelInput {
  row: number;
  id: string;
  label: LoggedValue;
}

/**
 * Where a body cut from a larger file (a chunk of a streamed file, server/ingest/stream/) sits in
 * it: what to add to the rows, lines and positions counted in the body so that they count across
 * the whole file. All zero for a body that is the whole file.
 */
export interface ChunkOffsets {
  /** Rows before the chunk (NDJSON: lines, since its rows are numbered by line). */
  rows: number;
  /** Added to a line number counted in the body. */
  lines: number;
  /** Added to a character position in the body (JSON arrays). */
  chars: number;
  /** Added to a column on the body's first line (JSON arrays). */
  columns: number;
}

export const WHOLE_FILE: ChunkOffsets = Object.freeze({ rows: 0, lines: 0, chars: 0, columns: 0 });

/** The formats a batch may come in, by content type. */
export type BatchFormat = "json" | "ndjson" | "csv";

/**
 * Bad input in a batch: the message names the row (1-based, as the sender counts them) and the
 * field when there is one, so a model service can fix what it sends.
 */
export class BatchError extends Error {
  constructor(
    message: string,
    readonly details: { row?: number; field?: string } = {},
  ) {
    super(message);
  }
}
