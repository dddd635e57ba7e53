/**
 * The write-ahead log's health for `/metrics`. In WAL mode every commit is appended to
 * `<db>-wal`, and a checkpoint copies those pages back into the database so the log can start
 * over. A reader that keeps a transaction open (a long cell query, a forgotten shell) stops
 * checkpoints at its snapshot, so the log grows without bound and every read gets slower
 * (https://www.sqlite.org/wal.html#avoiding_excessively_large_wal_files). SQLite does not say
 * when a checkpoint last completed, so `serve` runs a PASSIVE checkpoint (it never waits for
 * readers or blocks writers) every few seconds and records when one copied the whole log.
 */
import { statSync } from "node:fs";
import type { SqliteDb } from "./db.ts";

export const DEFAULT_CHECKPOINT_INTERVAL_MS = 10_000;

interface CheckpointResult {
  /** 1 when another connection held a lock the checkpoint needed. */
  busy: number;
  /** Frames in the log, and how many of them are now in the database. */
  log: number;
  checkpointed: number;
}

export class WalCheckpoints {
  /** When a checkpoint last copied the whole log; until one does, when tracking started. */
  private lastCompleteAt: number;
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly db: SqliteDb,
    private readonly path: string,
    private readonly now: () => number = Date.now,
  ) {
    this.lastCompleteAt = now();
  }

  /** Runs one passive checkpoint; true when it copied every frame of the log. */
  checkpoint(): boolean {
    const [result] = this.db.pragma("wal_checkpoint(PASSIVE)") as CheckpointResult[];
    const complete = result.busy === 0 && result.checkpointed === result.log;
    if (complete) this.lastCompleteAt = this.now();
    return complete;
  }

  /** Checkpoints now and every `intervalMs` until stop(). */
  start(intervalMs = DEFAULT_CHECKPOINT_INTERVAL_MS): void {
    this.stop();
    const tick = () => {
      try {
        this.checkpoint();
      } catch (error) {
        // A failing checkpoint shows as a growing age in /metrics and as 503 on /healthz.
        console.error(`checkpoint of ${this.path} failed: ${(error as Error).message}`);
      }
    };
    tick();
    this.timer = setInterval(tick, intervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** The log's size on disk in bytes; 0 when there is none. */
  walBytes(): number {
    return statSync(`${this.path}-wal`, { throwIfNoEntry: false })?.size ?? 0;
  }

  /** Seconds since a checkpoint last copied the whole log. */
  secondsSinceCheckpoint(): number {
    return (this.now() - this.lastCompleteAt) / 1000;
  }
}
