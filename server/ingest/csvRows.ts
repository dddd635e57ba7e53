/**
 * CSV batches: the header says what each column holds, and each data row becomes a
 * PredictionInput or LabelInput, its values typed one by one (csv.ts csvValue) and checked
 * through the batch's BatchReader.
 */
import type { BatchReader } from "./batchReader.ts";
import { PROBABILITY_PREFIX } from "./names.ts";
import type { FeatureValue, LabelInput, LoggedValue, PredictionInput } from "./types.ts";

// What a CSV column holds.
const ID = 1;
const TS = 2;
const PREDICTION = 3;
const SCORE = 4;
const LABEL = 5;
const PROBABILITY = 6;
const FEATURE = 7;
const RESERVED_KINDS: Record<string, number> = { id: ID, ts: TS, prediction: PREDICTION, score: SCORE, label: LABEL };

/**
 * Calls `onRow` with the row of each CSV record after the header, numbered across the file (the
 * batch's offsets). Values are inferred per field: see csvValue.
 */
export function forEachCsvPrediction(
  batch: BatchReader,
  records: string[][],
  onRow: (row: PredictionInput) => void,
): void {
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
  for (let record = 1; record < records.length; record++) {
    const row = record + batch.offsets.rows;
    const fields = records[record]!;
    const features: Record<string, FeatureValue> = {};
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
          features[header[column]!] = batch.csvFeature(text, row, header[column]!);
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
    onRow({ row, id, ts, features, prediction, score, probabilities, label });
  }
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

export function labelsFromCsv(batch: BatchReader, records: string[][]): LabelInput[] {
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
  for (let record = 1; record < records.length; record++) {
    const row = record + batch.offsets.rows;
    const fields = records[record]!;
    if (fields[idColumn] === "") batch.fail(row, "id", "missing: a label needs its prediction's id");
    rows.push({ row, id: batch.id(fields[idColumn], row), label: batch.csvScalar(fields[labelColumn]!, row, "label") });
  }
  return rows;
}
