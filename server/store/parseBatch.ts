/**
 * Parsing and validation of ingest request bodies: JSON arrays, NDJSON and CSV become
 * PredictionInput and LabelInput rows, or a BatchError naming the row and the field. Pure: no
 * database, no HTTP. Each distinct feature and class name is validated once per batch, and JSON
 * feature objects are kept as parsed rather than copied.
 */
import { BatchReader, describe } from "./batchReader.ts";
import { readCsv } from "./csv.ts";
import { jsonSyntaxError } from "./jsonSyntax.ts";
import { PROBABILITY_PREFIX } from "./names.ts";
import { BatchError, type BatchFormat, type LabelInput, type LoggedValue, type PredictionInput } from "./types.ts";

export interface ParseOptions {
  /** The most distinct feature + probability columns one batch may bring. */
  maxColumns?: number;
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
  { maxColumns = 1000 }: ParseOptions = {},
): PredictionInput[] {
  const batch = new BatchReader(format, body, maxColumns);
  if (format === "csv") return nonEmpty(predictionsFromCsv(batch, readCsv(batch.body)));
  const rows: PredictionInput[] = [];
  forEachJsonRecord(batch.body, format, (record, row) => rows.push(predictionFromJson(batch, record, row)));
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

/** Calls `onRecord` with each parsed record and its row: its index + 1 in a JSON array, its line in NDJSON. */
function forEachJsonRecord(body: string, format: "json" | "ndjson", onRecord: (record: unknown, row: number) => void) {
  if (isBlank(body)) return;
  if (format === "json") {
    let records: unknown;
    try {
      records = JSON.parse(body);
    } catch (error) {
      throw jsonSyntaxError(body, error);
    }
    if (!Array.isArray(records)) throw new BatchError(`expected a JSON array of rows, got ${describe(records)}`);
    for (let index = 0; index < records.length; index++) onRecord(records[index], index + 1);
    return;
  }
  let line = 0;
  for (let start = 0; start < body.length; ) {
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

function predictionFromJson(batch: BatchReader, record: unknown, row: number): PredictionInput {
  if (!isObject(record)) {
    batch.fail(row, undefined, `expected an object with ${PREDICTION_FIELDS}, got ${describe(record)}`);
  }
  let id: string | undefined;
  let ts: number | undefined;
  let features: Record<string, LoggedValue> | undefined;
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

/** Checks that `value` is an object of LoggedValue, and returns it as is. */
function featuresFromJson(batch: BatchReader, value: unknown, row: number): Record<string, LoggedValue> {
  if (!isObject(value)) batch.fail(row, "features", `expected an object of feature values, got ${describe(value)}`);
  for (const name in value) {
    batch.feature(name, row, "features.");
    const feature = value[name];
    if (typeof feature !== "boolean" && feature !== null) batch.scalar(feature, row, `features.${name}`);
  }
  return value as Record<string, LoggedValue>;
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

function labelFromJson(batch: BatchReader, record: unknown, row: number): LabelInput {
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

// What a CSV column holds.
const ID = 1;
const TS = 2;
const PREDICTION = 3;
const SCORE = 4;
const LABEL = 5;
const PROBABILITY = 6;
const FEATURE = 7;
const RESERVED_KINDS: Record<string, number> = { id: ID, ts: TS, prediction: PREDICTION, score: SCORE, label: LABEL };

/** Rows from CSV records (header first). Values are inferred per field: see csvValue. */
function predictionsFromCsv(batch: BatchReader, records: string[][]): PredictionInput[] {
  const header = records[0] ?? [];
  const newColumns = header.filter((column) => !Object.hasOwn(RESERVED_KINDS, column)).length;
  if (newColumns > batch.maxColumns) {
    const limit = batch.maxColumns;
    batch.fail(0, undefined, `the batch has ${newColumns} feature and probability columns; the limit is ${limit}`);
  }
  const kinds = csvKinds(batch, header);
  const classes = header.map((column, index) =>
    kinds[index] === PROBABILITY ? column.slice(PROBABILITY_PREFIX.length) : "",
  );
  if (records.length > 1 && !kinds.includes(PREDICTION)) {
    batch.fail(0, "prediction", "missing column: every row needs a prediction");
  }
  const hasProbabilities = kinds.includes(PROBABILITY);
  const rows: PredictionInput[] = [];
  for (let row = 1; row < records.length; row++) {
    const fields = records[row]!;
    const features: Record<string, LoggedValue> = {};
    const probabilities: Record<string, number> | undefined = hasProbabilities ? {} : undefined;
    let id: string | undefined;
    let ts: number | undefined;
    let prediction: LoggedValue = null;
    let score: number | null | undefined;
    let label: LoggedValue | undefined;
    for (let column = 0; column < fields.length; column++) {
      const text = fields[column]!;
      switch (kinds[column]) {
        case FEATURE:
          features[header[column]!] = batch.csvScalar(text, row, header[column]!);
          break;
        case PROBABILITY:
          if (text !== "") probabilities![classes[column]!] = batch.probability(text, row, header[column]!);
          break;
        case ID:
          if (text !== "") id = batch.id(text, row);
          break;
        case TS:
          if (text !== "") ts = batch.ts(text, row);
          break;
        case PREDICTION:
          prediction = batch.csvScalar(text, row, "prediction");
          break;
        case SCORE:
          score = text === "" ? null : batch.number(text, row, "score");
          break;
        case LABEL:
          label = batch.csvScalar(text, row, "label");
          break;
      }
    }
    if (prediction === null) batch.fail(row, "prediction", "missing: every row needs a prediction");
    rows.push({ row, id, ts, features, prediction, score, probabilities, label });
  }
  return rows;
}

/** What each header column holds; bad, duplicate or colliding names fail on the header. */
function csvKinds(batch: BatchReader, header: string[]): Uint8Array {
  const kinds = new Uint8Array(header.length);
  const seen = new Set<string>();
  for (let index = 0; index < header.length; index++) {
    const column = header[index]!;
    if (seen.has(column)) batch.fail(0, column, "the column appears twice");
    seen.add(column);
    if (Object.hasOwn(RESERVED_KINDS, column)) {
      kinds[index] = RESERVED_KINDS[column]!;
    } else if (column.startsWith(PROBABILITY_PREFIX)) {
      batch.probabilityClass(column.slice(PROBABILITY_PREFIX.length), 0, PROBABILITY_PREFIX);
      kinds[index] = PROBABILITY;
    } else {
      batch.feature(column, 0, "");
      kinds[index] = FEATURE;
    }
  }
  return kinds;
}

function labelsFromCsv(batch: BatchReader, records: string[][]): LabelInput[] {
  const header = records[0] ?? [];
  for (const column of header) {
    if (column !== "id" && column !== "label") {
      batch.fail(0, column, "unknown column: a labels CSV has columns id and label");
    }
  }
  const idColumn = header.indexOf("id");
  const labelColumn = header.indexOf("label");
  if (idColumn === -1) batch.fail(0, "id", "missing column: a labels CSV has columns id and label");
  if (labelColumn === -1) batch.fail(0, "label", "missing column: a labels CSV has columns id and label");
  if (header.length > 2) batch.fail(0, undefined, "the columns id and label must appear once each");
  const rows: LabelInput[] = [];
  for (let row = 1; row < records.length; row++) {
    const fields = records[row]!;
    if (fields[idColumn] === "") batch.fail(row, "id", "missing: a label needs its prediction's id");
    rows.push({ row, id: batch.id(fields[idColumn], row), label: batch.csvScalar(fields[labelColumn]!, row, "label") });
  }
  return rows;
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

