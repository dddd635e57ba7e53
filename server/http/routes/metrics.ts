/**
 * `GET /api/v1/workbooks/<path>/metrics?since=&format=csv|json`: the metric points a workbook's
 * production runs recorded (`metric(name, value)` in cells), for teams who keep their model
 * history in another tool. `since` is a duration back from now (`30d`) or a moment (ISO 8601 with
 * a zone, or epoch ms). Mounted before the workbook routes, whose `/api/v1/workbooks/*path`
 * would otherwise take paths ending in `/metrics`.
 */
import { Router, type Request } from "express";
import { METRIC_FORMATS, metricCsv, type MetricExport, type MetricFormat } from "../../export/metricTable.ts";
import { momentOf } from "../../runs/asOf.ts";
import type { RunStore } from "../../runs/store.ts";
import type { Workspace } from "../../workspace/workspace.ts";
import { parseDuration } from "../../protocol/duration.ts";
import { HttpError } from "../httpError.ts";
import { workbookPathOf } from "./workbookPath.ts";

export function metricRoutes({
  runs,
  workspace,
  now = Date.now,
}: {
  runs: RunStore;
  workspace: Workspace;
  now?: () => number;
}): Router {
  const router = Router();
  router.get("/api/v1/workbooks/*path/metrics", async (req, res) => {
    const workbook = workbookPathOf(req);
    const format = formatOf(req);
    const since = sinceOf(req, now());
    // A deleted workbook's recorded history stays readable; a path that never was one is a 404.
    if (runs.list(workbook, { limit: 1 }).total === 0 && !(await workspace.read(workbook)))
      throw new HttpError(404, `no such workbook: ${workbook} (no file and no recorded runs)`);
    const points = runs.points(workbook, { since });
    if (format === "csv") {
      res.type("text/csv; charset=utf-8").send(metricCsv(points));
      return;
    }
    res.json({ workbook, since, points } satisfies MetricExport);
  });
  return router;
}

function formatOf(req: Request): MetricFormat {
  const format = req.query.format ?? "json";
  if (!METRIC_FORMATS.includes(format as MetricFormat))
    throw new HttpError(400, `format must be ${METRIC_FORMATS.join(" or ")}, given once`, { field: "format" });
  return format as MetricFormat;
}

/** Epoch ms from `since`: a duration back from now, or a moment; 0 (every point) when absent. */
function sinceOf(req: Request, now: number): number {
  const since = req.query.since;
  if (since === undefined) return 0;
  if (typeof since === "string") {
    const moment = momentOf(since);
    if (moment !== undefined) return moment;
    try {
      return now - parseDuration(since);
    } catch {
      // neither: the error below says what is accepted
    }
  }
  throw new HttpError(
    400,
    `since must be a duration such as 30d or 12h, an ISO time with a zone (2026-11-20T12:00Z) or epoch milliseconds; got ${JSON.stringify(since)}`,
    { field: "since" },
  );
}
