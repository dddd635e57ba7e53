/** CSV records and the values their text stands for. */
import { CsvError, parse } from "csv-parse/sync";
import { BatchError, WHOLE_FILE, type ChunkOffsets, type LoggedValue } from "./types.ts";

const LF = 10;
const CR = 13;
const QUOTE = 34;
const PLUS = 43;
const MINUS = 45;
const DOT = 46;
const ZERO = 48;
const NINE = 57;

/**
 * The records of a CSV body, the header first; empty lines are skipped, and lines may end in
 * CRLF, LF or CR, even mixed (as in concatenated files). A malformed body throws
 * a BatchError naming the data row (header excluded, 1-based) and the line it starts on, counted
 * across the whole file when the body is a chunk of one (`offsets`).
 */
export function readCsv(body: string, offsets: ChunkOffsets = WHOLE_FILE): string[][] {
  try {
    return parse(body, { bom: true, skip_empty_lines: true, record_delimiter: ["\r\n", "\n", "\r"] });
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    // `records` counts the records read before the bad one, the header included. The line is
    // where that record starts, counted as csvLineOf counts lines: csv-parse's own count (which
    // its message repeats, so it is cut from it) counts a CRLF inside quotes as two lines, and
    // is relative to the chunk when the body is one.
    const row = error.records as number;
    const line = csvLineOf(body, row) + (row === 0 ? 0 : offsets.lines);
    const problem = error.message.replace(/ (on|at) line \d+/g, "");
    if (row === 0) throw new BatchError(`the header (line ${line}): malformed CSV: ${problem}`);
    throw new BatchError(`row ${row + offsets.rows} (line ${line}): malformed CSV: ${problem}`, {
      row: row + offsets.rows,
    });
  }
}

/** The line on which data row `row` (1-based, header excluded; 0 is the header) starts. */
export function csvLineOf(body: string, row: number): number {
  let line = 1;
  let record = -1;
  let inRecord = false;
  let quoted = false;
  for (let index = 0; index < body.length; index++) {
    const code = body.charCodeAt(index);
    if (code === LF || (code === CR && body.charCodeAt(index + 1) !== LF)) {
      line++;
      if (!quoted) inRecord = false;
    } else if (!inRecord && code !== CR) {
      inRecord = true;
      if (++record === row) return line;
    }
    if (code === QUOTE) quoted = !quoted;
  }
  return line;
}

const NON_FINITE_WORDS = new Map([
  ["nan", NaN],
  ["inf", Infinity],
  ["+inf", Infinity],
  ["-inf", -Infinity],
  ["infinity", Infinity],
  ["+infinity", Infinity],
  ["-infinity", -Infinity],
]);

/**
 * NaN or ±Infinity when `text` spells one the way JavaScript, Python, NumPy or R write it
 * (`NaN`, `nan`, `Inf`, `-inf`, `Infinity` …), else undefined.
 */
export function nonFiniteValue(text: string): number | undefined {
  if (text.length < 3 || text.length > 9) return undefined;
  const first = text.charCodeAt(0) | 0x20; // lower case for letters
  if (first !== 0x6e && first !== 0x69 && first !== PLUS && first !== MINUS) return undefined; // n, i, +, -
  return NON_FINITE_WORDS.get(text.toLowerCase());
}

/**
 * The number a decimal literal (`/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/`) stands for, else
 * undefined. Checks characters around `Number()` rather than running the regex on every field;
 * the literal may still overflow to ±Infinity (`1e999`).
 */
export function numberLiteral(text: string): number | undefined {
  const first = text.charCodeAt(0);
  const last = text.charCodeAt(text.length - 1);
  const firstFits = (first >= ZERO && first <= NINE) || first === PLUS || first === MINUS || first === DOT;
  if (!firstFits || !((last >= ZERO && last <= NINE) || last === DOT)) return undefined;
  if (first === ZERO && text.length > 2) {
    const prefix = text.charCodeAt(1) | 0x20; // Number() also reads 0x…, 0b… and 0o…
    if (prefix === 0x78 || prefix === 0x62 || prefix === 0x6f) return undefined;
  }
  const value = Number(text);
  return Number.isNaN(value) ? undefined : value;
}

/**
 * The value a CSV field stands for. Type inference is per value, not per column: `3` is a number
 * and `abc` a string even in one column, and the store checks each value against its column's
 * type. An empty field is null; a number literal is a number; `true`/`false` (also `True`, `TRUE`
 * …) a boolean; NaN and Infinity spellings come back as non-finite numbers for the caller to
 * reject with its row and field; anything else stays text.
 */
export function csvValue(text: string): LoggedValue {
  if (text === "") return null;
  const number = numberLiteral(text) ?? nonFiniteValue(text);
  if (number !== undefined) return number;
  switch (text) {
    case "true":
    case "True":
    case "TRUE":
      return true;
    case "false":
    case "False":
    case "FALSE":
      return false;
    default:
      return text;
  }
}
