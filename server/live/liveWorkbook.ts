/**
 * One live workbook: a runtime host kept in step with the file on disk, and the subscribers
 * (browser and share sockets) that hear of every change. The file is the truth: when it changes
 * (a save, git checkout, another editor) the workbook re-parses it, the host redefines only the
 * cells that changed, and every subscriber gets the new state. New data wakes it only for the
 * models its cells read, as a DataRun, which evaluates alert rules for real and is recorded;
 * runs caused by an edit only preview. Each stored evaluation and record is news for the
 * workbook's editors (workbookChanges.ts).
 */
import type { NotificationQueue } from "../alerts/evaluate.ts";
import type { AlertStore } from "../alerts/state.ts";
import { workbookFromText, type LoadedWorkbook } from "../workspace/workbookFile.ts";
import { versionOf } from "../workspace/workspace.ts";
import type { CellView, ServerMessage, WorkbookFile } from "../protocol/index.ts";
import { RuntimeHost, type CellState, type HostOptions } from "../runtime/host.ts";
import { evaluateRunAlerts, forgetRemovedAlerts, runOutcome, workbookLink } from "../runs/outcome.ts";
import type { RunStore } from "../runs/store.ts";
import { DataRun } from "./dataRun.ts";
import { DataRunRecorder } from "./dataRunRecorder.ts";
import { fileView } from "./fileView.ts";
import type { WorkbookChanges } from "./workbookChanges.ts";

export type Subscriber = (message: ServerMessage) => void;

/** What live workbooks need to evaluate their alert rules and record their data runs. */
export interface Recording {
  store: AlertStore;
  /** Where the rules' notifications are queued (the outbox). */
  notifications: NotificationQueue;
  /** The server's URL, for links in notifications. */
  baseUrl: string;
  runs: RunStore;
  /** At most one data-run record per workbook this often; default 1 min. */
  dataRunIntervalMs?: number;
  /** Told of each recorded data run and stored alert evaluation. */
  changes: WorkbookChanges;
}

/**
 * Why the cells run now or next: opening the workbook and new data evaluate its alert rules for
 * real, an edit only previews them.
 */
type Cause = "open" | "edit" | DataRun;

export class LiveWorkbook {
  readonly host: RuntimeHost;
  workbook: LoadedWorkbook;
  version: string;
  private readonly runs = new Map<string, number>();
  private readonly subscribers = new Set<Subscriber>();
  private subscribersChanged: (count: number) => void = () => undefined;
  private cause: Cause = "open";
  /** The data run whose cells are running, followed until the host is idle. */
  private running: DataRun | undefined;
  private readonly recorder: DataRunRecorder | undefined;

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
    this.host.onMetric((point) => this.running?.points.push(point));
    if (recording) {
      const { runs, store, dataRunIntervalMs, changes } = recording;
      const onRecorded = () => changes.changed(path, "runs");
      this.recorder = new DataRunRecorder({
        runs,
        alerts: store,
        workbook: path,
        file,
        intervalMs: dataRunIntervalMs,
        onRecorded,
      });
    }
    this.host.load(this.workbook.analysis, this.workbook.paramDefaults);
  }

  /** The file and every cell's latest state, as a `workbook` message carries them. */
  view(): { workbook: WorkbookFile; cells: CellView[] } {
    return {
      workbook: fileView(this.workbook, this.version),
      cells: this.host.snapshot().map((state) => this.cellView(state)),
    };
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

  /** Takes the file's new text: the host keeps the values of unchanged cells; a data run under way becomes a preview. */
  update(text: string): void {
    if (versionOf(text) === this.version) return;
    this.workbook = workbookFromText(this.path, text);
    this.version = versionOf(text);
    this.cause = "edit";
    this.running = undefined;
    if (this.recording) {
      forgetRemovedAlerts({ workbook: this.workbook, id: this.path, store: this.recording.store, trigger: "edit" });
      this.recording.changes.changed(this.path, "alerts"); // a rule removed takes its instances with it
    }
    this.host.load(this.workbook.analysis, this.workbook.paramDefaults);
    this.broadcast({ type: "workbook", ...this.view() });
  }

  /**
   * New data for a model: when a cell may read it (see RuntimeHost.mayRead), a data run re-runs
   * the cells that read it. Returns whether the workbook was woken.
   */
  dataChanged(model: string): boolean {
    if (!this.host.mayRead(model)) return false;
    if (this.cause instanceof DataRun && !this.cause.begun) this.cause.models.add(model);
    else this.cause = new DataRun(model);
    this.host.dataChanged([model]);
    return true;
  }

  removed(): void {
    this.broadcast({ type: "removed", path: this.path });
    this.subscribers.clear();
  }

  /** Stops the runtime and stores the pending data-run record: a data run the close cuts short is recorded as interrupted, with `reason`. */
  async close(reason = "the workbook was closed"): Promise<void> {
    this.recorder?.stop(reason);
    await this.host.close();
    await this.recorder?.flush();
  }

  private onCell(state: CellState): void {
    if (state.status === "running") {
      this.runs.set(state.id, (this.runs.get(state.id) ?? 0) + 1);
      // The host starts a data re-run once the run before it is idle: a cell starting while one is followed belongs to it.
      if (this.cause instanceof DataRun && !this.cause.begun && !this.running) this.follow(this.cause);
    }
    const view = this.cellView(state);
    this.broadcast({ type: "cell", path: this.path, version: this.version, cell: view });
    if (view.kind === "alert" && state.status !== "pending" && state.status !== "running") this.evaluate(view);
  }

  /** Follows a data run until the host is idle, then hands it to the recorder. */
  private follow(run: DataRun): void {
    run.begin();
    this.running = run;
    void this.host.whenIdle().then(() => {
      if (this.running !== run) return; // an edit came first: a preview is not recorded
      this.running = undefined;
      const cells = this.host.snapshot().map((state) => this.cellView(state));
      this.recorder?.add(run.finish(runOutcome(this.workbook, cells), this.version, this.workbook.paramDefaults));
    });
  }

  /** Advances the rule's instances and queues the notifications due (the outbox delivers them). */
  private evaluate(cell: CellView): void {
    if (!this.recording) return;
    const { store, notifications, baseUrl, changes } = this.recording;
    const trigger = this.cause === "edit" ? "edit" : "data";
    try {
      evaluateRunAlerts({
        workbook: this.workbook,
        id: this.path,
        cells: [cell],
        trigger,
        params: this.workbook.paramDefaults,
        store,
        notifications,
        link: workbookLink(baseUrl, this.path),
      });
      if (trigger !== "edit") changes.changed(this.path, "alerts"); // an edit's evaluation is a preview: nothing stored
    } catch (error) {
      console.error(`evaluating the alerts of ${this.path}:`, error);
    }
  }

  private cellView(state: CellState): CellView {
    const cell = this.workbook.analysis.cells.find((candidate) => candidate.id === state.id);
    const view: CellView = {
      index: state.index,
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
