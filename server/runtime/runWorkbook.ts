/**
 * One headless run of a workbook on the runtime host: the shared core of `driftbook run`, of
 * scheduled runs and of run-now (see server/runs/execute.ts). Returns the run report that
 * `--json` writes.
 */
import { performance } from "node:perf_hooks";
import type { WorkbookAnalysis } from "../analysis/types.ts";
import type { CellKind, WorkbookDoc } from "../workbook/types.ts";
import type { DataWindow, ErrorOutput, Output } from "../protocol/index.ts";
import { shownError } from "./errors.ts";
import { RuntimeHost, type CellState, type HostOptions } from "./host.ts";
import type { MetricPoint, OnlineSave } from "./messages.ts";

export type FinalStatus = "fulfilled" | "rejected" | "timeout";

export interface CellReport {
  index: number;
  kind: CellKind;
  name?: string;
  status: FinalStatus;
  ms: number;
  /** What a cell that did not fulfil shows: its message and its place in the file and in the cell. */
  error?: Omit<ErrorOutput, "kind">;
  outputs: Output[];
}

export interface RunReport {
  workbook: string;
  status: "ok" | "failed";
  durationMs: number;
  cells: CellReport[];
  alerts: unknown[];
  /** What each `sql` query of the run read (see DataWindow). */
  dataWindows: DataWindow[];
  /** For an as-of run: the moment (epoch ms) whose data it read (HostOptions.asOf). */
  asOf?: number;
}

export interface RunOptions extends HostOptions {
  /** The workbook's path as the user named it; it goes into the report. */
  workbook: string;
  doc: WorkbookDoc;
  analysis: WorkbookAnalysis;
  params: Record<string, unknown>;
  /** Called once per cell, when it first settles. */
  onCell?: (cell: CellReport) => void;
  /** Called with every point a cell records with `metric()`. */
  onMetric?: (point: MetricPoint) => void;
  /** Called with every online state a cell's `online()` advanced. */
  onOnline?: (save: OnlineSave) => void;
  /** Aborting stops the run: cells still pending or running are reported as rejected. */
  signal?: AbortSignal;
}

export async function runWorkbook(options: RunOptions): Promise<RunReport> {
  const start = performance.now();
  const host = new RuntimeHost(options);
  const reported = new Set<string>();
  const reportOf = (state: CellState) => cellReport(options, state);
  host.subscribe((state) => {
    if (state.status === "pending" || state.status === "running" || reported.has(state.id)) return;
    reported.add(state.id);
    options.onCell?.(reportOf(state));
  });
  if (options.onMetric) host.onMetric(options.onMetric);
  if (options.onOnline) host.onOnline(options.onOnline);
  const stop = () => void host.close();
  options.signal?.addEventListener("abort", stop);
  try {
    if (!options.signal?.aborted) host.load(options.analysis, options.params);
    await host.whenIdle();
    const cells = host.snapshot().map(reportOf);
    const failed = cells.some((cell) => cell.status !== "fulfilled") || hasFormatProblem(options.analysis);
    return {
      workbook: options.workbook,
      status: failed ? "failed" : "ok",
      durationMs: Math.round(performance.now() - start),
      cells,
      alerts: [],
      dataWindows: host.dataWindows(),
      ...(options.asOf !== undefined && { asOf: options.asOf }),
    };
  } finally {
    options.signal?.removeEventListener("abort", stop);
    await host.close();
  }
}

/** A problem outside any cell (front matter) fails the run even when every cell ran. */
function hasFormatProblem(analysis: WorkbookAnalysis): boolean {
  return analysis.problems.some((problem) => problem.cellIndex === undefined);
}

function cellReport({ analysis }: RunOptions, state: CellState): CellReport {
  const cell = analysis.cells.find((candidate) => candidate.id === state.id)!;
  const status: FinalStatus = state.status === "pending" || state.status === "running" ? "rejected" : state.status;
  const report: CellReport = {
    index: cell.index,
    kind: cell.kind,
    status,
    ms: Math.round(state.ms ?? 0),
    outputs: state.outputs,
  };
  if (cell.name) report.name = cell.name;
  const error = status === "fulfilled" ? undefined : shownError(state.outputs);
  if (error) report.error = error;
  return report;
}
