/**
 * A cell's fence: reading and writing its info string (kind, name, options) and finding where
 * it closes, per CommonMark's fenced code blocks (https://spec.commonmark.org/current/#fenced-code-blocks).
 */
import { cellNameProblem } from "../protocol/cellNames.ts";
import { lineContent } from "./lines.ts";
import type { CellBlock, CellKind } from "./types.ts";

/**
 * The options a cell's fence may carry, each a bare flag or a `key=value` pair.
 * The one place to add an option: the parser rejects any other.
 */
export const CELL_OPTIONS: Readonly<Record<string, "flag" | "value">> = {
  /** The cell's output is not shown to share viewers. */
  hidden: "flag",
};

/** What a cell's info string says: its kind, name and options. */
export type CellHeader = Pick<CellBlock, "kind" | "name" | "options">;

const CELL_KINDS: readonly CellKind[] = ["js", "sql", "alert"];

/**
 * Reads a fence's info string: `js [options]`, `sql NAME [options]` or `alert NAME [options]`.
 * Undefined when the first word is not a cell kind: the block is prose. The header holds only
 * what is valid (a bad name or option is left out); each fault is a message in `problems`.
 */
export function readCellInfo(info: string): { header: CellHeader; problems: string[] } | undefined {
  const [kind, ...words] = info.trim().split(/[ \t]+/);
  if (!isCellKind(kind)) return undefined;
  const header: CellHeader = { kind, options: {} };
  const problems: string[] = [];
  if (kind !== "js") {
    const name = words.shift();
    const problem = cellNameProblem(kind, name);
    if (problem) problems.push(problem);
    else header.name = name;
  }
  for (const word of words) {
    const [key, value = true] = splitOption(word);
    const expected = Object.hasOwn(CELL_OPTIONS, key) ? CELL_OPTIONS[key] : undefined;
    if (expected === undefined) {
      problems.push(`Unknown cell option \`${word}\`; known options: ${Object.keys(CELL_OPTIONS).join(", ")}.`);
    } else if (expected === "flag" && value !== true) {
      problems.push(`Cell option \`${key}\` takes no value: write \`${key}\`.`);
    } else if (expected === "value" && value === true) {
      problems.push(`Cell option \`${key}\` needs a value: write \`${key}=…\`.`);
    } else {
      header.options[key] = value;
    }
  }
  return { header, problems };
}

/** Writes the info string of a cell: the inverse of readCellInfo. */
export function formatCellInfo({ kind, name, options }: CellHeader): string {
  const words = Object.entries(options).map(([key, value]) => (value === true ? key : `${key}=${value}`));
  return [kind, ...(name === undefined ? [] : [name]), ...words].join(" ");
}

/**
 * True when `line` closes a fence opened with `markup` (CommonMark: up to 3 spaces of indent,
 * the opening's character at least as many times, then only spaces or tabs).
 */
export function closesFence(line: string, markup: string): boolean {
  return new RegExp(`^ {0,3}${markup[0]}{${markup.length},}[ \\t]*$`).test(lineContent(line));
}

/** A backtick fence no line of `source` can close: 3 backticks, or one more than the longest run starting a line. */
export function backtickFence(source: string): string {
  let length = 3;
  for (const [, run] of source.matchAll(/^ {0,3}(`{3,})/gm)) length = Math.max(length, run.length + 1);
  return "`".repeat(length);
}

function isCellKind(word: string): word is CellKind {
  return (CELL_KINDS as readonly string[]).includes(word);
}

function splitOption(word: string): [string, string?] {
  const equals = word.indexOf("=");
  return equals < 0 ? [word] : [word.slice(0, equals), word.slice(equals + 1)];
}
