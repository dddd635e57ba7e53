/**
 * Parsing and validation of ingest request bodies: JSON arrays, NDJSON and CSV become
 * PredictionInput and LabelInput rows, or a BatchError naming the row and the field. Pure: no
 * database, no HTTP. The JSON and NDJSON readers are in jsonRows.ts, the CSV reader in
 * csvRows.ts; both check values through one BatchReader (batchReader.ts), so each distinct
 * feature and class name is validated once per batch.
 */
import { BatchReader } from "./batchReader.ts";
import { readCsv } from "./csv.ts";
import { labelsFromCsv, predictionsFromCsv } from "./csvRows.ts";
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
export function parsePredictions(
  body: string,
  format: BatchFormat,
  { maxColumns = 1000, offsets = WHOLE_FILE }: ParseOptions = {},
): PredictionInput[] {
  const batch = new BatchReader(format, body, maxColumns, offsets);
  if (format === "csv") return nonEmpty(predictionsFromCsv(batch, readCsv(batch.body, offsets)));
  const rows: PredictionInput[] = [];
  forEachJsonRecord(batch.body, format, (record, row) => rows.push(predictionFromJson(batch, record, row)), offsets);
  return nonEmpty(rows);
}

/** The labels in `body`: a JSON array or NDJSON of `{id, label}`, or CSV with columns `id` and `label`. */
export function parseLabels(body: string, format: BatchFormat): LabelInput[] {
  const batch = new BatchReader(format, body, 0); // labels bring no columns
  if (format === "csv") return nonEmpty(labelsFromCsv(batch, readCsv(batch.body)));
  const rows: LabelInput[] = [];
  forEachJsonRecord(batch.body, format, (record, row) => rows.push(labelFromJson(batch, record, row)));
  return nonEmpty(rows);
}

function nonEmpty<T>(rows: T[]): T[] {
  if (rows.length === 0) throw new BatchError("the batch has no rows");
  return rows;
}
