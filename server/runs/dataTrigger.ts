/**
 * Production runs on new data. A workbook whose front matter says `on: data` is run by the
 * server (trigger `data`) when a model its cells name gets new data, whether or not anyone has
 * it open, so `for: 2 runs` means two runs of the workbook on new data — never "two seconds with
 * a tab open, two hours without". At most one run starts per `every` (default 1 min):
 * the first batch after a quiet interval runs it at once, and batches that arrive during a run or
 * within the interval coalesce into one run when it ends — the leading-edge throttle that live
 * re-runs use (DESIGN.md, "Reactive semantics"), with Prometheus's reason for an evaluation
 * interval: a rule's state advances at a pace that does not depend on who is looking. It never
 * overlaps another run of the workbook (scheduled, run-now): it waits for that one to end.
 * Several servers on one database all hear of each batch; each data run is made by the one that
 * claims its interval (runClaims.ts: slots of `every` from the epoch), the others count it as
 * run. Across servers two runs are thus in different slots, not always `every` apart.
 */
import { parseDuration } from "../protocol/duration.ts";
import type { WorkbookDoc } from "../workbook/types.ts";
import { readsModel, wordsOf } from "../runtime/stdlib/sql.ts";
import type { RunClaims } from "./runClaims.ts";
import type { RunRecord, RunTrigger } from "./store.ts";

/** The default `every`: one data run a minute at most. */
export const DEFAULT_DATA_RUN_INTERVAL_MS = 60_000;

export interface DataTrigger {
  /** The least time between the starts of two data runs. */
  everyMs: number;
  /** The words of the workbook's cells: a model named among them wakes it (readsModel). */
  words: ReadonlySet<string>;
}

/** The workbook's data trigger, none (no `on`), or an error that names the field. */
export function dataTriggerOf(
  doc: WorkbookDoc,
  defaultEveryMs = DEFAULT_DATA_RUN_INTERVAL_MS,
): { trigger?: DataTrigger; error?: string } {
  const { on, every } = doc.frontMatter?.data ?? {};
  if (on === undefined || on === null) {
    return every === undefined ? {} : { error: "every: sets how often `on: data` runs the workbook; add `on: data`" };
  }
  if (on !== "data")
    return { error: `on: ${JSON.stringify(on)} is not a trigger; write \`on: data\` to run on new data` };
  let everyMs = defaultEveryMs;
  try {
    if (every !== undefined) everyMs = parseDuration(every as string | number);
  } catch (error) {
    return { error: `every: ${(error as Error).message}` };
  }
  const words = new Set(doc.blocks.flatMap((block) => (block.type === "cell" ? wordsOf(block.source) : [])));
  return { trigger: { everyMs, words } };
}

export interface DataRunsOptions {
  runner: {
    run(path: string, trigger: RunTrigger): Promise<RunRecord>;
    isRunning(path: string): boolean;
    /** Resolves once the workbook's run in progress, if any, has ended. */
    idle(path: string): Promise<void>;
  };
  /** Decides which server makes each data run. */
  claims: Pick<RunClaims, "claim">;
  now?: () => number;
  onError?: (message: string, error: unknown) => void;
}

interface Watched extends DataTrigger {
  /** The start of its latest data run. */
  lastStart: number;
  /** New data has come since that run started. */
  due: boolean;
  /** A run is waited for: the interval's end (a timer) or a run in progress. */
  waiting: boolean;
  timer?: ReturnType<typeof setTimeout>;
}

export class DataRuns {
  private readonly watched = new Map<string, Watched>();

  constructor(private readonly options: DataRunsOptions) {}

  /** Sets (or, with undefined, removes) the data trigger of the workbook at `path`. */
  set(path: string, trigger: DataTrigger | undefined): void {
    const current = this.watched.get(path);
    if (!trigger) {
      clearTimeout(current?.timer);
      this.watched.delete(path);
      return;
    }
    if (current) Object.assign(current, trigger);
    else this.watched.set(path, { ...trigger, lastStart: -Infinity, due: false, waiting: false });
  }

  /** New data for `model`: every watched workbook that names it runs, now or when its interval ends. */
  dataChanged(model: string): void {
    for (const [path, watched] of this.watched) {
      if (!readsModel(watched.words, model)) continue;
      watched.due = true;
      this.request(path, watched);
    }
  }

  stop(): void {
    for (const watched of this.watched.values()) clearTimeout(watched.timer);
    this.watched.clear();
  }

  private request(path: string, watched: Watched): void {
    if (watched.waiting || !watched.due) return;
    const wait = watched.lastStart + watched.everyMs - this.now();
    if (wait <= 0) return this.start(path, watched);
    watched.waiting = true;
    watched.timer = setTimeout(() => {
      watched.waiting = false;
      watched.timer = undefined;
      this.start(path, watched);
    }, wait);
  }

  private start(path: string, watched: Watched): void {
    if (this.watched.get(path) !== watched) return; // removed meanwhile
    const { runner } = this.options;
    watched.waiting = true;
    if (runner.isRunning(path)) {
      void runner.idle(path).then(() => this.resume(path, watched));
      return;
    }
    watched.due = false;
    watched.lastStart = this.now();
    if (!this.claimed(path, watched)) return this.resume(path, watched); // another server runs it
    runner
      .run(path, "data")
      .catch((error) => this.report(`the run of ${path} on new data`, error))
      .finally(() => this.resume(path, watched));
  }

  /** The run waited for has ended: new data that came meanwhile runs it again, within the interval. */
  private resume(path: string, watched: Watched): void {
    watched.waiting = false;
    this.request(path, watched);
  }

  /** Whether this server makes the data run of the interval starting now (another server may have claimed it). */
  private claimed(path: string, watched: Watched): boolean {
    // `every: 0` runs on every batch: each start is a slot of its own.
    const { lastStart, everyMs } = watched;
    const slotAt = everyMs > 0 ? Math.floor(lastStart / everyMs) * everyMs : lastStart;
    try {
      return this.options.claims.claim(path, "data", slotAt);
    } catch (error) {
      this.report(`claiming the run of ${path} on new data`, error);
      return false;
    }
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  private report(message: string, error: unknown): void {
    (this.options.onError ?? ((text, cause) => console.error(`${text}:`, cause)))(message, error);
  }
}
