/**
 * A place in a cell numbered both ways: the workbook file's line and column (what `check`, the
 * CLI and editors that link `file:line:column` want) and the cell's own line and column (what
 * the cell's editor gutter shows in the browser). A cell's source lines are the file's lines
 * from its `sourceStartLine` on, character for character, so the two differ by that offset.
 */
import type { CellPosition } from "../protocol/index.ts";
import type { CompiledCell } from "./types.ts";

/** A place in both numberings; `column` and `cellColumn` are absent together. */
export interface Place extends CellPosition {
  line: number;
  column?: number;
  cellLine: number;
}

/** The place at 1-based `cellLine` (and `cellColumn`) of a cell whose first source line is file line `sourceStartLine`. */
export function placeInCell(sourceStartLine: number, cellLine: number, cellColumn?: number): Place {
  const place: Place = { line: sourceStartLine + cellLine - 1, cellLine };
  if (cellColumn !== undefined) Object.assign(place, { column: cellColumn, cellColumn });
  return place;
}

/**
 * The place in the cell that line:column of its compiled body holds (a stack frame's, both
 * 1-based). The body's line N holds cell line `bodyLine + N - 1`; its columns are the cell's
 * except on its first line, which starts with `bodyColumn` generated characters, and in a cell
 * whose body is generated throughout (an alert rule), where only the line is kept.
 */
export function placeOfBody(
  cell: Pick<CompiledCell, "sourceStartLine" | "bodyLine" | "bodyColumn">,
  bodyLine: number,
  bodyColumn: number,
): Place {
  const cellLine = cell.bodyLine + bodyLine - 1;
  if (cell.bodyColumn === undefined) return placeInCell(cell.sourceStartLine, cellLine);
  const cellColumn = bodyLine === 1 ? bodyColumn - cell.bodyColumn : bodyColumn;
  // A column before the source is in generated code (a sql cell's tag call): the line alone is true.
  return placeInCell(cell.sourceStartLine, cellLine, cellColumn >= 1 ? cellColumn : undefined);
}
