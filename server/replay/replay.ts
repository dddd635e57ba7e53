/**
 * The replay engine: a workbook run as of each step of a past range in one cell process (the
 * runtime host's as-of runs, store/asOf.ts), each step's alert outputs fed through the real
 * state machine as one production run (alertTrack.ts), and the metric points its cells post
 * collected per step. It records nothing: no run, no metric point, no alert state, no
 * notification. Shared by `driftbook replay`, `driftbook check --replay` and the editor.
 */
import { ruleOutputsOf } from "../alerts/evaluate.ts";
import { alertRules } from "../alerts/rule.ts";
import type { CompiledCell, WorkbookAnalysis } from "../analysis/types.ts";
import { RuntimeHost, type HostOptions } from "../runtime/host.ts";
import type { MetricPoint } from "../runtime/messages.ts";
import type { LoadedWorkbook } from "../workspace/workbookFile.ts";
import { AlertTrack } from "./alertTrack.ts";
import { ruleReplays } from "./episodes.ts";
import type { ReplayResult, ReplayStep } from "./types.ts";

export interface ReplayOptions {
  workbook: LoadedWorkbook;
  /** The workbook's identity (its path in the workbooks folder): its rules' ids and the series `metrics()` reads. */
  id: string;
  dbPath: string;
  params: Record<string, unknown>;
  /** Epoch ms, ascending (see steps.ts). */
  steps: number[];
  /** Cell limits and output; the database, identity and as-of time are the replay's. */
  hostOptions?: HostOptions;
  /** Aborting stops the cell process; the replay then rejects with the signal's reason. */
  signal?: AbortSignal;
  onStep?: (step: ReplayStep, index: number, total: number) => void;
  /** Only these alert rules (the editor's Replay of one rule); by default every rule and every `metric()` series. */
  rules?: string[];
}

export async function replayWorkbook(options: ReplayOptions): Promise<ReplayResult> {
  const { workbook, id, steps, signal } = options;
  if (steps.length === 0) throw new Error("a replay needs at least one step");
  const rules = alertRules(id, workbook.analysis).filter((rule) => !options.rules || options.rules.includes(rule.name));
  const analysis = replayedCells(workbook.analysis, options.rules);
  const host = new RuntimeHost({ ...options.hostOptions, dbPath: options.dbPath, workbookId: id, asOf: steps[0] });
  let points: MetricPoint[] = [];
  host.onMetric((point) => points.push(point));
  const stop = () => void host.close();
  signal?.addEventListener("abort", stop);
  const track = new AlertTrack(rules);
  const replayed: ReplayStep[] = [];
  try {
    for (const [index, at] of steps.entries()) {
      signal?.throwIfAborted();
      if (index === 0) host.load(analysis, options.params);
      else host.setAsOf(at);
      await host.whenIdle();
      signal?.throwIfAborted();
      const cells = host
        .snapshot()
        .map((state, i) => ({ ...state, kind: analysis.cells[i].kind, name: analysis.cells[i].name }));
      const step: ReplayStep = {
        at: new Date(at).toISOString(),
        alerts: track.step(ruleOutputsOf(cells), at),
        metrics: metricsOf(points),
      };
      points = [];
      replayed.push(step);
      options.onStep?.(step, index, steps.length);
    }
  } finally {
    signal?.removeEventListener("abort", stop);
    await host.close();
  }
  return { workbook: id, steps: replayed, rules: ruleReplays(replayed) };
}

/**
 * The cells a replay runs: the alert cells (only those of `rules` when given, an unknown name
 * being an error naming it), the cells that call `metric()` (unless `rules` is given), and every
 * cell whose outputs they read, transitively. Cells that only display (charts, tables) do not
 * change what a replay reports, so they are left out: each step costs what the rules read.
 */
export function replayedCells(analysis: WorkbookAnalysis, rules?: string[]): WorkbookAnalysis {
  const definer = new Map<string, CompiledCell>();
  for (const cell of analysis.cells) for (const output of cell.outputs) definer.set(output, cell);
  const wanted = rules
    ? rules.map((name) => {
        const cell = analysis.cells.find((candidate) => candidate.kind === "alert" && candidate.name === name);
        if (!cell) throw new Error(`the workbook has no alert rule named "${name}"`);
        return cell;
      })
    : analysis.cells.filter((cell) => cell.kind === "alert" || cell.inputs.includes("metric"));
  const kept = new Set<CompiledCell>();
  while (wanted.length > 0) {
    const cell = wanted.pop()!;
    if (kept.has(cell)) continue;
    kept.add(cell);
    for (const input of cell.inputs) {
      const source = definer.get(input);
      if (source) wanted.push(source);
    }
  }
  return { ...analysis, cells: analysis.cells.filter((cell) => kept.has(cell)) };
}

/** The step's metric points by series: `NAME`, or `NAME{k=v,…}` with its labels sorted; the last point of a series wins. */
function metricsOf(points: MetricPoint[]): Record<string, number> {
  const metrics: Record<string, number> = {};
  for (const { name, value, labels } of points) {
    const pairs = Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    metrics[pairs.length ? `${name}{${pairs.map(([k, v]) => `${k}=${v}`).join(",")}}` : name] = value;
  }
  return metrics;
}
