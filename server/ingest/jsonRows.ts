/**
 * JSON and NDJSON batches: each record becomes a PredictionInput or LabelInput, checked field by
 * field through the batch's BatchReader. Feature objects are kept as parsed rather than copied.
 */
import { BatchReader, describe } from "./batchReader.ts";
import { jsonSyntaxError } from "./jsonSyntax.ts";
import {
  BatchError,
  WHOLE_FILE,
  type ChunkOffsets,
  type FeatureValue,
  type LabelInput,
  type LoggedValue,
  type PredictionInput,
} from "./types.ts";

/**
 * Calls `onRecord` with each parsed record and its row: its index + 1 in a JSON array, its line in
 * NDJSON, counted across the whole file when the body is a chunk of one (`offsets`).
 */
export function forEachJsonRecord(
  body: string,
  format: "json" | "ndjson",
  onRecord: (record: unknown, row: number) => void,
  offsets: ChunkOffsets = WHOLE_FILE,
) {
  if (isBlank(body)) return;
  if (format === "json") {
    let records: unknown;
    try {
      records = JSON.parse(body);
    } catch (error) {
      throw jsonSyntaxError(body, error, undefined, offsets);
    }
    if (!Array.isArray(records)) throw new BatchError(`expected a JSON array of rows, got ${describe(records)}`);
    for (let index = 0; index < records.length; index++) onRecord(records[index], index + 1 + offsets.rows);
    return;
  }
  let line = offsets.rows;
  for (let start = 0; start < body.length;) {
    const newline = body.indexOf("\n", start);
    const end = newline === -1 ? body.length : newline;
    const text = body.slice(start, end);
    line++;
    start = end + 1;
    if (isBlank(text)) continue;
    let record: unknown;
    try {
      record = JSON.parse(text);
    } catch (error) {
      throw jsonSyntaxError(text, error, line);
    }
    onRecord(record, line);
  }
}

const PREDICTION_FIELDS = "id, ts, features, prediction, score, probabilities and label";

export function predictionFromJson(batch: BatchReader, record: unknown, row: number): PredictionInput {
  if (!isObject(record)) {
    batch.fail(row, undefined, `expected an object with ${PREDICTION_FIELDS}, got ${describe(record)}`);
  }
  let id: string | undefined;
  let ts: number | undefined;
  let features: Record<string, FeatureValue> | undefined;
  let prediction: LoggedValue = null;
  let score: number | null | undefined;
  let probabilities: Record<string, number> | undefined;
  let label: LoggedValue | undefined;
  for (const key in record) {
    const value = record[key];
    switch (key) {
      case "id":
        id = value === null ? undefined : batch.id(value, row);
        break;
      case "ts":
        ts = value === null ? undefined : batch.ts(value, row);
        break;
      case "features":
        features = featuresFromJson(batch, value, row);
        break;
      case "prediction":
        prediction = batch.scalar(value, row, "prediction");
        break;
      case "score":
        score = value === null ? null : batch.number(value, row, "score");
        break;
      case "probabilities":
        probabilities = value === null ? undefined : probabilitiesFromJson(batch, value, row);
        break;
      case "label":
        label = batch.scalar(value, row, "label");
        break;
      default:
        batch.fail(row, key, `unknown field: a prediction has ${PREDICTION_FIELDS}`);
    }
  }
  if (features === undefined) batch.fail(row, "features", "missing: send an object of feature values ({} for none)");
  if (prediction === null) batch.fail(row, "prediction", "missing or null: every row needs a prediction");
  return { row, id, ts, features, prediction, score, probabilities, label };
}

/**
 * Checks that `value` is an object of feature values and returns it, with each array of numbers
 * replaced in place by its Float32Array (a vector feature).
 */
function featuresFromJson(batch: BatchReader, value: unknown, row: number): Record<string, FeatureValue> {
  if (!isObject(value)) batch.fail(row, "features", `expected an object of feature values, got ${describe(value)}`);
  for (const name in value) {
    batch.feature(name, row, "features.");
    const feature = value[name];
    if (Array.isArray(feature)) value[name] = batch.vector(feature, row, `features.${name}`);
    else if (typeof feature !== "boolean" && feature !== null) batch.scalar(feature, row, `features.${name}`);
  }
  return value as Record<string, FeatureValue>;
}

function probabilitiesFromJson(batch: BatchReader, value: unknown, row: number): Record<string, number> {
  if (!isObject(value)) {
    batch.fail(row, "probabilities", `expected an object of class → probability, got ${describe(value)}`);
  }
  for (const name in value) {
    batch.probabilityClass(name, row, "probabilities.");
    batch.probability(value[name], row, `probabilities.${name}`);
  }
  return value as Record<string, number>;
}

export function labelFromJson(batch: BatchReader, record: unknown, row: number): LabelInput {
  if (!isObject(record)) batch.fail(row, undefined, `expected an object with id and label, got ${describe(record)}`);
  for (const key in record) {
    if (key !== "id" && key !== "label") batch.fail(row, key, "unknown field: a label has id and label");
  }
  if (record.id === undefined || record.id === null) {
    batch.fail(row, "id", "missing: a label needs its prediction's id");
  }
  if (!("label" in record)) batch.fail(row, "label", "missing: send the label, or null for none");
  return { row, id: batch.id(record.id, row), label: batch.scalar(record.label, row, "label") };
}

function isBlank(text: string): boolean {
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code !== 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) return false;
  }
  return true;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
