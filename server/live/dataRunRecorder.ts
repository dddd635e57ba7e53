/**
 * Run records for live workbooks. When new data re-runs a workbook that someone has open, that
 * re-run is a real run (trigger `data`): its metric points and alert transitions count, as a
 * scheduled run's do. A stream of inserts re-runs a workbook up to once a second, so re-runs
 * are coalesced into at most one record per interval (default 1 min) per workbook: the record
 * holds the last re-run's cells, the newest point of each metric series in the interval, and
 * every alert transition the interval's re-runs caused. Edits are previews and record nothing.
 */
import type { AlertStore } from "../alerts/state.ts";
import type { MetricPoint } from "../runtime/messages.ts";
import { gitCommitOf } from "../runs/provenance.ts";
import type { RunCell, RunError, RunStore } from "../runs/store.ts";

export const DEFAULT_DATA_RUN_INTERVAL_MS = 60_000;

/** One finished data run of a live workbook (see dataRun.ts). */
export interface FinishedDataRun {
  startedAt: number;
  durationMs: number;
  contentHash: string;
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
  now?: () => number;
}

/** What has been seen since the last record was written. */
interface Window {
  startedAt: number;
  last: FinishedDataRun;
  /** The newest point of each series (name and labels). */
  points: Map<string, MetricPoint>;
}

export class DataRunRecorder {
  private window: Window | undefined;
  private lastWrite = -Infinity;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private writing: Promise<void> = Promise.resolve();
  private readonly intervalMs: number;
  private readonly now: () => number;

  constructor(private readonly options: DataRunOptions) {
    this.intervalMs = options.intervalMs ?? DEFAULT_DATA_RUN_INTERVAL_MS;
    this.now = options.now ?? Date.now;
  }

  /** Takes a finished re-run: written at once when the interval has passed, else when it does. */
  add(rerun: FinishedDataRun): void {
    const window = (this.window ??= { startedAt: rerun.startedAt, last: rerun, points: new Map() });
    window.last = rerun;
    for (const point of rerun.points) window.points.set(seriesKey(point), point);
    const wait = this.lastWrite + this.intervalMs - this.now();
    if (wait <= 0) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), wait);
  }

  /** Writes what the interval holds now; resolves when it is stored. */
  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const window = this.window;
    this.window = undefined;
    if (!window) return this.writing;
    this.lastWrite = this.now();
    this.writing = this.writing.then(() => this.write(window)).catch((error) => console.error(`recording a data run of ${this.options.workbook}:`, error));
    return this.writing;
  }

  private async write(window: Window): Promise<void> {
    const { runs, alerts, workbook, file } = this.options;
    const { last } = window;
    const transitions = alerts.transitionsSince({ workbook, since: window.startedAt, trigger: "data" });
    runs.insert(
      {
        workbook,
        contentHash: last.contentHash,
        gitCommit: await gitCommitOf(file),
        params: last.params,
        trigger: "data",
        startedAt: last.startedAt,
        durationMs: last.durationMs,
        status: last.cells.some((cell) => cell.status !== "fulfilled") ? "failed" : "ok",
        cells: last.cells,
        errors: last.errors,
        alerts: transitions,
      },
      [...window.points.values()],
    );
  }
}

function seriesKey(point: MetricPoint): string {
  return JSON.stringify([point.name, Object.entries(point.labels).sort()]);
}
