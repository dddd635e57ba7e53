/**
 * Reads a workbook's YAML front matter with the yaml package, keeping its exact text and
 * reporting bad YAML as problems on file lines.
 */
import { isMap, LineCounter, parseDocument } from "yaml";
import type { Problem } from "../protocol/index.ts";
import { lineContent } from "./lines.ts";
import type { FrontMatter } from "./types.ts";

/** A `---` first line (a byte order mark may precede it) opens front matter. */
const OPENING = /^\uFEFF?---[ \t]*$/;
/** A `---` or `...` line closes it. */
const CLOSING = /^(?:---|\.\.\.)[ \t]*$/;

export interface FrontMatterRead {
  frontMatter?: FrontMatter;
  /** How many lines of the file the front matter takes, delimiters included; 0 without one. */
  lineCount: number;
  problems: Problem[];
}

/**
 * Reads the YAML front matter at the top of a workbook's lines (line ends kept).
 * Bad YAML still yields the front matter, with `data` = {} and a problem naming the file line,
 * so the text is kept and the rest of the workbook still parses.
 */
export function readFrontMatter(lines: string[]): FrontMatterRead {
  if (lines.length === 0 || !OPENING.test(lineContent(lines[0]))) return { lineCount: 0, problems: [] };
  const closingIndex = lines.findIndex((line, i) => i > 0 && CLOSING.test(lineContent(line)));
  if (closingIndex < 0) {
    const message =
      "Front matter opened on line 1 is never closed: end it with a `---` line. The text is read as Markdown.";
    return { lineCount: 0, problems: [{ line: 1, message }] };
  }
  const raw = lines.slice(0, closingIndex + 1).join("");
  const { data, problems } = parseYaml(lines.slice(1, closingIndex).join(""));
  return { frontMatter: { raw, data }, lineCount: closingIndex + 1, problems };
}

/** Parses the YAML between the delimiters; its first line is line 2 of the file. */
function parseYaml(yaml: string): { data: Record<string, unknown>; problems: Problem[] } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(yaml, { lineCounter, prettyErrors: false, logLevel: "error" });
  const problemAt = (offset: number, message: string): Problem => {
    const { line, col } = lineCounter.linePos(offset);
    return { line: line + 1, column: col, message: `Front matter: ${message}` };
  };
  const problems = doc.errors.map((error) => problemAt(error.pos[0], error.message));
  if (problems.length > 0 || doc.contents === null) return { data: {}, problems };
  if (!isMap(doc.contents)) {
    return { data: {}, problems: [problemAt(doc.contents.range[0], "must be a YAML mapping of `key: value` lines.")] };
  }
  try {
    return { data: doc.toJS() as Record<string, unknown>, problems };
  } catch (error) {
    // toJS throws on an alias to an anchor that does not exist.
    return { data: {}, problems: [problemAt(0, (error as Error).message)] };
  }
}
