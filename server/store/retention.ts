/**
 * The retention sweep: deletes each model's raw rows older than its `retention.rows` and its
 * profiles older than `retention.profiles` (retentionSettings.ts), then gives the freed pages
 * back to the file system. It runs on the server's writer thread (writerThread.ts), in small
 * transactions with a yield to the event loop between them, so an ingest batch that arrives
 * meanwhile waits for one step (a few ms), never for the whole sweep; another process's writer
 * waits at most the same. Rows go by their `ts`, in batches through the ts index. Profiles go
 * only when their whole span (a bucket, a UTC day, a month) is older than the period, so a
 * profile never loses part of what it summarised; reference profiles are not swept.
 */
import { setImmediate as yieldToEvents } from "node:timers/promises";
import { DAY_MS, monthStart } from "./buckets.ts";
import { quoteIdentifier } from "./columns.ts";
import { writeTransaction, type SqliteDb } from "./db.ts";
import { engineOf } from "./connection.ts";
import { tableColumns } from "./tableSchema.ts";
import { readSettings } from "./modelSettings.ts";
import { retentions } from "./retentionSettings.ts";
import type { PredictionStore } from "./store.ts";

/** How often the server sweeps. */
export const DEFAULT_RETENTION_INTERVAL_MS = 5 * 60_000;

export interface SweepOptions {
  /**
   * Rows deleted per transaction. 5,000 rows of the demo's 10 features took 5 ms to delete (of
   * 200k, by ts; 155 bytes a row with its indexes), short beside an ingest batch.
   */
  batchRows?: number;
  /** Pages given back per incremental_vacuum step: 256 × 64 KiB = 16 MiB, 9 ms in the same measurement. */
  vacuumPages?: number;
}

export interface SweepReport {
  /** Rows and profile rows deleted, per model that lost any. */
  deleted: { model: string; rows: number; profiles: number }[];
  /** Pages the file gave back. */
  freedPages: number;
}

export class RetentionSweep {
  private running: Promise<SweepReport> | undefined;
  private readonly batchRows: number;
  private readonly vacuumPages: number;

  constructor(
    private readonly store: PredictionStore,
    private readonly now: () => number = Date.now,
    options: SweepOptions = {},
  ) {
    this.batchRows = options.batchRows ?? 5000;
    this.vacuumPages = options.vacuumPages ?? 256;
  }

  /** Sweeps every model once; a sweep asked for while one runs joins it. */
  sweep(): Promise<SweepReport> {
    return (this.running ??= this.sweepAll().finally(() => (this.running = undefined)));
  }

  private async sweepAll(): Promise<SweepReport> {
    const deleted: SweepReport["deleted"] = [];
    for (const { model, rowsMs, profilesMs } of retentions(this.store.db)) {
      const rows = rowsMs === null ? 0 : await this.deleteRows(model, this.now() - rowsMs);
      const profiles = profilesMs === null ? 0 : await this.deleteProfiles(model, this.now() - profilesMs);
      if (rows + profiles === 0) continue;
      this.store.markChanged(model);
      deleted.push({ model, rows, profiles });
    }
    return { deleted, freedPages: deleted.length > 0 ? await this.vacuum() : 0 };
  }

  /** Predictions whose `ts` is before `before`, found through the ts index. */
  private async deleteRows(model: string, before: number): Promise<number> {
    const { db } = this.store;
    if (!tableColumns(db, model)) return 0; // settings given before the first batch
    const table = quoteIdentifier(model);
    const expired = db.prepare(`delete from ${table} where rowid in (select rowid from ${table} where ts < ? limit ?)`);
    let total = 0;
    for (;;) {
      const deleted = writeTransaction(db, () => expired.run(before, this.batchRows).changes);
      total += deleted;
      if (deleted < this.batchRows) return total;
      await yieldToEvents();
    }
  }

  /** Prediction profiles whose span ends at or before `before`. */
  private async deleteProfiles(model: string, before: number): Promise<number> {
    const { db } = this.store;
    const { bucketMs } = readSettings(db, model);
    const key = "model, source, grain, start, segment, segment_value, column_name";
    const expired = db.prepare(
      `delete from driftbook_profiles where (${key}) in (
         select ${key} from driftbook_profiles where model = :model and source = 'predictions' and (
           (grain = 'bucket' and start + :bucketMs <= :before) or (grain = 'day' and start + :dayMs <= :before)
           or (grain = 'month' and start < :monthBefore))
         limit :limit)`,
    );
    // A month ends by `before` exactly when it starts before the month holding `before`.
    const parameters = {
      model,
      before,
      bucketMs,
      dayMs: DAY_MS,
      monthBefore: monthStart(before),
      limit: this.batchRows,
    };
    let total = 0;
    for (;;) {
      const deleted = writeTransaction(db, () => expired.run(parameters).changes);
      total += deleted;
      if (deleted < this.batchRows) return total;
      await yieldToEvents();
    }
  }

  /** Gives the free pages back in steps (a no-op on a file made before auto_vacuum; README). */
  private async vacuum(): Promise<number> {
    if (engineOf(this.store.db) === "postgres") return 0; // PostgreSQL's autovacuum gives pages back itself
    const db = this.store.db as SqliteDb;
    const free = () => db.pragma("freelist_count", { simple: true }) as number;
    if (db.pragma("auto_vacuum", { simple: true }) !== 2) return 0; // 2: INCREMENTAL
    const before = free();
    let left = before;
    while (left > 0) {
      writeTransaction(db, () => db.pragma(`incremental_vacuum(${this.vacuumPages})`));
      const after = free();
      if (after >= left) break; // nothing more comes back (pages freed meanwhile wait for the next sweep)
      left = after;
      await yieldToEvents();
    }
    return before - left;
  }
}
