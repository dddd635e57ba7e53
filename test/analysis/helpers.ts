import { compileFunction } from "node:vm";
import type { CompiledCell } from "../../server/analysis/index.ts";
import type { Block, CellBlock, CellKind, WorkbookDoc } from "../../server/workbook/types.ts";

/** A cell as a test writes it: kind, source and, for sql and alert cells, a name. */
export interface TestCell {
  kind: CellKind;
  source: string;
  name?: string;
}

export const js = (source: string): TestCell => ({ kind: "js", source });
export const sql = (name: string, source: string): TestCell => ({ kind: "sql", name, source });
export const alert = (name: string, source: string): TestCell => ({ kind: "alert", name, source });

/**
 * A workbook laid out as a file would be: a two-line heading, then each cell fenced and
 * followed by a blank line, so the first cell's fence is line 3 and its code starts on line 4.
 */
export function workbook(cells: TestCell[], problems: WorkbookDoc["problems"] = []): WorkbookDoc {
  const blocks: Block[] = [{ type: "prose", markdown: "# Test\n\n", startLine: 1 }];
  let line = 3;
  for (const cell of cells) {
    const block = cellBlock(cell, line);
    blocks.push(block);
    line = block.sourceStartLine + lineCount(cell.source) + 2;
  }
  return { blocks, problems };
}

/** A CellBlock whose opening fence is on `startLine`; the source gets a final line end if it lacks one. */
export function cellBlock({ kind, source, name }: TestCell, startLine = 1): CellBlock {
  const text = source.endsWith("\n") ? source : `${source}\n`;
  const opening = `\`\`\`${[kind, name].filter(Boolean).join(" ")}\n`;
  return {
    type: "cell",
    kind,
    ...(name && { name }),
    options: {},
    opening,
    source: text,
    closing: "```\n",
    startLine,
    sourceStartLine: startLine + 1,
  };
}

function lineCount(source: string): number {
  return (source.endsWith("\n") ? source : `${source}\n`).split("\n").length - 1;
}

/** What running a compiled body gave: the values it displayed and the object it resolved to. */
export interface RunResult {
  displayed: unknown[];
  outputs: Record<string, unknown>;
}

/**
 * Runs a compiled body as the worker does: `display` first, then each input by name from
 * `inputs`, falling back to the global object as @observablehq/runtime does (`Promise`, `Error`).
 */
export async function run(
  cell: CompiledCell,
  inputs: Record<string, unknown> = {},
  filename = "cell.js",
): Promise<RunResult> {
  const fn = compileFunction(cell.body, ["display", ...cell.inputs], { filename });
  const displayed: unknown[] = [];
  const display = (value: unknown) => (displayed.push(value), value);
  const outputs = await fn(
    display,
    ...cell.inputs.map((name) => (name in inputs ? inputs[name] : (globalThis as Record<string, unknown>)[name])),
  );
  return { displayed, outputs: outputs as Record<string, unknown> };
}
