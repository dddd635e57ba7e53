/** Cell kinds, run states and problems, shared by the runtime, the server, the CLI and the browser. */

/** The language of a cell's fence: JavaScript, SQL, or an alert rule in YAML. */
export type CellKind = "js" | "sql" | "alert";

/** A cell's life on one run: waiting for inputs, computing, then one of the three endings. */
export type CellStatus = "pending" | "running" | "fulfilled" | "rejected" | "timeout";

/**
 * Where in a cell an error or problem sits, as the cell's editor numbers it: 1-based line and
 * column of the cell's own source. Browsers show these (they match the cell's gutter); `check`,
 * the CLI and the JSON keep the file's `line` and `column` beside them for editors and CI logs.
 * Absent when the place is not in the cell's source (a named cell's fence, front matter).
 */
export interface CellPosition {
  cellLine?: number;
  cellColumn?: number;
}

/** Something wrong with a workbook that is known without running it, or found while running. */
export interface Problem extends CellPosition {
  /** 0-based index of the cell among the workbook's cells; absent for front-matter problems. */
  cellIndex?: number;
  /** 1-based line in the workbook file. */
  line: number;
  /** 1-based column in the workbook file, when known. */
  column?: number;
  message: string;
}
