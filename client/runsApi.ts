/**
 * The run history API (server/http/routes/runs.ts), typed here from its JSON: the client
 * imports no server code besides the protocol. Times are epoch milliseconds.
 */
import { encodePath, request } from "./api.ts";

export type RunTrigger = "schedule" | "cli" | "manual" | "data";
export type RunStatus = "ok" | "failed" | "timeout" | "skipped";

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
  cell?: number;
  line?: number;
  message: string;
}

/** One stored run of a workbook. */
export interface RunRecord {
  id: number;
  workbook: string;
  contentHash: string;
  gitCommit?: string;
  params: Record<string, unknown>;
  trigger: RunTrigger;
  startedAt: number;
  durationMs: number;
  status: RunStatus;
  cells: RunCell[];
  errors: RunError[];
  /** The alert transitions the run caused. */
  alerts: unknown[];
  /** Set while retention keeps the run's stored HTML report. */
  reportPath?: string;
}

export interface RunPage {
  runs: RunRecord[];
  total: number;
}

/** A workbook's runs, newest first. */
export function listRuns(workbook: string, page: { limit: number; offset?: number }): Promise<RunPage> {
  const params = new URLSearchParams({ limit: String(page.limit), offset: String(page.offset ?? 0) });
  return request(`/api/v1/workbooks/${encodePath(workbook)}/runs?${params}`);
}

export function getRun(id: number): Promise<RunRecord> {
  return request(`/api/v1/runs/${id}`);
}

/** Runs the workbook now; resolves with the record once the run has ended. */
export function runNow(workbook: string, params?: Record<string, unknown>): Promise<RunRecord> {
  return request(`/api/v1/workbooks/${encodePath(workbook)}/runs`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(params ? { params } : {}),
  });
}

/** Where the run's stored report is served. */
export function reportUrl(id: number): string {
  return `/api/v1/runs/${id}/report`;
}
