/**
 * The scheduler: one croner job per workbook whose front matter has a `schedule`. Each tick
 * runs the workbook headlessly; a tick that finds the previous run still going is recorded as
 * skipped, never overlapped. After downtime, one catch-up run (not one per missed tick) when
 * the last recorded run is older than the last scheduled time. A bad schedule is an error on
 * that workbook only. It follows the folder by rescanning every minute, and is told of each
 * saved file's text (only its front matter is read: the schedule needs no analysis).
 */
import { Cron } from "croner";
import type { Workspace } from "../workspace/workspace.ts";
import { parseWorkbook } from "../workbook/index.ts";
import { scheduleOf, type Schedule } from "./schedule.ts";
import type { RunRecord, RunTrigger } from "./store.ts";

export interface SchedulerOptions {
  workspace: Workspace;
  runner: {
    run(path: string, trigger: RunTrigger): Promise<RunRecord>;
    isRunning(path: string): boolean;
    recordSkipped(path: string, trigger: RunTrigger): RunRecord;
  };
  /** Start of the workbook's latest recorded run, for catch-up after downtime. */
  lastStart: (path: string) => number | undefined;
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
  /** Workbook path → the error in its schedule. */
  readonly errors = new Map<string, string>();
  private readonly jobs = new Map<string, Job>();
  private interval: unknown;
  private stopped = false;

  constructor(private readonly options: SchedulerOptions) {}

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
      this.errors.delete(path);
      return;
    }
    const { schedule, error } = scheduleOf(parseWorkbook(text).frontMatter?.data);
    if (error) this.errors.set(path, error);
    else this.errors.delete(path);
    if (!schedule) return this.unschedule(path);
    const key = JSON.stringify(schedule);
    if (this.jobs.get(path)?.key === key) return;
    const isNew = !this.jobs.has(path);
    this.unschedule(path);
    this.jobs.set(path, { key, cron: this.cronFor(path, schedule) });
    if (isNew && this.missedTick(path, schedule)) this.tick(path);
  }

  stop(): void {
    this.stopped = true;
    if (this.interval !== undefined)
      (this.options.clearInterval ?? ((handle) => clearInterval(handle as NodeJS.Timeout)))(this.interval);
    for (const path of [...this.jobs.keys()]) this.unschedule(path);
  }

  private cronFor(path: string, schedule: Schedule): Cron {
    return new Cron(schedule.cron, { timezone: schedule.tz }, () => this.tick(path));
  }

  /** True when the latest run started before the last scheduled time: the server was down then. */
  private missedTick(path: string, schedule: Schedule): boolean {
    const last = this.options.lastStart(path);
    if (last === undefined) return false;
    const now = new Date((this.options.now ?? Date.now)());
    const [previous] = new Cron(schedule.cron, { timezone: schedule.tz, paused: true }).previousRuns(1, now);
    return previous !== undefined && last < previous.getTime();
  }

  private tick(path: string): void {
    const { runner } = this.options;
    if (runner.isRunning(path)) {
      runner.recordSkipped(path, "schedule");
      return;
    }
    runner.run(path, "schedule").catch((error) => this.report(`the scheduled run of ${path}`, error));
  }

  private unschedule(path: string): void {
    this.jobs.get(path)?.cron.stop();
    this.jobs.delete(path);
  }

  private report(message: string, error: unknown): void {
    (this.options.onError ?? ((text, cause) => console.error(`${text}:`, cause)))(message, error);
  }
}
