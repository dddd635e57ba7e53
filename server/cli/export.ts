/**
 * `driftbook export mlflow --tracking-uri URL <workbook.md>...`: posts each workbook's recorded
 * metric series to an MLflow tracking server (server/export/mlflow/), one MLflow run per
 * workbook and model, sending only the points recorded since the last export. The database is
 * opened for writing (the export cursor), waiting for a serving server's lock like `driftbook log`.
 */
import { existsSync } from "node:fs";
import { databaseLocation, isPostgresUrl } from "../store/location.ts";
import { DEFAULT_DB_PATH, openDatabase } from "../store/db.ts";
import { MlflowClient, MlflowError } from "../export/mlflow/client.ts";
import { exportToMlflow } from "../export/mlflow/exportMetrics.ts";
import { parseCommandArgs } from "./args.ts";
import { CliError, EXIT } from "./cliError.ts";
import { waitForLock } from "./lockWait.ts";
import { readWorkbookFile, workbookIdentity } from "./workbookArgs.ts";

const DEFAULT_EXPERIMENT = "driftbook";

export const USAGE = `Usage: driftbook export mlflow --tracking-uri URL <workbook.md>... [options]

Posts the metric points each workbook's production runs recorded (metric(name, value) in
cells) to an MLflow tracking server through its REST API: one MLflow run per workbook and
model (the front matter's model:), each Driftbook run a step at its time, each label a part
of the metric key (name/label/value). An export cursor in the database remembers the MLflow
run and the last point sent, so running it again (from cron, say) sends only what is new.
Authentication is MLflow's: MLFLOW_TRACKING_TOKEN (bearer), or MLFLOW_TRACKING_USERNAME and
MLFLOW_TRACKING_PASSWORD (basic).

Options:
  --tracking-uri URL   the MLflow tracking server, http(s)://host:port (default $MLFLOW_TRACKING_URI)
  --experiment NAME    the MLflow experiment, created when missing (default "${DEFAULT_EXPERIMENT}")
  --db PATH|URL        a SQLite file or postgres:// URL (default $DRIFTBOOK_DATABASE_URL, else ./${DEFAULT_DB_PATH})
  --workbooks DIR      the workbooks folder: a workbook's points are recorded under its path
                       relative to it (default ./workbooks)`;

const TARGETS = ["mlflow"];

export async function exportCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    args,
    {
      "tracking-uri": { type: "string" },
      experiment: { type: "string" },
      db: { type: "string" },
      workbooks: { type: "string" },
    },
    USAGE,
  );
  const [target, ...files] = positionals;
  if (!target || !TARGETS.includes(target))
    throw new CliError(`give the target first: driftbook export ${TARGETS.join("|")} ...\n\n${USAGE}`);
  if (files.length === 0) throw new CliError(`name at least one workbook to export\n\n${USAGE}`);
  const trackingUri = trackingUriOf(values["tracking-uri"] ?? process.env.MLFLOW_TRACKING_URI);
  const experiment = values.experiment ?? DEFAULT_EXPERIMENT;
  const dbPath = databaseLocation(values.db);
  if (!isPostgresUrl(dbPath) && !existsSync(dbPath))
    throw new CliError(`no database at ${dbPath}: give its path or URL with --db`);
  const client = new MlflowClient(trackingUri, {
    token: process.env.MLFLOW_TRACKING_TOKEN,
    username: process.env.MLFLOW_TRACKING_USERNAME,
    password: process.env.MLFLOW_TRACKING_PASSWORD,
  });
  const db = openDatabase(dbPath, { retryBusy: waitForLock(dbPath) });
  try {
    for (const file of files) {
      const loaded = await readWorkbookFile(file);
      const model = loaded.doc.frontMatter?.data?.model;
      const workbook = workbookIdentity(file, values.workbooks ?? "workbooks");
      const result = await exportToMlflow(
        db,
        { client, trackingUri, experiment },
        { workbook, model: typeof model === "string" ? model : undefined },
      ).catch((error: unknown) => {
        throw error instanceof MlflowError ? new CliError(`${workbook}: ${error.message}`) : error;
      });
      console.log(
        result.runId === undefined
          ? `${workbook}: no metric points recorded yet; nothing sent`
          : `${workbook}: ${result.points} new point${result.points === 1 ? "" : "s"} sent in ${result.batches} batch${result.batches === 1 ? "" : "es"} to MLflow run ${result.runId}${result.created ? " (created)" : ""} of experiment "${experiment}"`,
      );
    }
    return EXIT.ok;
  } finally {
    db.close();
  }
}

/** An http(s) URL: MLflow's file: and databricks URIs are not REST servers. */
function trackingUriOf(uri: string | undefined): string {
  if (!uri) throw new CliError(`give the MLflow tracking server with --tracking-uri URL\n\n${USAGE}`);
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    throw new CliError(`--tracking-uri: "${uri}" is not a URL; give http(s)://host:port of an MLflow tracking server`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:")
    throw new CliError(`--tracking-uri: "${uri}" is not an http(s) URL; the export speaks MLflow's REST API`);
  return uri.replace(/\/+$/, "");
}
