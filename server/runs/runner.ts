/**
 * The server's headless runs: run-now and scheduled ticks of workbooks in the workbooks folder,
 * each through executeRun with the server's database, notification outbox and report storage.
 * It knows which workbooks are running, so the scheduler skips a tick and run-now refuses
 * (RunInProgress, naming the running run) instead of overlapping. It tells `changed` of each
 * run it records, as the run starts and as it ends, so open editors need not poll.
 */
import { join } from "node:path";
import type { NotificationQueue } from "../alerts/evaluate.ts";
import type { WorkbookTopic } from "../protocol/index.ts";
import type { ParamDeclaration } from "../workbook/paramDeclarations.ts";
import { ParamValueError, resolveParams } from "../workbook/params.ts";
import { workbookFromText } from "../workspace/workbookFile.ts";
import type { Workspace } from "../workspace/workspace.ts";
import type { HostOptions } from "../runtime/host.ts";
import type { Db } from "../store/db.ts";
import { executeRun } from "./execute.ts";
import { workbookLink } from "./outcome.ts";
import type { ReportStorage } from "./reports.ts";
import { isProductionRun } from "./production.ts";
import { DEFAULT_RUN_TIMEOUT_MS, scheduleOf } from "./schedule.ts";
import { RunStore, type RunRecord, type RunTrigger } from "./store.ts";

/** A run request naming a parameter the workbook does not have. */
export class ParamError extends Error {}

/** A run request for a workbook that is running: `runId` is the running run's. */
export class RunInProgress extends Error {
  constructor(
    path: string,
    readonly runId: number,
  ) {
    super(`${path} is running (run ${runId}); wait for it to finish`);
  }
}

/**
 * How a requested run differs from a production run: `alerts` makes a what-if move alerts all the
 * same (production.ts); `asOf` reads the data as it was then, always a what-if (execute.ts).
 */
export interface RunChoice {
  alerts?: boolean;
  asOf?: number;
}

interface Running {
  done: Promise<RunRecord>;
  /** The running run's id, once its record exists (rejects when the run failed before it started). */
  id: Promise<number>;
}

export interface RunnerOptions {
  workspace: Workspace;
  db: Db;
  dbPath: string;
  /** This server's name (`--server-name`), recorded with each run. */
  server: string;
  notifications: NotificationQueue;
  reports: ReportStorage;
  hostOptions?: Omit<HostOptions, "dbPath" | "workbookId">;
  /** The server's URL, for links in notifications. */
  baseUrl?: string;
  /** Told when a topic of a workbook changed: its runs as a run starts, its runs and alerts as it ends. */
  changed?: (path: string, ...topics: WorkbookTopic[]) => void;
  now?: () => number;
}

export class Runner {
  private readonly running = new Map<string, Running>();
  private readonly stopping = new AbortController();
  private readonly runs: RunStore;

  constructor(private readonly options: RunnerOptions) {
    this.runs = new RunStore(options.db, options.server);
  }

  isRunning(path: string): boolean {
    return this.running.has(path);
  }

  /** Whether another server is running the workbook: a run of it going that started within `timeoutMs`. */
  isRunningElsewhere(path: string, timeoutMs: number): boolean {
    return this.runs.isRunningElsewhere(path, (this.options.now ?? Date.now)() - timeoutMs);
  }

  /** Resolves once the workbook's run in progress, if any, has ended (however it ended). */
  async idle(path: string): Promise<void> {
    await this.running.get(path)?.done.catch(() => undefined);
  }

  /**
   * Runs the workbook at `path` once, with its front matter's params overridden by `params`,
   * within its front matter's `timeout`, and returns the run record; rejects with RunInProgress
   * when the workbook is running already. With params other than the defaults it is a what-if
   * run, unless `alerts` says otherwise (see production.ts); as of a moment, always one.
   */
  run(
    path: string,
    trigger: RunTrigger,
    params: Record<string, unknown> = {},
    choice: RunChoice = {},
  ): Promise<RunRecord> {
    const current = this.running.get(path);
    if (current) {
      return current.id.then((runId) => {
        throw new RunInProgress(path, runId);
      });
    }
    let started: (runId: number) => void = () => {};
    const startedId = new Promise<number>((resolve) => (started = resolve));
    const onStart = (runId: number) => {
      started(runId);
      this.options.changed?.(path, "runs");
    };
    const done = this.execute(path, trigger, params, choice, onStart).finally(() => {
      if (this.running.get(path)?.done === done) this.running.delete(path);
      this.options.changed?.(path, "runs", "alerts");
    });
    const id = Promise.race([startedId, done.then((record) => record.id)]);
    id.catch(() => {}); // a run that fails before it starts is reported through `done`, to its own caller
    this.running.set(path, { done, id });
    return done;
  }

  /** Records a tick that found the previous run still going. */
  recordSkipped(path: string, trigger: RunTrigger): RunRecord {
    const id = this.runs.insert({
      workbook: path,
      version: "",
      params: {},
      trigger,
      production: true,
      startedAt: (this.options.now ?? Date.now)(),
      durationMs: 0,
      status: "skipped",
      cells: [],
      errors: [{ message: "skipped: the previous run of this workbook was still going" }],
      alerts: [],
    });
    this.options.changed?.(path, "runs");
    return this.runs.get(id)!;
  }

  /** Stops every run in progress and waits for them to be recorded as interrupted. */
  async close(): Promise<void> {
    this.stopping.abort("the server shut down");
    await Promise.allSettled([...this.running.values()].map((running) => running.done));
  }

  private async execute(
    path: string,
    trigger: RunTrigger,
    overrides: Record<string, unknown>,
    { alerts, asOf }: RunChoice,
    onStart: (runId: number) => void,
  ): Promise<RunRecord> {
    const file = await this.options.workspace.read(path);
    if (!file) throw new Error(`no such workbook: ${path}`);
    const workbook = workbookFromText(path, file.text);
    const params = checkedParams(workbook.paramDeclarations, overrides);
    const { schedule } = scheduleOf(workbook.doc.frontMatter?.data);
    const { record } = await executeRun({
      workbook,
      id: path,
      file: join(this.options.workspace.root, path),
      params,
      trigger,
      production: asOf === undefined && isProductionRun({ defaults: workbook.paramDefaults, params, alerts }),
      asOf,
      db: this.options.db,
      dbPath: this.options.dbPath,
      server: this.options.server,
      notifications: this.options.notifications,
      hostOptions: this.options.hostOptions,
      timeoutMs: schedule?.timeoutMs ?? DEFAULT_RUN_TIMEOUT_MS,
      reports: this.options.reports,
      link: this.options.baseUrl && workbookLink(this.options.baseUrl, path),
      signal: this.stopping.signal,
      onStart,
      now: this.options.now,
    });
    return record;
  }
}

/**
 * The workbook's params with run-now's `overrides` (JSON values) checked as `--param` text is
 * against each declaration (an option of a select, a number in a range, a date, …), so a run
 * over HTTP gets what the command line and the readers' controls would give it.
 */
function checkedParams(declarations: ParamDeclaration[], overrides: Record<string, unknown>): Record<string, unknown> {
  const texts = Object.fromEntries(
    Object.entries(overrides).map(([key, value]) => [key, typeof value === "string" ? value : JSON.stringify(value)]),
  );
  try {
    return resolveParams(declarations, texts);
  } catch (error) {
    if (error instanceof ParamValueError) throw new ParamError(error.message);
    throw error;
  }
}
