/**
 * The scheduler: the workbooks that run by themselves. One croner job per workbook whose front
 * matter has a `schedule`; each tick runs the workbook headlessly, and a tick that finds the
 * previous run still going is recorded as skipped, never overlapped. After downtime, one
 * catch-up run (not one per missed tick) when the last recorded run is older than the last
 * scheduled time. Several servers on one database all keep the schedules, and each tick runs on
 * the one that claims it (runClaims.ts); the run going on another server makes a tick skipped
 * there as here. Workbooks with `on: data` also run on new data (dataTrigger.ts). A bad
 * schedule or trigger is an error on that workbook only. It follows the folder by rescanning
 * every minute, and is told of each saved file's text (only its front matter and cells' words
 * are read: no analysis is needed).
 */
import { Cron } from "croner";
import type { Workspace } from "../workspace/workspace.ts";
import { parseWorkbook } from "../workbook/index.ts";
import { DataRuns, dataTriggerOf, type DataRunsOptions } from "./dataTrigger.ts";
import { lastTickAt, scheduleOf, type Schedule } from "./schedule.ts";
import type { RunRecord, RunTrigger } from "./store.ts";
import type { RunClaims } from "./runClaims.ts";

export interface SchedulerOptions {
  workspace: Workspace;
  runner: DataRunsOptions["runner"] & {
    run(path: string, trigger: RunTrigger): Promise<RunRecord>;
    isRunning(path: string): boolean;
    /** Whether another process (another server) is running the workbook, within its run timeout. */
    isRunningElsewhere(path: string, timeoutMs: number): boolean;
    recordSkipped(path: string, trigger: RunTrigger): RunRecord;
  };
  /** The `every` of `on: data` workbooks that give none; default 1 min. */
  dataEveryMs?: number;
  /** Start of the workbook's latest recorded run, for catch-up after downtime. */
  lastStart: (path: string) => number | undefined;
  /** Decides which server makes each scheduled and data run. */
  claims: Pick<RunClaims, "claim">;
  now?: () => number;
  /** How often the folder is rescanned for new, changed and removed schedules; default 60 s. */
  rescanMs?: number;
  setInterval?: (callback: () => void, ms: number) => unknown;
  clearInterval?: (handle: unknown) => void;
  onError?: (message: string, error: unknown) => void;
}

interface Job {
  key: string;
  cron: Cron;
}

export class Scheduler {
  /** Workbook path → the error in its schedule or data trigger. */
  readonly errors = new Map<string, string>();
  private readonly jobs = new Map<string, Job>();
  private readonly dataRuns: DataRuns;
  private interval: unknown;
  private stopped = false;

  constructor(private readonly options: SchedulerOptions) {
    this.dataRuns = new DataRuns({
      runner: options.runner,
      claims: options.claims,
      now: options.now,
      onError: options.onError,
    });
  }

  async start(): Promise<void> {
    await this.rescan();
    const every = this.options.setInterval ?? ((callback, ms) => setInterval(callback, ms).unref());
    this.interval = every(
      () => void this.rescan().catch((error) => this.report("rescanning the workbooks folder", error)),
      this.options.rescanMs ?? 60_000,
    );
  }

  /** Re-reads every workbook's schedule: starts, replaces and stops jobs to match the folder. */
  async rescan(): Promise<void> {
    const { workspace } = this.options;
    const paths = await workspace.list();
    for (const path of paths) this.fileChanged(path, (await workspace.read(path).catch(() => undefined))?.text);
    for (const path of [...this.jobs.keys()]) if (!paths.includes(path)) this.unschedule(path);
    for (const path of [...this.errors.keys()]) if (!paths.includes(path)) this.errors.delete(path);
  }

  /** Reads one workbook's schedule from its new text (it was saved or added), or stops it (`undefined`: it was removed). */
  fileChanged(path: string, text: string | undefined): void {
    if (this.stopped) return;
    if (text === undefined) {
      this.unschedule(path);
      this.dataRuns.set(path, undefined);
      this.errors.delete(path);
      return;
    }
    const doc = parseWorkbook(text);
    const { schedule, error } = scheduleOf(doc.frontMatter?.data);
    const onData = dataTriggerOf(doc, this.options.dataEveryMs);
    this.dataRuns.set(path, onData.trigger);
    const errors = [error, onData.error].filter(Boolean);
    if (errors.length) this.errors.set(path, errors.join("; "));
    else this.errors.delete(path);
    if (!schedule) return this.unschedule(path);
    const key = JSON.stringify(schedule);
    if (this.jobs.get(path)?.key === key) return;
    const isNew = !this.jobs.has(path);
    this.unschedule(path);
    this.jobs.set(path, { key, cron: this.cronFor(path, schedule) });
    const missed = isNew ? this.missedTick(path, schedule) : undefined;
    if (missed !== undefined) this.tick(path, schedule, missed);
  }

  /** New data for `model`: the `on: data` workbooks that name it run (dataTrigger.ts). */
  dataChanged(model: string): void {
    if (!this.stopped) this.dataRuns.dataChanged(model);
  }

  stop(): void {
    this.stopped = true;
    this.dataRuns.stop();
    if (this.interval !== undefined)
      (this.options.clearInterval ?? ((handle) => clearInterval(handle as NodeJS.Timeout)))(this.interval);
    for (const path of [...this.jobs.keys()]) this.unschedule(path);
  }

  private cronFor(path: string, schedule: Schedule): Cron {
    return new Cron(schedule.cron, { timezone: schedule.tz }, () => {
      // croner fires at the scheduled time or just after it: the tick is the latest scheduled time.
      const tickAt = lastTickAt(schedule, this.now());
      if (tickAt !== undefined) this.tick(path, schedule, tickAt);
    });
  }

  /** The last scheduled time when the latest run started before it (the server was down then), else undefined. */
  private missedTick(path: string, schedule: Schedule): number | undefined {
    const last = this.options.lastStart(path);
    if (last === undefined) return undefined;
    const previous = lastTickAt(schedule, this.now());
    return previous !== undefined && last < previous ? previous : undefined;
  }

  /** Runs the tick of `path` scheduled at `tickAt`, unless another server claimed it; skips it while a run is going. */
  private tick(path: string, schedule: Schedule, tickAt: number): void {
    const { runner, claims } = this.options;
    try {
      if (!claims.claim(path, "schedule", tickAt)) return;
      if (runner.isRunning(path) || runner.isRunningElsewhere(path, schedule.timeoutMs)) {
        runner.recordSkipped(path, "schedule");
        return;
      }
    } catch (error) {
      // The database is unreachable (PostgreSQL restarting): this tick is lost, not the server.
      return this.report(`the scheduled run of ${path}`, error);
    }
    runner.run(path, "schedule").catch((error) => this.report(`the scheduled run of ${path}`, error));
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  private unschedule(path: string): void {
    this.jobs.get(path)?.cron.stop();
    this.jobs.delete(path);
  }

  private report(message: string, error: unknown): void {
    (this.options.onError ?? ((text, cause) => console.error(`${text}:`, cause)))(message, error);
  }
}
