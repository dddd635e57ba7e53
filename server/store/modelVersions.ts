/**
 * Each model's version: a counter in driftbook_models that every committed change of the model's
 * data moves up by one, and the listeners told of it. A workbook re-runs when a model it reads
 * changes, whichever process wrote it: this process's own writes, its writer thread's (reported
 * by message), and other processes' (`driftbook log`, a second server), noticed by polling
 * SQLite's data_version, or on PostgreSQL by LISTEN/NOTIFY (postgres/notifications.ts).
 * Versions only go up, so a change heard twice is told once.
 */
import { engineOf, type Db } from "./connection.ts";
import { listenForModelChanges, notifyModelChange } from "./postgres/notifications.ts";
import type { PgDb } from "./postgres/pgDb.ts";

/** Told of each committed change: the model and its new version. */
export type ChangeListener = (model: string, version: number) => void;

export class ModelVersions {
  private readonly listeners = new Set<ChangeListener>();
  /** Each model's version as this process last saw it, to tell which models another process changed. */
  private readonly seen = new Map<string, number>();

  constructor(
    private readonly db: Db,
    private readonly now: () => number,
  ) {}

  /** Inside the write transaction of a change: moves `model`'s version up one (creating its row). */
  bump(model: string): void {
    const now = this.now();
    const version = this.db
      .prepare(
        `insert into driftbook_models (name, created_at, updated_at, version) values (?, ?, ?, 1)
         on conflict(name) do update set updated_at = excluded.updated_at, version = driftbook_models.version + 1
         returning driftbook_models.version`,
      )
      .pluck()
      .get(model, now, now) as number;
    this.seen.set(model, version);
    if (engineOf(this.db) === "postgres") notifyModelChange(this.db, model, version);
  }

  /** Once the change is committed: tells the listeners of `model`'s new version. */
  emit(model: string): void {
    const version = this.seen.get(model)!;
    for (const listener of this.listeners) listener(model, version);
  }

  /** Calls `listener` after each committed change; returns the unsubscribe function. */
  onChange(listener: ChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Notices batches that another process committed (`driftbook log`, a second server) by
   * polling SQLite's data_version, and tells the change listeners which models they touched.
   * `onCommit` is called after each commit it notices too, so other readers of other processes'
   * commits (the runs `driftbook run` records) share this one poll. Returns the function that
   * stops watching. PostgreSQL has no data_version: there the changes come by notification and
   * `onCommit` is called every interval.
   */
  watchOtherWriters(intervalMs = 1000, onCommit?: () => void): () => void {
    if (engineOf(this.db) === "postgres") return this.listenToOtherWriters(intervalMs, onCommit);
    const dataVersion = this.db.prepare("pragma data_version").pluck();
    const allVersions = this.db.prepare("select name, version from driftbook_models");
    let seen = dataVersion.get();
    for (const { name, version } of allVersions.all() as { name: string; version: number }[])
      this.seen.set(name, version);
    const timer = setInterval(() => {
      const current = dataVersion.get();
      if (current === seen) return;
      seen = current;
      for (const { name, version } of allVersions.all() as { name: string; version: number }[]) {
        this.noteChange(name, version);
      }
      onCommit?.();
    }, intervalMs);
    timer.unref();
    return () => clearInterval(timer);
  }

  private listenToOtherWriters(intervalMs: number, onCommit?: () => void): () => void {
    const allVersions = this.db.prepare("select name, version from driftbook_models");
    for (const { name, version } of allVersions.all() as { name: string; version: number }[])
      this.seen.set(name, version);
    const stopListening = listenForModelChanges({
      url: (this.db as PgDb).client.url,
      onChange: (model, version) => this.noteChange(model, version),
      onListening: () => {
        try {
          for (const { name, version } of allVersions.all() as { name: string; version: number }[])
            this.noteChange(name, version);
        } catch (error) {
          console.error(`reading the models' versions: ${(error as Error).message}`);
        }
      },
    });
    // A query that fails while PostgreSQL is away must not end the server: the next interval tries again.
    const timer =
      onCommit &&
      setInterval(() => {
        try {
          onCommit();
        } catch (error) {
          console.error(`reading other processes' runs: ${(error as Error).message}`);
        }
      }, intervalMs);
    timer?.unref();
    return () => {
      stopListening();
      clearInterval(timer);
    };
  }

  /**
   * Tells the change listeners that another connection (this process's writer thread, another
   * process) committed `version` of `model`, unless they already heard of it or of a later one:
   * the writer thread's message and the poll of watchOtherWriters may arrive in either order.
   */
  noteChange(model: string, version: number): void {
    if ((this.seen.get(model) ?? 0) >= version) return;
    this.seen.set(model, version);
    this.emit(model);
  }
}
