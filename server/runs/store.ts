/**
 * Run history in the database (SQLite or PostgreSQL): one record per headless run (scheduled, CLI, run-now, new data), with
 * what it ran (file hash, git commit, params, production or what-if, the moment an as-of run read), how it went (status, per-cell status and time, errors,
 * alert transitions), its stored report, and the metric points its cells recorded. Each record
 * also keeps the process that wrote it (pid and host name), so a run whose process died before
 * it finished is recorded as interrupted later instead of `running` forever, and the server that
 * ran it (its `--server-name`), which the run history shows when several servers share the
 * database. In the server these
 * writes stay on the main thread: each is one short transaction (see "Main-thread writes" in
 * store/db.ts).
 */
import { hostname } from "node:os";
import type { MetricPoint } from "../runtime/messages.ts";
import { writeTransaction, type Db } from "../store/db.ts";
import type { RunCell, RunError, RunRecord, RunStatus, RunTrigger } from "../protocol/index.ts";

export type { MetricPoint };

/** A metric point as stored: its id (the order points were recorded in, which export cursors follow) and its run. */
export interface StoredMetricPoint extends MetricPoint {
  id: number;
  run: number;
}

export type { RunCell, RunError, RunRecord, RunStatus, RunTrigger };

/** A run as recorded, before the database gives it an id (and the store its server). */
export type NewRun = Omit<RunRecord, "id" | "reportPath" | "server">;

interface RunRow {
  id: number;
  workbook: string;
  content_hash: string;
  git_commit: string | null;
  params: string;
  trigger: string;
  production: number;
  as_of: number | null;
  started_at: number;
  duration_ms: number;
  status: string;
  cells: string;
  errors: string;
  alerts: string;
  /** 1 when the run has a stored report (reports.ts), else 0. */
  report: number;
  server: string | null;
  hostname: string | null;
}

/** A run's columns and whether it has a stored report (runs/reports.ts). */
const RUN_COLUMNS =
  "driftbook_runs.*, (select count(*) from driftbook_reports where run_id = driftbook_runs.id) as report";

export class RunStore {
  constructor(
    readonly db: Db,
    /** The server recording runs (`--server-name`); none for `driftbook run`, whose runs show their host. */
    private readonly server?: string,
  ) {}

  /** Stores a finished run and its metric points in one transaction; returns the run's id. */
  insert(run: NewRun, points: MetricPoint[] = []): number {
    return writeTransaction(this.db, () => {
      const id = this.db
        .prepare(
          `insert into driftbook_runs (workbook, content_hash, git_commit, params, trigger, production, as_of, started_at, duration_ms, status, cells, errors, alerts, pid, hostname, server)
           values (@workbook, @version, @gitCommit, @params, @trigger, @production, @asOf, @startedAt, @durationMs, @status, @cells, @errors, @alerts, @pid, @hostname, @server)
           returning id`,
        )
        .pluck()
        .get({ ...rowOf(run), pid: process.pid, hostname: hostname(), server: this.server ?? null }) as number;
      this.insertPoints(run.workbook, id, points);
      return id;
    });
  }

  /** Records a run as it starts (status `running`), so it has an id while it runs; finish() completes it. */
  begin(
    run: Pick<NewRun, "workbook" | "version" | "params" | "trigger" | "production" | "asOf" | "startedAt">,
  ): number {
    return this.insert({ ...run, durationMs: 0, status: "running", cells: [], errors: [], alerts: [] });
  }

  /** Completes a run recorded by begin(), with its metric points, in one transaction. */
  finish(id: number, run: NewRun, points: MetricPoint[] = []): void {
    writeTransaction(this.db, () => {
      this.db
        .prepare(
          `update driftbook_runs set content_hash = @version, git_commit = @gitCommit, params = @params, duration_ms = @durationMs,
             status = @status, cells = @cells, errors = @errors, alerts = @alerts where id = @id`,
        )
        .run({ ...rowOf(run), id });
      this.insertPoints(run.workbook, id, points);
    });
  }

  /**
   * Records as interrupted the runs left `running` by a process that is gone (killed by
   * kill -9, a crash, a power loss: its finish() never came), and returns a line on each for the log. A server's runs
   * (trigger schedule, manual or data) count only when `serverRuns` is set, which only a serve
   * holding the serve lock (store/serveLock.ts) may do: no other server is alive on the
   * database then, so none of them is still going. A `driftbook run`'s (trigger cli) counts when
   * it ran on this host and its process no longer exists; another host's processes cannot be
   * seen from here, so its runs wait for a serve or run on that host. A run recorded before
   * runs kept their process counts as gone: the Driftbook that wrote it refuses this schema.
   * Should a process thought gone still finish its run (a reused pid is the only way to be
   * wrong, and errs the other way), its finish() overwrites this.
   */
  interruptOrphaned({ serverRuns }: { serverRuns: boolean }): string[] {
    const running = this.db
      .prepare("select id, workbook, trigger, pid, hostname from driftbook_runs where status = 'running'")
      .all() as Array<{
      id: number;
      workbook: string;
      trigger: RunTrigger;
      pid: number | null;
      hostname: string | null;
    }>;
    const here = hostname();
    const orphaned = running.filter(
      ({ trigger, pid, hostname: host }) =>
        pid === null || (host === here && processGone(pid)) || (trigger !== "cli" && serverRuns),
    );
    if (orphaned.length === 0) return []; // the common case takes no write lock
    // `status = 'running'` again: a run may have finished between the read and the lock.
    const interrupt = this.db.prepare(
      "update driftbook_runs set status = 'interrupted', errors = ? where id = ? and status = 'running'",
    );
    return writeTransaction(this.db, () =>
      orphaned.flatMap(({ id, workbook, pid }) => {
        const reason = `the process running it stopped${pid === null ? "" : ` (pid ${pid})`} before it finished`;
        const { changes } = interrupt.run(JSON.stringify([{ message: reason }] satisfies RunError[]), id);
        return changes === 0 ? [] : [`run ${id} of ${workbook} is recorded as interrupted: ${reason}`];
      }),
    );
  }

  private insertPoints(workbook: string, runId: number, points: MetricPoint[]): void {
    const insertPoint = this.db.prepare(
      "insert into driftbook_metric_points (workbook, run_id, name, labels, value, at) values (?, ?, ?, ?, ?, ?)",
    );
    for (const point of points)
      insertPoint.run(workbook, runId, point.name, JSON.stringify(point.labels), point.value, point.at);
  }

  /** The workbook's metric points recorded at or after `since` (epoch ms) with an id above `afterId`, in the order recorded. */
  points(workbook: string, { since = 0, afterId = 0 }: { since?: number; afterId?: number } = {}): StoredMetricPoint[] {
    const rows = this.db
      .prepare(
        "select id, run_id as run, name, labels, value, at from driftbook_metric_points where workbook = ? and at >= ? and id > ? order by id",
      )
      .all(workbook, since, afterId) as Array<Omit<StoredMetricPoint, "labels"> & { labels: string }>;
    return rows.map((row) => ({ ...row, labels: JSON.parse(row.labels) as Record<string, string> }));
  }

  get(id: number): RunRecord | undefined {
    const row = this.db.prepare(`select ${RUN_COLUMNS} from driftbook_runs where id = ?`).get(id) as RunRow | undefined;
    return row && recordOf(row);
  }

  /** A workbook's runs, newest first. */
  list(
    workbook: string,
    { limit = 50, offset = 0 }: { limit?: number; offset?: number } = {},
  ): { runs: RunRecord[]; total: number } {
    const rows = this.db
      .prepare(`select ${RUN_COLUMNS} from driftbook_runs where workbook = ? order by id desc limit ? offset ?`)
      .all(workbook, limit, offset) as RunRow[];
    const { total } = this.db
      .prepare("select count(*) as total from driftbook_runs where workbook = ?")
      .get(workbook) as { total: number };
    return { runs: rows.map(recordOf), total };
  }

  /**
   * The start of the workbook's latest run that was neither skipped nor interrupted, or undefined
   * when it never ran; so a tick cut short by a shutdown is caught up after the restart.
   */
  lastStart(workbook: string): number | undefined {
    const row = this.db
      .prepare(
        "select max(started_at) as at from driftbook_runs where workbook = ? and status not in ('skipped', 'interrupted')",
      )
      .get(workbook) as { at: number | null };
    return row.at ?? undefined;
  }

  /**
   * Whether a process other than this one is running the workbook: a run of it recorded as
   * `running` that started at or after `since` (older ones belong to a process that died).
   */
  isRunningElsewhere(workbook: string, since: number): boolean {
    const found = this.db
      .prepare(
        `select id from driftbook_runs
         where workbook = ? and status = 'running' and started_at >= ? and not (pid = ? and hostname = ?)
         limit 1`,
      )
      .get(workbook, since, process.pid, hostname());
    return found !== undefined;
  }
}

/** The error of a run cut short by a shutdown (the server's, or a signal to `driftbook run`), saying why. */
export function interruptedError(reason: string): RunError {
  return { message: `the run was interrupted before it finished: ${reason}` };
}

/** Whether no process has this id here: signal 0 only checks (kill(2)); EPERM means another user's process has it. */
function processGone(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "ESRCH";
  }
}

function rowOf(run: NewRun) {
  return {
    workbook: run.workbook,
    version: run.version,
    gitCommit: run.gitCommit ?? null,
    params: JSON.stringify(run.params),
    trigger: run.trigger,
    production: run.production ? 1 : 0,
    asOf: run.asOf ?? null,
    startedAt: run.startedAt,
    durationMs: run.durationMs,
    status: run.status,
    cells: JSON.stringify(run.cells),
    errors: JSON.stringify(run.errors),
    alerts: JSON.stringify(run.alerts),
  };
}

function recordOf(row: RunRow): RunRecord {
  const record: RunRecord = {
    id: row.id,
    workbook: row.workbook,
    version: row.content_hash,
    params: JSON.parse(row.params),
    trigger: row.trigger as RunTrigger,
    production: row.production === 1,
    startedAt: row.started_at,
    durationMs: row.duration_ms,
    status: row.status as RunStatus,
    cells: JSON.parse(row.cells),
    errors: JSON.parse(row.errors),
    alerts: JSON.parse(row.alerts),
  };
  if (row.as_of !== null) record.asOf = row.as_of;
  if (row.git_commit) record.gitCommit = row.git_commit;
  if (row.report) record.reportPath = `/api/v1/runs/${row.id}/report`;
  const server = row.server ?? row.hostname;
  if (server) record.server = server;
  return record;
}
