/**
 * `driftbook run`: runs one workbook, or with `--all` every scheduled one, headless through the
 * run executor (server/runs/execute.ts), printing each cell and alert change, recording the run,
 * delivering its notifications, and exiting with a code CI and cron can act on (see USAGE).
 */
import { writeFile } from "node:fs/promises";
import { databaseLocation } from "../store/location.ts";
import { join } from "node:path";
import type { NotificationQueue } from "../alerts/evaluate.ts";
import { alertRules } from "../alerts/rule.ts";
import { Workspace } from "../workspace/workspace.ts";
import { type Db } from "../store/db.ts";
import { loadWorkbook, type LoadedWorkbook } from "../workspace/workbookFile.ts";
import { renderReport } from "../render/report.ts";
import type { HostOptions } from "../runtime/host.ts";
import type { CellReport } from "../runtime/runWorkbook.ts";
import { resolveParams } from "../workbook/params.ts";
import { executeRun, type ExecutedRun } from "../runs/execute.ts";
import { reportProvenance } from "../runs/provenance.ts";
import { isProductionRun } from "../runs/production.ts";
import { AsOfError, asOfTime } from "../runs/asOf.ts";
import { scheduleOf } from "../runs/schedule.ts";
import { parseCommandArgs } from "./args.ts";
import { CELL_OPTIONS, CELL_USAGE, cellHostOptions } from "./cellOptions.ts";
import { CliError, EXIT } from "./cliError.ts";
import { formatProblem } from "./problems.ts";
import { interruptOnSignals, readConfig, withDatabase } from "./runEnvironment.ts";
import { parseParamArgs, pastVersion, readWorkbookFile, workbookIdentity } from "./workbookArgs.ts";

const USAGE = `Usage: driftbook run <workbook.md> [options]
       driftbook run --all [--workbooks DIR] [options]

Runs every cell once without a browser and prints one line per cell as it finishes, then
evaluates the workbook's alert rules (state is kept in the database, as the server keeps it)
and records the run in the database's run history. Notifications go to the database's
outbox: this command delivers them (and any left due by earlier runs or the server) while
it works, waits at most --notify-timeout after the run for its own, and leaves the rest in
the outbox, where driftbook serve or the next run delivers them.
With --param values other than the front matter's, or --rev, the run is a what-if: it shows
what the alert rules would do from the stored state, marked as a preview, but moves no alert,
notifies nobody and records no metric points (its run record says production: false);
--alerts makes it a production run all the same.
With --as-of, the run reads the data as it was at that moment: the rows and labels that had
arrived by then, the reference set in force then, since(), now and metrics() counting from
it. It is always a what-if (not with --alerts), its rules previewed as at that moment.
With --all, runs once every workbook in the workbooks folder that has a schedule, each
within its front matter's timeout (for an external cron, a Kubernetes CronJob or CI).
Exit code: 0 when every cell fulfilled and no alert fires, 1 when an alert is firing after
the run (for a what-if: would be), 2 when any cell failed. SIGINT or SIGTERM stops the run, records it as interrupted
and exits 130 or 143.

Options:
  --all                run every scheduled workbook of the workbooks folder
  --param KEY=VALUE    override a front-matter parameter (repeatable; not with --all)
  --rev COMMIT         run the workbook as it was in that commit (a hash, HEAD or HEAD~N)
                       on today's data; the file must be in a git repository
  --alerts             with --param or --rev: move alert state and notify, as a production
                       run does (by default such a what-if run only previews its rules)
  --as-of TIME         run on the data as it was at TIME: ISO 8601 with a zone
                       (2026-11-20T12:00Z) or epoch milliseconds, not in the future; a what-if
  --json FILE          write the run report as JSON, with its provenance (not with --all)
  --html FILE          write a self-contained HTML report, headed by its provenance: time,
                       workbook, commit, params, trigger, data read, version (not with --all)
${CELL_USAGE}
  --db PATH|URL        the database sql cells read: a SQLite file or postgres:// URL (default $DRIFTBOOK_DATABASE_URL, else ./data/driftbook.db)
  --config FILE        alert channels (default ./driftbook.config.json, if present)
  --workbooks DIR      the workbooks folder: the path is relative to it for alert identity
                       and run history; --all runs its workbooks (default ./workbooks)
  --notify-timeout S   wait at most S seconds after the runs for notifications to be
                       delivered (default 10); the exit code never depends on them
  --notify-expire DURATION
                       give up a notification not delivered within this time (default 24h)`;

type RunValues = {
  db?: string;
  config?: string;
  workbooks?: string;
  "notify-timeout"?: string;
  "notify-expire"?: string;
};

export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    args,
    {
      all: { type: "boolean" },
      param: { type: "string", multiple: true },
      rev: { type: "string" },
      alerts: { type: "boolean" },
      "as-of": { type: "string" },
      json: { type: "string" },
      html: { type: "string" },
      ...CELL_OPTIONS,
      db: { type: "string" },
      config: { type: "string" },
      workbooks: { type: "string" },
      "notify-timeout": { type: "string" },
      "notify-expire": { type: "string" },
    },
    USAGE,
  );
  const hostOptions = cellHostOptions(values);
  if (values.all) {
    const forOneWorkbook = [values.param, values.rev, values.alerts, values["as-of"], values.json, values.html];
    if (positionals.length > 0 || forOneWorkbook.some((value) => value !== undefined))
      throw new CliError(`--all takes no workbook, --param, --rev, --alerts, --as-of, --json or --html\n\n${USAGE}`);
    return runAll(values, hostOptions);
  }
  if (positionals.length !== 1) throw new CliError(`expected one workbook file\n\n${USAGE}`);
  const asOf = asOfOption(values["as-of"], values.alerts);
  const past = values.rev === undefined ? undefined : await pastVersion(positionals[0], values.rev);
  if (past) console.log(`running ${positionals[0]} as of commit ${past.commit.slice(0, 7)}`);
  const workbook = past?.workbook ?? (await readWorkbookFile(positionals[0]));
  let params: Record<string, unknown>;
  try {
    params = resolveParams(workbook.paramDeclarations, parseParamArgs(values.param ?? []));
  } catch (error) {
    throw new CliError((error as Error).message);
  }
  for (const problem of workbook.analysis.problems.filter((p) => p.cellIndex === undefined)) {
    console.error(formatProblem(workbook.path, problem));
  }

  const config = await readConfig(values.config, alertRules(workbook.path, workbook.analysis).length > 0);
  const interrupt = interruptOnSignals();
  const production =
    asOf === undefined &&
    isProductionRun({
      defaults: workbook.paramDefaults,
      params,
      rev: values.rev,
      alerts: values.alerts || undefined,
    });
  const { report, record, firing } = await withDatabase(values, config, (db, notifications) =>
    runOne(
      workbook,
      {
        file: positionals[0],
        id: workbookIdentity(positionals[0], values.workbooks ?? "workbooks"),
        gitCommit: past?.commit,
        production,
        asOf,
        signal: interrupt.signal,
      },
      params,
      { db, notifications },
      values,
      hostOptions,
    ),
  ).finally(interrupt.dispose);
  if (values.json || values.html) {
    const file = positionals[0];
    const provenance = await reportProvenance({
      file,
      workbook: file,
      commit: past?.commit,
      params,
      trigger: "cli",
      production,
      asOf,
    });
    if (values.json) await writeFile(values.json, JSON.stringify({ ...report, provenance }, null, 2) + "\n");
    if (values.html) {
      const html = renderReport({
        title: workbook.title,
        doc: workbook.doc,
        cells: report.cells.map((cell) => ({ status: cell.status, ms: cell.ms, outputs: cell.outputs })),
        provenance,
        dataWindows: report.dataWindows,
      });
      await writeFile(values.html, html);
    }
  }
  if (record.status === "interrupted") return interrupt.exitCode();
  if (report.status !== "ok") return EXIT.failed;
  return firing.length > 0 ? EXIT.alertFiring : EXIT.ok;
}

/** Runs each scheduled workbook once; the exit code is the worst of their outcomes. */
async function runAll(values: RunValues, hostOptions: HostOptions): Promise<number> {
  const workspace = new Workspace(values.workbooks ?? "workbooks");
  const paths = await workspace.list();
  let exitCode: number = EXIT.ok;
  const config = await readConfig(values.config, true);
  const interrupt = interruptOnSignals();
  await withDatabase(values, config, async (db, notifications) => {
    for (const path of paths) {
      if (interrupt.signal.aborted) return;
      const file = join(workspace.root, path);
      const workbook = await loadWorkbook(file, path);
      const { schedule, error } = scheduleOf(workbook.doc.frontMatter?.data);
      if (error) console.error(`${path}: ${error}`);
      if (!schedule) continue;
      console.log(`run     ${path}`);
      const { record, firing } = await runOne(
        workbook,
        { file, id: path, production: true, signal: interrupt.signal },
        workbook.paramDefaults,
        { db, notifications },
        values,
        hostOptions,
        schedule.timeoutMs,
      );
      const outcome = record.status !== "ok" ? EXIT.failed : firing.length > 0 ? EXIT.alertFiring : EXIT.ok;
      exitCode = Math.max(exitCode, outcome);
    }
  }).finally(interrupt.dispose);
  return interrupt.signal.aborted ? interrupt.exitCode() : exitCode;
}

/** Runs and records one workbook, printing each cell, each alert transition and the summary. */
async function runOne(
  workbook: LoadedWorkbook,
  {
    file,
    id,
    gitCommit,
    production,
    asOf,
    signal,
  }: { file: string; id: string; gitCommit?: string; production: boolean; asOf?: number; signal: AbortSignal },
  params: Record<string, unknown>,
  { db, notifications }: { db: Db; notifications: NotificationQueue },
  values: RunValues,
  hostOptions: HostOptions,
  timeoutMs?: number,
): Promise<ExecutedRun> {
  const executed = await executeRun({
    workbook,
    id,
    file,
    gitCommit,
    params,
    trigger: "cli",
    production,
    asOf,
    db,
    dbPath: databaseLocation(values.db),
    notifications,
    hostOptions,
    timeoutMs,
    signal,
    onCell: (cell) => console.log(formatCell(cell)),
  });
  const { report, record, transitions, firing } = executed;
  if (asOf !== undefined) console.log(`as of ${new Date(asOf).toISOString()}: the data as it was then`);
  if (!production) console.log("what-if run: alert rules previewed from the stored state, nothing moved or notified");
  const would = production ? "" : "would be ";
  for (const transition of transitions) {
    console.log(
      `alert   ${transition.ruleId}${transition.instance ? ` [${transition.instance}]` : ""}: ${would}${transition.from} → ${transition.to}`,
    );
  }
  for (const instance of firing)
    console.log(
      `${production ? "firing" : "would fire"}  ${instance.ruleId}${instance.instance ? ` [${instance.instance}]` : ""}`,
    );
  const failed = report.cells.filter((cell) => cell.status !== "fulfilled").length;
  console.log(
    `${record.status}: ${report.cells.length - failed} of ${report.cells.length} cells fulfilled in ${report.durationMs} ms`,
  );
  return executed;
}

/** `--as-of TIME` as epoch ms; an as-of run only previews, so not with --alerts. */
function asOfOption(value: string | undefined, alerts: boolean | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (alerts)
    throw new CliError("--as-of runs are what-ifs: they move no alert and notify nobody, so not with --alerts");
  try {
    return asOfTime(value, "--as-of");
  } catch (error) {
    if (error instanceof AsOfError) throw new CliError(error.message);
    throw error;
  }
}

function formatCell(cell: CellReport): string {
  const mark = cell.status === "fulfilled" ? "ok     " : cell.status === "timeout" ? "timeout" : "failed ";
  const label = `cell ${cell.index + 1} ${cell.kind}${cell.name ? ` ${cell.name}` : ""}`;
  const error = cell.error ? `  ${filePlace(cell.error)}${cell.error.message}` : "";
  return `${mark} ${label.padEnd(24)} ${String(cell.ms).padStart(6)} ms${error}`;
}

/** "line 12:5: " in the workbook file, as `check` and editors number it; "" when unknown. */
function filePlace({ line, column }: { line?: number; column?: number }): string {
  return line === undefined ? "" : `line ${line}${column === undefined ? "" : `:${column}`}: `;
}
