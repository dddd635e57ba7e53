/**
 * One recorded headless run, the single implementation behind `driftbook run`, run-now, the
 * scheduler and runs on new data: records the run as it starts, runs the workbook on the runtime
 * host, evaluates its alert rules with the state the server shares (queueing their
 * notifications in the outbox, which delivers them after the run is recorded, never within it),
 * and completes the record with its metric points and online detectors' states (stdlib/online.ts)
 * and, when asked, its report. A what-if run (`production: false`) only previews its rules from
 * the stored state and records no metric points or online states: it changes nothing a
 * production run counts on (DESIGN.md, "Production runs and previews").
 * An as-of run (`asOf`, issue 19) reads the data as it was at T and is always a what-if, its rules
 * previewed as at T.
 */
import { performance } from "node:perf_hooks";
import type { NotificationQueue } from "../alerts/evaluate.ts";
import { AlertStore, type StoredInstance, type AlertTransition } from "../alerts/state.ts";
import type { LoadedWorkbook } from "../workspace/workbookFile.ts";
import { versionOf } from "../workspace/workspace.ts";
import { renderReport } from "../render/report.ts";
import type { HostOptions } from "../runtime/host.ts";
import type { MetricPoint, OnlineSave } from "../runtime/messages.ts";
import { runWorkbook, type CellReport, type RunReport } from "../runtime/runWorkbook.ts";
import type { Db } from "../store/db.ts";
import { saveOnlineStates } from "../store/onlineState.ts";
import { evaluateRunAlerts, forgetRemovedAlerts, runOutcome } from "./outcome.ts";
import { gitCommitOf, reportProvenance } from "./provenance.ts";
import { storeReport, type ReportStorage } from "./reports.ts";
import { interruptedError, RunStore, type RunError, type RunRecord, type RunStatus, type RunTrigger } from "./store.ts";

export interface ExecuteOptions {
  workbook: LoadedWorkbook;
  /** The workbook's identity: its path in the workbooks folder (alert rule ids, run history, metrics). */
  id: string;
  /** The workbook file on disk, for its git commit. */
  file: string;
  /** The commit the workbook's text came from, when it is a past version (`driftbook run --rev`). */
  gitCommit?: string;
  params: Record<string, unknown>;
  trigger: RunTrigger;
  /** A production run moves alert state, notifies and records metric points; a what-if run only previews. */
  production: boolean;
  /** Read the data as it was at this moment (epoch ms): an as-of run, which must not be a production run. */
  asOf?: number;
  /** The server's database (read-write): alert state, run records, metric points. */
  db: Db;
  /** The same database's file, which `sql` cells and `metrics()` read. */
  dbPath: string;
  /** The server running it (`--server-name`), recorded with the run; none for `driftbook run`. */
  server?: string;
  /** Where the alert rules' notifications are queued. */
  notifications: NotificationQueue;
  hostOptions?: Omit<HostOptions, "dbPath" | "workbookId">;
  /** The whole run's time limit; past it the run stops and is recorded as a timeout. */
  timeoutMs?: number;
  /** Store the run's HTML report here. */
  reports?: ReportStorage;
  /** A link to the workbook, for notifications (see workbookLink). */
  link?: string;
  /**
   * Stops the run early (a shutdown); it is recorded as `interrupted`, with the signal's reason
   * (a string) as its error, and its partial outputs move no alert.
   */
  signal?: AbortSignal;
  onCell?: (cell: CellReport) => void;
  /** Told the run's id once its record exists, before any cell runs. */
  onStart?: (runId: number) => void;
  now?: () => number;
}

export interface ExecutedRun {
  record: RunRecord;
  report: RunReport;
  transitions: AlertTransition[];
  /** The workbook's alert instances that are firing after the run (for a what-if: would be). */
  firing: FiringInstance[];
}

/** An alert instance by its identity. */
export type FiringInstance = Pick<StoredInstance, "ruleId" | "instance">;

export async function executeRun(options: ExecuteOptions): Promise<ExecutedRun> {
  const { workbook, id, params, asOf } = options;
  if (asOf !== undefined && options.production)
    throw new Error("an as-of run is a what-if: it cannot be a production run (production: false)");
  const startedAt = (options.now ?? Date.now)();
  const start = performance.now();
  const gitCommit = options.gitCommit ?? gitCommitOf(options.file);
  const runs = new RunStore(options.db, options.server);
  const { production } = options;
  const record = {
    workbook: id,
    version: versionOf(workbook.text),
    params,
    trigger: options.trigger,
    production,
    ...(asOf !== undefined && { asOf }),
    startedAt,
  };
  const runId = runs.begin(record);
  options.onStart?.(runId);
  const points: MetricPoint[] = [];
  const onlineStates: OnlineSave[] = [];
  const timeout = new AbortController();
  const timer = options.timeoutMs === undefined ? undefined : setTimeout(() => timeout.abort(), options.timeoutMs);
  const signal = options.signal ? AbortSignal.any([timeout.signal, options.signal]) : timeout.signal;
  let report: RunReport;
  try {
    report = await runWorkbook({
      ...options.hostOptions,
      dbPath: options.dbPath,
      workbookId: id,
      workbook: workbook.path,
      doc: workbook.doc,
      analysis: workbook.analysis,
      params,
      asOf,
      signal,
      onCell: options.onCell,
      onMetric: (point) => production && points.push(point),
      onOnline: (save) => production && onlineStates.push(save),
    });
  } catch (error) {
    const durationMs = Math.round(performance.now() - start);
    runs.finish(runId, {
      ...record,
      durationMs,
      status: "failed",
      cells: [],
      errors: [{ message: (error as Error).message }],
      alerts: [],
    });
    throw error;
  } finally {
    clearTimeout(timer);
  }
  const status: RunStatus = timeout.signal.aborted
    ? "timeout"
    : options.signal?.aborted
      ? "interrupted"
      : report.status;
  const alerts = new AlertStore(options.db);
  const commit = await gitCommit;
  // From here to the record, nothing awaits: the outbox's loop starts on the queued
  // notifications only once the run is recorded.
  const transitions = status === "ok" || status === "failed" ? advanceAlerts(options, report, alerts) : [];
  report.alerts = transitions;
  const firing = firingAfter(options, report, alerts);
  const { cells, errors } = runOutcome(workbook, report.cells);
  runs.finish(
    runId,
    {
      ...record,
      gitCommit: commit,
      durationMs: Math.round(performance.now() - start),
      status,
      cells,
      errors: [...errors, ...endErrors(status, options)],
      alerts: transitions,
    },
    points,
  );
  // A run stopped early stores no online state: its cells may have fed rows a later run would lose.
  if (status === "ok" || status === "failed") saveOnlineStates(options.db, id, onlineStates, startedAt);
  if (options.reports) {
    const { file, gitCommit: commit, trigger, production, now } = options;
    const provenance = await reportProvenance({ file, workbook: id, commit, params, trigger, production, asOf, now });
    const { dataWindows } = report;
    const html = renderReport({
      title: workbook.title,
      doc: workbook.doc,
      cells: report.cells,
      provenance,
      dataWindows,
    });
    storeReport(options.db, { id: runId, workbook: id }, html, options.reports);
  }
  return { record: runs.get(runId)!, report, transitions, firing };
}

/**
 * Forgets the rules removed from the workbook, then advances the others on the run's outputs
 * (a what-if only previews both); returns their transitions and puts each alert instance's
 * state beside its output in `report`.
 */
function advanceAlerts(
  { workbook, id, trigger, production, params, notifications, link, asOf }: ExecuteOptions,
  report: RunReport,
  store: AlertStore,
): AlertTransition[] {
  if (production) forgetRemovedAlerts({ workbook, id, store, trigger });
  const evaluation = evaluateRunAlerts({
    workbook,
    id,
    cells: report.cells,
    trigger,
    preview: !production,
    params,
    store,
    notifications,
    link,
    now: asOf,
  });
  report.cells = evaluation.cells;
  return evaluation.transitions;
}

/** The instances firing after the run: as stored, or for a what-if as its preview left them. */
function firingAfter({ id, production }: ExecuteOptions, report: RunReport, store: AlertStore): FiringInstance[] {
  if (production) return store.instances({ workbook: id }).filter((instance) => instance.state === "firing");
  return report.cells.flatMap((cell) =>
    cell.outputs.flatMap((output) =>
      output.kind !== "alert"
        ? []
        : output.instances
            .filter((shown) => shown.standing?.state === "firing")
            .map((shown) => ({ ruleId: `${id}#${output.name}`, instance: shown.key ?? "" })),
    ),
  );
}

/** Why a run that did not finish ended early. */
function endErrors(status: RunStatus, { timeoutMs, signal }: ExecuteOptions): RunError[] {
  if (status === "timeout")
    return [{ message: `the run took longer than its time limit of ${(timeoutMs ?? 0) / 1000} s and was stopped` }];
  if (status === "interrupted") {
    return [interruptedError(typeof signal?.reason === "string" ? signal.reason : "it was stopped")];
  }
  return [];
}
