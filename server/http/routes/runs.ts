/**
 * The run history API: a workbook's runs (paged, newest first), one run, its stored report,
 * and run-now (409 with the running run's id while the workbook runs; `asOf` runs it on the data as it was then). Mounted before the workbook routes, whose `/api/v1/workbooks/*path` would
 * otherwise take paths ending in `/runs`.
 */
import { Router } from "express";
import type { Workspace } from "../../workspace/workspace.ts";
import { ParamError, RunInProgress, type RunChoice } from "../../runs/runner.ts";
import { AsOfError, asOfTime } from "../../runs/asOf.ts";
import type { RunRecord, RunStore } from "../../runs/store.ts";
import { storedReport } from "../../runs/reports.ts";
import type { AuditTrail } from "../auditTrail.ts";
import { HttpError } from "../httpError.ts";
import { queryInteger } from "../query.ts";
import { workbookPathOf } from "./workbookPath.ts";
import { JSON_TYPES, readBody } from "../requestBody.ts";
import { pageHeaders, REPORT_POLICY } from "../securityHeaders.ts";

const MAX_PAGE = 200;

/**
 * Runs a workbook now with these parameter overrides and resolves with its record: a what-if
 * when they differ from the defaults, unless `alerts` says otherwise (runs/production.ts), and
 * always when it reads the data as of a past moment (`asOf`).
 */
export type RunNow = (path: string, params: Record<string, unknown>, choice: RunChoice) => Promise<RunRecord>;

export function runRoutes({
  workspace,
  runs,
  runNow,
  audit,
}: {
  workspace: Workspace;
  runs: RunStore;
  runNow: RunNow;
  audit: AuditTrail;
}): Router {
  const router = Router();

  router.get("/api/v1/workbooks/*path/runs", (req, res) => {
    const limit = queryInteger(req, "limit", { min: 1, max: MAX_PAGE }) ?? 50;
    const offset = queryInteger(req, "offset", { min: 0, max: Number.MAX_SAFE_INTEGER }) ?? 0;
    res.json({ ...runs.list(workbookPathOf(req), { limit, offset }), limit, offset });
  });

  router.post(
    "/api/v1/workbooks/*path/runs",
    readBody(JSON_TYPES, "100kb", "for run-now parameters"),
    async (req, res) => {
      const path = workbookPathOf(req);
      if (!(await workspace.read(path))) throw new HttpError(404, `no such workbook: ${path}`);
      const body = req.body as { params?: unknown; alerts?: unknown; asOf?: unknown } | undefined;
      const params = body?.params ?? {};
      if (typeof params !== "object" || params === null || Array.isArray(params)) {
        throw new HttpError(400, 'params must be an object, e.g. {"params": {"window": "7d"}}', { field: "params" });
      }
      const alerts = body?.alerts;
      if (alerts !== undefined && typeof alerts !== "boolean") {
        throw new HttpError(400, 'alerts must be true or false, e.g. {"params": {"window": "7d"}, "alerts": true}', {
          field: "alerts",
        });
      }
      const asOf = asOfOf(body?.asOf, alerts);
      try {
        const run = await runNow(path, params as Record<string, unknown>, { alerts, asOf });
        audit.record(req, "run.now", { workbook: path, target: String(run.id) });
        res.status(201).json(run);
      } catch (error) {
        if (error instanceof ParamError) throw new HttpError(400, error.message, { field: "params" });
        if (!(error instanceof RunInProgress)) throw error;
        res.status(409).json({ error: error.message, runId: error.runId });
      }
    },
  );

  router.get("/api/v1/runs/:id", (req, res) => {
    res.json(runOf(runs, req.params.id));
  });

  router.get("/api/v1/runs/:id/report", (req, res) => {
    const run = runOf(runs, req.params.id);
    const html = storedReport(runs.db, run.id);
    if (html === undefined)
      throw new HttpError(
        404,
        `run ${run.id} has no stored report (only the newest runs of each workbook keep theirs)`,
      );
    pageHeaders(res, REPORT_POLICY);
    res.type("html").send(html);
  });

  return router;
}

/** Run-now's `asOf` as epoch ms: an as-of run is a what-if, so not with `"alerts": true`. */
function asOfOf(value: unknown, alerts: boolean | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (alerts)
    throw new HttpError(400, 'asOf: an as-of run is a what-if that moves no alert; drop "alerts": true', {
      field: "asOf",
    });
  try {
    return asOfTime(value, "asOf");
  } catch (error) {
    if (error instanceof AsOfError) throw new HttpError(400, error.message, { field: "asOf" });
    throw error;
  }
}

function runOf(runs: RunStore, id: string) {
  const run = /^\d+$/.test(id) ? runs.get(Number(id)) : undefined;
  if (!run) throw new HttpError(404, `no run with id ${JSON.stringify(id)}`);
  return run;
}
