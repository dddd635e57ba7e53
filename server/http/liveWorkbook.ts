/**
 * One live workbook: a runtime host kept in step with the file on disk, and the subscribers
 * (browser and share sockets) that hear of every change. The file is the truth: when it changes
 * (a save, git checkout, another editor) the workbook re-parses it, the host redefines only the
 * cells that changed, and every subscriber gets the new state. Runs caused by new data evaluate
 * alert rules for real and are recorded; runs caused by an edit only preview.
 */
import { performance } from "node:perf_hooks";
import { workbookFromText, type LoadedWorkbook } from "../files/workbookFile.ts";
import { versionOf } from "../files/workspace.ts";
import type { BlockView, CellView, ServerMessage, WorkbookFile } from "../protocol/index.ts";
import { evaluateAlerts, forgetRemovedRules, ruleOutputsOf, type NotificationQueue } from "../alerts/evaluate.ts";
import type { AlertStore, Trigger } from "../alerts/state.ts";
import { RuntimeHost, type CellState, type HostOptions } from "../runtime/host.ts";
import type { MetricPoint } from "../runtime/messages.ts";
import { DataRunRecorder } from "../runs/dataRuns.ts";
import { scheduledIntervalOf } from "../runs/schedule.ts";
import type { RunCell, RunError, RunStore } from "../runs/store.ts";
import { resolveParams } from "../runtime/stdlib/params.ts";

export type Subscriber = (message: ServerMessage) => void;

/** What live workbooks need to evaluate their alert rules and record the runs new data causes. */
export interface Recording {
  store: AlertStore;
  /** Where the rules' notifications are queued (the outbox). */
  notifications: NotificationQueue;
  /** The server's URL, for links in notifications. */
  baseUrl: string;
  runs: RunStore;
  /** At most one data-run record per workbook this often; default 1 min. */
  dataRunIntervalMs?: number;
}

/** A re-run caused by new data, from its first running cell until the host is idle. */
interface DataWave {
  startedAt: number;
  start: number;
  points: MetricPoint[];
}

export class LiveWorkbook {
  readonly host: RuntimeHost;
  workbook: LoadedWorkbook;
  version: string;
  private readonly runs = new Map<string, number>();
  private readonly subscribers = new Set<Subscriber>();
  private subscribersChanged: (count: number) => void = () => undefined;
  /** Why the cells are running: an edit only previews what alert rules would do. */
  private trigger: Trigger = "data";
  private readonly recorder: DataRunRecorder | undefined;
  /** New data arrived and its re-run has not started yet. */
  private dataPending = false;
  private wave: DataWave | undefined;

  constructor(
    readonly path: string,
    file: string,
    text: string,
    hostOptions: HostOptions,
    private readonly recording: Recording | undefined,
  ) {
    this.workbook = workbookFromText(path, text);
    this.version = versionOf(text);
    this.host = new RuntimeHost(hostOptions);
    this.host.subscribe((state) => this.onCell(state));
    this.host.onMetric((point) => this.wave?.points.push(point));
    if (recording) {
      const { runs, store, dataRunIntervalMs } = recording;
      this.recorder = new DataRunRecorder({ runs, alerts: store, workbook: path, file, intervalMs: dataRunIntervalMs });
    }
    this.host.load(this.workbook.analysis, resolveParams(this.workbook.paramDefaults, {}));
  }

  /** The file and every cell's latest state, as a `workbook` message carries them. */
  view(): { workbook: WorkbookFile; cells: CellView[] } {
    return { workbook: fileView(this.workbook, this.version), cells: this.host.snapshot().map((state) => this.cellView(state)) };
  }

  subscribe(subscriber: Subscriber): () => void {
    this.subscribers.add(subscriber);
    this.subscribersChanged(this.subscribers.size);
    subscriber({ type: "workbook", ...this.view() });
    return () => {
      if (this.subscribers.delete(subscriber)) this.subscribersChanged(this.subscribers.size);
    };
  }

  /** Calls `listener` with the number of subscribers now, and again whenever one comes or goes. */
  onSubscribers(listener: (count: number) => void): void {
    this.subscribersChanged = listener;
    listener(this.subscribers.size);
  }

  /** Takes the file's new text: the host keeps the values of unchanged cells. */
  update(text: string): void {
    if (versionOf(text) === this.version) return;
    this.workbook = workbookFromText(this.path, text);
    this.version = versionOf(text);
    this.trigger = "edit";
    this.dataPending = false;
    this.wave = undefined;
    if (this.recording) {
      const ruleNames = this.workbook.analysis.cells.filter((cell) => cell.kind === "alert" && cell.name).map((cell) => cell.name!);
      forgetRemovedRules({ workbook: this.path, ruleNames, store: this.recording.store, trigger: "edit" });
    }
    this.host.load(this.workbook.analysis, resolveParams(this.workbook.paramDefaults, {}));
    this.broadcast({ type: "workbook", ...this.view() });
  }

  /** New data for a model: the cells that read it re-run, and their alert rules are evaluated for real. */
  dataChanged(model: string): void {
    this.trigger = "data";
    this.dataPending = true;
    this.host.dataChanged([model]);
  }

  removed(): void {
    this.broadcast({ type: "removed", path: this.path });
    this.subscribers.clear();
  }

  /** Stops the runtime and stores the pending data-run record: a re-run the close cuts short is recorded as interrupted, with `reason`. */
  async close(reason = "the workbook was closed"): Promise<void> {
    this.recorder?.stop(reason);
    await this.host.close();
    await this.recorder?.flush();
  }

  private onCell(state: CellState): void {
    if (state.status === "running") {
      this.runs.set(state.id, (this.runs.get(state.id) ?? 0) + 1);
      if (this.dataPending && this.trigger === "data" && this.recorder) this.beginWave(this.recorder);
    }
    const view = this.cellView(state);
    this.broadcast({ type: "cell", path: this.path, version: this.version, cell: view });
    if (view.kind === "alert" && state.status !== "pending" && state.status !== "running") this.evaluate(view);
  }

  /** Follows a data-caused re-run until the host is idle, then hands it to the recorder. */
  private beginWave(recorder: DataRunRecorder): void {
    this.dataPending = false;
    const wave: DataWave = (this.wave = { startedAt: Date.now(), start: performance.now(), points: [] });
    void this.host.whenIdle().then(() => {
      if (this.wave !== wave) return; // an edit came first: a preview is not recorded
      this.wave = undefined;
      const { cells, errors } = this.runSummary();
      recorder.add({
        startedAt: wave.startedAt,
        durationMs: Math.round(performance.now() - wave.start),
        contentHash: this.version,
        params: resolveParams(this.workbook.paramDefaults, {}),
        cells,
        errors,
        points: wave.points,
      });
    });
  }

  /** Every cell's status and time and the errors shown, as a run record keeps them. */
  private runSummary(): { cells: RunCell[]; errors: RunError[] } {
    const errors: RunError[] = this.workbook.analysis.problems
      .filter((problem) => problem.cellIndex === undefined)
      .map((problem) => ({ line: problem.line, message: problem.message }));
    const cells = this.host.snapshot().map((state): RunCell => {
      const { kind, name } = this.cellView(state);
      for (const output of state.outputs) {
        if (output.kind === "error") errors.push({ cell: state.cellIndex, ...(output.line === undefined ? {} : { line: output.line }), message: output.message });
      }
      return { index: state.cellIndex, kind, ...(name ? { name } : {}), status: state.status, ms: Math.round(state.ms ?? 0) };
    });
    return { cells, errors };
  }

  /** Advances the rule's instances and queues the notifications due (the outbox delivers them). */
  private evaluate(cell: CellView): void {
    if (!this.recording) return;
    const { store, notifications, baseUrl } = this.recording;
    const frontMatter = this.workbook.doc.frontMatter?.data ?? {};
    try {
      evaluateAlerts({
        workbook: this.path,
        rules: this.workbook.rules,
        outputs: ruleOutputsOf([cell]),
        trigger: this.trigger,
        store,
        notifications,
        link: `${baseUrl}/w/${this.path.split("/").map(encodeURIComponent).join("/")}`,
        evaluationIntervalMs: scheduledIntervalOf(frontMatter),
        templateData: { ...frontMatter, params: resolveParams(this.workbook.paramDefaults, {}) },
      });
    } catch (error) {
      console.error(`evaluating the alerts of ${this.path}:`, error);
    }
  }

  private cellView(state: CellState): CellView {
    const cell = this.workbook.analysis.cells.find((candidate) => candidate.id === state.id);
    const view: CellView = {
      index: state.cellIndex,
      id: state.id,
      kind: cell?.kind ?? "js",
      status: state.status,
      outputs: state.outputs,
      run: this.runs.get(state.id) ?? 0,
    };
    if (cell?.name) view.name = cell.name;
    if (state.ms !== undefined) view.ms = Math.round(state.ms);
    return view;
  }

  private broadcast(message: ServerMessage): void {
    for (const subscriber of this.subscribers) subscriber(message);
  }
}

/** The file as the API and the `workbook` message show it. */
export function fileView(workbook: LoadedWorkbook, version: string): WorkbookFile {
  let index = 0;
  const blocks: BlockView[] = workbook.doc.blocks.map((block) =>
    block.type === "prose"
      ? { type: "prose", markdown: block.text }
      : {
          type: "cell",
          index: index++,
          kind: block.kind,
          ...(block.name ? { name: block.name } : {}),
          options: block.options,
          opening: block.opening,
          source: block.source,
          closing: block.closing,
        },
  );
  return {
    path: workbook.path,
    version,
    text: workbook.text,
    frontMatter: workbook.doc.frontMatter?.raw ?? "",
    title: workbook.title,
    blocks,
    problems: workbook.analysis.problems,
  };
}
