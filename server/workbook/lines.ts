/**
 * Lines of a workbook with their line ends kept, so slices of them put back together give the
 * original bytes. A line ends at `\r\n`, `\r` or `\n`, as in CommonMark and markdown-it, so
 * line numbers agree with markdown-it's token maps.
 */
const LINE = /[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+/g;

/** Splits text into lines, each with its line end; the last one may have none. */
export function splitLines(text: string): string[] {
  return text.match(LINE) ?? [];
}

/** A line without its line end. */
export function lineContent(line: string): string {
  return line.replace(/(?:\r\n|\r|\n)$/, "");
}
