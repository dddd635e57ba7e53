/**
 * A file's text, arriving in pieces, cut into chunks of whole records that parsePredictionColumns reads
 * one at a time, so that a file of any size is read in bounded memory. A chunk ends at the first
 * record end past `chunkChars` (recordBoundaries.ts) and knows where it sits in the file, so its errors
 * name the file's rows and lines. CSV chunks after the first repeat the file's header; JSON
 * array chunks get brackets of their own.
 */
import { BatchError, type BatchFormat, type ChunkOffsets } from "../types.ts";
import {
  csvBoundaries,
  isBlank,
  jsonArrayBoundaries,
  lineBreaks,
  ndjsonBoundaries,
  type RecordBoundaries,
} from "./recordBoundaries.ts";

export interface ChunkOptions {
  /** The length a chunk aims for, in characters: it ends at the first record end past it. */
  chunkChars: number;
  /**
   * The longest row read, in characters. Past it the file is refused: an unclosed quote or
   * bracket would otherwise pull the rest of the file into memory as one row.
   */
  maxRowChars: number;
}

export interface TextChunk {
  /** Whole records that parse on their own (`parsePredictionColumns(body, format, {offsets})`). */
  body: string;
  /** Where `body` sits in the file, given the rows the chunks before it held (NDJSON counts rows by line and ignores it). */
  offsets(rowsBefore: number): ChunkOffsets;
}

const HINTS: Record<BatchFormat, string> = {
  csv: "is a quote left open?",
  ndjson: "is a line that long?",
  json: "is a bracket or string left open, or is the file not a JSON array?",
};

/** The chunks of the text that `pieces` (a file decoded as UTF-8, in order) make up. */
export async function* recordChunks(
  pieces: AsyncIterable<string>,
  format: BatchFormat,
  { chunkChars, maxRowChars }: ChunkOptions,
): AsyncGenerator<TextChunk> {
  const boundaries = boundariesOf(format);
  const position = new FilePosition(format);
  let pending = "";
  let nextTry = chunkChars;
  for await (const piece of pieces) {
    // A BOM is not text: the rows and positions of a whole-file batch are counted without it too.
    pending += position.first && pending === "" && piece.charCodeAt(0) === 0xfeff ? piece.slice(1) : piece;
    while (pending.length >= nextTry) {
      const from = position.first ? position.firstChunkFrom(pending, chunkChars) : chunkChars;
      const cut = from === undefined ? undefined : boundaries.cutAfter(pending, from);
      if (!cut) {
        const searched = pending.length - (from ?? 0);
        if (searched > maxRowChars) {
          const size =
            maxRowChars >= 2 ** 20 ? `${Math.round(maxRowChars / 2 ** 20)} MiB` : `${maxRowChars} characters`;
          throw new BatchError(
            `from line ${position.lines + 1} on, no row ends within ${size} of text: ${HINTS[format]}`,
          );
        }
        nextTry = pending.length + Math.max(searched, 1); // the search region doubles, so rescans stay linear
        break;
      }
      const chunk = position.chunk(pending.slice(0, cut.end), false);
      position.advance(pending.slice(0, cut.resume));
      pending = pending.slice(cut.resume);
      nextTry = chunkChars;
      if (chunk) yield chunk;
    }
  }
  const last = position.chunk(pending, true);
  if (last) yield last;
}

function boundariesOf(format: BatchFormat): RecordBoundaries {
  switch (format) {
    case "csv":
      return csvBoundaries();
    case "ndjson":
      return ndjsonBoundaries();
    case "json":
      return jsonArrayBoundaries();
    default: {
      const unknown: never = format;
      throw new Error(`no record boundaries for ${String(unknown)}`);
    }
  }
}

/** What the file held before the text still pending, and how a slice of it becomes a chunk. */
class FilePosition {
  first = true;
  /** Line breaks before the pending text, counted as the format's errors count lines. */
  lines = 0;
  private chars = 0;
  /** Characters between the last LF and the pending text. */
  private column = 0;
  /** CSV: the file's text up to the end of its header, repeated before every later chunk. */
  private header = "";
  private headerBreaks = 0;

  constructor(private readonly format: BatchFormat) {}

  /**
   * Where to look for the end of the first chunk: past `chunkChars` and, in a CSV file, past the
   * header and the first data row's start, so the first chunk holds a row; undefined while the
   * text does not reach that far.
   */
  firstChunkFrom(text: string, chunkChars: number): number | undefined {
    if (this.format !== "csv") return chunkChars;
    if (this.header === "") {
      const cut = csvHeaderEnd(text);
      if (cut === undefined) return undefined;
      this.header = text.slice(0, cut);
      this.headerBreaks = lineBreaks(this.header, true);
    }
    for (let index = this.header.length; index < text.length; index++) {
      const code = text.charCodeAt(index);
      if (code !== 10 && code !== 13) return Math.max(chunkChars, index);
    }
    return undefined;
  }

  /** The chunk a slice of the file makes, or undefined when it holds no row (blank lines). */
  chunk(slice: string, last: boolean): TextChunk | undefined {
    const { first, format } = this;
    if (!first && isBlank(slice, format === "ndjson")) return undefined;
    switch (format) {
      case "csv": {
        const lines = first ? 0 : this.lines - this.headerBreaks;
        return {
          body: first ? slice : this.header + slice,
          offsets: (rows) => ({ rows, lines, chars: 0, columns: 0 }),
        };
      }
      case "ndjson": {
        const lines = this.lines;
        return { body: slice, offsets: () => ({ rows: lines, lines, chars: 0, columns: 0 }) };
      }
      case "json": {
        const body = (first ? "" : "[") + slice + (last ? "" : "]");
        if (first) return { body, offsets: () => ({ rows: 0, lines: 0, chars: 0, columns: 0 }) };
        // The chunk's own "[" stands before the slice: one character, on the slice's first line.
        const { lines, chars, column } = this;
        return { body, offsets: (rows) => ({ rows, lines, chars: chars - 1, columns: column - 1 }) };
      }
      default: {
        const unknown: never = format;
        throw new Error(`no chunks for ${String(unknown)}`);
      }
    }
  }

  /** Moves past `consumed`, the text up to where the next chunk starts. */
  advance(consumed: string): void {
    this.first = false;
    this.lines += lineBreaks(consumed, this.format === "csv");
    this.chars += consumed.length;
    const lastLf = consumed.lastIndexOf("\n");
    this.column = lastLf === -1 ? this.column + consumed.length : consumed.length - lastLf - 1;
  }
}

/** The end of a CSV header: the first record that is not an empty line (readCsv skips those). */
function csvHeaderEnd(text: string): number | undefined {
  const boundaries = csvBoundaries();
  for (let start = 0; ;) {
    const cut = boundaries.cutAfter(text, start);
    if (cut === undefined) return undefined;
    if (!isBlank(text.slice(start, cut.end), false)) return cut.end;
    start = cut.end;
  }
}
