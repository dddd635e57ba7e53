/**
 * The value rules of one ingest batch and what it has seen so far (columns, ids), shared by the
 * JSON and NDJSON reader (jsonRows.ts) and the CSV reader (csvRows.ts).
 */
import { csvLineOf, csvValue, nonFiniteValue, numberLiteral } from "./csv.ts";
import { classNameProblem, featureNameProblem, PROBABILITY_PREFIX } from "./names.ts";
import {
  BatchError,
  WHOLE_FILE,
  type BatchFormat,
  type ChunkOffsets,
  type FeatureValue,
  type LoggedValue,
} from "./types.ts";

/** Epoch ms of 9999-12-31T23:59:59.999Z, the last instant ISO 8601 writes with four-digit years. */
const MAX_TS = 253402300799999;

/**
 * The largest text value (a feature, prediction, label or id) in UTF-8 bytes: 1 MiB. A value is
 * a cell of a table that workbooks load into memory and send to browsers, not a place for
 * documents.
 */
export const MAX_TEXT_BYTES = 1024 * 1024;

declare global {
  interface String {
    /** ES2024, in V8 since Node 20; the project's lib is ES2023. */
    isWellFormed(): boolean;
  }
}

/**
 * One batch being read: how it names rows, the value rules, and the columns and ids seen so far.
 * CSV values arrive as text, so in a CSV batch numeric fields also accept number literals.
 */
export class BatchReader {
  readonly body: string;
  private readonly features = new Set<string>();
  private readonly classes = new Set<string>();
  /** Lower-cased column name → first user: SQLite column names that differ only in case collide. */
  private readonly columnsByLowerCase = new Map<string, { name: string; row: number }>();
  private readonly ids = new Map<string, number>();

  constructor(
    private readonly format: BatchFormat,
    body: string,
    readonly maxColumns: number,
    /** Where the body sits in its file: rows given to and made by this reader are the file's. */
    readonly offsets: ChunkOffsets = WHOLE_FILE,
  ) {
    this.body = body.charCodeAt(0) === 0xfeff ? body.slice(1) : body;
  }

  /** How an error names row `row` (of the whole file) in the sender's terms; row 0 is a CSV header. */
  locate(row: number): string {
    if (this.format === "json") return `row ${row}`;
    if (this.format === "ndjson") return `line ${row}`;
    if (row === 0) return `the header (line ${csvLineOf(this.body, 0)})`;
    return `row ${row} (line ${csvLineOf(this.body, row - this.offsets.rows) + this.offsets.lines})`;
  }

  fail(row: number, field: string | undefined, problem: string): never {
    const details: { row?: number; field?: string } = {};
    if (row > 0) details.row = row;
    if (field !== undefined) details.field = field;
    const where = field === undefined ? this.locate(row) : `${this.locate(row)}, ${field}`;
    throw new BatchError(`${where}: ${problem}`, details);
  }

  /** A feature, prediction or label value from JSON: nested values and non-finite numbers are refused. */
  scalar(value: unknown, row: number, field: string): LoggedValue {
    switch (typeof value) {
      case "string":
        return this.text(value, row, field);
      case "boolean":
        return value;
      case "number":
        if (!Number.isFinite(value)) this.fail(row, field, nonFiniteProblem(String(value)));
        return value;
      default:
        if (value === null) return null;
        this.fail(row, field, "nested objects and arrays are not allowed: send a string, number, boolean or null");
    }
  }

  /**
   * A vector feature: a non-empty array of finite numbers, as float32 (what the store keeps;
   * values beyond float32's range would become infinities, so they are refused).
   */
  vector(values: unknown[], row: number, field: string): Float32Array {
    if (values.length === 0) this.fail(row, field, "an empty array: a vector needs at least one number");
    const vector = new Float32Array(values.length);
    for (let index = 0; index < values.length; index++) {
      const value = values[index];
      if (typeof value !== "number" || !Number.isFinite(value)) {
        this.fail(row, field, `element ${index + 1} is ${describe(value)}: a vector holds finite numbers only`);
      }
      vector[index] = value;
      if (!Number.isFinite(vector[index]))
        this.fail(row, field, `element ${index + 1} (${value}) is beyond float32's range`);
    }
    return vector;
  }

  /** A feature from a CSV field: a bracketed list (`[0.1, 0.2]`) is a vector, else as csvScalar. */
  csvFeature(text: string, row: number, field: string): FeatureValue {
    if (!text.startsWith("[")) return this.csvScalar(text, row, field);
    let values: unknown;
    try {
      values = JSON.parse(text);
    } catch {
      this.fail(
        row,
        field,
        `${JSON.stringify(text.slice(0, 40))} is not a bracketed list of numbers such as [0.1, 0.2]`,
      );
    }
    if (!Array.isArray(values)) this.fail(row, field, "expected a bracketed list of numbers such as [0.1, 0.2]");
    return this.vector(values, row, field);
  }

  /** A feature, prediction or label value from a CSV field (see csvValue). */
  csvScalar(text: string, row: number, field: string): LoggedValue {
    const value = csvValue(text);
    if (typeof value === "number" && !Number.isFinite(value)) this.fail(row, field, nonFiniteProblem(text));
    return typeof value === "string" ? this.text(value, row, field) : value;
  }

  /**
   * A text value, refused when it is over MAX_TEXT_BYTES or not valid Unicode: JSON's `\ud800`
   * escape gives a lone surrogate, which has no UTF-8 form and would be stored as invalid text.
   */
  text(value: string, row: number, field: string): string {
    // UTF-8 takes 1 to 3 bytes per UTF-16 code unit, so most values need no byte count.
    if (value.length * 3 > MAX_TEXT_BYTES) {
      const bytes = Buffer.byteLength(value, "utf8");
      if (bytes > MAX_TEXT_BYTES) {
        const size = (n: number) => n.toLocaleString("en");
        this.fail(
          row,
          field,
          `${size(bytes)} bytes of text is over the limit of ${size(MAX_TEXT_BYTES)} bytes (1 MiB) per value`,
        );
      }
    }
    if (!value.isWellFormed()) {
      const at = value.search(/\p{Surrogate}/u);
      const code = value.charCodeAt(at).toString(16);
      this.fail(
        row,
        field,
        `character ${at + 1} is a lone surrogate (\\u${code}), which is not valid Unicode: send UTF-8 text`,
      );
    }
    return value;
  }

  /** A finite number: a JSON number, or in CSV a number literal. */
  number(value: unknown, row: number, field: string): number {
    const number = typeof value === "string" && this.format === "csv" ? (numberLiteral(value) ?? value) : value;
    if (typeof number === "number" && Number.isFinite(number)) return number;
    if (typeof number === "number") this.fail(row, field, nonFiniteProblem(String(value)));
    if (typeof value === "string" && nonFiniteValue(value) !== undefined) {
      this.fail(row, field, nonFiniteProblem(value));
    }
    this.fail(row, field, `expected a number, got ${describe(value)}`);
  }

  probability(value: unknown, row: number, field: string): number {
    const probability = this.number(value, row, field);
    if (probability < 0 || probability > 1) {
      this.fail(row, field, `${probability} is not a probability: expected 0 to 1`);
    }
    return probability;
  }

  /** An id as text (numbers are converted); an id used twice in the batch is refused. */
  id(value: unknown, row: number): string {
    const id =
      typeof value === "string"
        ? this.text(value, row, "id")
        : typeof value === "number"
          ? String(this.number(value, row, "id"))
          : undefined;
    if (id === undefined) this.fail(row, "id", `expected a string or a number, got ${describe(value)}`);
    if (id === "") this.fail(row, "id", "empty: send a non-empty id, or none to have one generated");
    const earlier = this.ids.get(id);
    if (earlier !== undefined) this.fail(row, "id", `${JSON.stringify(id)} is also the id of ${this.locate(earlier)}`);
    this.ids.set(id, row);
    return id;
  }

  /** Integer epoch ms from epoch ms or ISO 8601 text; an ISO time without an offset is UTC. */
  ts(value: unknown, row: number): number {
    let ts = value;
    if (typeof value === "string") {
      ts = isIsoDate(value) ? epochOfIso(value) : this.format === "csv" ? numberLiteral(value) : undefined;
      if (Number.isNaN(ts)) this.fail(row, "ts", `${JSON.stringify(value)} is not a valid date and time`);
      if (ts === undefined && nonFiniteValue(value) !== undefined) this.fail(row, "ts", nonFiniteProblem(value));
    }
    if (typeof ts !== "number") {
      this.fail(row, "ts", `expected epoch milliseconds or ISO 8601 (2024-05-01T12:00:00Z), got ${describe(value)}`);
    }
    const ms = Math.round(this.number(ts, row, "ts"));
    if (ms < 0 || ms > MAX_TS) {
      this.fail(row, "ts", `${value} is out of range: send a time from 1970 to 9999 (epoch ms 0 to ${MAX_TS})`);
    }
    return ms;
  }

  /** Registers feature `name`, validating it the first time it appears in the batch. */
  feature(name: string, row: number, fieldPrefix: string): void {
    if (this.features.has(name)) return;
    const problem = featureNameProblem(name);
    if (problem) this.fail(row, fieldPrefix + name, problem);
    this.addColumn(name, row, fieldPrefix + name);
    this.features.add(name);
  }

  /** Registers probability class `name` (column `proba_<name>`), validating it the first time. */
  probabilityClass(name: string, row: number, fieldPrefix: string): void {
    if (this.classes.has(name)) return;
    const problem = classNameProblem(name);
    if (problem) this.fail(row, fieldPrefix + name, problem);
    this.addColumn(PROBABILITY_PREFIX + name, row, fieldPrefix + name);
    this.classes.add(name);
  }

  private addColumn(column: string, row: number, field: string): void {
    const lower = column.toLowerCase();
    const first = this.columnsByLowerCase.get(lower);
    if (first) {
      const where = first.row > 0 ? ` of ${this.locate(first.row)}` : "";
      this.fail(row, field, `collides with ${first.name}${where}: column names are case-insensitive`);
    }
    this.columnsByLowerCase.set(lower, { name: column, row });
    const count = this.columnsByLowerCase.size;
    if (count > this.maxColumns) {
      const limit = this.maxColumns;
      this.fail(row, field, `the batch has at least ${count} feature and probability columns; the limit is ${limit}`);
    }
  }
}

function nonFiniteProblem(text: string): string {
  return `${text} is not allowed: send null for a missing value`;
}

/** `YYYY-MM-DD`, alone or followed by `T`, `t` or a space and a time. */
export function isIsoDate(text: string): boolean {
  if (text.length < 10) return false;
  const separator = text.charCodeAt(10);
  if (text.length > 10 && separator !== 0x54 && separator !== 0x74 && separator !== 0x20) return false;
  const dashes = text.charCodeAt(4) === 0x2d && text.charCodeAt(7) === 0x2d;
  return dashes && isDigits(text, 0, 4) && isDigits(text, 5, 7) && isDigits(text, 8, 10);
}

const DAYS_IN_MONTH = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * Epoch ms of an ISO 8601 text that isIsoDate accepts, or NaN. Refuses days a month lacks, which
 * Date.parse would roll over (2023-02-29 → March 1).
 */
export function epochOfIso(text: string): number {
  const year = Number(text.slice(0, 4));
  const month = Number(text.slice(5, 7));
  const day = Number(text.slice(8, 10));
  const leapDay = month === 2 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 1 : 0;
  if (month < 1 || month > 12 || day < 1 || day > DAYS_IN_MONTH[month]! + leapDay) return NaN;
  if (text.length === 10) return Date.parse(text); // a date alone is UTC
  const last = text.charCodeAt(text.length - 1);
  const hasOffset = last === 0x5a || last === 0x7a || text.includes("+", 10) || text.includes("-", 10);
  return Date.parse(hasOffset ? text : `${text}Z`);
}

function isDigits(text: string, start: number, end: number): boolean {
  for (let index = start; index < end; index++) {
    const code = text.charCodeAt(index);
    if (code < 0x30 || code > 0x39) return false;
  }
  return true;
}

/** A short description of a value for an error message. */
export function describe(value: unknown): string {
  if (value === null || typeof value === "number" || typeof value === "boolean") return String(value);
  if (Array.isArray(value)) return "an array";
  if (typeof value === "string") {
    return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  }
  return typeof value === "object" ? "an object" : typeof value;
}
