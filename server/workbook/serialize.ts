/** Writes a parsed workbook back to its exact text, and builds new cell blocks whose fence cannot close early. */
import { backtickFence, formatCellInfo, type CellHeader } from "./fences.ts";
import type { CellBlock, WorkbookDoc } from "./types.ts";

/** Writes a workbook back to text: the inverse of parseWorkbook, byte for byte. */
export function serializeWorkbook(doc: WorkbookDoc): string {
  let text = doc.frontMatter?.raw ?? "";
  for (const block of doc.blocks) {
    text += block.type === "prose" ? block.markdown : block.opening + block.source + block.closing;
  }
  return text;
}

/** What an editor gives to make a cell; `options` defaults to none. */
export type NewCell = Pick<CellHeader, "kind" | "name"> & Partial<Pick<CellHeader, "options">> & { source: string };

/**
 * A cell block with a canonical fence, for editors that insert or rewrite cells: backticks
 * (more than any backtick run that starts a source line), the info string, `eol` line ends.
 * A source whose last line has no line end gets `eol`, so the closing fence stays on its own
 * line. Line numbers are 0 until the workbook is parsed again.
 */
export function createCell({ kind, name, options = {}, source }: NewCell, eol = "\n"): CellBlock {
  const body = source === "" || /[\r\n]$/.test(source) ? source : source + eol;
  const fence = backtickFence(body);
  const header: CellHeader = { kind, ...(name === undefined ? {} : { name }), options: { ...options } };
  return {
    type: "cell",
    ...header,
    opening: fence + formatCellInfo(header) + eol,
    source: body,
    closing: fence + eol,
    startLine: 0,
    sourceStartLine: 0,
  };
}
