/**
 * Live workbooks: one runtime host per workbook that someone opened, kept in step with the
 * file on disk, and the subscribers (browser sockets) that hear of every change. The file is
 * the truth: when it changes (a save, git checkout, another editor) the session re-parses it,
 * the host redefines only the cells that changed, and every subscriber gets the new state.
 */
import { watch, type FSWatcher } from "node:fs";
import { readdir, stat } from "node:fs/promises";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { workbookFromText, type LoadedWorkbook } from "../files/workbookFile.ts";
import { PathError, versionOf, type Workspace } from "../files/workspace.ts";
import type { BlockView, CellView, ServerMessage, WorkbookFile } from "../protocol/index.ts";
import { evaluateAlerts, forgetRemovedRules, ruleOutputsOf } from "../alerts/evaluate.ts";
import type { Notifier } from "../alerts/notify.ts";
import type { AlertStore, Trigger } from "../alerts/state.ts";
import { RuntimeHost, type CellState, type HostOptions } from "../runtime/host.ts";
import type { MetricPoint } from "../runtime/messages.ts";
import { DataRunRecorder } from "../runs/dataRuns.ts";
import type { RunCell, RunError, RunStore } from "../runs/store.ts";
import { resolveParams } from "../runtime/stdlib/params.ts";
import { HttpError } from "./httpError.ts";

export type Subscriber = (message: ServerMessage) => void;

/** What live workbooks need to evaluate their alert rules and record the runs new data causes. */
export interface Recording {
  store: AlertStore;
  notifier: Notifier;
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
    subscriber({ type: "workbook", ...this.view() });
    return () => this.subscribers.delete(subscriber);
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

  /** Stores the pending data-run record and stops the runtime. */
  async close(): Promise<void> {
    await this.recorder?.flush();
    await this.host.close();
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

  /** Advances the rule's instances and sends what is due; never awaited on the cell path (deliveries retry for seconds). */
  private evaluate(cell: CellView): void {
    if (!this.recording) return;
    const { store, notifier, baseUrl } = this.recording;
    const frontMatter = this.workbook.doc.frontMatter?.data ?? {};
    evaluateAlerts({
      workbook: this.path,
      rules: this.workbook.rules,
      outputs: ruleOutputsOf([cell]),
      trigger: this.trigger,
      store,
      notifier,
      link: `${baseUrl}/w/${this.path.split("/").map(encodeURIComponent).join("/")}`,
      templateData: { ...frontMatter, params: resolveParams(this.workbook.paramDefaults, {}) },
    }).catch((error) => console.error(`evaluating the alerts of ${this.path}:`, error));
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

export class Sessions {
  private readonly live = new Map<string, Promise<LiveWorkbook>>();
  private recording: Recording | undefined;
  /** One non-recursive watcher per folder: Node 20's recursive watch on Linux follows files, and loses one replaced by an atomic save. */
  private readonly watchers = new Map<string, FSWatcher>();
  private readonly fileListeners = new Set<(path: string) => void>();

  constructor(
    private readonly workspace: Workspace,
    private readonly hostOptions: HostOptions,
  ) {}

  /** The live workbook at `path`, started on first use. */
  open(path: string): Promise<LiveWorkbook> {
    let session = this.live.get(path);
    if (!session) {
      session = this.start(path);
      this.live.set(path, session);
      session.catch(() => this.live.delete(path));
      this.watch();
    }
    return session;
  }

  /** Calls `listener` with the path of every workbook file that changes; returns the unsubscribe function. */
  onFileChanged(listener: (path: string) => void): () => void {
    this.fileListeners.add(listener);
    return () => this.fileListeners.delete(listener);
  }

  /** A workbook file changed (by the API or on disk): the live session follows it. */
  async fileChanged(path: string): Promise<void> {
    for (const listener of this.fileListeners) listener(path);
    const session = await this.live.get(path)?.catch(() => undefined);
    if (!session) return;
    const file = await this.workspace.read(path).catch(() => undefined);
    if (file) {
      session.update(file.text);
    } else {
      this.live.delete(path);
      session.removed();
      await session.close();
    }
  }

  /** From now on, live workbooks evaluate their alert rules after each run and record the runs new data causes. */
  enableRecording(recording: Recording): void {
    this.recording = recording;
  }

  /** A model's data changed: each live workbook re-runs the cells that read it. */
  dataChanged(model: string): void {
    for (const session of this.live.values()) {
      session.then((live) => live.dataChanged(model)).catch(() => undefined);
    }
  }

  async close(): Promise<void> {
    for (const watcher of this.watchers.values()) watcher.close();
    this.watchers.clear();
    const sessions = await Promise.allSettled(this.live.values());
    this.live.clear();
    await Promise.all(sessions.map((s) => (s.status === "fulfilled" ? s.value.close() : undefined)));
  }

  private async start(path: string): Promise<LiveWorkbook> {
    const file = await this.workspace.read(path);
    if (!file) throw new HttpError(404, `no such workbook: ${path}`);
    return new LiveWorkbook(path, join(this.workspace.root, path), file.text, { ...this.hostOptions, workbookId: path }, this.recording);
  }

  private watch(): void {
    if (this.watchers.size === 0) this.watchFolder("");
  }

  /** Watches `folder` (relative to the root) and, as they appear, the folders inside it. */
  private watchFolder(folder: string): void {
    if (this.watchers.has(folder) || folder.split("/").some((part) => part.startsWith(".") || part === "node_modules")) return;
    const full = join(this.workspace.root, folder);
    let watcher: FSWatcher;
    try {
      watcher = watch(full, (_event, filename) => {
        if (!filename) return;
        const path = folder ? `${folder}/${filename}` : filename;
        if (!path.endsWith(".md")) {
          void stat(join(this.workspace.root, path)).then((info) => info.isDirectory() && this.watchFolder(path), () => undefined);
          return;
        }
        if (path.split("/").some((part) => part.startsWith("."))) return;
        this.fileChanged(path).catch((error) => {
          if (!(error instanceof PathError)) console.error(`reloading ${path}:`, error);
        });
      });
    } catch {
      return; // the folder went away before it could be watched
    }
    watcher.on("error", () => {
      watcher.close();
      this.watchers.delete(folder);
    });
    this.watchers.set(folder, watcher);
    void readdir(full, { withFileTypes: true }).then(
      (entries) => entries.filter((entry) => entry.isDirectory()).forEach((entry) => this.watchFolder(folder ? `${folder}/${entry.name}` : entry.name)),
      () => undefined,
    );
  }
}
