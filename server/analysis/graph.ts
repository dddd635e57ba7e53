/**
 * Whole-workbook analysis: compiles every cell, gives identical cells distinct ids, and reports
 * the problems that stop a cell from running (including duplicate names and cycles).
 */
import type { Problem } from "../protocol/index.ts";
import type { CellBlock, WorkbookDoc } from "../workbook/types.ts";
import { placeInCell } from "./cellPosition.ts";
import { compileCell } from "./compile.ts";
import { findCycle } from "./cycles.ts";
import type { CompiledCell, WorkbookAnalysis } from "./types.ts";

/**
 * Compiles every cell of a workbook and finds what stops a cell from running: format problems,
 * syntax errors, names defined more than once and circular definitions. Each such cell gets its
 * first problem as `problem`; the other cells are untouched and run. Scheduling is left to
 * @observablehq/runtime.
 */
export function analyseWorkbook(doc: WorkbookDoc): WorkbookAnalysis {
  const blocks = doc.blocks.filter((block): block is CellBlock => block.type === "cell");
  const cells = withUniqueIds(blocks.map((block, cellIndex) => compileCell(block, cellIndex)));
  const definers = definersByName(cells);
  const problems = [
    ...doc.problems,
    ...cells.flatMap((cell) => (cell.problem ? [cell.problem] : [])),
    ...duplicateProblems(cells, blocks, definers),
    ...cycleProblems(cells, blocks, definers),
  ];
  for (const cell of cells) {
    const problem = problems.find((candidate) => candidate.cellIndex === cell.index);
    if (problem) cell.problem = problem;
  }
  problems.sort((a, b) => a.line - b.line || (a.column ?? 0) - (b.column ?? 0));
  return { cells, problems };
}

/** Identical cells share a content id; the second gets `-1`, the third `-2`, and so on. */
function withUniqueIds(cells: CompiledCell[]): CompiledCell[] {
  const seen = new Set<string>();
  return cells.map((cell) => {
    let id = cell.id;
    for (let count = 1; seen.has(id); count++) id = `${cell.id}-${count}`;
    seen.add(id);
    return { ...cell, id };
  });
}

function definersByName(cells: CompiledCell[]): Map<string, number[]> {
  const definers = new Map<string, number[]>();
  for (const cell of cells) {
    for (const name of cell.outputs) definers.set(name, [...(definers.get(name) ?? []), cell.index]);
  }
  return definers;
}

/** One problem per definer of each name defined by more than one cell. */
function duplicateProblems(cells: CompiledCell[], blocks: CellBlock[], definers: Map<string, number[]>): Problem[] {
  const problems: Problem[] = [];
  for (const [name, indexes] of definers) {
    if (indexes.length < 2) continue;
    const message = `${name} is defined more than once (cells ${listNumbers(indexes.map((index) => index + 1))})`;
    for (const index of indexes) {
      problems.push({ cellIndex: index, ...namePlace(cells[index], blocks[index]), message });
    }
  }
  return problems;
}

/** One problem per cell whose inputs lead back to its own outputs, naming the shortest such loop. */
function cycleProblems(cells: CompiledCell[], blocks: CellBlock[], definers: Map<string, number[]>): Problem[] {
  return cells.flatMap((cell) => {
    const cycle = findCycle(cells, cell.index, definers);
    if (!cycle) return [];
    const message = `circular definition: ${cycle.join(" → ")}`;
    return [{ cellIndex: cell.index, ...namePlace(cell, blocks[cell.index]), message }];
  });
}

/** Where a cell's names are written: the fence of a named cell (outside its source), else its first line of code. */
function namePlace(cell: CompiledCell, block: CellBlock): Pick<Problem, "line" | "cellLine"> {
  return cell.name === undefined ? placeInCell(block.sourceStartLine, 1) : { line: block.startLine };
}

/** "2 and 5", "2, 5 and 7". */
function listNumbers(numbers: number[]): string {
  return `${numbers.slice(0, -1).join(", ")} and ${numbers[numbers.length - 1]}`;
}
