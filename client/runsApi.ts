/** The run history API (server/http/routes/runs.ts), typed by the shared protocol. Times are epoch milliseconds. */
import type { RunPage, RunRecord } from "../server/protocol/index.ts";
import { encodePath, request } from "./api.ts";

export type { RunCell, RunError, RunPage, RunRecord } from "../server/protocol/index.ts";

/** A workbook's runs, newest first. */
export function listRuns(workbook: string, page: { limit: number; offset?: number }): Promise<RunPage> {
  const params = new URLSearchParams({ limit: String(page.limit), offset: String(page.offset ?? 0) });
  return request(`/api/v1/workbooks/${encodePath(workbook)}/runs?${params}`);
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
