/**
 * The runtime host's bookkeeping for its time and memory limits (host.ts kills and replaces the
 * process): a timer per running cell, when each cell last settled, which cells to blame when
 * the process goes past its memory limit (sampled in cellProcess.ts), and the cells a limit
 * disabled until their source changes.
 */
import type { CompiledCell } from "../analysis/types.ts";
import type { CellStatus, Output } from "../protocol/index.ts";

export class CellLimits {
  /** Cells stopped by a limit, by id, with the output that says why; cleared when the cell changes. */
  private readonly disabled = new Map<string, { status: CellStatus; output: Output }>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  /** When each cell last settled, to tell which cells a memory sample past the limit follows. */
  private readonly settledAt = new Map<string, number>();

  /** `onTimeout` is called with a cell that ran past `cellTimeoutMs` and the message that says so. */
  constructor(
    private readonly cellTimeoutMs: number,
    private readonly onTimeout: (id: string, message: string) => void,
  ) {}

  /** Forgets the cells not in `ids`: a cell whose source changed has a new id, and runs again. */
  retain(ids: ReadonlySet<string>): void {
    for (const id of [...this.disabled.keys()]) if (!ids.has(id)) this.disabled.delete(id);
    for (const id of [...this.settledAt.keys()]) if (!ids.has(id)) this.settledAt.delete(id);
  }

  /** A cell's new status: its time limit runs while it is running; fulfilled or rejected, it has settled. */
  cellStatus(id: string, status: CellStatus): void {
    if (status === "running") this.startTimer(id);
    else this.stopTimer(id);
    if (status === "fulfilled" || status === "rejected") this.settledAt.set(id, Date.now());
  }

  /** The cells running now. */
  running(): string[] {
    return [...this.timers.keys()];
  }

  /**
   * The cells to blame for a memory sample past the limit: the cells running now; if none,
   * those that settled since `since`, the last sample under the limit.
   */
  overMemory(since: number): string[] {
    const running = this.running();
    return running.length > 0 ? running : [...this.settledAt].filter(([, at]) => at >= since).map(([id]) => id);
  }

  /** Stops every cell's timer. */
  stopTimers(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }

  /** Stops every timer and forgets when cells settled: the process they ran in is gone. */
  processReplaced(): void {
    this.stopTimers();
    this.settledAt.clear();
  }

  /** Disables a cell until its source changes: it shows `output` with `status` instead of running. */
  disable(id: string, status: CellStatus, output: Output): void {
    this.disabled.set(id, { status, output });
  }

  /** What a disabled cell shows, or undefined when it is not disabled. */
  disabledState(id: string): { status: CellStatus; output: Output } | undefined {
    return this.disabled.get(id);
  }

  /** The cells as the worker should define them: a disabled cell rejects at once instead of running. */
  runnable(cells: CompiledCell[]): CompiledCell[] {
    return cells.map((cell) => {
      const disabled = this.disabled.get(cell.id);
      if (!disabled || disabled.output.kind !== "error") return cell;
      return {
        ...cell,
        problem: { cellIndex: cell.index, line: disabled.output.line ?? 0, message: disabled.output.message },
      };
    });
  }

  private startTimer(id: string): void {
    this.stopTimer(id);
    this.timers.set(
      id,
      setTimeout(() => {
        const seconds = this.cellTimeoutMs / 1000;
        this.onTimeout(
          id,
          `The cell ran longer than its time limit of ${seconds} s; its process was stopped and replaced`,
        );
      }, this.cellTimeoutMs),
    );
  }

  private stopTimer(id: string): void {
    clearTimeout(this.timers.get(id));
    this.timers.delete(id);
  }
}
