/** The JSON of the run history API (/api/v1/…/runs), shared by the server and the browser. Times are epoch ms. */
import type { AlertTransition } from "./alerts.ts";

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

export interface RunError {
  /** The cell's index in the workbook; absent for an error outside any cell. */
  cellIndex?: number;
  line?: number;
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
  startedAt: number;
  durationMs: number;
  status: RunStatus;
  cells: RunCell[];
  errors: RunError[];
  /** The alert transitions the run caused. */
  alerts: AlertTransition[];
  /** The stored HTML report's file, while retention keeps it. */
  reportPath?: string;
}

/** A page of a workbook's runs, newest first. */
export interface RunPage {
  runs: RunRecord[];
  total: number;
}
