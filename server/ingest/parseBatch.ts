/**
 * Parsing and validation of ingest request bodies: JSON arrays, NDJSON and CSV become
 * PredictionInput and LabelInput rows, or a BatchError naming the row and the field; predictions
 * go to the store as a column batch (parsePredictionColumns). Pure: no database, no HTTP. The JSON and NDJSON readers are in jsonRows.ts, the CSV reader in
 * csvRows.ts; both check values through one BatchReader (batchReader.ts), so each distinct
 * feature and class name is validated once per batch.
 */
import { BatchReader } from "./batchReader.ts";
import { ColumnBatchBuilder, type ColumnBatch } from "./columnBatch.ts";
import { readCsv } from "./csv.ts";
import { forEachCsvPrediction, labelsFromCsv } from "./csvRows.ts";
import { forEachJsonRecord, labelFromJson, predictionFromJson } from "./jsonRows.ts";
import {
  BatchError,
  WHOLE_FILE,
  type BatchFormat,
  type ChunkOffsets,
  type LabelInput,
  type PredictionInput,
} from "./types.ts";

export interface ParseOptions {
  /** The most distinct feature + probability columns one batch may bring. */
  maxColumns?: number;
  /** Where `body` sits in the file it was cut from, so rows and lines count across the file (see ChunkOffsets). */
  offsets?: ChunkOffsets;
}

/** The batch format for a request's Content-Type; parameters such as `; charset=utf-8` are ignored. */
export function formatOf(contentType: string | undefined): BatchFormat {
  const mediaType = (contentType ?? "").split(";")[0]!.trim().toLowerCase();
  switch (mediaType) {
    case "application/json":
      return "json";
    case "application/x-ndjson":
    case "application/jsonl":
      return "ndjson";
    case "text/csv":
      return "csv";
    default:
      throw new BatchError(
        `unsupported content type ${JSON.stringify(contentType ?? "")}: send application/json (an array), ` +
          "application/x-ndjson or application/jsonl (one object per line), or text/csv",
        { field: "content-type" },
      );
  }
}

/**
 * The predictions in `body`. JSON: an array of `{id?, ts?, features, prediction, score?,
 * probabilities?, label?}`, rows numbered from 1; NDJSON: one such object per non-empty line, rows
 * numbered by line; CSV: a header naming the columns (`id`, `ts`, `prediction`, `score`, `label`,
 * `proba_<class>`, and features), rows numbered as data rows from 1, each value typed on its own
 * (see csvValue) for the store to check against its column. Absent optional fields are undefined;
 * `ts` is integer epoch ms (a number is rounded; an ISO time without offset is UTC).
 */
export function parsePredictions(body: string, format: BatchFormat, options?: ParseOptions): PredictionInput[] {
  const rows: PredictionInput[] = [];
  forEachPrediction(body, format, options, (row) => rows.push(row));
  return nonEmpty(rows);
}

/**
 * The predictions in `body` (see parsePredictions) as the column batch the store takes. Each row
 * goes into its columns as soon as it is read, so no array of row objects is kept.
 */
export function parsePredictionColumns(body: string, format: BatchFormat, options?: ParseOptions): ColumnBatch {
  const builder = new ColumnBatchBuilder(format === "ndjson" ? lineCount(body) : undefined);
  forEachPrediction(body, format, options, (row) => builder.add(row));
  const batch = builder.finish();
  if (batch.length === 0) throw new BatchError("the batch has no rows");
  return batch;
}

function forEachPrediction(
  body: string,
  format: BatchFormat,
  { maxColumns = 1000, offsets = WHOLE_FILE }: ParseOptions = {},
  onRow: (row: PredictionInput) => void,
): void {
  const batch = new BatchReader(format, body, maxColumns, offsets);
  if (format === "csv") return forEachCsvPrediction(batch, readCsv(batch.body, offsets), onRow);
  forEachJsonRecord(batch.body, format, (record, row) => onRow(predictionFromJson(batch, record, row)), offsets);
}

/** The labels in `body`: a JSON array or NDJSON of `{id, label}`, or CSV with columns `id` and `label`. */
export function parseLabels(body: string, format: BatchFormat): LabelInput[] {
  const batch = new BatchReader(format, body, 0); // labels bring no columns
  if (format === "csv") return nonEmpty(labelsFromCsv(batch, readCsv(batch.body)));
  const rows: LabelInput[] = [];
  forEachJsonRecord(batch.body, format, (record, row) => rows.push(labelFromJson(batch, record, row)));
  return nonEmpty(rows);
}

/** The number of lines of `text`: at least the rows of an NDJSON body, so its columns are allocated once. */
function lineCount(text: string): number {
  let lines = 1;
  for (let index = text.indexOf("\n"); index !== -1; index = text.indexOf("\n", index + 1)) lines++;
  return lines;
}

function nonEmpty<T>(rows: T[]): T[] {
  if (rows.length === 0) throw new BatchError("the batch has no rows");
  return rows;
}
