/** The JSON of the run history API (/api/v1/…/runs), shared by the server and the browser. Times are epoch ms. */
import type { AlertTransition } from "./alerts.ts";
import type { CellPosition } from "./cells.ts";
import type { WorkbookGitStatus } from "./git.ts";

export type RunTrigger = "schedule" | "cli" | "manual" | "data";
/**
 * `running` until the run ends: a run has its record (and id) from its start. `interrupted`: the
 * run was cut short by a shutdown (the server's, or a signal to `driftbook run`); its errors say why.
 */
export type RunStatus = "running" | "ok" | "failed" | "timeout" | "skipped" | "interrupted";

/** How one cell went in a run. */
export interface RunCell {
  index: number;
  kind: string;
  name?: string;
  status: string;
  ms: number;
}

export interface RunError extends CellPosition {
  /** The cell's index in the workbook; absent for an error outside any cell. */
  cellIndex?: number;
  /** 1-based line and column in the workbook file, when known. */
  line?: number;
  column?: number;
  message: string;
}

/** One stored run of a workbook. */
export interface RunRecord {
  id: number;
  workbook: string;
  version: string;
  gitCommit?: string;
  params: Record<string, unknown>;
  trigger: RunTrigger;
  /**
   * True for a production run, whose alert transitions were stored and notified; false for a
   * what-if run (`driftbook run --param`/`--rev`, run-now with params other than the front
   * matter's), which only previewed its rules: its `alerts` are what they would have done
   * (notification `preview`), and it recorded no metric points.
   */
  production: boolean;
  /** For an as-of run (always a what-if): the moment (epoch ms) whose data it read. */
  asOf?: number;
  startedAt: number;
  durationMs: number;
  status: RunStatus;
  cells: RunCell[];
  errors: RunError[];
  /** The alert transitions the run caused. */
  alerts: AlertTransition[];
  /** The server that ran it (its `--server-name`, by default its host name); for `driftbook run`, its host. */
  server?: string;
  /** Where the server serves the run's stored HTML report (`/api/v1/runs/<id>/report`), while retention keeps it. */
  reportPath?: string;
}

/** A page of a workbook's runs, newest first. */
export interface RunPage {
  runs: RunRecord[];
  total: number;
}

/**
 * What one `sql` query of a cell read: its text (with `?` for each bound value), the rows it
 * returned, and the span of their `ts` column (epoch ms) when the result has one with numbers.
 */
export interface DataWindow {
  cellIndex: number;
  sql: string;
  rows: number;
  from?: number;
  to?: number;
}

/**
 * What a report shows, so a stored or mailed report can say it: `preview` is a report made
 * without a run (a live workbook's outputs at `/report/<path>`, a past version at `git/report`).
 */
export type ReportTrigger = RunTrigger | "preview";

/**
 * Where a report came from: the header of every HTML report and `provenance` in `driftbook run
 * --json`, beside the data windows its queries read (`dataWindows`).
 */
export interface Provenance {
  /** Epoch ms when the report was made. */
  generatedAt: number;
  /** The workbook's path. */
  workbook: string;
  /** The commit that last changed the file (or the commit a past version was read from). */
  gitCommit?: string;
  /** The file against that commit: `clean`, or `modified` etc. when it has changes not committed; absent outside git. */
  gitStatus?: WorkbookGitStatus;
  params: Record<string, unknown>;
  trigger: ReportTrigger;
  /** For a recorded run: true when it moved alert state (production), false for a what-if that only previewed its rules. */
  production?: boolean;
  /** For an as-of run: the moment (epoch ms) whose data it read. */
  asOf?: number;
  /** The `version` of Driftbook's package.json. */
  driftbookVersion: string;
}
