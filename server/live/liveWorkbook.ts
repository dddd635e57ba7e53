/**
 * One live workbook: a runtime host kept in step with the file on disk, and the subscribers
 * (browser and share sockets) that hear of every change. The file is the truth: when it changes
 * (a save, git checkout, another editor) the workbook re-parses it, the host redefines only the
 * cells that changed, and every subscriber gets the new state. New data re-runs the cells that
 * read it. Every run here is for viewers, so it is a preview: it records nothing and moves no
 * alert — production runs (the schedule, `on: data`, run-now, `driftbook run`) are the runner's,
 * whoever is watching — and each alert cell shows where its rule would go from the stored state
 * (alerts/standing.ts), shown again whenever a production run changes that state. A workbook
 * opened with params other than the defaults (a reader's inputs, sessions.ts) runs with those
 * `overrides`, a preview like the rest; its param controls come from paramChoices.ts.
 */
import type { AlertStore } from "../alerts/state.ts";
import { workbookFromText, type LoadedWorkbook } from "../workspace/workbookFile.ts";
import { versionOf } from "../workspace/workspace.ts";
import type { CellView, ParamControl, ServerMessage, WorkbookFile } from "../protocol/index.ts";
import { RuntimeHost, type CellState, type HostOptions } from "../runtime/host.ts";
import { evaluateRunAlerts, forgetRemovedAlerts } from "../runs/outcome.ts";
import { fileView } from "./fileView.ts";
import type { WorkbookChanges } from "./workbookChanges.ts";
import { ParamChoices } from "./paramChoices.ts";

export type Subscriber = (message: ServerMessage) => void;

/** What live workbooks need to show their alert rules' states: the stored state, and where to tell of rules removed. */
export interface AlertPreviews {
  store: AlertStore;
  changes: WorkbookChanges;
}

export class LiveWorkbook {
  readonly host: RuntimeHost;
  workbook: LoadedWorkbook;
  version: string;
  readonly choices: ParamChoices;
  private readonly runs = new Map<string, number>();
  private readonly subscribers = new Set<Subscriber>();
  private subscribersChanged: (count: number) => void = () => undefined;

  constructor(
    readonly path: string,
    text: string,
    hostOptions: HostOptions,
    private readonly alerts: AlertPreviews | undefined,
    /** Param values other than the defaults, already checked (ParamChoices.overrides). */
    readonly overrides: Record<string, unknown> = {},
  ) {
    this.workbook = workbookFromText(path, text);
    this.version = versionOf(text);
    this.choices = new ParamChoices(this.workbook);
    this.host = new RuntimeHost(hostOptions);
    this.host.subscribe((state) => this.onCell(state));
    this.load();
  }

  /** The params this workbook runs with. */
  get params(): Record<string, unknown> {
    return this.choices.params(this.overrides);
  }

  /** The file, every cell's latest state and the param controls, as a `workbook` message carries them. */
  view(): { workbook: WorkbookFile; cells: CellView[]; params: ParamControl[] } {
    return {
      workbook: fileView(this.workbook, this.version),
      cells: this.host
        .snapshot()
        .filter((state) => !this.choices.owns(state))
        .map((state) => this.cellView(state)),
      params: this.choices.controls(this.params),
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

  /** Takes the file's new text: the host keeps the values of unchanged cells. */
  update(text: string): void {
    if (versionOf(text) === this.version) return;
    this.workbook = workbookFromText(this.path, text);
    this.version = versionOf(text);
    if (this.alerts) {
      forgetRemovedAlerts({ workbook: this.workbook, id: this.path, store: this.alerts.store, trigger: "edit" });
      this.alerts.changes.changed(this.path, "alerts"); // a rule removed takes its instances with it
    }
    this.load();
    this.broadcast({ type: "workbook", ...this.view() });
  }

  /**
   * New data for a model: when a cell may read it (see RuntimeHost.mayRead), the cells that read
   * it re-run, as a preview. Returns whether the workbook was woken.
   */
  dataChanged(model: string): boolean {
    if (!this.host.mayRead(model)) return false;
    this.host.dataChanged([model]);
    return true;
  }

  /**
   * Runs the file's `index`-th cell again, as a preview, for an editor's run key on a cell whose
   * text did not change (a changed one re-runs when it is saved). Returns false for no such cell.
   */
  rerunCell(index: number): boolean {
    const cell = this.workbook.analysis.cells.find((candidate) => candidate.index === index);
    if (!cell) return false;
    this.host.rerun(cell.id);
    return true;
  }

  /** A production run changed the stored alert state: the alert cells show their preview from it again. */
  alertsChanged(): void {
    for (const state of this.host.snapshot()) {
      const view = this.cellView(state);
      if (view.kind === "alert") this.broadcast({ type: "cell", path: this.path, version: this.version, cell: view });
    }
  }

  /** The file was deleted, or moved to `movedTo`. */
  removed(movedTo?: string): void {
    this.broadcast({ type: "removed", path: this.path, ...(movedTo !== undefined && { movedTo }) });
    this.subscribers.clear();
  }

  /** Closed to make room for other params (sessions.ts): its viewers are told to open it again. */
  evicted(): void {
    this.broadcast({ type: "closed", path: this.path });
    this.subscribers.clear();
  }

  /** Stops the runtime. */
  async close(): Promise<void> {
    this.choices.stop();
    await this.host.close();
  }

  /** Runs the workbook's cells and the hidden cells listing query choices, with this session's params. */
  private load(): void {
    const hidden = this.choices.load(this.workbook);
    const { analysis } = this.workbook;
    this.host.load({ ...analysis, cells: [...analysis.cells, ...hidden] }, this.params);
  }

  private onCell(state: CellState): void {
    if (this.choices.owns(state)) {
      if (this.choices.cellChanged(state))
        this.broadcast({ type: "params", path: this.path, params: this.choices.controls(this.params) });
      return;
    }
    if (state.status === "running") this.runs.set(state.id, (this.runs.get(state.id) ?? 0) + 1);
    this.broadcast({ type: "cell", path: this.path, version: this.version, cell: this.cellView(state) });
  }

  /** An alert cell's view with each instance's state as this evaluation would move it from the stored state: a preview, nothing stored. */
  private withStanding(view: CellView): CellView {
    if (!this.alerts || !view.outputs.some((output) => output.kind === "alert")) return view;
    try {
      // A cell waiting to re-run (pending, running) still shows its last result: preview that
      // one, so the page never drops to a bare "condition holds" between two runs.
      const shown =
        view.status === "pending" || view.status === "running" ? { ...view, status: "fulfilled" as const } : view;
      const [previewed] = evaluateRunAlerts({
        workbook: this.workbook,
        id: this.path,
        cells: [shown],
        trigger: "edit",
        preview: true,
        params: this.params,
        store: this.alerts.store,
      }).cells;
      return { ...previewed, status: view.status };
    } catch (error) {
      console.error(`previewing the alerts of ${this.path}:`, error);
      return view;
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
    return view.kind === "alert" ? this.withStanding(view) : view;
  }

  private broadcast(message: ServerMessage): void {
    for (const subscriber of this.subscribers) subscriber(message);
  }
}
