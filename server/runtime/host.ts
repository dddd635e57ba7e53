/**
 * The runtime host: runs one workbook in a worker process (a child process started from the
 * worker's esbuild bundle, see cellProcess.ts) and keeps the latest state of each cell. It
 * enforces the per-cell time limit and the process memory limit by killing and replacing the
 * process, disabling the cell that caused it until its source changes (the account is kept in
 * cellLimits.ts), so the server and every other workbook stay responsive. It knows no sockets:
 * the server, the scheduler and `driftbook run` subscribe to it.
 */
import type { CompiledCell, WorkbookAnalysis } from "../analysis/types.ts";
import { placeInCell } from "../analysis/cellPosition.ts";
import type { CellStatus, DataWindow, Output } from "../protocol/index.ts";
import type { CellUser, HostCommand, MetricPoint, OnlineSave, WorkerEvent, WorkerInit } from "./messages.ts";
import { CellLimits } from "./cellLimits.ts";
import { CellProcess, type OutputStream } from "./cellProcess.ts";
import { readsModel, type QueryWindow } from "./stdlib/sql.ts";
import { cellLocation } from "../store/cellLocation.ts";
import { PageRequests, type ShownPage } from "./pageRequests.ts";

export interface HostOptions {
  /** A cell running longer than this is stopped and reported as timed out. Default 30 s. */
  cellTimeoutMs?: number;
  /**
   * The worker process's memory limit, counted as its resident size (V8 heap, Buffers and
   * native memory alike); past it the cells that caused it fail and the process is replaced.
   * Default 1024 MB.
   */
  memoryLimitMb?: number;
  /** An HTML or SVG output larger than this is replaced by a note. Default 5 MB. */
  maxOutputBytes?: number;
  /** Run cells as this user (the server must run as root; see cellUser.ts). */
  cellUser?: CellUser;
  /** The database `sql` cells read: a SQLite path or a PostgreSQL URL (cells get the reader role's, store/cellLocation.ts). */
  dbPath?: string;
  /** Data changes closer together than this coalesce into one re-run. Default 1 s. */
  dataIntervalMs?: number;
  /** The workbook's identity (its path in the workbooks folder), whose metric series `metrics()` reads. */
  workbookId?: string;
  /** Read the data as it was at this moment (epoch ms): an as-of run (store/asOf.ts); change it with setAsOf. */
  asOf?: number;
  /** Where the cell process's console output goes, line by line, prefixed by the workbook; default the server's stdout and stderr. */
  output?: (line: string, stream: OutputStream) => void;
}

/** The latest known state of one cell. */
export interface CellState {
  id: string;
  index: number;
  status: CellStatus;
  ms?: number;
  outputs: Output[];
}

type Listener = (state: CellState) => void;
type Command = HostCommand extends infer C ? (C extends unknown ? Omit<C, "seq"> : never) : never;

export class RuntimeHost {
  readonly cellTimeoutMs: number;
  readonly memoryLimitMb: number;
  readonly dataIntervalMs: number;
  private readonly init: WorkerInit;
  private readonly output: NonNullable<HostOptions["output"]>;
  private worker: CellProcess | undefined;
  private cells: CompiledCell[] = [];
  private params: Record<string, unknown> = {};
  private readonly states = new Map<string, CellState>();
  private readonly limits: CellLimits;
  /** The words of the SQL each cell ran on its last settled run (the worker reports them). */
  private readonly reads = new Map<string, ReadonlySet<string>>();
  /** What each query of each cell's last settled run returned (the worker reports them). */
  private readonly windows = new Map<string, QueryWindow[]>();
  private readonly listeners = new Set<Listener>();
  private readonly metricListeners = new Set<(point: MetricPoint) => void>();
  private readonly onlineListeners = new Set<(save: OnlineSave) => void>();
  private idleWaiters: Array<() => void> = [];
  /** Downloads waiting for a page of rows from the worker. */
  private readonly pageRequests = new PageRequests();
  /** Models changed since the last data re-run, waiting for the interval or the current run to end. */
  private readonly changedModels = new Set<string>();
  private dataFlush: Promise<void> | NodeJS.Timeout | undefined;
  private lastDataRun = -Infinity;
  private seq = 0;
  private idle = true;
  private closed = false;

  constructor(options: HostOptions = {}) {
    this.cellTimeoutMs = options.cellTimeoutMs ?? 30_000;
    this.memoryLimitMb = options.memoryLimitMb ?? 1024;
    this.dataIntervalMs = options.dataIntervalMs ?? 1000;
    this.output = options.output ?? ((line, stream) => process[stream].write(`${line}\n`));
    this.limits = new CellLimits(this.cellTimeoutMs, (id, message) => this.replaceWorker([id], "timeout", message));
    this.init = {
      dbPath: options.dbPath && cellLocation(options.dbPath),
      statementTimeoutMs: this.cellTimeoutMs,
      workbookId: options.workbookId,
      maxOutputBytes: options.maxOutputBytes,
      user: options.cellUser,
      asOf: options.asOf,
    };
  }

  /** Runs these cells with these params; cells whose id is unchanged keep their values. */
  load(analysis: WorkbookAnalysis, params: Record<string, unknown> = this.params): void {
    this.cells = analysis.cells;
    this.params = params;
    const ids = new Set(this.cells.map((cell) => cell.id));
    for (const id of [...this.states.keys()]) if (!ids.has(id)) this.states.delete(id);
    this.limits.retain(ids);
    for (const id of [...this.reads.keys()]) if (!ids.has(id)) this.reads.delete(id);
    for (const cell of this.cells) {
      const state = this.states.get(cell.id);
      if (state) state.index = cell.index;
      else this.states.set(cell.id, { id: cell.id, index: cell.index, status: "pending", outputs: [] });
    }
    this.send({ type: "load", cells: this.limits.runnable(this.cells), params });
  }

  setParams(params: Record<string, unknown>): void {
    this.params = params;
    this.send({ type: "setParams", params });
  }

  /**
   * Reads the data as it was at `at` (epoch ms) from now on: re-runs the cells that read data or
   * time (`sql`, profiles, `metrics`, `since`, `now`); the others keep their values. Callers
   * `await whenIdle()` for the results. A replaced process starts at the same moment.
   */
  setAsOf(at: number): void {
    if (!Number.isSafeInteger(at)) throw new Error(`as of: ${String(at)} is not a time in epoch milliseconds`);
    this.init.asOf = at;
    if (this.worker) this.send({ type: "asOf", at });
  }

  /**
   * New data for these models: re-runs the cells that read them. Throttled on the leading
   * edge: the first change after a quiet interval re-runs at once; changes during a run or
   * within the interval coalesce into one follow-up run, so a stream of inserts is bounded work.
   */
  dataChanged(models: string[]): void {
    for (const model of models) this.changedModels.add(model);
    if (this.dataFlush || this.closed) return;
    const wait = this.lastDataRun + this.dataIntervalMs - Date.now();
    if (wait > 0) this.dataFlush = setTimeout(() => this.flushData(), wait);
    else this.flushData();
  }

  /** Runs the cell with this id again, and the cells that depend on it. */
  rerun(cell: string): void {
    if (this.worker && !this.closed) this.send({ type: "rerun", cell });
  }

  private flushData(): void {
    if (this.closed) return;
    if (!this.idle) {
      this.dataFlush = this.whenIdle().then(() => this.flushData());
      return;
    }
    this.dataFlush = undefined;
    this.lastDataRun = Date.now();
    const models = [...this.changedModels];
    this.changedModels.clear();
    if (models.length > 0 && this.worker) this.send({ type: "dataChanged", models });
  }

  /**
   * True when new data for `model` may re-run a cell here: one read it on its last run, or one
   * has not settled yet, so what it reads is not known (the worker decides once it has).
   */
  mayRead(model: string): boolean {
    return this.cells.some((cell) => {
      const reads = this.reads.get(cell.id);
      return reads === undefined || readsModel(reads, model);
    });
  }

  /** Resolves when no cell is pending or running. */
  whenIdle(): Promise<void> {
    if (this.idle) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** What the queries of each cell's last run read, in workbook order: a report's data windows. */
  dataWindows(): DataWindow[] {
    return this.cells.flatMap((cell) =>
      (this.windows.get(cell.id) ?? []).map((window) => ({ cellIndex: cell.index, ...window })),
    );
  }

  /**
   * Rows `offset` to `offset + limit` of the table cell `id` displayed as its `output`-th output,
   * read from the worker (the whole table, where the output holds its first rows). Pass the
   * `shown` of the first page with the next ones: if the cell displayed new values meanwhile, the
   * request fails rather than mixing two results. Fails too when the process is replaced or closed.
   */
  tableRows(id: string, output: number, offset: number, limit: number, shown?: number): Promise<ShownPage> {
    if (this.closed || !this.worker) return Promise.reject(new Error("the workbook's cell process is not running"));
    const { request, page } = this.pageRequests.add();
    this.worker.send({ type: "tableRows", seq: this.seq, request, cell: id, output, offset, limit, shown });
    return page;
  }

  /** Every cell's latest state, in workbook order. */
  snapshot(): CellState[] {
    return this.cells.map((cell) => this.states.get(cell.id)!);
  }

  /** Calls `listener` on every change of a cell's state; returns the unsubscribe function. */
  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Calls `listener` with every metric point a cell records; returns the unsubscribe function. */
  onMetric(listener: (point: MetricPoint) => void): () => void {
    this.metricListeners.add(listener);
    return () => this.metricListeners.delete(listener);
  }

  /** Calls `listener` with every online state a cell's `online()` advanced; returns the unsubscribe function. */
  onOnline(listener: (save: OnlineSave) => void): () => void {
    this.onlineListeners.add(listener);
    return () => this.onlineListeners.delete(listener);
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.dataFlush && !(this.dataFlush instanceof Promise)) clearTimeout(this.dataFlush);
    this.limits.stopTimers();
    const worker = this.worker;
    this.worker = undefined;
    this.setIdle();
    this.pageRequests.failAll("the workbook was closed");
    await worker?.stop();
  }

  /** The current worker process's id, if one is running. */
  get pid(): number | undefined {
    return this.worker?.pid;
  }

  private send(command: Command): void {
    if (this.closed) throw new Error("the runtime host is closed");
    this.idle = false;
    this.seq += 1;
    (this.worker ??= this.spawn()).send({ ...command, seq: this.seq });
  }

  private spawn(): CellProcess {
    const worker: CellProcess = new CellProcess(this.init, this.memoryLimitMb, {
      onEvent: (event) => {
        if (worker === this.worker) this.onEvent(event);
      },
      onOverLimit: (residentMb, since) => {
        if (worker !== this.worker) return;
        const culprits = this.limits.overMemory(since);
        const message = `The cell exceeded the memory limit of ${this.memoryLimitMb} MB (its process used ${residentMb} MB); the process was stopped and replaced`;
        this.replaceWorker(culprits, "rejected", message);
      },
      onExit: ({ outOfMemory, description }) => {
        if (worker !== this.worker || this.closed) return;
        const message = outOfMemory
          ? `The cell exceeded the memory limit of ${this.memoryLimitMb} MB (V8 heap); its process was replaced`
          : `The cell process stopped: ${description}`;
        this.replaceWorker(this.limits.running(), "rejected", message);
      },
      onOutput: this.output,
    });
    return worker;
  }

  private onEvent(event: WorkerEvent): void {
    switch (event.type) {
      case "idle":
        if (event.seq === this.seq) this.setIdle();
        return;
      case "metric": {
        const point: MetricPoint = { name: event.name, value: event.value, labels: event.labels, at: event.at };
        for (const listener of this.metricListeners) listener(point);
        return;
      }
      case "online": {
        const { type: _type, ...save } = event;
        for (const listener of this.onlineListeners) listener(save);
        return;
      }
      case "cell":
        return this.onCell(event);
      case "tableRows":
        return this.pageRequests.answer(event);
      default: {
        const unknown: never = event;
        throw new Error(`unknown worker event ${JSON.stringify(unknown)}`);
      }
    }
  }

  private onCell(event: Extract<WorkerEvent, { type: "cell" }>): void {
    this.limits.cellStatus(event.id, event.status);
    if (event.status === "fulfilled" || event.status === "rejected") {
      this.reads.set(event.id, new Set(event.reads));
      this.windows.set(event.id, event.windows ?? []);
    }
    const disabled = this.limits.disabledState(event.id);
    if (disabled && event.status === "rejected") {
      this.update(event.id, { status: disabled.status, ms: undefined, outputs: [disabled.output] });
    } else {
      this.update(event.id, { status: event.status, ms: event.ms, outputs: event.outputs ?? [] });
    }
  }

  private update(id: string, change: Pick<CellState, "status" | "ms" | "outputs">): void {
    const state = this.states.get(id);
    if (!state) return;
    state.status = change.status;
    state.ms = change.ms;
    if (change.status !== "pending" && change.status !== "running") state.outputs = change.outputs;
    for (const listener of this.listeners) listener(state);
  }

  /**
   * Kills the current worker process and starts a fresh one with the culprit cells disabled.
   * When no cell can be blamed (the process failed outside any cell), every cell fails instead
   * of restarting in a loop; the next command starts a new process.
   */
  private replaceWorker(culprits: string[], status: CellStatus, message: string): void {
    const old = this.worker;
    this.worker = undefined;
    this.limits.processReplaced();
    this.pageRequests.failAll("the cell process was replaced");
    void old?.kill();
    const blamed = culprits.length > 0 ? culprits : this.cells.map((cell) => cell.id);
    for (const id of blamed) {
      const cell = this.cells.find((candidate) => candidate.id === id);
      const output: Output = { kind: "error", message, ...(cell && placeInCell(cell.sourceStartLine, cell.bodyLine)) };
      this.limits.disable(id, status, output);
      this.update(id, { status, outputs: [output] });
    }
    if (culprits.length === 0 || this.closed) {
      this.setIdle();
      return;
    }
    this.send({ type: "load", cells: this.limits.runnable(this.cells), params: this.params });
  }

  private setIdle(): void {
    this.idle = true;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }
}
