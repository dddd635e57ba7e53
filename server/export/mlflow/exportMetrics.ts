/**
 * Exports a workbook's metric series to an MLflow tracking server (issue 23): one MLflow run per
 * workbook and model — each Driftbook run is a step of it, at the point's time — since one MLflow
 * run per Driftbook run would make thousands a day. The export cursor (exportCursors.ts) keeps
 * the MLflow run and the last point delivered, so a repeat sends only what is new. A batch resent
 * after a failure between MLflow's answer and the cursor's move logs the same (key, step,
 * timestamp, value) again, which MLflow's store keeps once (its metrics table's primary key).
 */
import type { Db } from "../../store/db.ts";
import { RunStore } from "../../runs/store.ts";
import { ExportCursors, type CursorKey } from "../exportCursors.ts";
import type { MlflowClient } from "./client.ts";
import { metricBatches } from "./metricBatches.ts";

export interface MlflowTarget {
  client: MlflowClient;
  /** The tracking server's URL, which with the experiment names the cursor. */
  trackingUri: string;
  experiment: string;
}

export interface MlflowExportResult {
  /** The MLflow run the points went to; undefined when there was nothing to send and no run yet. */
  runId?: string;
  /** Whether this export created that run. */
  created: boolean;
  points: number;
  batches: number;
}

export async function exportToMlflow(
  db: Db,
  { client, trackingUri, experiment }: MlflowTarget,
  { workbook, model }: { workbook: string; model?: string },
): Promise<MlflowExportResult> {
  const cursors = new ExportCursors(db);
  const key: CursorKey = {
    target: `mlflow ${trackingUri.replace(/\/+$/, "")} ${experiment}`,
    workbook,
    model: model ?? "",
  };
  const cursor = cursors.get(key);
  const points = new RunStore(db).points(workbook, { afterId: cursor?.lastPointId ?? 0 });
  if (points.length === 0) return { runId: cursor?.externalRun, created: false, points: 0, batches: 0 };
  let runId = cursor?.externalRun;
  if (runId === undefined) {
    runId = await client.createRun({
      experimentId: await client.experimentId(experiment),
      runName: model ? `${workbook} (${model})` : workbook,
      startTime: points[0]!.at,
      tags: [
        { key: "driftbook.workbook", value: workbook },
        ...(model ? [{ key: "driftbook.model", value: model }] : []),
      ],
    });
    cursors.start(key, runId);
  }
  const batches = metricBatches(points);
  for (const batch of batches) {
    await client.logBatch(runId, batch.metrics);
    cursors.advance(key, batch.lastPointId);
  }
  return { runId, created: cursor === undefined, points: points.length, batches: batches.length };
}
