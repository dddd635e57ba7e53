/** One line per workbook problem, in the `file:line:column: message` form editors and CI tools turn into links. */
import type { Problem } from "../protocol/index.ts";

/** `workbooks/a.md:12:5: cell 3: x is defined more than once` — the form editors and CI logs link. */
export function formatProblem(path: string, problem: Problem): string {
  const where = `${path}:${problem.line}${problem.column ? `:${problem.column}` : ""}`;
  const cell = problem.cellIndex === undefined ? "front matter" : `cell ${problem.cellIndex + 1}`;
  return `${where}: ${cell}: ${problem.message}`;
}
