/**
 * Run records for live workbooks. When new data re-runs a workbook that someone has open, that
 * re-run is a real run (trigger `data`): its metric points and alert transitions count, as a
 * scheduled run's do. A stream of inserts re-runs a workbook up to once a second, so re-runs
 * are coalesced into at most one record per interval (default 1 min) per workbook: the record
 * holds the last re-run's cells, the newest point of each metric series in the interval, and
 * every alert transition the interval's re-runs caused. Edits are previews and record nothing.
 * A re-run cut short by the workbook's close (a shutdown) is recorded as `interrupted` with the
 * reason, as a scheduled run cut short is.
 */
import type { AlertStore } from "../alerts/state.ts";
import type { MetricPoint } from "../runtime/messages.ts";
import { gitCommitOf } from "../runs/provenance.ts";
import { interruptedError, type RunCell, type RunError, type RunStore } from "../runs/store.ts";

export const DEFAULT_DATA_RUN_INTERVAL_MS = 60_000;

/** One finished data run of a live workbook (see dataRun.ts). */
export interface FinishedDataRun {
  startedAt: number;
  durationMs: number;
  version: string;
  params: Record<string, unknown>;
  cells: RunCell[];
  errors: RunError[];
  points: MetricPoint[];
}

export interface DataRunOptions {
  runs: RunStore;
  alerts: AlertStore;
  /** The workbook's path in the workbooks folder. */
  workbook: string;
  /** Its file on disk, for the git commit. */
  file: string;
  intervalMs?: number;
  /** Told once each record is stored. */
  onRecorded?: () => void;
  now?: () => number;
}

/** What has been seen since the last record was written. */
interface Window {
  startedAt: number;
  last: FinishedDataRun;
  /** The newest point of each series (name and labels). */
  points: Map<string, MetricPoint>;
  /** Why the last re-run was cut short, when it was. */
  interrupted?: string;
}

export class DataRunRecorder {
  private window: Window | undefined;
  private lastWrite = -Infinity;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private writing: Promise<void> = Promise.resolve();
  /** Set by stop(): why a re-run that ends from now on was cut short. */
  private stoppedBecause: string | undefined;
  private readonly intervalMs: number;
  private readonly now: () => number;

  constructor(private readonly options: DataRunOptions) {
    this.intervalMs = options.intervalMs ?? DEFAULT_DATA_RUN_INTERVAL_MS;
    this.now = options.now ?? Date.now;
  }

  /** Takes a finished re-run: written at once when the interval has passed, else when it does. */
  add(rerun: FinishedDataRun): void {
    const window: Window = (this.window ??= { startedAt: rerun.startedAt, last: rerun, points: new Map() });
    window.last = rerun;
    window.interrupted = this.stoppedBecause;
    for (const point of rerun.points) window.points.set(seriesKey(point), point);
    if (this.stoppedBecause !== undefined) return; // the closer's flush() stores it
    const wait = this.lastWrite + this.intervalMs - this.now();
    if (wait <= 0) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), wait);
  }

  /**
   * The workbook is closing for `reason`: a re-run that ends from now on (the closing runtime
   * ends the one in progress) was cut short. Nothing is written until flush(), which the closer
   * calls once its runtime has stopped.
   */
  stop(reason: string): void {
    this.stoppedBecause = reason;
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Writes what the interval holds now; resolves when it is stored. */
  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const window = this.window;
    this.window = undefined;
    if (!window) return this.writing;
    this.lastWrite = this.now();
    this.writing = this.writing
      .then(() => this.write(window))
      .catch((error) => console.error(`recording a data run of ${this.options.workbook}:`, error));
    return this.writing;
  }

  private async write(window: Window): Promise<void> {
    const { runs, alerts, workbook, file } = this.options;
    const { last } = window;
    const transitions = alerts.transitionsSince({ workbook, since: window.startedAt, trigger: "data" });
    runs.insert(
      {
        workbook,
        version: last.version,
        gitCommit: await gitCommitOf(file),
        params: last.params,
        trigger: "data",
        startedAt: last.startedAt,
        durationMs: last.durationMs,
        status:
          window.interrupted !== undefined
            ? "interrupted"
            : last.cells.some((cell) => cell.status !== "fulfilled")
              ? "failed"
              : "ok",
        cells: last.cells,
        errors: window.interrupted === undefined ? last.errors : [...last.errors, interruptedError(window.interrupted)],
        alerts: transitions,
      },
      [...window.points.values()],
    );
    this.options.onRecorded?.();
  }
}

function seriesKey(point: MetricPoint): string {
  return JSON.stringify([point.name, Object.entries(point.labels).sort()]);
}
