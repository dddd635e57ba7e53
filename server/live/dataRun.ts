/**
 * A data run: one re-run of a live workbook caused by new data for models its cells read. It
 * is woken by a batch, begins when its first cell starts (the host coalesces the batches that
 * arrive before then into the same re-run), and finishes when the host is idle again. Unlike
 * an edit, which only previews what its alert rules would do, a data run evaluates them for
 * real and is recorded (dataRunRecorder.ts), with the metric points its cells recorded.
 */
import { performance } from "node:perf_hooks";
import type { MetricPoint } from "../runtime/messages.ts";
import type { RunCell, RunError } from "../runs/store.ts";
import type { FinishedDataRun } from "./dataRunRecorder.ts";

export class DataRun {
  /** The models whose new data this run re-reads. */
  readonly models: Set<string>;
  /** The points its cells recorded with `metric()`. */
  readonly points: MetricPoint[] = [];
  private start: { at: number; clock: number } | undefined;

  constructor(model: string) {
    this.models = new Set([model]);
  }

  /** True once its first cell has started. */
  get begun(): boolean {
    return this.start !== undefined;
  }

  begin(): void {
    this.start ??= { at: Date.now(), clock: performance.now() };
  }

  /** The finished run, as a run record keeps it: `cells` and `errors` from runOutcome. */
  finish(
    outcome: { cells: RunCell[]; errors: RunError[] },
    version: string,
    params: Record<string, unknown>,
  ): FinishedDataRun {
    const start = this.start ?? { at: Date.now(), clock: performance.now() };
    return {
      startedAt: start.at,
      durationMs: Math.round(performance.now() - start.clock),
      version,
      params,
      ...outcome,
      points: this.points,
    };
  }
}
