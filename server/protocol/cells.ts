/** Cell kinds, run states and problems, shared by the runtime, the server, the CLI and the browser. */

/** The language of a cell's fence: JavaScript, SQL, or an alert rule in YAML. */
export type CellKind = "js" | "sql" | "alert";

/** A cell's life on one run: waiting for inputs, computing, then one of the three endings. */
export type CellStatus = "pending" | "running" | "fulfilled" | "rejected" | "timeout";

/** Something wrong with a workbook that is known without running it, or found while running. */
export interface Problem {
  /** 0-based index of the cell among the workbook's cells; absent for front-matter problems. */
  cellIndex?: number;
  /** 1-based line in the workbook file. */
  line: number;
  /** 1-based column, when known. */
  column?: number;
  message: string;
}
