/**
 * Where malformed JSON went wrong, for an error the sender can act on. Runs only after JSON.parse
 * has failed, so it may rescan the text.
 */
import { BatchError, WHOLE_FILE, type ChunkOffsets } from "./types.ts";

const TAB = 9;
const LF = 10;
const CR = 13;
const SPACE = 32;
const QUOTE = 34;
const COMMA = 44;
const COLON = 58;
const BACKSLASH = 92;
const OPEN_ARRAY = 91;
const CLOSE_ARRAY = 93;
const OPEN_OBJECT = 123;
const CLOSE_OBJECT = 125;

/**
 * A BatchError for JSON.parse's `error` on `text`: a JSON array body when `line` is absent (the
 * message names the row, the character position, its line and column, counted across the whole
 * file when the body is a chunk of one: `offsets`), else NDJSON line `line`.
 */
export function jsonSyntaxError(
  text: string,
  error: unknown,
  line?: number,
  offsets: ChunkOffsets = WHOLE_FILE,
): BatchError {
  const raw = error instanceof Error ? error.message : String(error);
  let offset = errorOffset(text, raw);
  const message = raw.replace(/ in JSON at position \d+.*$/, ""); // the position is named in our own words
  // V8 reports `-Infinity` at the letter I.
  if (offset !== undefined && text[offset - 1] === "-" && text.startsWith("Infinity", offset)) offset--;
  const nonFinite = offset === undefined ? undefined : nonFiniteWordAt(text, offset);
  const problem = nonFinite ? `${nonFinite} is not allowed: send null for a missing value` : message;
  if (line !== undefined) {
    const column = offset === undefined ? "" : `, column ${offset + 1}`;
    return new BatchError(`line ${line}${column}: malformed JSON: ${problem}`, { row: line });
  }
  if (offset === undefined) return new BatchError(`malformed JSON: ${problem}`);
  const chunkRow = arrayRowAt(text, offset);
  const row = chunkRow === undefined ? undefined : chunkRow + offsets.rows;
  const { line: textLine, column } = lineAndColumn(text, offset);
  const fileColumn = textLine === 1 ? column + offsets.columns : column;
  const where = `position ${offset + offsets.chars} (line ${textLine + offsets.lines}, column ${fileColumn})`;
  return row === undefined
    ? new BatchError(`malformed JSON at ${where}: ${problem}`)
    : new BatchError(`row ${row}: malformed JSON at ${where}: ${problem}`, { row });
}

/** The offset JSON.parse's message names, or for V8's "Unexpected token" messages (which name none) our own finding. */
function errorOffset(text: string, message: string): number | undefined {
  const position = /at position (\d+)/.exec(message);
  if (position) return Number(position[1]);
  if (message.startsWith("Unexpected end")) return text.length;
  return message.startsWith("Unexpected token") ? unexpectedTokenOffset(text) : undefined;
}

/** The offset of the first token that cannot stand where it is: a bare word, a stray comma or bracket. */
function unexpectedTokenOffset(text: string): number | undefined {
  let previous = 0; // the last structural character, or QUOTE after a string or a scalar
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    switch (code) {
      case SPACE:
      case TAB:
      case LF:
      case CR:
        continue;
      case QUOTE:
        index = closingQuote(text, index);
        previous = QUOTE;
        continue;
      case OPEN_ARRAY:
      case OPEN_OBJECT:
      case COLON:
        break;
      case COMMA:
        if (previous !== QUOTE && previous !== CLOSE_ARRAY && previous !== CLOSE_OBJECT) return index;
        break;
      case CLOSE_ARRAY:
      case CLOSE_OBJECT:
        const mismatched = previous === (code === CLOSE_ARRAY ? OPEN_OBJECT : OPEN_ARRAY);
        if (previous === COMMA || previous === COLON || mismatched) return index;
        break;
      default: {
        let end = index;
        while (end < text.length && isWordCharacter(text.charCodeAt(end))) end++;
        const word = text.slice(index, end);
        const isNumber = (code >= 0x30 && code <= 0x39) || code === 0x2d; // V8 names the position of a bad number
        if (!isNumber && word !== "true" && word !== "false" && word !== "null") return index;
        index = end - 1;
        previous = QUOTE;
        continue;
      }
    }
    previous = code;
  }
  return undefined;
}

/** `NaN`, `Infinity` or `-Infinity` (as Python's json writes them) at `offset`, else undefined. */
function nonFiniteWordAt(text: string, offset: number): string | undefined {
  return ["NaN", "Infinity", "-Infinity"].find((word) => text.startsWith(word, offset));
}

/** The 1-based element of the top-level array that `offset` falls in; undefined before the array opens. */
function arrayRowAt(text: string, offset: number): number | undefined {
  let depth = 0;
  let row: number | undefined;
  for (let index = 0; index < offset; index++) {
    const code = text.charCodeAt(index);
    if (code === QUOTE) index = closingQuote(text, index);
    else if (code === OPEN_ARRAY || code === OPEN_OBJECT) {
      if (depth === 0 && code === OPEN_ARRAY) row = 1;
      depth++;
    } else if (code === CLOSE_ARRAY || code === CLOSE_OBJECT) depth--;
    else if (code === COMMA && depth === 1 && row !== undefined) row++;
  }
  return row;
}

/** Letters, digits, `_`, `.`, `+` and `-`: what a bare JSON word or number is made of. */
function isWordCharacter(code: number): boolean {
  const lower = code | 0x20;
  const letterOrDigit = (lower >= 0x61 && lower <= 0x7a) || (code >= 0x30 && code <= 0x39);
  return letterOrDigit || code === 0x5f || code === 0x2e || code === 0x2b || code === 0x2d;
}

function closingQuote(text: string, open: number): number {
  for (let index = open + 1; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code === BACKSLASH) index++;
    else if (code === QUOTE) return index;
  }
  return text.length;
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let index = text.indexOf("\n"); index !== -1 && index < offset; index = text.indexOf("\n", index + 1)) {
    line++;
    lineStart = index + 1;
  }
  return { line, column: offset - lineStart + 1 };
}
