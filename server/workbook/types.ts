/** The parsed shape of a workbook file: front matter, prose and cell blocks with their exact text and line numbers. */
import type { CellKind, Problem } from "../protocol/index.ts";

/** Fence languages that are cells (`js`, `sql`, `alert`); any other fenced block is prose. */
export type { CellKind };

/** The YAML block at the top of a workbook, between `---` lines. */
export interface FrontMatter {
  /** The exact text, delimiters and line ends included. */
  raw: string;
  /** The parsed YAML mapping; `{}` when the YAML is invalid (a problem is reported). */
  data: Record<string, unknown>;
}

export interface ProseBlock {
  type: "prose";
  /** The exact Markdown, line ends included. */
  markdown: string;
  /** 1-based first line in the file. */
  startLine: number;
}

export interface CellBlock {
  type: "cell";
  kind: CellKind;
  /** The variable a `sql` cell binds, or an `alert` rule's name. */
  name?: string;
  /** Options after the language and name in the fence's info string: `hidden`, `key=value`. */
  options: Record<string, string | true>;
  /** The opening fence line exactly as written, line end included. */
  opening: string;
  /** The cell's code exactly as written, line ends included. */
  source: string;
  /** The closing fence line exactly as written, line end included; "" when the fence runs to the end of the file. */
  closing: string;
  /** 1-based line of the opening fence. */
  startLine: number;
  /** 1-based line of the first source line. */
  sourceStartLine: number;
}

export type Block = ProseBlock | CellBlock;

export interface WorkbookDoc {
  frontMatter?: FrontMatter;
  blocks: Block[];
  /** Format problems: bad YAML, unknown cell options, a missing cell name. */
  problems: Problem[];
}
