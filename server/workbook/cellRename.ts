/**
 * Renames a named cell in a workbook's text: only the name in that cell's opening fence changes,
 * so the rest of the file keeps its bytes. The new name must be valid for the cell's kind
 * (protocol/cellNames.ts) and not name another cell of that kind in the workbook.
 */
import { cellNameProblem, renamedOpening, type NamedCellKind } from "../protocol/cellNames.ts";
import { parseWorkbook } from "./parse.ts";
import { serializeWorkbook } from "./serialize.ts";
import type { CellBlock } from "./types.ts";

/**
 * Why a rename cannot be made: the cell is `missing`, or several cells have its name
 * (`ambiguous`), or the new name is `invalid` or already taken (`taken`). `field` is the request
 * field at fault (the cell's `name`, or `to`).
 */
export class CellRenameError extends Error {
  constructor(
    message: string,
    readonly reason: "missing" | "ambiguous" | "invalid" | "taken",
    readonly field: "name" | "to",
  ) {
    super(message);
  }
}

/** The text with the `kind` cell named `from` renamed `to`. */
export function renameCell(text: string, kind: NamedCellKind, from: string, to: string): string {
  const doc = parseWorkbook(text);
  const named = (name: string) =>
    doc.blocks.filter(
      (block): block is CellBlock => block.type === "cell" && block.kind === kind && block.name === name,
    );
  const [cell, ...others] = named(from);
  if (!cell) throw new CellRenameError(`the workbook has no ${kind} cell named ${from}`, "missing", "name");
  if (others.length > 0)
    throw new CellRenameError(`${others.length + 1} ${kind} cells are named ${from}`, "ambiguous", "name");
  const problem = cellNameProblem(kind, to);
  if (problem) throw new CellRenameError(problem, "invalid", "to");
  if (to === from) throw new CellRenameError(`the ${kind} cell is already named ${to}`, "invalid", "to");
  if (named(to).length > 0) throw new CellRenameError(`another ${kind} cell is already named ${to}`, "taken", "to");
  const opening = renamedOpening(cell.opening, kind, to);
  return serializeWorkbook({
    ...doc,
    blocks: doc.blocks.map((block) => (block === cell ? { ...cell, opening } : block)),
  });
}
