/**
 * Where records end in the text of a file being streamed, per format, so that the file can be
 * cut into chunks that each parse on their own (recordChunks.ts): a CSV record ends at a line
 * break outside quotes, an NDJSON record at a line break, a JSON array element at a comma
 * between the array's elements. The scans jump with indexOf where they can: the whole of a
 * large file passes through them.
 */

const LF = 10;
const CR = 13;
const QUOTE = 34;
const COMMA = 44;
const BACKSLASH = 92;
const OPEN_ARRAY = 91;
const CLOSE_ARRAY = 93;
const OPEN_OBJECT = 123;
const CLOSE_OBJECT = 125;

/** A place to cut the text: before `end` are whole records; the rest of the file starts at `resume`. */
export interface Cut {
  end: number;
  resume: number;
}

export interface RecordBoundaries {
  /**
   * The first cut at or after `from` in `text`, or undefined when `text` holds none yet (more of
   * the file may end the record). `text` starts where the previous cut resumed and only grows
   * between calls, until a cut is returned.
   */
  cutAfter(text: string, from: number): Cut | undefined;
}

/**
 * CSV: the first line break at or after `from` with an even number of quotes before it (RFC 4180
 * quotes a field's own quotes as `""`, so the count's parity says whether a break is inside a
 * field). Breaks are CRLF, LF or a lone CR, as readCsv reads them; a CR at the end of the text
 * waits for the next character, which may be its LF.
 */
export function csvBoundaries(): RecordBoundaries {
  return {
    cutAfter(text, from) {
      let quotes = 0;
      let quote = text.indexOf('"');
      let cr = text.indexOf("\r", from);
      for (let at = from; ;) {
        const lf = text.indexOf("\n", at);
        if (cr !== -1 && cr < at) cr = text.indexOf("\r", at);
        let last = lf; // the last character of the line break
        if (cr !== -1 && (lf === -1 || cr < lf)) {
          if (cr + 1 === text.length) return undefined;
          last = text.charCodeAt(cr + 1) === LF ? cr + 1 : cr;
        }
        if (last === -1) return undefined;
        for (; quote !== -1 && quote < last; quote = text.indexOf('"', quote + 1)) quotes++;
        if (quotes % 2 === 0) return { end: last + 1, resume: last + 1 };
        at = last + 1;
      }
    },
  };
}

/** NDJSON: the first line break at or after `from`. */
export function ndjsonBoundaries(): RecordBoundaries {
  return {
    cutAfter(text, from) {
      const lf = text.indexOf("\n", from);
      return lf === -1 ? undefined : { end: lf + 1, resume: lf + 1 };
    },
  };
}

/**
 * A JSON array: a comma between two elements of the top-level array, found by tracking strings
 * (with their escapes) and bracket depth from the start of the file. The comma itself is left
 * out of both chunks. A comma followed only by `]` (a trailing comma) is no cut, so the chunk
 * keeps it and JSON.parse reports it as it would in the whole file. A file that is not an
 * array is never cut: it is read whole and refused as a whole file would be.
 */
export function jsonArrayBoundaries(): RecordBoundaries {
  let scanned = 0; // where the scan stopped in the current text
  let depth = 0;
  let inString = false;
  let escaped = false;
  let isArray: boolean | undefined;
  return {
    cutAfter(text, from) {
      if (isArray === undefined) {
        const first = nonSpaceAt(text, 0);
        if (first === -1) return undefined;
        isArray = text.charCodeAt(first) === OPEN_ARRAY;
      }
      if (!isArray) return undefined;
      for (let index = scanned; index < text.length; index++) {
        const code = text.charCodeAt(index);
        if (inString) {
          if (escaped) escaped = false;
          else if (code === BACKSLASH) escaped = true;
          else if (code === QUOTE) inString = false;
          continue;
        }
        if (code === QUOTE) inString = true;
        else if (code === OPEN_ARRAY || code === OPEN_OBJECT) depth++;
        else if (code === CLOSE_ARRAY || code === CLOSE_OBJECT) depth--;
        else if (code === COMMA && depth === 1 && index >= from) {
          const next = nonSpaceAt(text, index + 1);
          if (next === -1) {
            scanned = index; // look at this comma again once more text has come
            return undefined;
          }
          if (text.charCodeAt(next) === CLOSE_ARRAY) continue;
          scanned = 0; // the next text starts after this comma, inside the array
          return { end: index, resume: index + 1 };
        }
      }
      scanned = text.length;
      return undefined;
    },
  };
}

/** The first character at or after `from` that is not JSON whitespace, or -1. */
function nonSpaceAt(text: string, from: number): number {
  for (let index = from; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code !== 0x20 && code !== 0x09 && code !== LF && code !== CR) return index;
  }
  return -1;
}

/**
 * The line breaks in `text` as the format's error messages count lines: CSV counts CRLF, LF and
 * a lone CR (csvLineOf), JSON and NDJSON count LF.
 */
export function lineBreaks(text: string, loneCr: boolean): number {
  let breaks = 0;
  for (let lf = text.indexOf("\n"); lf !== -1; lf = text.indexOf("\n", lf + 1)) breaks++;
  if (!loneCr) return breaks;
  for (let cr = text.indexOf("\r"); cr !== -1; cr = text.indexOf("\r", cr + 1)) {
    if (text.charCodeAt(cr + 1) !== LF) breaks++;
  }
  return breaks;
}

/** Whether `text` holds nothing but line breaks (CSV skips empty lines) or whitespace (NDJSON skips blank lines). */
export function isBlank(text: string, spacesToo: boolean): boolean {
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code === LF || code === CR) continue;
    if (spacesToo && (code === 0x20 || code === 0x09)) continue;
    return false;
  }
  return true;
}
